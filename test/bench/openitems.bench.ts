// Reading SAP's open items at scale (issue 11): the mirror of one company code over RFC against the
// sandbox, every call delayed by a simulated round trip, into a real SQLite store through the
// sync's own mirror (electron/core/sync/mirror.ts). SAP runs in a process of its own
// (support/openitems-sap.ts: the sandbox ledger behind the sandbox's RFC server on loopback), as it
// is another machine: its ledger and its simulated database work are not ClearDesk's memory or CPU.
//   full   the first run: KNB1/KNA1 and BSID in pages over the pool, written page by page, then BSAD
//          cleared within the cleared-items look-back (90 days, by AUGDT), kept as cleared items; before
//          it SAP posted and cleared --cleared-history (default 0.1) x items invoices more over 240 days;
//   bsad   that BSAD-in-look-back part of the full read alone (its calls and seconds), run again;
//   delta  the next day after 1% of the items changed (new invoices, payments clearing items,
//          FB02 changes) and 1% of the customers (XD02): by CPUDT, BKPF-AEDAT, BSAD-AUGDT, CDHDR;
//   totals the reconciliation's count and sum per currency (a narrow read of BSID);
//   bapi   for comparison, BAPI_AR_ACC_GETOPENITEMS with SECINDEX per customer over the pool, on a
//          sample of customers, extrapolated to all (one call per customer);
//   floor  the open items the full mirror wrote, written again by the same writer into an empty store, only
//          the writes timed: what the full mirror cannot go below on this machine, whatever its latency bound.
// Each is printed with the calls it made and its latency bound, calls x latency / pool size: the
// least time those calls can take on that pool. Peak memory is ClearDesk's process (heap above
// where the run started, and RSS); the SAP process's RSS is printed beside it. The mirror is
// checked against the ledger after each run (count and sum per currency). Never fails on time.
//   npm run bench -- openitems [--customers 20000] [--items 200000] [--latency 50] [--pool 8]
//                              [--page-bytes 1000000] [--bapi-sample 400] [--seed 1] [--live-heap-every MS]
//                              [--sap-heap-mb 12000] [--cleared-history 0.1]
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { connectionParameters } from '../../electron/connectors/sap/rfc/connection';
import { createRfcSapSystem } from '../../electron/connectors/sap/rfc/rfc-system';
import { sapErpSystem } from '../../electron/connectors/sap/erp';
import { mapLimit } from '../../electron/core/concurrency';
import { keepClearedItems, mirrorCompanyCode } from '../../electron/core/sync/mirror';
import { CLEARED_LOOKBACK_DAYS, clearedLookbackDay } from '../../shared/matching';
import { createRemoteRfc } from '../../electron/sandbox/sap/rfc/remote';
import { sql } from 'kysely';
import { migrate, openStore, type Store } from '../../electron/store';
import { openItemFromRow } from '../../electron/store/rows';
import type { OpenItemsTable } from '../../electron/store/schema';
import { testAuditKeys } from '../support/audit-key';
import { kunnrOf } from '../support/sap-scale';
import type { DayOfChanges, SapMessage, SapRequest, Totals } from './support/openitems-sap';

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
const SAP_HEAP_MB = Number(flag('sap-heap-mb', '12000'));
const CLEARED_HISTORY = Number(flag('cleared-history', '0.1'));
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
async function measured<T>(
  work: () => Promise<T>,
): Promise<{ value: T; seconds: number; cpu: number; heap: number; rss: number }> {
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
  const cpu = process.cpuUsage();
  try {
    const value = await work();
    sample();
    const used = process.cpuUsage(cpu);
    return { value, seconds: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6, heap, rss };
  } finally {
    for (const t of timers) clearInterval(t);
  }
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

/** The SAP process (support/openitems-sap.ts): started, asked, stopped. */
class SapProcess {
  private next = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly builtSeconds: number,
  ) {
    child.on('message', (m: SapMessage) => {
      if (!('id' in m)) return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if ('error' in m) w?.reject(new Error(`SAP process: ${m.error}`));
      else w?.resolve(m.value);
    });
  }

  static start(): Promise<SapProcess> {
    const script = join(import.meta.dirname, 'support', 'openitems-sap.ts');
    const child = fork(script, [String(CUSTOMERS), String(ITEMS), String(SEED), COMPANY, 'CLEARDESK'], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${SAP_HEAP_MB}`],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('exit', (code, signal) =>
        reject(new Error(`the SAP process ended (${signal ?? code}) before it was ready`)),
      );
      child.once('message', (m: SapMessage) => {
        if ('ready' in m) resolve(new SapProcess(child, m.ready.port, m.ready.builtSeconds));
      });
    });
  }

  ask<T>(request: SapRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: (v) => resolve(v as T), reject });
      this.child.send({ ...request, id });
    });
  }

  stop(): void {
    this.child.removeAllListeners('exit');
    this.child.disconnect();
  }
}

const FLOOR_PAGE = 5000;

/**
 * What writing the mirrored open items costs the store alone, with nothing to read from SAP: the company code's open
 * items of `from`, in the order the mirror wrote them (rowid), upserted page by page through the mirror's own writer
 * (`masterData.upsertOpenItems`) into a new store at `file`; only the writes are timed. The full mirror cannot be
 * faster than this on the machine that runs it, whatever its latency bound.
 */
async function writeFloor(from: Store, file: string): Promise<{ items: number; seconds: number; cpu: number }> {
  const to = await openStore({ kind: 'sqlite', file }, { auditKeys: testAuditKeys() });
  try {
    await migrate(to);
    let after = 0;
    let items = 0;
    let ms = 0;
    let cpu = 0;
    for (;;) {
      const page = await sql<OpenItemsTable & { rowid: number }>`select rowid, * from open_items
        where rowid > ${after} and company_code = ${COMPANY} and status = 'open' order by rowid limit ${FLOOR_PAGE}`.execute(
        from.db,
      );
      if (page.rows.length === 0) break;
      after = page.rows[page.rows.length - 1]!.rowid;
      const open = page.rows.map(openItemFromRow);
      gc();
      const used = process.cpuUsage();
      const t = performance.now();
      await to.repos.masterData.upsertOpenItems(open, '2026-12-01T05:00:00.000Z');
      ms += performance.now() - t;
      const d = process.cpuUsage(used);
      cpu += (d.user + d.system) / 1e6;
      items += open.length;
    }
    return { items, seconds: ms / 1000, cpu };
  } finally {
    await to.close();
  }
}

async function main() {
  const cpu = cpus();
  console.log('Open items at scale: the SAP mirror over RFC (sandbox ECC) into SQLite');
  console.log(`machine: ${cpu.length} x ${cpu[0]?.model?.trim() ?? 'unknown CPU'}, node ${process.version}`);
  console.log(
    `scale: ${CUSTOMERS} customers, ${ITEMS} open items in company code ${COMPANY}; ${LATENCY_MS} ms per RFC call; pool ${POOL}; pages of ~${PAGE_BYTES} characters`,
  );
  const now = { at: new Date('2026-12-01T05:00:00Z') };
  const clock = { now: () => now.at };
  const sapSide = await SapProcess.start();
  console.log(
    `sandbox ledger built in ${sapSide.builtSeconds.toFixed(1)} s, in its own process, served over RFC on 127.0.0.1:${sapSide.port}\n`,
  );

  const sap = createRfcSapSystem(createRemoteRfc({ port: sapSide.port }), CONNECTION, {
    poolSize: POOL,
    mirror: { pageBytes: PAGE_BYTES },
  });
  const erp = sapErpSystem(sap, 'sandbox');
  const mirror = erp.mirror!;
  const dir = mkdtempSync(join(tmpdir(), 'cleardesk-openitems-bench-'));
  const store = await openStore({ kind: 'sqlite', file: join(dir, 'bench.sqlite') }, { auditKeys: testAuditKeys() });
  const ledgerTotals = () => sapSide.ask<Totals>({ op: 'totals' });
  const rows: string[][] = [];
  let summary = '';
  const row = async (what: string, r: { seconds: number; cpu: number; heap: number; rss: number }, note: string) => {
    const { calls, peak } = await sapSide.ask<{ calls: number; peak: number }>({ op: 'calls' });
    const sapRss = (await sapSide.ask<{ rss: number }>({ op: 'memory' })).rss;
    const bound = (calls * LATENCY_MS) / 1000 / POOL;
    rows.push([
      what,
      String(calls),
      r.seconds.toFixed(1),
      bound.toFixed(1),
      `${(r.seconds / bound).toFixed(2)}x`,
      r.cpu.toFixed(1),
      String(peak),
      mb(r.heap),
      mb(r.rss),
      mb(sapRss),
      note,
    ]);
    return calls;
  };
  try {
    await migrate(store);
    // Open the pool's sessions first (logons are not what is measured).
    await Promise.all(Array.from({ length: POOL }, () => sap.findDocumentByReference(COMPANY, 'WARMUP')));
    await sapSide.ask({ op: 'latency', ms: LATENCY_MS });
    await sapSide.ask({ op: 'calls' });

    // BSAD's history: items SAP cleared before ClearDesk's first run, posted and cleared over the last 240 days.
    const clearedDays = await sapSide.ask<string[]>({ op: 'history', share: CLEARED_HISTORY });
    const from = clearedLookbackDay(now.at, CLEARED_LOOKBACK_DAYS, 'UTC');
    const inLookback = clearedDays.filter((d) => d >= from.replaceAll('-', '')).length;
    await sapSide.ask({ op: 'calls' });

    // Full mirror, BSAD within the look-back included.
    const full = await measured(() => mirrorCompanyCode(store.repos, mirror, COMPANY, clock));
    const fullOk = same(asTotals(await store.repos.masterData.openItemTotals(COMPANY)), await ledgerTotals());
    const fullCalls = await row(
      'full mirror',
      full,
      `${full.value.openItems} items, ${fullOk ? 'equal to SAP' : 'DIFFERS FROM SAP'}; SAP had cleared ${clearedDays.length} more, ${inLookback} of them since ${from}`,
    );

    // The full read's BSAD-in-look-back part alone, as the scheduled full read runs it again (rows held already).
    await sapSide.ask({ op: 'calls' });
    const bsad = await measured(() => keepClearedItems(store.repos, mirror, COMPANY, from, now.at.toISOString()));
    const held = await store.db
      .selectFrom('open_items')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'cleared')
      .where('clearing_date', '>=', from)
      .executeTakeFirstOrThrow();
    await row(
      'BSAD in look-back',
      bsad,
      `${bsad.value} rows since ${from} (items and their clearings' own lines); ${Number(held.n)} held cleared with AUGDT since then`,
    );

    // 1% changed over the next day.
    now.at = new Date('2026-12-02T05:00:00Z');
    const day = await sapSide.ask<DayOfChanges>({ op: 'change', now: now.at.toISOString() });
    await sapSide.ask({ op: 'calls' });
    const delta = await measured(() =>
      mirrorCompanyCode(store.repos, mirror, COMPANY, clock, { reconcileEveryDays: 30 }),
    );
    const deltaOk = same(asTotals(await store.repos.masterData.openItemTotals(COMPANY)), await ledgerTotals());
    await row(
      'delta after 1%',
      delta,
      `${day.fresh} new, ${day.cleared} cleared, ${day.edited} changed items, ${day.customers} customers; ${deltaOk ? 'equal to SAP' : 'DIFFERS FROM SAP'}`,
    );

    await sapSide.ask({ op: 'calls' });
    const totals = await measured(() => mirror.openItemTotals(COMPANY));
    const totalsOk = same(asTotals(totals.value), await ledgerTotals());
    await row('reconciliation totals', totals, totalsOk ? 'equal to the ledger' : 'DIFFERS');

    // The BAPI route on a sample of customers, then extrapolated.
    await sapSide.ask({ op: 'calls' });
    const sample = Array.from({ length: BAPI_SAMPLE }, (_, i) => kunnrOf(Math.floor((i * CUSTOMERS) / BAPI_SAMPLE)));
    const bapi = await measured(() => mapLimit(sample, POOL, (k) => sap.getOpenItems(COMPANY, k, '2026-12-02')));
    const bapiItems = bapi.value.reduce((n, items) => n + items.length, 0);
    const calls = await row(`BAPI x ${BAPI_SAMPLE} customers`, bapi, `${bapiItems} items (SECINDEX)`);
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
      '',
      '',
      'one call per customer',
    ]);
    // The floor: the open items the full mirror wrote, written again by the same writer into an empty store.
    const floor = await writeFloor(store, join(dir, 'floor.sqlite'));
    const twiceBound = (2 * fullCalls * LATENCY_MS) / 1000 / POOL;
    summary = `floor: the store's writes alone took ${floor.seconds.toFixed(1)} s (CPU ${floor.cpu.toFixed(1)} s) of the full mirror's ${full.seconds.toFixed(1)} s; twice the full mirror's bound is ${twiceBound.toFixed(1)} s${floor.seconds > twiceBound ? ': out of reach on this machine with this store, before a row is read' : ''}.`;
    rows.push([
      'store alone (floor)',
      '0',
      floor.seconds.toFixed(1),
      '',
      '',
      floor.cpu.toFixed(1),
      '',
      '',
      '',
      '',
      `the ${floor.items} open items, in the mirror's order, upserted into an empty store in pages of ${FLOOR_PAGE} (reads not counted)`,
    ]);
  } finally {
    await sap.close();
    await store.close();
    sapSide.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const head = [
    'run',
    'calls',
    'seconds',
    'bound s',
    'of bound',
    'CPU s',
    'peak in flight',
    LIVE_EVERY_MS ? 'peak live heap' : 'peak heap',
    'peak RSS',
    'SAP RSS',
    '',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log(
    `\nbound = calls x ${LATENCY_MS} ms / pool ${POOL}. CPU s: ClearDesk's process (user + system), the rest of the seconds it waited for SAP. ${LIVE_EVERY_MS ? `Peak live heap: above the heap before the run, after a full GC every ${LIVE_EVERY_MS} ms (seconds include those GCs)` : 'Peak heap: heapUsed above the heap before the run, garbage not yet collected included (--live-heap-every MS for the live figure)'}; ClearDesk's process only. SAP RSS: the SAP process (the sandbox ledger) after the run.`,
  );
  if (summary) console.log(summary);
  console.log(
    `goals (issue 11, at 100,000 customers / 1,000,000 items): full mirror within 2x its bound; delta under 30 s.`,
  );
}

await main();
