// PayTrace ingest at scale: N export records normalised and ingested into a migrated SQLite store,
// next to a raw bulk insert of the same rows (one prepared better-sqlite3 statement in one
// transaction, into an identical table in a fresh WAL file) measured in the same run.
// Goal: ingest at least half the raw rate. Never fails on time.
//   npx tsx test/bench/ingest.bench.ts [--n 100000] [--rounds 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { PaymentTransaction } from '../../shared/domain';
import { normalizeExportRecord, type NormalizeOptions } from '../../electron/connectors/paytrace/normalize';
import { migrate, openStore, type IngestCounts } from '../../electron/store';
import { testAuditKeys } from '../support/audit-key';
import { PayTraceSimulator } from '../../electron/sandbox/paytrace';
import { seededRandom } from '../../electron/sandbox/paytrace/prng';
import { testCard } from '../../electron/sandbox/paytrace/request';
import type { SimTransaction } from '../../electron/sandbox/paytrace/model';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(v) || v <= 0)
    throw new Error(`--${name} wants a positive integer, got ${JSON.stringify(process.argv[i + 1])}`);
  return v;
}

const N = flag('n', 100_000);
const ROUNDS = flag('rounds', 5);
const PER_DAY = 20_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NAMES = [
  'Acme Supply',
  'Birch & Co',
  'Cobalt Tools',
  'Delta Foods',
  'Evergreen Labs',
  'Fjord Marine',
  'Granite Works',
  'Harbor Dental',
];
const BRANDS = ['visa', 'mastercard', 'amex', 'discover'] as const;

/**
 * N transactions through the PayTrace simulator's ledger, PER_DAY a day between 07:00 and 20:00
 * Pacific, settled at 20:00: sales (some declined, some voided before settlement), authorizations
 * (most captured), refunds of earlier days' settled sales. Records come from the simulator's own
 * export record builder (recordFor), so they have PayTrace's export shape (reference §4).
 */
function generate(n: number): { records: Record<string, unknown>[]; opts: NormalizeOptions } {
  const sim = new PayTraceSimulator({ seed: 11, autoSettle: { enabled: false } });
  const { ledger } = sim;
  const random = seededRandom(11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const cards = BRANDS.map((b) => testCard(b));
  const origin = { createdBy: 'bench', through: 'API', fromIp: '10.0.0.1' };
  const firstDay = Date.parse('2026-11-16T15:00:00Z'); // 07:00 PST
  const settledSales: SimTransaction[] = [];
  let pending: SimTransaction[] = [];
  let seq = 0;
  for (let day = 0; ledger.transactions.size < n; day++) {
    const open = firstDay + day * DAY;
    const step = (13 * HOUR) / PER_DAY;
    for (let i = 0; i < PER_DAY && ledger.transactions.size < n; i++) {
      const at = Math.floor(open + i * step);
      const roll = random();
      if (roll < 0.04 && pending.length > 0) {
        // A void before settlement changes a transaction; it adds none.
        const victim = pending.splice(Math.floor(random() * pending.length), 1)[0]!;
        ledger.void(victim.id);
        continue;
      }
      if (roll < 0.09 && settledSales.length > 0) {
        const sale = settledSales[Math.floor(random() * settledSales.length)]!;
        const left = sale.amountMinor - sale.refundedMinor;
        if (left > 0)
          pending.push(ledger.refund(sale.id, random() < 0.5 ? left : Math.max(1, Math.floor(left / 3)), origin, at));
        continue;
      }
      seq += 1;
      const type = roll < 0.17 ? 'AUTHORIZATION' : 'SALE';
      const name = pick(NAMES);
      const t = ledger.charge(
        {
          type,
          amountMinor: 500 + Math.floor(random() * 250_000),
          taxAmount: '',
          card: pick(cards),
          invoiceId: `INV${90_000_000 + seq}`,
          description: roll < 0.5 ? 'Invoice payment' : `Payment for invoice ${90_000_000 + seq}`,
          customerReferenceId: roll < 0.6 ? `PO-${seq}` : '',
          customerId: roll < 0.3 ? `cust-${seq % 5000}` : '',
          billing: {
            name,
            street_address: '1 Main St',
            street_address2: '',
            city: 'Portland',
            state: 'OR',
            zip: '97201',
            country: 'US',
          },
          email: `ap@${name.split(' ')[0]!.toLowerCase()}.example`,
          ...origin,
          forceDecline: roll > 0.94,
        },
        at,
      );
      if (type === 'AUTHORIZATION' && t.state === 'authorized' && random() < 0.7) ledger.capture(t.id, undefined);
      if (t.state === 'pending') pending.push(t);
    }
    const batch = ledger.settle(open + 13 * HOUR);
    if (batch) for (const t of pending) if (t.type === 'SALE' && t.state === 'settled') settledSales.push(t);
    pending = [];
  }
  const records = [...ledger.transactions.values()].map((t) => sim.recordFor(t, false));
  return { records, opts: { zone: sim.zone, currency: sim.currency } };
}

const rate = (n: number, ms: number): number => n / (ms / 1000);
// CPU time of this process as well as wall time: on a shared machine the wall clock also counts other programs' turns.
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
interface Timed {
  ms: number;
  cpu: number;
}
const since = (t0: number, c0: number): Timed => ({ ms: performance.now() - t0, cpu: cpuMs() - c0 });
const plus = (a: Timed, b: Timed): Timed => ({ ms: a.ms + b.ms, cpu: a.cpu + b.cpu });
const fmtRate = (r: number): string => Math.round(r).toLocaleString('en-US');
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const normaliseAll = (records: readonly unknown[], opts: NormalizeOptions): PaymentTransaction[] =>
  records.map((r) => normalizeExportRecord(r, opts));

interface IngestPass {
  normalise: Timed;
  store: Timed;
  counts: IngestCounts;
}

async function ingestRun(file: string, records: readonly unknown[], opts: NormalizeOptions, passes: number) {
  const store = await openStore({ kind: 'sqlite', file }, { auditKeys: testAuditKeys() });
  await migrate(store);
  const out: IngestPass[] = [];
  for (let p = 0; p < passes; p++) {
    let t0 = performance.now();
    let c0 = cpuMs();
    const transactions = normaliseAll(records, opts);
    const normalise = since(t0, c0);
    t0 = performance.now();
    c0 = cpuMs();
    const counts = await store.repos.payments.ingest(
      transactions,
      new Date(Date.parse('2026-11-22T08:00:00Z') + p * 60_000).toISOString(),
    );
    out.push({ normalise, store: since(t0, c0), counts });
  }
  await store.close();
  return out;
}

/** The same rows, inserted the fastest plain way: one prepared statement, one transaction. */
function rawInsert(storeFile: string, rawFile: string): Timed & { rows: number } {
  const source = new BetterSqlite3(storeFile, { readonly: true });
  // The table exactly as the migrations made it, with its indexes; not its triggers (0310 keeps the
  // queue's search text current from them), whose cost the store's ingest pays and the baseline does not.
  const ddl = source
    .prepare(
      "select sql from sqlite_master where tbl_name = 'transactions' and type in ('table', 'index') and sql is not null order by type desc",
    )
    .pluck()
    .all() as string[];
  const rows = source.prepare('select * from transactions order by transaction_id').raw().all() as unknown[][];
  const columns = source
    .prepare('select name from pragma_table_info(?) order by cid')
    .pluck()
    .all('transactions') as string[];
  source.close();

  const db = new BetterSqlite3(rawFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL'); // as the store sets it
  for (const s of ddl) db.exec(s);
  const insert = db.prepare(
    `insert into transactions (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
  );
  const t0 = performance.now();
  const c0 = cpuMs();
  db.transaction(() => {
    for (const row of rows) insert.run(row);
  })();
  const timed = since(t0, c0);
  const stored = db.prepare('select count(*) from transactions').pluck().get() as number;
  db.close();
  return { ...timed, rows: stored };
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`ingest bench: N = ${N.toLocaleString('en-US')} PayTrace export records`);
  console.log(
    `machine: ${cpu.length} x ${cpu[0]?.model ?? '?'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM, node ${process.version}, ${process.platform}/${process.arch}`,
  );

  const t0 = performance.now();
  const { records, opts } = generate(N);
  const mix = new Map<string, number>();
  for (const r of records) {
    const key = `${String(r.transaction_type)} ${String(r.status_code).replace(/\d+$/, '')}`;
    mix.set(key, (mix.get(key) ?? 0) + 1);
  }
  console.log(
    `records generated in ${((performance.now() - t0) / 1000).toFixed(1)} s (simulator ledger + recordFor): ${[...mix]
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );

  // Each round: (a) normalise only, (b) ingest into a fresh migrated store, (b2) the same records
  // again (all unchanged), (c) the raw insert of the rows (b) wrote. On a shared machine one
  // program's turn can slow any single step, so each step is reported at its best over the rounds
  // (and every round's ratio is printed too).
  const n = records.length;
  type Round = { normaliseOnly: Timed; first: IngestPass; second: IngestPass; raw: Timed };
  const rounds: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'cleardesk-ingest-bench-'));
    try {
      const t = performance.now();
      const c = cpuMs();
      const normalisedCount = normaliseAll(records, opts).length; // not kept: (b) should not carry (a)'s heap
      const normaliseOnly = since(t, c);
      if (normalisedCount !== n) throw new Error(`normalised ${normalisedCount} of ${n} records`);

      const storeFile = join(dir, 'store.sqlite');
      const [first, second] = await ingestRun(storeFile, records, opts, 2);
      if (first!.counts.ingested !== n || second!.counts.unchanged !== n) {
        throw new Error(
          `ingest counts are off: first ${JSON.stringify(first!.counts)}, second ${JSON.stringify(second!.counts)}; expected ${n} new, then ${n} unchanged`,
        );
      }
      const raw = rawInsert(storeFile, join(dir, 'raw.sqlite'));
      if (raw.rows !== n) throw new Error(`raw insert stored ${raw.rows} rows, expected ${n}`);
      rounds.push({ normaliseOnly, first: first!, second: second!, raw });
      console.log(
        `round ${r + 1}: ingest ${secs(plus(first!.normalise, first!.store).ms)}, raw ${secs(raw.ms)}, ratio ${(raw.ms / plus(first!.normalise, first!.store).ms).toFixed(2)}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const best = (pick: (r: Round) => Timed): Timed => rounds.map(pick).reduce((a, b) => (b.ms < a.ms ? b : a));
  const bestRound = (pick: (r: Round) => Timed): Round => rounds.reduce((a, b) => (pick(b).ms < pick(a).ms ? b : a));
  const ingestOf = (r: Round): Timed => plus(r.first.normalise, r.first.store);
  const reIngestOf = (r: Round): Timed => plus(r.second.normalise, r.second.store);
  const ingest = best(ingestOf);
  const raw = best((r) => r.raw);
  const b = bestRound(ingestOf);
  const b2 = bestRound(reIngestOf);
  const table: [string, Timed, string][] = [
    ['(a) normalise only', best((r) => r.normaliseOnly), `${n} transactions`],
    [
      '(b) ingest: normalise + store',
      ingest,
      `normalise ${secs(b.first.normalise.ms)} + store ${secs(b.first.store.ms)}; ${JSON.stringify(b.first.counts)}`,
    ],
    ['    of which store (payments.ingest)', best((r) => r.first.store), ''],
    [
      '(b2) re-ingest, all unchanged',
      best(reIngestOf),
      `normalise ${secs(b2.second.normalise.ms)} + store ${secs(b2.second.store.ms)}; ${JSON.stringify(b2.second.counts)}`,
    ],
    ['(c) raw insert, same rows', raw, 'one prepared statement, one transaction, WAL'],
  ];
  console.log('');
  console.log(`best of ${rounds.length} round${rounds.length === 1 ? '' : 's'} per step:`);
  console.log(
    `${'step'.padEnd(40)} ${'wall'.padStart(8)} ${'records/s'.padStart(10)} ${'cpu'.padStart(8)} ${'rec/cpu-s'.padStart(10)}  note`,
  );
  for (const [name, tm, note] of table) {
    console.log(
      `${name.padEnd(40)} ${secs(tm.ms).padStart(8)} ${fmtRate(rate(n, tm.ms)).padStart(10)} ${secs(tm.cpu).padStart(8)} ${fmtRate(rate(n, tm.cpu)).padStart(10)}  ${note}`,
    );
  }
  const ratio = raw.ms / ingest.ms;
  const cpuRatio = raw.cpu / ingest.cpu;
  const roundRatios = rounds.map((r) => r.raw.ms / ingestOf(r).ms);
  const median = [...roundRatios].sort((a, b) => a - b)[Math.floor(roundRatios.length / 2)]!;
  const perRound = `${roundRatios.map((x) => x.toFixed(2)).join(', ')} (median ${median.toFixed(2)})`;
  console.log('');
  console.log(
    `ratio ingest / raw: ${ratio.toFixed(2)} by wall time, ${cpuRatio.toFixed(2)} by CPU time (goal >= 0.50: ${ratio >= 0.5 ? 'met' : 'NOT met'}); per round ${perRound}; store only / raw: ${(raw.ms / best((r) => r.first.store).ms).toFixed(2)}`,
  );
}

await main();
