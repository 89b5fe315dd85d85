// Reading SAP's open items at scale (issue 11): the mirror of one company code over RFC against the
// sandbox, every call delayed by a simulated round trip, into a real SQLite store through the
// sync's own mirror (electron/core/sync/mirror.ts):
//   full   the first run: KNB1/KNA1 and BSID in pages over the pool, written page by page;
//   delta  the next day after 1% of the items changed (new invoices, payments clearing items,
//          FB02 changes) and 1% of the customers (XD02): by CPUDT, BKPF-AEDAT, BSAD-AUGDT, CDHDR;
//   totals the reconciliation's count and sum per currency (a narrow read of BSID);
//   bapi   for comparison, BAPI_AR_ACC_GETOPENITEMS with SECINDEX per customer over the pool, on a
//          sample of customers, extrapolated to all (one call per customer).
// Each is printed with the calls it made and its latency bound, calls x latency / pool size: the
// least time those calls can take on that pool. Peak memory is the bench process's heap above what
// the sandbox ledger itself holds, and its RSS (see measured()). The mirror is checked against
// the ledger after each run (count and sum per currency, and every key). Never fails on time.
//   npm run bench -- openitems [--customers 20000] [--items 200000] [--latency 50] [--pool 8]
//                              [--page-bytes 1000000] [--bapi-sample 400] [--seed 1] [--live-heap-every MS]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { connectionParameters } from '../../electron/connectors/sap/rfc/connection';
import { createRfcSapSystem } from '../../electron/connectors/sap/rfc/rfc-system';
import { sapErpSystem } from '../../electron/connectors/sap/erp';
import { mapLimit } from '../../electron/core/concurrency';
import { mirrorCompanyCode } from '../../electron/core/sync/mirror';
import { createSandboxRfc } from '../../electron/sandbox/sap/rfc';
import type { SapLedger } from '../../electron/sandbox/sap/ledger';
import { migrate, openStore } from '../../electron/store';
import { testAuditKeys } from '../support/audit-key';
import { kunnrOf, random, scaleLedger } from '../support/sap-scale';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const CUSTOMERS = Number(flag('customers', '20000'));
const ITEMS = Number(flag('items', '200000'));
const LATENCY_MS = Number(flag('latency', '50'));
const POOL = Number(flag('pool', '8'));
const PAGE_BYTES = Number(flag('page-bytes', '1000000'));
const BAPI_SAMPLE = Math.min(CUSTOMERS, Number(flag('bapi-sample', '400')));
const SEED = Number(flag('seed', '1'));
const LIVE_EVERY_MS = Number(flag('live-heap-every', '0'));
const COMPANY = '1000';
const USERS = { CLEARDESK: 'sandbox' };
const CONNECTION = connectionParameters(
  { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK' },
  USERS.CLEARDESK,
);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Peak memory while `work` runs: the process's RSS and heap sampled every 20 ms. With
 * --live-heap-every MS, a full GC runs every MS first, so the heap figure is what the run holds
 * live (garbage not counted); those GCs of the large sandbox heap then dominate the seconds, so
 * time and live memory are measured in separate runs.
 */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; heap: number; rss: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let heap = 0;
  let rss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    if (!LIVE_EVERY_MS) heap = Math.max(heap, m.heapUsed - base);
  };
  const timers = [setInterval(sample, 20)];
  if (LIVE_EVERY_MS)
    timers.push(
      setInterval(() => {
        gc();
        heap = Math.max(heap, process.memoryUsage().heapUsed - base);
      }, LIVE_EVERY_MS),
    );
  const started = performance.now();
  try {
    const value = await work();
    sample();
    return { value, seconds: (performance.now() - started) / 1000, heap, rss };
  } finally {
    for (const t of timers) clearInterval(t);
  }
}

interface Totals {
  [currency: string]: { count: number; sumMinor: number };
}

function ledgerTotals(ledger: SapLedger): Totals {
  const t: Totals = {};
  for (const x of ledger.customerItems({ BUKRS: COMPANY, state: 'open' })) {
    const c = (t[x.line.WRBTR.currency] ??= { count: 0, sumMinor: 0 });
    c.count += 1;
    c.sumMinor += x.line.SHKZG === 'H' ? -x.line.WRBTR.minor : x.line.WRBTR.minor;
  }
  return t;
}

const asTotals = (rows: readonly { currency: string; count: number; sumMinor: number }[]): Totals =>
  Object.fromEntries(rows.map((r) => [r.currency, { count: r.count, sumMinor: r.sumMinor }]));

/** The same counts and sums per currency, in any order. */
const same = (a: Totals, b: Totals): boolean => {
  const text = (t: Totals) =>
    Object.keys(t)
      .sort()
      .map((c) => `${c}:${t[c]!.count}:${t[c]!.sumMinor}`)
      .join(',');
  return text(a) === text(b);
};

const mb = (b: number) => `${(b / 1024 ** 2).toFixed(0)} MB`;

async function main() {
  const cpu = cpus();
  console.log('Open items at scale: the SAP mirror over RFC (sandbox ECC) into SQLite');
  console.log(`machine: ${cpu.length} x ${cpu[0]?.model?.trim() ?? 'unknown CPU'}, node ${process.version}`);
  console.log(
    `scale: ${CUSTOMERS} customers, ${ITEMS} open items in company code ${COMPANY}; ${LATENCY_MS} ms per RFC call; pool ${POOL}; pages of ~${PAGE_BYTES} characters`,
  );
  let now = new Date('2026-12-01T05:00:00Z');
  const clock = { now: () => now };
  const built = performance.now();
  const ledger = scaleLedger({ customers: CUSTOMERS, openItems: ITEMS, companyCode: COMPANY, seed: SEED }, () => now);
  console.log(`sandbox ledger built in ${((performance.now() - built) / 1000).toFixed(1)} s\n`);

  const rfc = createSandboxRfc(ledger, { users: USERS, latencyMs: 0 });
  const sap = createRfcSapSystem(rfc, CONNECTION, { poolSize: POOL, mirror: { pageBytes: PAGE_BYTES } });
  const erp = sapErpSystem(sap, 'sandbox');
  const mirror = erp.mirror!;
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-openitems-bench-'));
  const store = await openStore({ kind: 'sqlite', file: join(dir, 'bench.sqlite') }, { auditKeys: testAuditKeys() });
  let calls = 0;
  let inFlight = 0;
  let peak = 0;
  rfc.faults.hooks = {
    beforeCall: () => {
      calls += 1;
      peak = Math.max(peak, ++inFlight);
    },
    afterCall: () => {
      inFlight -= 1;
    },
  };
  const rows: string[][] = [];
  const row = (what: string, r: { seconds: number; heap: number; rss: number }, n: number, note: string) => {
    const bound = (n * LATENCY_MS) / 1000 / POOL;
    rows.push([
      what,
      String(n),
      r.seconds.toFixed(1),
      bound.toFixed(1),
      `${(r.seconds / bound).toFixed(2)}x`,
      String(peak),
      mb(r.heap),
      mb(r.rss),
      note,
    ]);
  };
  try {
    await migrate(store);
    // Open the pool's sessions first (logons are not what is measured).
    await Promise.all(Array.from({ length: POOL }, () => sap.findDocumentByReference(COMPANY, 'WARMUP')));
    rfc.faults.latencyMs = LATENCY_MS;

    // Full mirror.
    calls = 0;
    peak = 0;
    const full = await measured(() => mirrorCompanyCode(store.repos, mirror, COMPANY, clock));
    const fullOk = same(asTotals(await store.repos.masterData.openItemTotals(COMPANY)), ledgerTotals(ledger));
    row('full mirror', full, calls, `${full.value.openItems} items, ${fullOk ? 'equal to SAP' : 'DIFFERS FROM SAP'}`);

    // 1% changed over the next day.
    now = new Date('2026-12-02T05:00:00Z');
    const r = random(SEED + 1);
    const open = ledger.customerItems({ BUKRS: COMPANY, state: 'open' });
    const changedItems = Math.round(ITEMS / 100);
    const fresh = Math.round(changedItems / 2);
    const cleared = Math.round(changedItems * 0.4);
    const edited = changedItems - fresh - cleared;
    ledger.loadInvoices(
      Array.from({ length: fresh }, (_, i) => ({
        BUKRS: COMPANY,
        KUNNR: kunnrOf(Math.floor(r() * CUSTOMERS)),
        WAERS: 'USD',
        minor: 100 + Math.floor(r() * 100_000),
        BUDAT: '20261201',
        CPUDT: '20261201',
        XBLNR: `NEW${i}`,
      })),
    );
    const picks = new Set<number>();
    while (picks.size < cleared + edited) picks.add(Math.floor(r() * open.length));
    const chosen = [...picks].map((i) => open[i]!);
    const key = (x: (typeof open)[number]) => ({ ...x.doc.header, BUZEI: x.line.BUZEI });
    ledger.clearInFull(chosen.slice(0, cleared).map(key), '20261201');
    for (const x of chosen.slice(cleared)) ledger.changeItem(key(x), { ZUONR: `FB02-${x.doc.header.BELNR}` });
    const changedCustomers = Math.round(CUSTOMERS / 100);
    for (let i = 0; i < changedCustomers; i++)
      ledger.changeCustomer(kunnrOf(Math.floor(r() * CUSTOMERS)), { NAME1: `Renamed ${i}` }, undefined, now);

    calls = 0;
    peak = 0;
    const delta = await measured(() =>
      mirrorCompanyCode(store.repos, mirror, COMPANY, clock, { reconcileEveryDays: 30 }),
    );
    const deltaOk = same(asTotals(await store.repos.masterData.openItemTotals(COMPANY)), ledgerTotals(ledger));
    row(
      'delta after 1%',
      delta,
      calls,
      `${fresh} new, ${cleared} cleared, ${edited} changed items, ${changedCustomers} customers; ${deltaOk ? 'equal to SAP' : 'DIFFERS FROM SAP'}`,
    );

    calls = 0;
    peak = 0;
    const totals = await measured(() => mirror.openItemTotals(COMPANY));
    const totalsOk = same(asTotals(totals.value), ledgerTotals(ledger));
    row('reconciliation totals', totals, calls, totalsOk ? 'equal to the ledger' : 'DIFFERS');

    // The BAPI route on a sample of customers, then extrapolated.
    calls = 0;
    peak = 0;
    const sample = Array.from({ length: BAPI_SAMPLE }, (_, i) => kunnrOf(Math.floor((i * CUSTOMERS) / BAPI_SAMPLE)));
    const bapi = await measured(() => mapLimit(sample, POOL, (k) => sap.getOpenItems(COMPANY, k, '2026-12-02')));
    const bapiItems = bapi.value.reduce((n, items) => n + items.length, 0);
    row(`BAPI x ${BAPI_SAMPLE} customers`, bapi, calls, `${bapiItems} items (SECINDEX)`);
    const perCustomer = bapi.seconds / BAPI_SAMPLE;
    rows.push([
      `BAPI, all ${CUSTOMERS} (extrapolated)`,
      String(Math.round((calls / BAPI_SAMPLE) * CUSTOMERS)),
      (perCustomer * CUSTOMERS).toFixed(0),
      (((calls / BAPI_SAMPLE) * CUSTOMERS * LATENCY_MS) / 1000 / POOL).toFixed(0),
      '',
      '',
      '',
      '',
      'one call per customer',
    ]);
  } finally {
    rfc.faults.latencyMs = 0;
    rfc.faults.hooks = {};
    await sap.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const head = [
    'run',
    'calls',
    'seconds',
    'bound s',
    'of bound',
    'peak in flight',
    LIVE_EVERY_MS ? 'peak live heap' : 'peak heap',
    'peak RSS',
    '',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log(
    `\nbound = calls x ${LATENCY_MS} ms / pool ${POOL}. ${LIVE_EVERY_MS ? `Peak live heap: above the heap before the run, after a full GC every ${LIVE_EVERY_MS} ms (seconds include those GCs)` : 'Peak heap: heapUsed above the heap before the run, garbage not yet collected included (--live-heap-every MS for the live figure)'}; the sandbox ledger lives in this process and is not counted; peak RSS includes it.`,
  );
  console.log(
    `goals (issue 11, at 100,000 customers / 1,000,000 items): full mirror within 2x its bound; delta under 30 s.`,
  );
}

await main();
