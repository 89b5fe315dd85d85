// Call metrics as the hosts compose them (docs/ARCHITECTURE.md, "Monitoring"): the app with the sandbox's
// PayTrace simulator over real HTTP and its SAP simulator over the RFC interface. A sync's calls become
// latency rows for both systems, with the queue sampled after it; then the simulator answers every request
// with a 503, the resilience policy's retries run out, its breaker opens, and the store has the transition
// and the failed and retried attempts. Then SAP's RFC connections drop: SAP's policy retries the reads, its
// breaker opens, and the series has SAP's transition, retries and refused calls. North's simulator runs too: its
// breaker is charted and a disputes.import run's calls are in the series.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp } from '../../../electron/hosts/app';
import { createLogger } from '../../../electron/hosts/log';

describe('call metrics of real calls', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-metrics-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records PayTrace, SAP and North latency and a forced breaker opening', { timeout: 120_000 }, async () => {
    const env = { CLEARDESK_VAULT: 'env', CLEARDESK_AUDIT_KEY: 'metrics-test-audit-key-0123456789abcdef0123' };
    const app = await openApp({ dataDir: dir, sandbox: true, env, log: createLogger(undefined, true) });
    try {
      await app.core.sync();
      const first = await app.core.monitoring.series('24h');
      const sum = (system: string, key: 'ok' | 'error' | 'retry' | 'rejected') =>
        first.calls.filter((c) => c.system === system).reduce((n, c) => n + c[key], 0);
      expect(sum('paytrace', 'ok')).toBeGreaterThan(0);
      expect(sum('sap', 'ok')).toBeGreaterThan(0);
      expect(sum('paytrace', 'error') + sum('paytrace', 'retry')).toBe(0);
      const pt = first.calls.find((c) => c.system === 'paytrace')!;
      expect(pt.p50Ms).not.toBeNull();
      expect(pt.p95Ms!).toBeGreaterThanOrEqual(pt.p50Ms!);
      // Sampled after the sync: the payments it brought in, by queue state, and the open dead letters.
      expect(first.samples.some((s) => s.metric.startsWith('queue.') && s.value > 0)).toBe(true);
      expect(first.samples.some((s) => s.metric === 'deadLetters.open')).toBe(true);
      expect(first.transitions).toEqual([]);

      // Every PayTrace request now fails with a 503: five attempts, and the breaker opens.
      const url = app.sandbox!.paytrace!.server.url;
      const set = await fetch(`${url}/_sandbox/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ errorRates: { '503': 1 } }),
      });
      expect(set.status).toBe(200);
      await expect(app.core.sync()).rejects.toThrow();
      const after = await app.core.monitoring.series('24h');
      expect(after.transitions).toContainEqual(
        expect.objectContaining({ system: 'paytrace', from: 'closed', to: 'open' }),
      );
      const opened = after.breaker.find((b) => b.system === 'paytrace' && b.opened > 0);
      expect(opened?.state).toBe('open');
      const failed = after.calls.filter((c) => c.system === 'paytrace').reduce((n, c) => n + c.error + c.retry, 0);
      expect(failed).toBeGreaterThanOrEqual(5);
      // The rows are in the store: what the screen reads after a restart.
      const stored = await app.store.repos.metrics.series({
        from: after.intervals[0]!,
        to: new Date(Date.now() + 3_600_000).toISOString(),
        unit: 'hour',
      });
      expect(stored.transitions.map((t) => t.to)).toContain('open');

      // SAP's policy (one per SAP system): every RFC connection now drops before the call runs. The
      // mirror's reads are tried again, then fail.
      app.sandbox!.sap!.rfc.faults.hooks = { beforeCall: () => 'drop' };
      // A run's read makes four attempts; the second run's read fails the fifth, and the breaker opens.
      for (let i = 0; i < 2; i++) {
        const mirror = await app.core.jobs.runNow('sap.mirror', 'ada.admin');
        expect(mirror.status).toBe('failed');
      }
      app.sandbox!.sap!.rfc.faults.clear();
      const sapSeries = await app.core.monitoring.series('24h');
      expect(sapSeries.transitions).toContainEqual(
        expect.objectContaining({ system: 'sap', from: 'closed', to: 'open' }),
      );
      expect(sapSeries.breaker.find((b) => b.system === 'sap' && b.opened > 0)?.state).toBe('open');
      const sapRetries = sapSeries.calls.filter((c) => c.system === 'sap').reduce((n, c) => n + c.retry, 0);
      expect(sapRetries).toBeGreaterThan(0);
      // While it is open a sync does not reach SAP: refused at once, counted as rejected, not as calls.
      await expect(app.core.jobs.runNow('sap.mirror', 'ada.admin')).resolves.toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/circuit breaker|failed repeatedly/),
      });
      const rejected = (await app.core.monitoring.series('24h')).calls
        .filter((c) => c.system === 'sap')
        .reduce((n, c) => n + c.rejected, 0);
      expect(rejected).toBeGreaterThan(0);

      // North (the sandbox's simulator): its breaker is charted from the start, and a disputes.import run's
      // calls go through North's policy into the same series.
      expect(first.breaker.filter((b) => b.system === 'north').every((b) => b.state === 'closed')).toBe(true);
      expect(first.breaker.some((b) => b.system === 'north')).toBe(true);
      const imported = await app.core.jobs.runNow('disputes.import', 'ada.admin');
      expect(imported.status).toBe('ok');
      const northOk = (await app.core.monitoring.series('24h')).calls
        .filter((c) => c.system === 'north')
        .reduce((n, c) => n + c.ok, 0);
      expect(northOk).toBeGreaterThanOrEqual(3); // a page of each state at least
    } finally {
      await app.close();
    }
  });
});
