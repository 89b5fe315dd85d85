// SAP's retries and circuit breaker as an admin's setting (setting `resilience`), on both dialects: an admin saves
// fewer failures before the breaker opens and the running SAP policy (the real one, over the SAP simulator's
// Gateway behind the TCP fault proxy) opens after that many, with the saved cool-down, without a restart; a
// clerk's change is refused and changes nothing; the change is audited, and a new start or another instance's
// refresh reads it from the store.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import type { Actor } from '../../../electron/core/ports';
import { DEFAULT_RESILIENCE } from '../../../electron/core/settings';
import { createSapPolicy, createSapSystem, type SapSystem } from '../../../electron/connectors/sap';
import { ResilienceTuning } from '../../../electron/hosts/resilience-settings';
import { CircuitOpenError } from '../../../electron/resilience';
import { type SapSandbox, startSapSandbox } from '../../../electron/sandbox/sap';
import { type FaultProxy, type RequestHead, startFaultProxy } from '../../support/fault-proxy';
import { describeEachDialect } from '../../support/store';
import { coreWith } from '../core/core-fixture';
import { testSeed } from './fixture';

const ada: Actor = { name: 'ada', roles: ['admin'] };
const mia: Actor = { name: 'mia', roles: ['clerk', 'approver'] };
const openItems = (r: RequestHead) => r.method === 'GET' && r.path.includes('OpenItems');

let sandbox: SapSandbox;
let proxy: FaultProxy;
const systems: SapSystem[] = [];
beforeAll(async () => {
  sandbox = await startSapSandbox({ seed: testSeed(), users: { CLEARDESK: 's3cret' } });
  proxy = await startFaultProxy({ target: { port: Number(new URL(sandbox.url).port) } });
});
afterAll(async () => {
  for (const s of systems) await s.close();
  await proxy?.close();
  await sandbox?.close();
});

describeEachDialect('SAP breaker settings', (h) => {
  it('an admin’s lower failure threshold opens SAP’s breaker after that many failures, at once; a clerk is refused', async () => {
    proxy.clear();
    const store = await h.migrated();
    // As the host composes it (electron/hosts/app.ts): loaded at start, replaced when settings change.
    const tuning = await ResilienceTuning.load(store.repos);
    expect(tuning.settings).toEqual(DEFAULT_RESILIENCE);
    const core = await coreWith(
      store,
      { paytrace: [], sap: { customers: [], openItems: [] }, posted: [] },
      undefined,
      {},
      { onSettingsChanged: (settings) => tuning.use(settings.resilience) },
    );
    let now = Date.parse('2026-11-20T10:00:00Z');
    const policy = createSapPolicy({
      clock: { now: () => new Date(now) },
      random: () => 0,
      sleep: () => Promise.resolve(),
      tuning: tuning.sap,
    });
    const sap = await createSapSystem(
      {
        transport: 'odata',
        rfc: { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK' },
        url: proxy.url,
        client: '100',
        user: 'CLEARDESK',
        password: 's3cret',
        companyCodes: ['1000'],
      },
      { policy, callTimeoutSeconds: 10 },
    );
    systems.push(sap);
    const before = proxy.count('status');
    const failed = () => proxy.count('status') - before; // the 503s SAP's Gateway gave in this test
    const lower = {
      ...DEFAULT_RESILIENCE,
      sap: { readAttempts: 1, failuresToOpen: 2, coolDownSeconds: 10 },
    };

    // A clerk cannot change it: refused, nothing stored, the policy keeps the defaults.
    await expect(core.handle('settings.update', { resilience: lower }, mia)).rejects.toSatisfy(
      (e) => e instanceof ApiError && e.code === 'forbidden',
    );
    expect(tuning.settings).toEqual(DEFAULT_RESILIENCE);
    expect((await core.handle('settings.get', {}, mia)).resilience).toEqual(DEFAULT_RESILIENCE);
    // Out of bounds: a clear refusal, nothing kept.
    await expect(
      core.handle('settings.update', { resilience: { ...lower, sap: { ...lower.sap, failuresToOpen: 0 } } }, ada),
    ).rejects.toThrow(/failures in a row that stop calls to SAP as a whole number from 1 to 100/);
    expect(tuning.settings).toEqual(DEFAULT_RESILIENCE);

    // With the defaults, two 503s in a row are ridden out by the read's retries (4 attempts): closed.
    proxy.inject({ kind: 'status', status: 503 }, { times: 2, match: openItems });
    await expect(sap.getOpenItems('1000')).resolves.toHaveLength(3);
    expect(failed()).toBe(2);
    expect(policy.circuitState).toBe('closed');

    const saved = await core.handle('settings.update', { resilience: lower }, ada);
    expect(saved.resilience).toEqual(lower);
    expect(tuning.settings).toEqual(lower);

    // Now one attempt per read, and the breaker opens after the second failure in a row.
    proxy.inject({ kind: 'status', status: 503 }, { times: 5, match: openItems });
    await expect(sap.getOpenItems('1000')).rejects.toThrow(/HTTP 503/);
    expect(failed()).toBe(3); // one attempt, not tried again
    expect(policy.circuitState).toBe('closed');
    await expect(sap.getOpenItems('1000')).rejects.toThrow(/HTTP 503/);
    expect(failed()).toBe(4);
    expect(policy.circuitState).toBe('open');
    expect(policy.circuitTrialAt).toBe(now + 10_000); // the saved cool-down
    const sent = proxy.requests;
    await expect(sap.getOpenItems('1000')).rejects.toBeInstanceOf(CircuitOpenError);
    expect(proxy.requests).toBe(sent); // refused without a request reaching SAP
    now += 10_000;
    expect(policy.circuitState).toBe('half-open');
    proxy.clear();
    await expect(sap.getOpenItems('1000')).resolves.toHaveLength(3);
    expect(policy.circuitState).toBe('closed');

    // Audited, and listed by the audit browser; a new start reads it from the store.
    const page = await core.handle('audit.list', { action: 'settings.changed' }, mia);
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({
      actor: 'ada',
      subject: 'settings:resilience',
      detail: { before: DEFAULT_RESILIENCE, after: lower },
    });
    expect((await ResilienceTuning.load(store.repos)).settings).toEqual(lower);
    // Another instance sharing the store, running since before the change, reads it at its next refresh.
    const other = new ResilienceTuning();
    await other.refresh(store.repos);
    expect(other.settings).toEqual(lower);
    expect(other.sap()).toEqual({ maxAttempts: 1, failureThreshold: 2, openMs: 10_000 });
  });
});
