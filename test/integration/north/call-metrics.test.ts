// North's calls in the call metrics (docs/ARCHITECTURE.md, "Monitoring"), on both dialects: the North client the
// host composes (app.ts `northDisputeSource`, its policy told of every attempt through the recorder the host gives
// it, over the North simulator behind the TCP fault proxy) reads through 503s it rides out, then, after the admin
// lowers North's attempts and failures, fails, opens its breaker and refuses a read; `monitoring.series` has
// North's attempts by outcome, its latency and its breaker's opening, and the host's list of breakers
// (`monitoredBreakers`) charts North's only once North is configured (no simulator here). The configured
// connection then gets a new client, whose closed breaker is recorded as the move back to closed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../../electron/core/ports';
import { DEFAULT_RESILIENCE } from '../../../electron/core/settings';
import { monitoredBreakers, northDisputeSource } from '../../../electron/hosts/app';
import { ResilienceTuning } from '../../../electron/hosts/resilience-settings';
import { northConnection } from '../../../electron/core/disputes/north-import';
import { CircuitOpenError } from '../../../electron/resilience';
import { EnvVault } from '../../../electron/secrets';
import { NORTH_SANDBOX_CLIENT, NORTH_SANDBOX_MERCHANT } from '../../../electron/sandbox/north';
import { CallMetricsBuffer } from '../../../shared/monitoring/call-metrics';
import { systemClock } from '../../../shared/ports';
import type { FaultProxy } from '../../support/fault-proxy';
import { describeEachDialect } from '../../support/store';
import { coreWith } from '../core/core-fixture';
import { chargebacks, northBehindProxy, type NorthBehindProxy } from './north-fixture';

const ada: Actor = { name: 'ada', roles: ['admin'] };
let proxy: FaultProxy;
let world: NorthBehindProxy;
beforeAll(async () => {
  world = await northBehindProxy(7100, 5);
  ({ proxy } = world);
});
afterAll(async () => {
  await world?.close();
});

describeEachDialect('North call metrics', (h) => {
  it('records North’s attempts, latency and breaker opening in monitoring.series', async () => {
    proxy.clear();
    const store = await h.migrated();
    const tuning = await ResilienceTuning.load(store.repos);
    // As the host composes them (electron/hosts/app.ts): one buffer, North's recorder, the breakers' list.
    const buffer = new CallMetricsBuffer(systemClock);
    const core = await coreWith(
      store,
      { paytrace: [], sap: { customers: [], openItems: [] }, posted: [] },
      undefined,
      {},
      {
        clock: systemClock,
        callMetrics: buffer,
        breakers: monitoredBreakers(store.repos, false),
        onSettingsChanged: (settings) => tuning.use(settings.resilience),
      },
    );
    const source = northDisputeSource({
      vault: () =>
        new EnvVault({
          CLEARDESK_NORTH_CLIENT_ID: NORTH_SANDBOX_CLIENT.clientId,
          CLEARDESK_NORTH_CLIENT_SECRET: NORTH_SANDBOX_CLIENT.clientSecret,
        }),
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
      recorder: buffer.recorder('north'),
    });
    const series = () => core.handle('monitoring.series', { window: '24h' }, ada);
    const northCalls = async () => {
      const rows = (await series()).calls.filter((c) => c.system === 'north');
      const sum = (k: 'ok' | 'error' | 'retry' | 'rejected') => rows.reduce((n, c) => n + c[k], 0);
      return { ok: sum('ok'), error: sum('error'), retry: sum('retry'), rejected: sum('rejected'), rows };
    };

    // North neither simulated nor configured: no breaker of North's is charted.
    const before = await series();
    expect(new Set(before.breaker.map((b) => b.system))).toEqual(new Set(['paytrace', 'sap']));
    // Configured (Settings, Chargebacks): its breaker is charted, closed all along.
    await core.handle(
      'settings.update',
      {
        disputes: {
          northMerchantId: NORTH_SANDBOX_MERCHANT,
          northBaseUrl: proxy.url,
          northAuthUrl: null,
          deadlineDays: 3,
        },
      },
      ada,
    );
    const configured = await series();
    const northRows = configured.breaker.filter((b) => b.system === 'north');
    expect(northRows).toHaveLength(24);
    expect(northRows.every((b) => b.state === 'closed' && b.opened === 0)).toBe(true);

    const intake = (await source(null))!;
    const read = () => intake.read({ since: null });

    // Two 503s ridden out: two retried attempts, the rest answered, with a latency.
    proxy.inject({ kind: 'status', status: 503 }, { times: 2, match: chargebacks });
    const pagesBefore = proxy.requests;
    expect((await read()).cases.length).toBeGreaterThan(0);
    const pages = proxy.requests - pagesBefore; // requests that reached North, the token's included
    const first = await northCalls();
    expect(first.retry).toBe(2);
    expect(first.error).toBe(0);
    expect(first.ok).toBeGreaterThanOrEqual(3); // one page per state at least
    expect(first.ok + first.retry).toBeLessThanOrEqual(pages);
    const row = first.rows.find((c) => c.ok > 0)!;
    expect(row.p50Ms).not.toBeNull();
    expect(row.p95Ms!).toBeGreaterThanOrEqual(row.p50Ms!);

    // One attempt per read and two failures to open: two failed reads open the breaker; the next is refused.
    const lower = { ...DEFAULT_RESILIENCE, north: { readAttempts: 1, failuresToOpen: 2, coolDownSeconds: 20 } };
    await core.handle('settings.update', { resilience: lower }, ada);
    proxy.inject({ kind: 'status', status: 503 }, { times: 10, match: chargebacks });
    await expect(read()).rejects.toThrow(/HTTP 503/);
    await expect(read()).rejects.toThrow(/HTTP 503/);
    await expect(read()).rejects.toBeInstanceOf(CircuitOpenError);

    const after = await northCalls();
    expect(after.error - first.error).toBe(2);
    expect(after.retry - first.retry).toBe(0);
    expect(after.rejected).toBe(1);
    const s = await series();
    expect(s.transitions.filter((t) => t.system === 'north')).toEqual([
      expect.objectContaining({ system: 'north', from: 'closed', to: 'open' }),
    ]);
    const opened = s.breaker.filter((b) => b.system === 'north' && b.opened > 0);
    expect(opened).toEqual([expect.objectContaining({ state: 'open', opened: 1 })]);

    // In the store on this dialect (what the screen reads after a restart).
    const stored = await store.repos.metrics.series({
      from: s.intervals[0]!,
      to: new Date(Date.now() + 3_600_000).toISOString(),
      unit: 'hour',
    });
    expect(stored.transitions).toEqual([expect.objectContaining({ system: 'north', from: 'closed', to: 'open' })]);
    expect(stored.calls.filter((c) => c.system === 'north').reduce((n, c) => n + c.counts.rejected, 0)).toBe(1);

    // The configured connection (its id and secret from the environment's vault) gets a new client: the breaker
    // North is read through is closed again, recorded as such, and its reads are measured like the first's.
    proxy.clear();
    const connection = (await northConnection(store.repos))!;
    const okBefore = after.ok;
    const fresh = (await source(connection))!;
    expect(fresh).not.toBe(intake);
    expect((await fresh.read({ since: null })).cases.length).toBeGreaterThan(0);
    const last = await series();
    expect(last.transitions.filter((t) => t.system === 'north').map((t) => [t.from, t.to])).toEqual([
      ['closed', 'open'],
      ['open', 'closed'],
    ]);
    expect((await northCalls()).ok).toBeGreaterThan(okBefore);
  });
});
