// The review queue at a real company's volume: a SQLite store seeded with the sandbox scenario
// at N payments (100,000 by default: the generator itself is part of what is measured), with
// proposals, customers and a mix of states. Measured through the core's read functions, the
// ones the API channels call: the new window (queue.window: first rows, sort, filter, a deep
// page, counts per tab) against the old full list (queue.list, every row, which the page then
// sorted and filtered itself), in the same run. Goals (issue 12): first rows < 1 s, filter and
// sort < 150 ms. Never fails on time. --postgres runs it on a throwaway PostgreSQL server (as
// `npm test` starts one) instead of SQLite. The browser (Chromium) side: queue-chromium.bench.ts.
//   npx tsx test/bench/queue.bench.ts [--n 100000] [--rounds 5] [--postgres]
import { mkdtempSync, rmSync } from 'node:fs';
import { sql } from 'kysely';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestOf } from '../../shared/api';
import { listQueue, queueWindow } from '../../electron/core/review/queue';
import { migrate, openStore, type StoreOptions } from '../../electron/store';
import { queueRepository } from '../../electron/store/repos/queue';
import { startPostgres } from '../../scripts/support/postgres.mjs';
import { testAuditKeys } from '../support/audit-key';
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
const POSTGRES = process.argv.includes('--postgres');
const NOW = '2026-12-04T03:08:00.000Z';
const ms = (x: number): string => `${x.toFixed(1)} ms`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Median wall time and median CPU time of this process (user + system) per round. SQLite runs in
 * this process, so its CPU time is the query's cost whatever else the machine runs; on PostgreSQL
 * the server's work is not in it.
 */
async function timeIt<T>(work: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const times: number[] = [];
  const cpu: number[] = [];
  let value: T | undefined;
  for (let r = 0; r < ROUNDS; r++) {
    const c = process.cpuUsage();
    const t = performance.now();
    value = await work();
    times.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  return { ms: median(times), cpuMs: median(cpu), value: value! };
}

async function main(): Promise<void> {
  console.log(
    `queue bench: N = ${N.toLocaleString('en-US')} payments, ${POSTGRES ? 'PostgreSQL' : 'SQLite'}, median of ${ROUNDS} rounds`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-queue-bench-'));
  const pg = POSTGRES ? await startPostgres() : null;
  try {
    const options: StoreOptions = pg
      ? { kind: 'postgres', url: pg.url }
      : { kind: 'sqlite', file: join(dir, 'store.sqlite') };
    const store = await openStore(options, { auditKeys: testAuditKeys() });
    await migrate(store);
    const { payments, lastFour, name, amount } = await seedQueue(store, N, NOW);
    // The tables as autovacuum leaves them a minute after a bulk insert (PostgreSQL 13+ vacuums on inserts
    // too): statistics for the plans, and the visibility map that lets an index-only scan skip the heap.
    if (pg) await sql`vacuum analyze`.execute(store.db);
    const repos = store.repos;

    // Baseline: the old full list, every row assembled (what the page fetched before it showed anything).
    // Once: at 100,000 payments one run takes tens of seconds.
    const t0 = performance.now();
    const fullRows = await listQueue(repos);
    const full = { ms: performance.now() - t0, value: fullRows };
    const bytes = Buffer.byteLength(JSON.stringify(full.value));
    console.log(
      `\nbaseline queue.list (all rows, one run): ${ms(full.ms)}, ${full.value.length.toLocaleString('en-US')} rows, ${(bytes / 1024 ** 2).toFixed(1)} MB JSON`,
    );

    const review: RequestOf<'queue.window'> = { states: ['new', 'review'], offset: 0, limit: 100 };
    const cases: [string, RequestOf<'queue.window'>][] = [
      ['first window (To review, newest first)', review],
      ['sort by amount', { ...review, sort: { key: 'amount', desc: false } }],
      ['sort by customer', { ...review, sort: { key: 'customer', desc: false } }],
      ['sort by tier (confidence)', { ...review, sort: { key: 'tier', desc: true } }],
      [`filter "${name}" (name)`, { ...review, text: name }],
      [`filter "${lastFour}" (last four)`, { ...review, text: lastFour }],
      // The export API masks the whole card number, so these rows carry no brand: nothing found.
      ['filter "visa" (card brand)', { ...review, text: 'visa' }],
      [`filter "${amount}" (amount)`, { ...review, text: amount }],
      ['filter "no such thing" (nothing found)', { ...review, text: 'no such thing' }],
      ['All tab, page at offset 90,000', { offset: Math.max(0, payments - 10_000), limit: 100 }],
    ];
    console.log(
      `\n${'queue.window'.padEnd(44)} ${'median'.padStart(10)} ${'CPU'.padStart(10)}  ${'rows in view'.padStart(12)}  vs full list`,
    );
    // The filter before its index (migration 0310): the same store, the tables scanned.
    const scanned = { ...repos, queue: queueRepository(store.db, { filter: 'scan' }) };
    for (const [label, req] of cases) {
      const w = await timeIt(() => queueWindow(repos, req));
      const json = Buffer.byteLength(JSON.stringify(w.value));
      console.log(
        `${label.padEnd(44)} ${ms(w.ms).padStart(10)} ${ms(w.cpuMs).padStart(10)}  ${w.value.total.toLocaleString('en-US').padStart(12)}  ${(full.ms / w.ms).toFixed(0)}x faster, ${(json / 1024).toFixed(0)} KB`,
      );
      if (!req.text) continue;
      const s = await timeIt(() => queueWindow(scanned, req));
      // The tab counts in one key order: PostgreSQL returns a GROUP BY's rows in whatever order its plan gives.
      const canonical = (v: typeof w.value) =>
        JSON.stringify({ ...v, counts: Object.fromEntries(Object.entries(v.counts).sort()) });
      const same = canonical(s.value) === canonical(w.value);
      console.log(
        `${'  the same, tables scanned (before 0310)'.padEnd(44)} ${ms(s.ms).padStart(10)} ${ms(s.cpuMs).padStart(10)}  ${s.value.total.toLocaleString('en-US').padStart(12)}  ${same ? 'same answer' : 'DIFFERENT ANSWER'}`,
      );
    }
    if (!pg) {
      const plan = await sql<{ detail: string }>`explain query plan select t.transaction_id from transactions t
        where t.transaction_id in (select q.rowid from queue_search q where queue_search match ${`"${name.toLowerCase()}"`})`.execute(
        store.db,
      );
      console.log(`\nplan of the indexed filter: ${plan.rows.map((r) => r.detail).join('; ')}`);
    } else {
      const plan = await sql<{ 'QUERY PLAN': string }>`explain select q.transaction_id from queue_search q
        where q.text like ${`%${name.toLowerCase()}%`}`.execute(store.db);
      console.log(`\nplan of the indexed filter: ${plan.rows.map((r) => r['QUERY PLAN'].trim()).join('; ')}`);
    }
    // The payer history each sync reads (matchModels.payers): here every proposal approved and its payment posted,
    // the most it can be at this volume.
    await sql`update proposals set status = 'approved' where status = 'open'`.execute(store.db);
    await sql`update transactions set queue_state = 'posted'
      where transaction_id in (select transaction_id from proposals where status = 'approved')`.execute(store.db);
    const payers = await timeIt(() => repos.matchModels.payers());
    console.log(
      `\npayer history (matchModels.payers), every proposal approved and posted: ${ms(payers.ms)}, CPU ${ms(payers.cpuMs)}, ${payers.value.length.toLocaleString('en-US')} (vault id, customer) pairs`,
    );
    // What live proposals take of each open item (proposals.claimedAmounts), read before every match run: an
    // applied item for every proposal, every second one's payment posted with its line in SAP against the item
    // (which then no longer claims it); against a plain read of every applied item, the baseline, in the same run.
    const at = NOW;
    await sql`insert into proposal_items (proposal_id, company_code, doc_no, fisc_year, item_num, amount_minor)
      select id, '1000', 'B' || id, '2026', '001', 100 from proposals`.execute(store.db);
    await sql`insert into postings (reference, transaction_id, event, state, company_code, document, belnr, gjahr,
        messages, attempts, approved_by, created_at, updated_at)
      select 'PTB' || id, transaction_id, 'payment', 'posted', '1000', '{}', 'P' || id, '2026', '[]', 1, 'bench', ${at}, ${at}
      from proposals where id % 2 = 0`.execute(store.db);
    await sql`insert into open_items (company_code, doc_no, fisc_year, item_num, customer, amount_minor, currency,
        reference, assignment, doc_type, posting_date, doc_date, item_text, status, synced_at,
        ref_doc_no, ref_fisc_year, ref_item_num)
      select '1000', 'P' || id, '2026', '001', '0000100001', -100, 'USD', 'PTB' || id, '', 'DZ', '2026-11-01',
        '2026-11-01', '', 'open', ${at}, 'B' || id, '2026', '001'
      from proposals where id % 2 = 0`.execute(store.db);
    // As after the seed: statistics as autovacuum keeps them (an empty postings table's would say 5 rows).
    if (pg) await sql`analyze`.execute(store.db);
    const plain = await timeIt(() => store.db.selectFrom('proposal_items').selectAll().execute());
    const claims = await timeIt(() => repos.proposals.claimedAmounts());
    console.log(
      `claims (proposals.claimedAmounts), every proposal live: ${ms(claims.ms)}, CPU ${ms(claims.cpuMs)}, ${claims.value.size.toLocaleString('en-US')} items claimed; plain read of the ${plain.value.length.toLocaleString('en-US')} applied items ${ms(plain.ms)}: ${(claims.ms / plain.ms).toFixed(2)}x`,
    );
    await store.close();
  } finally {
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
