// SAP posting throughput over RFC: documents per second for RFC pools of 1, 4 and 8 connections,
// against the sandbox with a simulated round trip per call, two ways:
// (a) straight through SapSystem.postDocument: BAPI_ACC_DOCUMENT_POST + BAPI_TRANSACTION_COMMIT on
//     one pooled session, two round trips, so the ideal is connections / (2 x latency);
// (b) through the Poster with a store, as ClearDesk posts: each reference is first looked up in
//     SAP (SAP is the truth), in one BKPF read per hundred for the whole run, then posted; the
//     ideal counts every call made (lookups included): calls x latency / connections.
// Every document is then counted in the ledger (BKPF by XBLNR) to show it was posted exactly
// once. Never fails on time.
//   npx tsx test/bench/posting.bench.ts [--docs 200] [--latency 150] [--pools 1,4,8] [--seed 1]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Poster } from '../../electron/core/posting/poster';
import { migrate, openStore } from '../../electron/store';
import { testAuditKeys } from '../support/audit-key';
import { payment } from '../support/payments';
import { connectionParameters } from '../../electron/connectors/sap/rfc/connection';
import { createRfcSapSystem } from '../../electron/connectors/sap/rfc/rfc-system';
import type { PostResult } from '../../electron/connectors/sap/types';
import { demoSeed } from '../../electron/sandbox/sap/demo-seed';
import { SapLedger } from '../../electron/sandbox/sap/ledger';
import { createSandboxRfc } from '../../electron/sandbox/sap/rfc';
import { seedLedger } from '../../electron/sandbox/sap/seed';
import type { OpenItem } from '../../shared/domain';
import { type FiDocument, buildFiDocument, parseGlRules, postingReference } from '../../shared/posting';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const DOCS = Number(flag('docs', '200'));
const LATENCY_MS = Number(flag('latency', '150'));
const POOLS = flag('pools', '1,4,8').split(',').map(Number);
const SEED = Number(flag('seed', '1'));
const GOAL = 0.8; // of ideal, at the largest pool
const CALLS_PER_DOC = 2; // BAPI_ACC_DOCUMENT_POST + BAPI_TRANSACTION_COMMIT

const COMPANY = '1000';
const USERS = { CLEARDESK: 'sandbox' };
const CONNECTION = connectionParameters(
  { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK' },
  USERS.CLEARDESK,
);
const rules = parseGlRules(JSON.parse(readFileSync(new URL('../../resources/gl-rules.json', import.meta.url), 'utf8')));
const today = new Date().toISOString().slice(0, 10);

interface Run {
  pool: number;
  seconds: number;
  docsPerSecond: number;
  ideal: number;
  failed: string[];
  connections: number;
  peakConcurrent: number;
  callsPerConnection: [number, number];
  duplicates: number;
  missing: number;
  extra: number;
}

/** One payment per document, each settling one of the seed's open items in full (on account with its assignment). */
function documents(items: readonly OpenItem[], firstTransaction: number): FiDocument[] {
  return Array.from({ length: DOCS }, (_, i) => {
    const item = items[i % items.length]!;
    const transactionId = firstTransaction + i;
    return buildFiDocument(
      {
        kind: 'payment',
        companyCode: COMPANY,
        documentDate: today,
        postingDate: today,
        reference: postingReference(transactionId, 'payment'),
        customer: item.customer,
        amount: item.amount,
        items: [{ assignment: item.assignment, reference: item.reference, amount: item.amount }],
        source: { transactionId, invoiceId: item.reference, paymentMethod: 'visa' },
      },
      { rules },
    );
  });
}

async function run(poolSize: number): Promise<Run> {
  // A fresh ledger per pool size, so every run starts from the same state.
  const ledger = new SapLedger();
  seedLedger(ledger, demoSeed(SEED));
  const rfc = createSandboxRfc(ledger, { users: USERS, latencyMs: 0 });
  const sap = createRfcSapSystem(rfc, CONNECTION, { poolSize, today: () => today });
  try {
    // Setup without latency: the open items to pay, and the pool's connections opened (one
    // operation per connection at once, so the pool opens poolSize and keeps them all).
    const items = (await sap.getOpenItems(COMPANY)).filter((i) => i.amount.minor > 0);
    if (items.length === 0) throw new Error(`the demo seed has no open items in company code ${COMPANY}`);
    const docs = documents(items, 700_000_000 + poolSize * 10_000);
    await Promise.all(Array.from({ length: poolSize }, () => sap.findDocumentByReference(COMPANY, 'WARMUP')));

    // Who is on the "server" at once, and on how many sessions.
    let inFlight = 0;
    let peakConcurrent = 0;
    const callsByClient = new Map<number, number>();
    rfc.faults.hooks = {
      beforeCall: ({ clientId }) => {
        callsByClient.set(clientId, (callsByClient.get(clientId) ?? 0) + 1);
        peakConcurrent = Math.max(peakConcurrent, ++inFlight);
      },
      afterCall: () => {
        inFlight--;
      },
    };
    rfc.faults.latencyMs = LATENCY_MS;
    const started = performance.now();
    const results = await Promise.all(
      docs.map((d) =>
        sap.postDocument(d).catch((e: unknown): PostResult => ({
          ok: false,
          messages: [{ TYPE: 'E', ID: 'BENCH', NUMBER: '000', MESSAGE: String(e) }],
        })),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    rfc.faults.latencyMs = 0;
    rfc.faults.hooks = {};

    const failed = results.flatMap((r, i) =>
      r.ok
        ? []
        : [
            `${docs[i]!.DOCUMENTHEADER.REF_DOC_NO}: ${r.messages.map((m) => `${m.TYPE} ${m.ID} ${m.NUMBER} ${m.MESSAGE}`).join('; ')}`,
          ],
    );

    // Exactly once: each reference is on exactly one BKPF in the company code, and nothing else was posted.
    const wanted = new Set(docs.map((d) => d.DOCUMENTHEADER.REF_DOC_NO));
    const count = new Map<string, number>();
    for (const { header } of ledger.documents.values()) {
      if (header.BUKRS === COMPANY && header.XBLNR.startsWith('PT'))
        count.set(header.XBLNR, (count.get(header.XBLNR) ?? 0) + 1);
    }
    const calls = [...callsByClient.values()];
    return {
      pool: poolSize,
      seconds,
      docsPerSecond: DOCS / seconds,
      ideal: poolSize / ((CALLS_PER_DOC * LATENCY_MS) / 1000),
      failed,
      connections: callsByClient.size,
      peakConcurrent,
      callsPerConnection: [Math.min(...calls), Math.max(...calls)],
      duplicates: [...count.values()].filter((n) => n > 1).length,
      missing: [...wanted].filter((r) => !count.has(r)).length,
      extra: [...count.keys()].filter((r) => !wanted.has(r)).length,
    };
  } finally {
    await sap.close();
  }
}

interface PosterRun {
  pool: number;
  seconds: number;
  calls: number;
  lookups: number;
  /** The least time the calls made could take on `pool` sessions. */
  idealSeconds: number;
  posted: number;
  duplicates: number;
}

/** (b): DOCS approved payments posted by the Poster over a SQLite store, references looked up ahead. */
async function runPoster(poolSize: number): Promise<PosterRun> {
  const ledger = new SapLedger();
  seedLedger(ledger, demoSeed(SEED));
  const rfc = createSandboxRfc(ledger, { users: USERS, latencyMs: 0 });
  const sap = createRfcSapSystem(rfc, CONNECTION, { poolSize, today: () => today });
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-posting-bench-'));
  const store = await openStore({ kind: 'sqlite', file: join(dir, 'bench.sqlite') }, { auditKeys: testAuditKeys() });
  try {
    await migrate(store);
    const items = (await sap.getOpenItems(COMPANY)).filter((i) => i.amount.minor > 0);
    const docs = documents(items, 800_000_000 + poolSize * 10_000);
    const ids = docs.map((_, i) => 800_000_000 + poolSize * 10_000 + i);
    const now = new Date().toISOString();
    await store.repos.payments.ingest(
      ids.map((id) => payment(id, { status: 'settled', batch: 1 })),
      now,
    );
    for (const id of ids)
      await store.repos.payments.transition(id, {
        event: 'approved',
        actor: 'bench',
        action: 'proposal.approved',
        at: now,
      });
    const poster = new Poster(store.repos, sap, { now: () => new Date() });
    await Promise.all(Array.from({ length: poolSize }, () => sap.findDocumentByReference(COMPANY, 'WARMUP')));

    let calls = 0;
    let lookups = 0;
    rfc.faults.hooks = {
      beforeCall: ({ rfm, params }) => {
        calls++;
        if (rfm === 'RFC_READ_TABLE' && params.QUERY_TABLE === 'BKPF') lookups++;
      },
    };
    rfc.faults.latencyMs = LATENCY_MS;
    const started = performance.now();
    await poster.lookAhead(docs.map((d) => ({ companyCode: COMPANY, reference: d.DOCUMENTHEADER.REF_DOC_NO })));
    const rows = await Promise.all(
      docs.map((document, i) =>
        poster.post({ transactionId: ids[i]!, event: 'payment', document, approvedBy: 'bench' }).catch(() => null),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    rfc.faults.latencyMs = 0;
    rfc.faults.hooks = {};
    const count = new Map<string, number>();
    for (const { header } of ledger.documents.values())
      if (header.XBLNR.startsWith('PT')) count.set(header.XBLNR, (count.get(header.XBLNR) ?? 0) + 1);
    return {
      pool: poolSize,
      seconds,
      calls,
      lookups,
      idealSeconds: (calls * LATENCY_MS) / 1000 / poolSize,
      posted: rows.filter((r) => r?.state === 'posted').length,
      duplicates: [...count.values()].filter((n) => n > 1).length,
    };
  } finally {
    await sap.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The sandbox on its own: one call on each of N sessions at once takes one round trip, not N. */
async function sessionsInParallel(n: number): Promise<number> {
  const ledger = new SapLedger();
  const rfc = createSandboxRfc(ledger, { users: USERS, latencyMs: 0 });
  const clients = await Promise.all(Array.from({ length: n }, () => new rfc.Client(CONNECTION).open()));
  rfc.faults.latencyMs = LATENCY_MS;
  const started = performance.now();
  await Promise.all(clients.map((c) => c.call('RFC_PING', {})));
  const ms = performance.now() - started;
  await Promise.all(clients.map((c) => c.close()));
  return ms;
}

const cpu = cpus();
console.log('SAP posting throughput (RFC transport, sandbox ECC)');
console.log(
  `machine: ${cpu.length} x ${cpu[0]?.model?.trim() ?? 'unknown CPU'}, node ${process.version}, ${process.platform}/${process.arch}`,
);
console.log(
  `${DOCS} documents per pool size, posted all at once through SapSystem.postDocument; ${LATENCY_MS} ms round trip per RFC call, ${CALLS_PER_DOC} calls per document (BAPI_ACC_DOCUMENT_POST + BAPI_TRANSACTION_COMMIT on one session)`,
);
console.log(
  `ideal = connections / (${CALLS_PER_DOC} x ${LATENCY_MS} ms); goal >= ${GOAL * 100}% of ideal at ${Math.max(...POOLS)} connections\n`,
);

const parallelMs = await sessionsInParallel(8);
console.log(
  `sandbox check: 1 RFC_PING on each of 8 sessions at once took ${parallelMs.toFixed(0)} ms (one round trip ${LATENCY_MS} ms; serialised would be ${8 * LATENCY_MS} ms)\n`,
);

const runs: Run[] = [];
const header = [
  'pool',
  'docs',
  'seconds',
  'docs/s',
  'ideal/s',
  '% ideal',
  'sessions',
  'peak calls',
  'calls/session',
  'failed',
  'in SAP once',
];
const widths = [4, 5, 8, 7, 7, 7, 8, 10, 13, 6, 11];
const row = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
console.log(row(header));
for (const poolSize of POOLS) {
  const r = await run(poolSize);
  runs.push(r);
  const once =
    r.duplicates === 0 && r.missing === 0 && r.extra === 0
      ? `${DOCS}/${DOCS}`
      : `NO (${r.duplicates} dup, ${r.missing} missing, ${r.extra} extra)`;
  console.log(
    row([
      String(r.pool),
      String(DOCS),
      r.seconds.toFixed(2),
      r.docsPerSecond.toFixed(2),
      r.ideal.toFixed(2),
      `${((100 * r.docsPerSecond) / r.ideal).toFixed(1)}%`,
      String(r.connections),
      String(r.peakConcurrent),
      `${r.callsPerConnection[0]}-${r.callsPerConnection[1]}`,
      String(r.failed.length),
      once,
    ]),
  );
}

console.log('');
for (const r of runs) for (const f of r.failed.slice(0, 5)) console.log(`  pool ${r.pool} failed: ${f}`);
const top = runs.find((r) => r.pool === Math.max(...POOLS));
if (top) {
  const pct = top.docsPerSecond / top.ideal;
  console.log(
    `goal: ${(pct * 100).toFixed(1)}% of ideal at ${top.pool} connections — ${pct >= GOAL ? 'met' : 'NOT met'} (>= ${GOAL * 100}%)`,
  );
}
const allOnce = runs.every((r) => r.duplicates === 0 && r.missing === 0 && r.extra === 0 && r.failed.length === 0);
console.log(
  `exactly once: ${allOnce ? `every document of every run is on exactly one BKPF (counted by XBLNR in company code ${COMPANY})` : 'NOT for every run (see the table)'}`,
);

console.log(
  `\n(b) through the Poster, as ClearDesk posts: ${DOCS} approved payments, each reference looked up in SAP before its first send`,
);
console.log(
  '    (one BKPF read per hundred references for the whole run), then posted; ideal = calls made x latency / connections\n',
);
const bHeader = [
  'pool',
  'docs',
  'seconds',
  'docs/s',
  'calls',
  'lookups',
  'ideal s',
  '% ideal',
  'posted',
  'in SAP once',
];
const bWidths = [4, 5, 8, 7, 6, 7, 8, 7, 6, 11];
const bRow = (cells: string[]): string => cells.map((c, i) => c.padStart(bWidths[i]!)).join('  ');
console.log(bRow(bHeader));
const posterRuns: PosterRun[] = [];
for (const poolSize of POOLS) {
  const r = await runPoster(poolSize);
  posterRuns.push(r);
  console.log(
    bRow([
      String(r.pool),
      String(DOCS),
      r.seconds.toFixed(2),
      (DOCS / r.seconds).toFixed(2),
      String(r.calls),
      String(r.lookups),
      r.idealSeconds.toFixed(2),
      `${((100 * r.idealSeconds) / r.seconds).toFixed(1)}%`,
      String(r.posted),
      r.duplicates === 0 && r.posted === DOCS ? `${DOCS}/${DOCS}` : `NO (${r.duplicates} dup)`,
    ]),
  );
}
const bTop = posterRuns.find((r) => r.pool === Math.max(...POOLS));
if (bTop) {
  const pct = bTop.idealSeconds / bTop.seconds;
  console.log(
    `\ngoal (b): ${(pct * 100).toFixed(1)}% of the ideal for the calls made at ${bTop.pool} connections, lookups included — ${pct >= GOAL ? 'met' : 'NOT met'} (>= ${GOAL * 100}%)`,
  );
}
