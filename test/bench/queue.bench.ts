// The review queue at a real company's volume: a SQLite store seeded with the sandbox scenario
// at N payments (100,000 by default: the generator itself is part of what is measured), with
// proposals, customers and a mix of states. Measured through the core's read functions, the
// ones the API channels call: the new window (queue.window: first rows, sort, filter, a deep
// page, counts per tab) against the old full list (queue.list, every row, which the page then
// sorted and filtered itself), in the same run. Goals (issue 12): first rows < 1 s, filter and
// sort < 150 ms. Never fails on time. Not measured here: the browser (Chromium) side.
//   npx tsx test/bench/queue.bench.ts [--n 100000] [--rounds 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { RequestOf } from '../../shared/api';
import { listQueue, queueWindow } from '../../electron/core/review/queue';
import { normalizeExportRecord } from '../../electron/connectors/paytrace/normalize';
import { PayTraceSimulator } from '../../electron/sandbox/paytrace';
import { sandboxScenario } from '../../electron/sandbox/scenario';
import { migrate, openStore, type Store } from '../../electron/store';
import { testAuditKeys } from '../support/audit-key';

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
const ms = (x: number): string => `${x.toFixed(1)} ms`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function seed(store: Store): Promise<{ payments: number; lastFour: string; name: string; amount: string }> {
  let t = performance.now();
  const s = sandboxScenario({ payments: N, startDate: '2026-11-21', notAfter: NOW });
  console.log(
    `scenario: ${N.toLocaleString('en-US')} payment cases generated in ${ms(performance.now() - t)} (${s.payments.length.toLocaleString('en-US')} operations, ${s.customers.length.toLocaleString('en-US')} customers, none after ${NOW})`,
  );
  t = performance.now();
  // Through the PayTrace simulator, as sandbox mode replays it, and out of its export.
  const sim = new PayTraceSimulator({ seed: 1, autoSettle: { enabled: false } });
  const idByKey = new Map<string, number>();
  for (const op of s.payments) idByKey.set(op.key, sim.apply(op));
  const transactions = [...sim.ledger.transactions.values()].map((t) =>
    normalizeExportRecord(sim.recordFor(t, false), { zone: sim.zone, currency: sim.currency }),
  );
  await store.repos.payments.ingest(transactions, NOW);
  // Customers, and a live proposal for every payment the scenario knows the invoices of.
  const { db } = store;
  const customers = s.customers.map((c) => ({
    company_code: c.BUKRS,
    customer: c.KUNNR,
    name: c.NAME1,
    email: c.SMTP_ADDR,
    street: c.STRAS,
    city: c.ORT01,
    postal_code: c.PSTLZ,
    country: c.LAND1,
    synced_at: NOW,
  }));
  for (let i = 0; i < customers.length; i += 500)
    await db
      .insertInto('customers')
      .values(customers.slice(i, i + 500))
      .execute();
  const kunnrOf = new Map(s.invoices.map((inv) => [`${inv.BUKRS}/${inv.XBLNR}`, inv.KUNNR]));
  const proposals = s.truth
    .filter((t) => t.items.length > 0 && idByKey.has(t.key))
    .map((t, i) => ({
      transaction_id: idByKey.get(t.key)!,
      tier: (t.case === 'exact' ? 'auto' : 'suggest') as 'auto' | 'suggest',
      confidence: t.case === 'exact' ? 990 : 600 + (i % 300),
      customer: kunnrOf.get(`${t.items[0]!.BUKRS}/${t.items[0]!.XBLNR}`) ?? null,
      company_code: t.items[0]!.BUKRS,
      on_account_minor: 0,
      currency: 'USD',
      reasons: '[]',
      rule: t.case,
      status: 'open' as const,
      created_at: NOW,
      decided_by: null,
      decided_at: null,
    }));
  for (let i = 0; i < proposals.length; i += 500)
    await db
      .insertInto('proposals')
      .values(proposals.slice(i, i + 500))
      .execute();
  // A mix of states as a working queue has them.
  await db.updateTable('transactions').set({ queue_state: 'review' }).execute();
  await db.updateTable('transactions').set({ queue_state: 'posted' }).where(sqlMod(4, 0)).execute();
  await db
    .updateTable('transactions')
    .set({ queue_state: 'parked', state_reason: 'waiting for remittance' })
    .where(sqlMod(29, 1))
    .execute();
  await db.updateTable('transactions').set({ queue_state: 'failed' }).where(sqlMod(53, 2)).execute();
  const n = Number(
    (
      await db
        .selectFrom('transactions')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  console.log(
    `store seeded in ${ms(performance.now() - t)}: ${n.toLocaleString('en-US')} payments, ${proposals.length.toLocaleString('en-US')} proposals`,
  );
  const sample = transactions[Math.floor(transactions.length / 3)]!;
  return {
    payments: n,
    lastFour: sample.maskedCard.slice(-4),
    name: s.customers[7]!.NAME1.split(' ')[0]!,
    amount: (sample.amount.minor / 100).toFixed(2),
  };
}

function sqlMod(m: number, r: number): Expression<SqlBool> {
  return sql<SqlBool>`transaction_id % ${m} = ${r}`;
}

async function timeIt<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const times: number[] = [];
  let value: T | undefined;
  for (let r = 0; r < ROUNDS; r++) {
    const t = performance.now();
    value = await work();
    times.push(performance.now() - t);
  }
  return { ms: median(times), value: value! };
}

async function main(): Promise<void> {
  console.log(`queue bench: N = ${N.toLocaleString('en-US')} payments, median of ${ROUNDS} rounds`);
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-queue-bench-'));
  try {
    const store = await openStore({ kind: 'sqlite', file: join(dir, 'store.sqlite') }, { auditKeys: testAuditKeys() });
    await migrate(store);
    const { payments, lastFour, name, amount } = await seed(store);
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
      `\n${'queue.window'.padEnd(44)} ${'median'.padStart(10)}  ${'rows in view'.padStart(12)}  vs full list`,
    );
    for (const [label, req] of cases) {
      const w = await timeIt(() => queueWindow(repos, req));
      const json = Buffer.byteLength(JSON.stringify(w.value));
      console.log(
        `${label.padEnd(44)} ${ms(w.ms).padStart(10)}  ${w.value.total.toLocaleString('en-US').padStart(12)}  ${(full.ms / w.ms).toFixed(0)}x faster, ${(json / 1024).toFixed(0)} KB`,
      );
    }
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
