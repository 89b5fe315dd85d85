// Matching at scale: N PayTrace transactions against N SAP open items, next to an indexed
// SQLite join on the same normalised keys measured in the same run. Never fails on time.
//   npx tsx test/bench/matching.bench.ts [--n 1000000]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { OpenItem } from '../../shared/domain';
import { type MatchableTransaction, matchPayments, normaliseReference, preparePrefixes, DEFAULT_RULES } from '../../shared/matching';
import type { Customer } from '../../shared/domain';

const arg = process.argv.indexOf('--n');
const N = arg > 0 ? Number(process.argv[arg + 1]) : 1_000_000;
const MB = (b: number): string => `${(b / 1048576).toFixed(0)} MB`;

// RSS is process-wide, so a worker can sample it while the main thread is busy matching.
const sampler = new Worker(
  `const { parentPort } = require('node:worker_threads');
   let peak = 0;
   setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 10).unref();
   parentPort.on('message', () => { parentPort.postMessage(peak); peak = 0; });`,
  { eval: true },
);
const peakSince = (): Promise<number> => new Promise((resolve) => {
  sampler.once('message', (v: number) => resolve(Math.max(v, process.memoryUsage.rss())));
  sampler.postMessage('peak');
});

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
      customers.push({ source: { KUNNR: kunnr, BUKRS: '1000' }, name: `Customer ${i / 10}`, vaultIds: [vaultOf.get(kunnr)!] });
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

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`matching bench: N = ${N.toLocaleString('en-US')} transactions x ${N.toLocaleString('en-US')} open items`);
  console.log(`machine: ${cpu.length} x ${cpu[0]?.model ?? '?'}, ${MB(totalmem())} RAM, node ${process.version}, ${process.platform}/${process.arch}`);
  const { items, txs, customers } = build();
  const rssInputs = process.memoryUsage.rss();
  await peakSince();

  let t = performance.now();
  let proposals = matchPayments({ transactions: txs, openItems: items, customers });
  const engineMs = performance.now() - t;
  const enginePeak = await peakSince();
  const tiers = { auto: 0, suggest: 0, none: 0 };
  for (const p of proposals) tiers[p.tier]++;
  proposals = [];

  // Baseline: the same normalised keys joined in SQLite (file DB, WAL, index on the open items' key).
  const prefixes = preparePrefixes(DEFAULT_RULES.referencePrefixes);
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-bench-'));
  let sqlMs = 0;
  let joined = { n: 0, total: 0 };
  try {
    const db = new Database(join(dir, 'bench.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE items (key TEXT NOT NULL, amount INTEGER NOT NULL) STRICT; CREATE TABLE txs (key TEXT NOT NULL, amount INTEGER NOT NULL) STRICT;');
    t = performance.now();
    const insItem = db.prepare('INSERT INTO items VALUES (?, ?)');
    const insTx = db.prepare('INSERT INTO txs VALUES (?, ?)');
    db.transaction(() => {
      for (const it of items) insItem.run(normaliseReference(it.reference, prefixes), it.amount.minor);
      for (const tx of txs) insTx.run(normaliseReference(tx.invoiceId, prefixes), tx.amount.minor);
    })();
    db.exec('CREATE INDEX items_key ON items(key)');
    joined = db.prepare('SELECT count(*) AS n, coalesce(sum(i.amount), 0) AS total FROM txs t JOIN items i ON i.key = t.key').get() as { n: number; total: number };
    sqlMs = performance.now() - t;
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const sqlPeak = await peakSince();
  await sampler.terminate();

  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  console.log(`inputs built:          RSS ${MB(rssInputs)}`);
  console.log(`engine (index + match): ${s(engineMs)}, peak RSS ${MB(enginePeak)}; auto ${tiers.auto}, suggest ${tiers.suggest}, none ${tiers.none}`);
  console.log(`sqlite (insert + index + join count/sum): ${s(sqlMs)}, peak RSS ${MB(sqlPeak)}; joined ${joined.n} rows, sum ${joined.total}`);
  console.log(`ratio engine / sqlite: ${(engineMs / sqlMs).toFixed(2)} (goal <= 3); engine peak ${enginePeak < 1.5 * 1024 ** 3 ? 'under' : 'OVER'} 1.5 GB`);
}

await main();
