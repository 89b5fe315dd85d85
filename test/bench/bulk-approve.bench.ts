// Bulk approval's throughput against a slow SAP, without a browser: the sandbox app (its SAP
// simulator over real RFC connections, pool 4) seeded with N payments, --bulk of them given the
// invoice they pay, then approved at once through the core's API channel as the page sends it, with
// --latency ms per SAP call. Prints the SAP calls per function, the time between a session's calls
// (what is not SAP's latency), and the share of the ideal for the calls made. Never fails on time.
// The same bulk in the browser at 100,000 payments: queue-chromium.bench.ts.
//   npx tsx test/bench/bulk-approve.bench.ts [--n 5000] [--bulk 200] [--latency 150]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '../../electron/hosts/app';
import { createLogger } from '../../electron/hosts/log';
import { TEST_AUDIT_KEY_ENV } from '../support/audit-key';
import { attachItems, seedQueue } from './support/seed-queue';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(v) || v <= 0)
    throw new Error(`--${name} wants a positive integer, got ${JSON.stringify(process.argv[i + 1])}`);
  return v;
}

const N = flag('n', 5_000);
const BULK = flag('bulk', 200);
const LATENCY_MS = flag('latency', 150);
const POOL = 4;
const FOUR_EYES_LIMIT_MINOR = 1_000_000;
const ms = (x: number): string => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
  console.log(
    `bulk approval bench: N = ${N.toLocaleString('en-US')} payments, bulk ${BULK}, ${LATENCY_MS} ms per SAP call, pool ${POOL}`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-bulk-bench-'));
  const app = await openApp({
    dataDir,
    sandbox: true,
    env: { CLEARDESK_VAULT: 'env', ...TEST_AUDIT_KEY_ENV, CLEARDESK_SAP_POOL_SIZE: String(POOL) },
    log: createLogger(() => {}, true),
    sandboxPayments: N,
  });
  const sap = app.sandbox?.sap;
  if (!app.sandbox || !sap) throw new Error('the sandbox did not start its SAP simulator');
  try {
    const seeded = await seedQueue(app.store, N, new Date().toISOString(), app.sandbox.scenario);
    await app.core.jobs.runNow('sap.mirror', 'bench');
    const approvable = await attachItems(app.store, seeded.exact, BULK, FOUR_EYES_LIMIT_MINOR);
    console.log(`${approvable.length} payments can be approved by one person`);

    const perFunction = new Map<string, number>();
    /** Per RFC session: when its last call started (to see the time a session waits on ClearDesk). */
    const lastCall = new Map<number, number>();
    const gaps: number[] = [];
    const gapsBefore = new Map<string, number[]>();
    let changed = 0;
    app.core.events.on('queue.changed', () => void (changed += 1));
    sap.rfc.faults.hooks = {
      beforeCall: (call) => {
        perFunction.set(call.rfm, (perFunction.get(call.rfm) ?? 0) + 1);
        const now = performance.now();
        const last = lastCall.get(call.clientId);
        if (last !== undefined) {
          gaps.push(now - last - LATENCY_MS);
          gapsBefore.set(call.rfm, [...(gapsBefore.get(call.rfm) ?? []), now - last - LATENCY_MS]);
        }
        lastCall.set(call.clientId, now);
      },
    };
    sap.rfc.faults.latencyMs = LATENCY_MS;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const answer = await app.core.handle(
      'proposals.bulkApprove',
      { transactionIds: approvable, progressId: 'bench' } as never,
      { name: 'bench.clerk', roles: ['clerk'] } as never,
    );
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    sap.rfc.faults.latencyMs = 0;
    sap.rfc.faults.hooks = {};
    const counts = (answer as { counts: Record<string, number> }).counts;
    const posted = counts.posted ?? 0;
    const calls = [...perFunction.values()].reduce((a, b) => a + b, 0);
    const ideal = (calls * LATENCY_MS) / 1000 / POOL;
    gaps.sort((a, b) => a - b);
    console.log(`\nbulk approval of ${approvable.length}: ${seconds.toFixed(1)} s, ${JSON.stringify(counts)}`);
    console.log(
      `  SAP calls: ${calls} (${(calls / Math.max(posted, 1)).toFixed(2)} per document): ${[...perFunction]
        .map(([f, n]) => `${f} ${n}`)
        .join(', ')}`,
    );
    console.log(
      `  ${(posted / seconds).toFixed(2)} documents/s; ideal for these calls on ${POOL} sessions ${(posted / ideal).toFixed(2)}/s: ${((100 * ideal) / seconds).toFixed(1)}% of ideal`,
    );
    console.log(
      `  between one session's calls beyond the latency: median ${ms(gaps[Math.floor(gaps.length / 2)] ?? 0)}, p90 ${ms(gaps[Math.floor(gaps.length * 0.9)] ?? 0)}; this process's CPU ${ms((used.user + used.system) / 1000)}; queue.changed ${changed}x`,
    );
    for (const [rfm, g] of gapsBefore) {
      g.sort((a, b) => a - b);
      console.log(`    before ${rfm}: median ${ms(g[Math.floor(g.length / 2)]!)} (${g.length})`);
    }
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
