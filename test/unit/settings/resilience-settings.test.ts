// SAP's and PayTrace's retries and circuit breakers as an admin's setting: the schema takes each number within its
// bounds and refuses the rest in a finance admin's words; the default is what the policies shipped with; the
// policy reads the numbers at each call, so a change applies to the next call without a restart, and a posting
// (one attempt asked by the caller) is never tried again whatever the setting says.
import { describe, expect, it } from 'vitest';
import { ResilienceSettingsSchema, SettingsSchema } from '../../../shared/api';
import { DEFAULT_RESILIENCE } from '../../../electron/core/settings';
import { ResilienceTuning } from '../../../electron/hosts/resilience-settings';
import { CircuitOpenError, createPolicy, type FailureClass } from '../../../electron/resilience';

const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

const valid = {
  sap: { readAttempts: 4, failuresToOpen: 5, coolDownSeconds: 30 },
  paytrace: { readAttempts: 5, failuresToOpen: 5, coolDownSeconds: 30 },
  north: { readAttempts: 5, failuresToOpen: 5, coolDownSeconds: 30 },
  breakerWaitSeconds: 60,
};

describe('the resilience setting', () => {
  it('defaults to the numbers the policies shipped with, and is a key of the settings', () => {
    expect(ResilienceSettingsSchema.parse(DEFAULT_RESILIENCE)).toEqual(valid);
    expect(SettingsSchema.shape.resilience).toBe(ResilienceSettingsSchema);
  });

  it('takes every number at its bounds', () => {
    const low = {
      sap: { readAttempts: 1, failuresToOpen: 1, coolDownSeconds: 5 },
      paytrace: { readAttempts: 1, failuresToOpen: 1, coolDownSeconds: 5 },
      north: { readAttempts: 1, failuresToOpen: 1, coolDownSeconds: 5 },
      breakerWaitSeconds: 0,
    };
    const high = {
      sap: { readAttempts: 10, failuresToOpen: 100, coolDownSeconds: 3600 },
      paytrace: { readAttempts: 10, failuresToOpen: 100, coolDownSeconds: 3600 },
      north: { readAttempts: 10, failuresToOpen: 100, coolDownSeconds: 3600 },
      breakerWaitSeconds: 600,
    };
    expect(ResilienceSettingsSchema.parse(low)).toEqual(low);
    expect(ResilienceSettingsSchema.parse(high)).toEqual(high);
  });

  it('refuses a number outside its bounds, a fraction or text, saying which and what is allowed', () => {
    const below = ResilienceSettingsSchema.safeParse({
      sap: { readAttempts: 0, failuresToOpen: 0, coolDownSeconds: 4 },
      paytrace: { readAttempts: 11, failuresToOpen: 101, coolDownSeconds: 3601 },
      north: { readAttempts: 11, failuresToOpen: 0, coolDownSeconds: 4 },
      breakerWaitSeconds: -1,
    });
    expect(messages(below)).toEqual({
      'sap.readAttempts': "Give SAP's attempts per read as a whole number from 1 to 10",
      'sap.failuresToOpen': 'Give the failures in a row that stop calls to SAP as a whole number from 1 to 100',
      'sap.coolDownSeconds': "Give SAP's cool-down in seconds as a whole number from 5 to 3,600",
      'paytrace.readAttempts': "Give PayTrace's attempts per read as a whole number from 1 to 10",
      'paytrace.failuresToOpen':
        'Give the failures in a row that stop calls to PayTrace as a whole number from 1 to 100',
      'paytrace.coolDownSeconds': "Give PayTrace's cool-down in seconds as a whole number from 5 to 3,600",
      'north.readAttempts': "Give North's attempts per read as a whole number from 1 to 10",
      'north.failuresToOpen': 'Give the failures in a row that stop calls to North as a whole number from 1 to 100',
      'north.coolDownSeconds': "Give North's cool-down in seconds as a whole number from 5 to 3,600",
      breakerWaitSeconds: 'Give the wait for SAP in seconds as a whole number from 0 to 600',
    });
    const odd = ResilienceSettingsSchema.safeParse({
      ...valid,
      sap: { ...valid.sap, readAttempts: 2.5, coolDownSeconds: '30' },
    });
    expect(messages(odd)).toEqual({
      'sap.readAttempts': "Give SAP's attempts per read as a whole number from 1 to 10",
      'sap.coolDownSeconds': "Give SAP's cool-down in seconds as a whole number from 5 to 3,600",
    });
    expect(messages(ResilienceSettingsSchema.safeParse({ ...valid, paytrace: undefined }))).toHaveProperty('paytrace');
  });

  it('reads a setting saved before it had North with North at its default, keeping the rest', () => {
    const older = { sap: { readAttempts: 2, failuresToOpen: 3, coolDownSeconds: 40 }, paytrace: valid.paytrace };
    expect(ResilienceSettingsSchema.parse({ ...older, breakerWaitSeconds: 10 })).toEqual({
      ...older,
      north: DEFAULT_RESILIENCE.north,
      breakerWaitSeconds: 10,
    });
  });
});

describe('a policy tuned by the setting', () => {
  const down = new Error('down');
  const classify = (): FailureClass => ({ retryable: true, ambiguous: false, tripsBreaker: true });
  const setup = () => {
    let now = 1_000_000;
    const tuning = new ResilienceTuning();
    const policy = createPolicy({
      name: 'SAP',
      classify,
      maxAttempts: 9, // the code's own default, which the setting replaces
      breaker: { failureThreshold: 50, openMs: 999_000 },
      tuning: tuning.sap,
      clock: { now: () => new Date(now) },
      sleep: async () => {},
    });
    return { tuning, policy, advance: (ms: number) => (now += ms) };
  };

  it('applies a change to the next call: attempts per read, failures to open, cool-down', async () => {
    const { tuning, policy, advance } = setup();
    let tries = 0;
    const failing = () => {
      tries += 1;
      return Promise.reject(down);
    };
    await expect(policy.execute(failing, { idempotent: true })).rejects.toBe(down);
    expect(tries).toBe(4); // the default: 4 attempts per SAP read, below the 5 failures that open the breaker
    expect(policy.circuitState).toBe('closed');

    tuning.use({ ...DEFAULT_RESILIENCE, sap: { readAttempts: 2, failuresToOpen: 6, coolDownSeconds: 10 } });
    tries = 0;
    await expect(policy.execute(failing, { idempotent: true })).rejects.toBe(down);
    expect(tries).toBe(2);
    expect(policy.circuitState).toBe('open'); // 4 + 2 failures in a row
    expect(policy.circuitTrialAt).not.toBeNull();
    await expect(policy.execute(failing, { idempotent: true })).rejects.toBeInstanceOf(CircuitOpenError);
    advance(9_999);
    expect(policy.circuitState).toBe('open');
    tuning.use({ ...DEFAULT_RESILIENCE, sap: { readAttempts: 2, failuresToOpen: 6, coolDownSeconds: 5 } });
    expect(policy.circuitState).toBe('half-open'); // the shorter cool-down has passed
  });

  it('never tries a posting again, whatever the attempts per read', async () => {
    const { tuning, policy } = setup();
    tuning.use({ ...DEFAULT_RESILIENCE, sap: { readAttempts: 10, failuresToOpen: 100, coolDownSeconds: 30 } });
    let tries = 0;
    const posting = () => {
      tries += 1;
      return Promise.reject(down);
    };
    await expect(policy.execute(posting, { idempotent: false, maxAttempts: 1 })).rejects.toBe(down);
    expect(tries).toBe(1);
  });

  it('sends a posting again only for a failure known not to have reached the system, up to the attempts', async () => {
    const { tuning, policy } = setup();
    tuning.use({ ...DEFAULT_RESILIENCE, sap: { readAttempts: 3, failuresToOpen: 100, coolDownSeconds: 30 } });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { notSent: true });
    const reset = new Error('socket hang up');
    const notSent = (e: unknown) => e === refused;
    let tries = 0;
    const failing = (error: Error) => () => {
      tries += 1;
      return Promise.reject(error);
    };
    await expect(policy.execute(failing(refused), { idempotent: false, retryOnly: notSent })).rejects.toBe(refused);
    expect(tries).toBe(3); // the attempts per read, since nothing was sent
    tries = 0;
    await expect(policy.execute(failing(reset), { idempotent: false, retryOnly: notSent })).rejects.toBe(reset);
    expect(tries).toBe(1); // may have arrived: once, its error unchanged
  });

  it('gives North its own numbers, apart from SAP and PayTrace', () => {
    const tuning = new ResilienceTuning();
    expect(tuning.north()).toEqual({ maxAttempts: 5, failureThreshold: 5, openMs: 30_000 });
    tuning.use({ ...DEFAULT_RESILIENCE, north: { readAttempts: 2, failuresToOpen: 3, coolDownSeconds: 7 } });
    expect(tuning.north()).toEqual({ maxAttempts: 2, failureThreshold: 3, openMs: 7_000 });
    expect(tuning.sap()).toEqual({ maxAttempts: 4, failureThreshold: 5, openMs: 30_000 });
  });

  it('gives the sync its wait for SAP in milliseconds', () => {
    const tuning = new ResilienceTuning();
    expect(tuning.breakerWaitMs()).toBe(60_000);
    tuning.use({ ...DEFAULT_RESILIENCE, breakerWaitSeconds: 0 });
    expect(tuning.breakerWaitMs()).toBe(0);
  });
});
