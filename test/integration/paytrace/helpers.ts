// Shared set-up for the PayTrace integration tests: a simulator on loopback and a client on it.
import { PayTraceClient, type PayTraceConfig } from '../../../electron/connectors/paytrace';
import {
  DEMO_USER,
  ManualClock,
  type RunningSandbox,
  type SandboxOptions,
  startPayTraceSandbox,
} from '../../../electron/sandbox/paytrace';
import type { PolicyOptions } from '../../../electron/resilience';

export interface Harness {
  sandbox: RunningSandbox;
  clock: ManualClock;
  client: PayTraceClient;
}

/** Fast retries for tests: the waits are real, so keep them short. */
export const FAST_RETRIES: Partial<PolicyOptions> = {
  baseDelayMs: 5,
  maxDelayMs: 40,
  maxRetryAfterMs: 1_200,
  maxAttempts: 8,
  breaker: { failureThreshold: 20, openMs: 200 },
};

export async function harness(
  opts: {
    sandbox?: SandboxOptions;
    client?: Partial<PayTraceConfig>;
    policy?: Partial<PolicyOptions>;
    start?: string;
  } = {},
): Promise<Harness> {
  const clock = new ManualClock(Date.parse(opts.start ?? '2025-03-10T14:00:00Z'));
  const sandbox = await startPayTraceSandbox({ seed: 11, clock, ...opts.sandbox });
  return { sandbox, clock, client: clientFor(sandbox, clock, opts.client, opts.policy) };
}

export function clientFor(
  sandbox: RunningSandbox,
  clock: ManualClock,
  config: Partial<PayTraceConfig> = {},
  policy: Partial<PolicyOptions> = {},
): PayTraceClient {
  return new PayTraceClient(
    {
      baseUrl: sandbox.url,
      username: DEMO_USER.username,
      password: DEMO_USER.password,
      integratorId: 'CLEARDESKTEST',
      timeoutMs: 5_000,
      ...config,
    },
    { now: () => clock.now(), policyOptions: { ...FAST_RETRIES, ...policy } },
  );
}

/** Card-length digit runs anywhere in a value (none may leave the connector). */
export function cardNumbersIn(value: unknown): string[] {
  return JSON.stringify(value).match(/\d{12,19}/g) ?? [];
}
