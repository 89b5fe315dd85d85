// North's retries and circuit breaker as an admin's setting (setting `resilience`, "North (disputes)"), on both
// dialects: the North client the host composes (app.ts `northDisputeSource`, over the North simulator behind the
// TCP fault proxy) rides out a burst of 503s and 429s with the setting's attempts per read; after an admin saves
// fewer attempts and failures, the same client (no restart) gives up after that many attempts, opens its breaker
// after that many failures with the saved cool-down and refuses the next read without a request; out-of-bounds
// numbers are refused in words and the change is audited.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../../electron/core/ports';
import { DEFAULT_RESILIENCE } from '../../../electron/core/settings';
import type { NorthClient } from '../../../electron/connectors/north';
import { northDisputeSource } from '../../../electron/hosts/app';
import { ResilienceTuning } from '../../../electron/hosts/resilience-settings';
import { CircuitOpenError } from '../../../electron/resilience';
import { NORTH_SANDBOX_CLIENT, NORTH_SANDBOX_MERCHANT } from '../../../electron/sandbox/north';
import type { FaultProxy } from '../../support/fault-proxy';
import { describeEachDialect } from '../../support/store';
import { coreWith } from '../core/core-fixture';
import { chargebacks, northBehindProxy, type NorthBehindProxy } from './north-fixture';

const ada: Actor = { name: 'ada', roles: ['admin'] };
let proxy: FaultProxy;
let world: NorthBehindProxy;
beforeAll(async () => {
  world = await northBehindProxy(7000, 3);
  ({ proxy } = world);
});
afterAll(async () => {
  await world?.close();
});

describeEachDialect('North breaker settings', (h) => {
  it('North’s reads follow the admin’s attempts, failures and cool-down, changed without a restart', async () => {
    proxy.clear();
    const store = await h.migrated();
    // As the host composes it (electron/hosts/app.ts): loaded at start, replaced when settings change.
    const tuning = await ResilienceTuning.load(store.repos);
    expect(tuning.settings.north).toEqual({ readAttempts: 5, failuresToOpen: 5, coolDownSeconds: 30 });
    const core = await coreWith(
      store,
      { paytrace: [], sap: { customers: [], openItems: [] }, posted: [] },
      undefined,
      {},
      { onSettingsChanged: (settings) => tuning.use(settings.resilience) },
    );
    const source = northDisputeSource({
      vault: () => {
        throw new Error('the simulator needs no vault');
      },
      profile: 'default',
      sandbox: {
        baseUrl: proxy.url,
        merchantId: NORTH_SANDBOX_MERCHANT,
        clientId: NORTH_SANDBOX_CLIENT.clientId,
        clientSecret: NORTH_SANDBOX_CLIENT.clientSecret,
        currency: 'USD',
      },
      currency: 'USD',
      tuning: tuning.north,
    });
    const intake = (await source(null))!;
    const client = (intake as unknown as { client: NorthClient }).client;
    const before = proxy.count('status');
    const statuses = () => proxy.count('status') - before; // the 503s and 429s North "gave" in this test
    const read = () => intake.read({ since: null });

    // With the defaults (5 attempts per read): two 503s and two 429s in a row on one page are ridden out.
    proxy.inject({ kind: 'status', status: 503 }, { times: 2, match: chargebacks });
    proxy.inject({ kind: 'status', status: 429, retryAfterSeconds: 0 }, { times: 2, match: chargebacks });
    const first = await read();
    expect(first.cases.length).toBeGreaterThan(0);
    expect(statuses()).toBe(4);
    expect(client.circuitState).toBe('closed');

    // Out of bounds: refused in words, nothing kept.
    const lower = { ...DEFAULT_RESILIENCE, north: { readAttempts: 2, failuresToOpen: 3, coolDownSeconds: 20 } };
    await expect(
      core.handle('settings.update', { resilience: { ...lower, north: { ...lower.north, readAttempts: 0 } } }, ada),
    ).rejects.toThrow(/North's attempts per read as a whole number from 1 to 10/);
    expect(tuning.settings.north).toEqual(DEFAULT_RESILIENCE.north);

    const saved = await core.handle('settings.update', { resilience: lower }, ada);
    expect(saved.resilience.north).toEqual(lower.north);

    // The same client, no restart: two attempts per read, so two 503s fail the read…
    proxy.inject({ kind: 'status', status: 503 }, { times: 10, match: chargebacks });
    await expect(read()).rejects.toThrow(/North chargebacks .*HTTP 503/);
    expect(statuses()).toBe(6);
    expect(client.circuitState).toBe('closed');
    // …and the third failure in a row opens the breaker, for the saved cool-down.
    const opened = Date.now();
    await expect(read()).rejects.toThrow(/HTTP 503|not calling|circuit/i);
    expect(statuses()).toBe(7);
    expect(client.circuitState).toBe('open');
    const trialAt = client.policy.circuitTrialAt!;
    expect(trialAt - opened).toBeGreaterThan(19_000);
    expect(trialAt - opened).toBeLessThanOrEqual(21_000);
    const seen = proxy.requests;
    await expect(read()).rejects.toBeInstanceOf(CircuitOpenError);
    expect(proxy.requests).toBe(seen); // refused without a request reaching North

    // Audited with before and after.
    const page = await core.handle('audit.list', { action: 'settings.changed' }, ada);
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({
      subject: 'settings:resilience',
      detail: { before: DEFAULT_RESILIENCE, after: lower },
    });
  });
});
