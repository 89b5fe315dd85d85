// Matching at scale: N PayTrace transactions against N SAP open items, next to an indexed
// SQLite join on the same normalised keys. Never fails on time.
//   npx tsx test/bench/matching.bench.ts [--n 1000000] [--rounds 1] [--cleared 0]
//
// --cleared P: P in a thousand of the open items are cleared in SAP already (the engine gets them as
// cleared items, as the sync's look-up hands them over), so the payments naming them take the
// duplicate path (shared/matching/cleared.ts); the SQLite baseline joins the same keys as without.
//
// The engine and the SQLite baseline each run in their own child process, so neither one's
// memory (or unreclaimed garbage) counts against the other; each child builds the same inputs
// first, outside its timing, and reports its own peak RSS (the kernel's ru_maxrss, which covers
// the inputs too: the memory goal is for the whole engine process).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Customer, OpenItem } from '../../shared/domain';
import {
  type ClearedItem,
  createMatchContext,
  DEFAULT_RULES,
  type MatchableTransaction,
  normaliseReference,
  preparePrefixes,
  streamProposals,
} from '../../shared/matching';

const flag = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const N = Number(flag('n') ?? 1_000_000);
const ROUNDS = Number(flag('rounds') ?? 1);
const CLEARED = Number(flag('cleared') ?? 0);
const MB = (b: number): string => `${(b / 1048576).toFixed(0)} MB`;
// Issue 15's goals at 1,000,000 x 1,000,000: within 1.5x of the join, peak under 1 GB (an earlier issue asked 3x and 1.5 GB).
const GOAL_RATIO = 1.5;
const GOAL_PEAK = 1024 ** 3;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

function build(): { items: OpenItem[]; txs: MatchableTransaction[]; customers: Customer[] } {
  const next = lcg(42);
  const items: OpenItem[] = new Array(N);
  const customers: Customer[] = [];
  // Ten invoices per customer; one string per customer number, as a parsed file would intern them.
  let kunnr = '';
  const vaultOf = new Map<string, string>();
  for (let i = 0; i < N; i++) {
    if (i % 10 === 0) {
      kunnr = String(100000 + i / 10).padStart(10, '0');
      vaultOf.set(kunnr, `V${i / 10}`);
      customers.push({
        source: { KUNNR: kunnr, BUKRS: '1000' },
        name: `Customer ${i / 10}`,
        vaultIds: [vaultOf.get(kunnr)!],
      });
    }
    const xblnr = String(10_000_000 + i);
    items[i] = {
      source: { BUKRS: '1000', BELNR: String(i + 1).padStart(10, '0'), GJAHR: '2025', BUZEI: '001' },
      customer: kunnr,
      amount: { minor: 1000 + (next() % 2_000_000), currency: 'USD' },
      reference: xblnr,
      assignment: i % 2 ? `PO${xblnr}` : xblnr,
      documentType: 'DR',
      postingDate: '2025-02-01',
      documentDate: '2025-02-01',
      dueDate: '2025-03-03',
      text: '',
    };
  }
  const txs: MatchableTransaction[] = new Array(N);
  const createdAt = { utc: '2025-03-03T17:00:00.000Z', original: '3/3/2025 9:00:00 AM' };
  for (let j = 0; j < N; j++) {
    const item = items[(j * 7919) % N]!;
    const kind = next() % 100;
    const invoiceId = kind < 80 ? item.reference : kind < 90 ? `INV-00${item.reference}` : '';
    const amount = kind >= 95 ? Math.floor(item.amount.minor / 2) : item.amount.minor;
    txs[j] = {
      source: { transaction_id: 100_000_000 + j },
      kind: 'sale',
      status: 'settled',
      batch: 1 + Math.floor(j / 5000),
      amount: { minor: amount, currency: 'USD' },
      createdAt,
      settledAt: null,
      invoiceId,
      customerReferenceId: '',
      description: '',
      vaultCustomerId: vaultOf.get(item.customer)!,
      billingName: '',
      email: '',
      maskedCard: '************1111',
      cardBrand: 'visa',
      approvalCode: 'TAS123',
      originalTransactionId: null,
    };
  }
  return { items, txs, customers };
}

/** CPU time (user + system, all threads) since `from`: steadier than wall time on a shared machine. */
const cpuMs = (from: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

/** Peak resident set of this process so far (ru_maxrss is in KiB on Linux). */
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;

interface EngineResult {
  ms: number;
  cpuMs: number;
  inputsRss: number;
  peakRss: number;
  tiers: Record<'auto' | 'suggest' | 'none', number>;
  applied: number;
  cleared: number;
  duplicates: number;
}
interface SqlResult {
  cpuMs: number;
  normaliseMs: number;
  insertMs: number;
  indexMs: number;
  joinMs: number;
  inputsRss: number;
  peakRss: number;
  n: number;
  total: number;
}

/** Child: index + match, proposals streamed and counted (a caller writes them out; none are kept). */
function runEngine(): EngineResult {
  const { items, txs, customers } = build();
  // Every (1000 / CLEARED)-th item cleared in SAP already: out of the open items, into the cleared ones.
  const step = CLEARED > 0 ? Math.max(1, Math.round(1000 / CLEARED)) : 0;
  const cleared: ClearedItem[] = [];
  const open = step === 0 ? items : items.filter((item, i) => i % step !== 0 || !cleared.push(clearedOf(item, i)));
  const inputsRss = process.memoryUsage.rss();
  const tiers = { auto: 0, suggest: 0, none: 0 };
  let applied = 0;
  let duplicates = 0;
  const cpu = process.cpuUsage();
  const t = performance.now();
  const ctx = createMatchContext(open, customers, [], DEFAULT_RULES, cleared);
  streamProposals(ctx, txs, (p) => {
    tiers[p.tier]++;
    if (p.case === 'duplicate') duplicates++;
    for (const a of p.items) applied += a.amount.minor;
  });
  const ms = performance.now() - t;
  return { ms, cpuMs: cpuMs(cpu), inputsRss, peakRss: peakRss(), tiers, applied, cleared: cleared.length, duplicates };
}

const clearedOf = (item: OpenItem, i: number): ClearedItem => ({
  ...item,
  clearing: { document: String(1400000000 + i), date: '2025-02-28', paidBy: i % 2 ? 90_000_000 + i : null },
});

/**
 * Child: the baseline of reference/toolchain.md on the same keys: insert both sides (one prepared
 * statement, one transaction, file DB in WAL), CREATE INDEX on the open items' key, then one
 * JOIN with count + sum. The keys are normalised before the clock starts, as SQLite cannot do it.
 */
function runSqlite(): SqlResult {
  const { items, txs } = build();
  const inputsRss = process.memoryUsage.rss();
  const prefixes = preparePrefixes(DEFAULT_RULES.referencePrefixes);
  let t = performance.now();
  const itemKeys = items.map((it) => normaliseReference(it.reference, prefixes));
  const txKeys = txs.map((tx) => normaliseReference(tx.invoiceId, prefixes));
  const normaliseMs = performance.now() - t;
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-bench-'));
  try {
    const db = new Database(join(dir, 'bench.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // A page cache that holds the index (256 MB at most): with the 2 MB default the join reads
    // the index from the OS page by page and takes seconds, which would flatter the engine.
    db.pragma('cache_size = -262144');
    db.exec(
      'CREATE TABLE items (key TEXT NOT NULL, amount INTEGER NOT NULL) STRICT; CREATE TABLE txs (key TEXT NOT NULL, amount INTEGER NOT NULL) STRICT;',
    );
    const cpu = process.cpuUsage();
    t = performance.now();
    const insItem = db.prepare('INSERT INTO items VALUES (?, ?)');
    const insTx = db.prepare('INSERT INTO txs VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < items.length; i++) insItem.run(itemKeys[i], items[i]!.amount.minor);
      for (let j = 0; j < txs.length; j++) insTx.run(txKeys[j], txs[j]!.amount.minor);
    })();
    const insertMs = performance.now() - t;
    t = performance.now();
    db.exec('CREATE INDEX items_key ON items(key)');
    const indexMs = performance.now() - t;
    t = performance.now();
    const joined = db
      .prepare('SELECT count(*) AS n, coalesce(sum(i.amount), 0) AS total FROM txs t JOIN items i ON i.key = t.key')
      .get() as { n: number; total: number };
    const joinMs = performance.now() - t;
    const used = cpuMs(cpu);
    db.close();
    return { cpuMs: used, normaliseMs, insertMs, indexMs, joinMs, inputsRss, peakRss: peakRss(), ...joined };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs this file again as a child in the given role (same loader flags) and parses its result. */
function child<T>(role: 'engine' | 'sqlite'): T {
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, process.argv[1]!, '--n', String(N), '--cleared', String(CLEARED), '--role', role],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
  );
  return JSON.parse(out) as T;
}

function main(): void {
  const cpu = cpus();
  console.log(
    `matching bench: N = ${N.toLocaleString('en-US')} transactions x ${N.toLocaleString('en-US')} open items (engine and SQLite in separate processes${ROUNDS > 1 ? `, best of ${ROUNDS} alternating rounds` : ''})`,
  );
  console.log(
    `machine: ${cpu.length} x ${cpu[0]?.model ?? '?'}, ${MB(totalmem())} RAM, node ${process.version}, ${process.platform}/${process.arch}`,
  );
  // On a shared machine one run can be slowed by a neighbour: with --rounds, each side's fastest
  // run counts (and its largest peak, to be safe on memory).
  let e: EngineResult | undefined;
  let q: SqlResult | undefined;
  let enginePeak = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const er = child<EngineResult>('engine');
    const qr = child<SqlResult>('sqlite');
    enginePeak = Math.max(enginePeak, er.peakRss);
    if (!e || er.ms < e.ms) e = er;
    if (!q || total(qr) < total(q)) q = qr;
  }
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const sqlMs = total(q!);
  const ratio = e!.ms / sqlMs;
  console.log(
    `engine (index + match, streamed): ${s(e!.ms)}; inputs RSS ${MB(e!.inputsRss)}, process peak RSS ${MB(enginePeak)}; auto ${e!.tiers.auto}, suggest ${e!.tiers.suggest}, none ${e!.tiers.none}; applied ${e!.applied}${CLEARED > 0 ? `; ${e!.cleared} items cleared in SAP, ${e!.duplicates} likely duplicates` : ''}`,
  );
  console.log(
    `sqlite (insert 2 x ${N.toLocaleString('en-US')} + index + join count/sum): ${s(sqlMs)} (insert ${s(q!.insertMs)}, index ${s(q!.indexMs)}, join ${s(q!.joinMs)}; keys normalised beforehand in ${s(q!.normaliseMs)}); process peak RSS ${MB(q!.peakRss)}; joined ${q!.n} rows, sum ${q!.total}`,
  );
  console.log(
    `cpu time (all threads): engine ${s(e!.cpuMs)}, sqlite ${s(q!.cpuMs)}: ratio ${(e!.cpuMs / q!.cpuMs).toFixed(2)} (for reference; the goal is on wall time)`,
  );
  console.log(
    `goal speed:  engine / sqlite = ${ratio.toFixed(2)} (goal <= ${GOAL_RATIO}): ${ratio <= GOAL_RATIO ? 'MET' : 'MISSED'}`,
  );
  console.log(
    `goal memory: engine process peak ${MB(enginePeak)} (goal < ${MB(GOAL_PEAK)}): ${enginePeak < GOAL_PEAK ? 'MET' : 'MISSED'}`,
  );
}

const total = (q: SqlResult): number => q.insertMs + q.indexMs + q.joinMs;

const role = flag('role');
if (role === 'engine') process.stdout.write(JSON.stringify(runEngine()));
else if (role === 'sqlite') process.stdout.write(JSON.stringify(runSqlite()));
else main();
