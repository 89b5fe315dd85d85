// The dashboard's figures at a real company's volume: the queue bench's store (the sandbox scenario
// at N payments, 100,000 by default, with proposals and a mix of states), plus approvals (every
// posted payment's proposal approved on its day, one in seven a clerk's correction), SAP open items
// (24,000, due dates over the last 150 days and the next 30) and dead letters. Measured through the
// core's dashboardSummary (channel dashboard.summary), each part beside the whole, with a full scan
// of the transactions as the baseline of the same run. Never fails on time.
//   npx tsx test/bench/dashboard.bench.ts [--n 100000] [--rounds 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { dashboardSummary } from '../../electron/core/reports/dashboard';
import { migrate, openStore, type Store } from '../../electron/store';
import { testAuditKeys } from '../support/audit-key';
import { openItemRow } from '../support/store-rows';
import { seedQueue } from './support/seed-queue';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(v) || v <= 0)
    throw new Error(`--${name} wants a positive integer, got ${JSON.stringify(process.argv[i + 1])}`);
  return v;
}

const N = flag('n', 100_000);
const ROUNDS = flag('rounds', 5);
const NOW = '2026-12-04T03:08:00.000Z';
const ITEMS = 24_000;
const ms = (x: number): string => `${x.toFixed(1)} ms`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeIt(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function addDashboardRows(store: Store): Promise<void> {
  const { db } = store;
  const t = performance.now();
  // Approvals: the live proposal of every posted payment, decided on the payment's day.
  await sql`update proposals set status = 'approved', decided_by = 'bench',
      decided_at = (select t.created_at_utc from transactions t where t.transaction_id = proposals.transaction_id),
      corrected_by = case when transaction_id % 7 = 0 then 'bench' else null end
    where transaction_id in (select transaction_id from transactions where queue_state = 'posted')`.execute(db);
  const day0 = Date.parse('2026-07-07T00:00:00.000Z');
  const items = Array.from({ length: ITEMS }, (_, i) =>
    openItemRow({
      doc_no: String(1800000000 + i),
      customer: String(100000 + (i % 3000)).padStart(10, '0'),
      amount_minor: 1000 + ((i * 7919) % 500000),
      reference: String(90000000 + i),
      assignment: String(90000000 + i),
      due_date: new Date(day0 + (i % 180) * 86_400_000).toISOString().slice(0, 10),
    }),
  );
  for (let i = 0; i < items.length; i += 500)
    await db
      .insertInto('open_items')
      .values(items.slice(i, i + 500))
      .execute();
  const letters = Array.from({ length: 500 }, (_, i) => ({
    source: 'paytrace',
    source_key: i % 2 === 0 ? String(i) : `PT${i}P`,
    error: 'bench',
    payload: '{}',
    created_at: new Date(Date.parse(NOW) - (i % 30) * 86_400_000).toISOString(),
    resolved_at: null,
    resolved_by: null,
    resolution: null,
  }));
  for (let i = 0; i < letters.length; i += 250)
    await db
      .insertInto('dead_letters')
      .values(letters.slice(i, i + 250))
      .execute();
  console.log(
    `approvals, ${ITEMS.toLocaleString('en-US')} open items and 500 dead letters added in ${ms(performance.now() - t)}`,
  );
}

async function main(): Promise<void> {
  console.log(`dashboard bench: N = ${N.toLocaleString('en-US')} payments, median of ${ROUNDS} rounds`);
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-dashboard-bench-'));
  try {
    const store = await openStore({ kind: 'sqlite', file: join(dir, 'store.sqlite') }, { auditKeys: testAuditKeys() });
    await migrate(store);
    await seedQueue(store, N, NOW);
    await addDashboardRows(store);
    const clock = { now: () => new Date(NOW) };

    const scan = await timeIt(() =>
      sql`select count(*), sum(amount_minor) from transactions where content_hash <> ''`.execute(store.db),
    );
    console.log(`\nbaseline: a full scan of the transactions                 ${ms(scan).padStart(10)}`);
    const whole = await timeIt(() => dashboardSummary(store.repos, clock, {}));
    console.log(`dashboard.summary (30 days, 20 batches)                  ${ms(whole).padStart(10)}`);
    const year = await timeIt(() => dashboardSummary(store.repos, clock, { days: 366, batches: 100 }));
    console.log(`dashboard.summary (366 days, 100 batches)                ${ms(year).padStart(10)}`);
    const s = await dashboardSummary(store.repos, clock, {});
    const proposed = s.matching.reduce((n, m) => n + m.proposed, 0);
    const decided = s.matching.reduce((n, m) => n + m.decided, 0);
    console.log(
      `figures: ${proposed.toLocaleString('en-US')} proposed, ${decided.toLocaleString('en-US')} approved in 30 days; ` +
        `${s.stateByDay.length} state-day rows, ${s.stateByBatch.length} state-batch rows, ` +
        `${s.openItemAging.length} open-item buckets, unapplied ${s.unapplied.map((u) => `${u.count} ${u.currency}`).join(', ')}`,
    );
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
