// The SAP side of the open-items bench (test/bench/openitems.bench.ts), in a process of its own as
// SAP is another machine: a sandbox ledger of the bench's size served over the sandbox's RFC
// server on loopback (electron/sandbox/sap/rfc/remote.ts). Its heap (the ledger) and CPU (the
// simulated database) are then not counted against ClearDesk's, and the two run side by side.
// The parent drives it over the IPC channel of child_process.fork:
//   { id, op: 'latency', ms }   every call waits this long (the simulated round trip)
//   { id, op: 'calls' }         calls and peak calls in flight since the last ask (then reset)
//   { id, op: 'totals' }        count and sum per currency of the company code's open items
//   { id, op: 'history', share } before the first run: share x items invoices more, posted over the 240
//                               days before 2026-12-01 and each cleared 0-30 days later (BSAD's history)
//   { id, op: 'change', now }   the next day's 1%: new invoices, clearings, FB02 and XD02 changes
//   { id, op: 'memory' }        this process's heap and RSS
// and it answers { id, value } or { id, error }. argv: customers items seed company user.
import type { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { createSandboxRfc } from '../../../electron/sandbox/sap/rfc';
import { startRemoteRfcServer } from '../../../electron/sandbox/sap/rfc/remote';
import { kunnrOf, random, scaleLedger } from '../../support/sap-scale';

export interface Totals {
  [currency: string]: { count: number; sumMinor: number };
}

export interface DayOfChanges {
  readonly fresh: number;
  readonly cleared: number;
  readonly edited: number;
  readonly customers: number;
}

export type SapRequest =
  | { id: number; op: 'latency'; ms: number }
  | { id: number; op: 'calls' }
  | { id: number; op: 'totals' }
  | { id: number; op: 'history'; share: number }
  | { id: number; op: 'change'; now: string }
  | { id: number; op: 'memory' };

export type SapMessage =
  { ready: { port: number; builtSeconds: number } } | { id: number; value: unknown } | { id: number; error: string };

/** The company code's open customer items as BSID holds them, in the ledger's index order. */
const openItems = (ledger: SapLedger, company: string) =>
  [...ledger.itemsOf(company)].filter((x) => x.line.AUGBL === '' && x.doc.header.BSTAT === '');

function ledgerTotals(ledger: SapLedger, company: string): Totals {
  const t: Totals = {};
  for (const x of openItems(ledger, company)) {
    const c = (t[x.line.WRBTR.currency] ??= { count: 0, sumMinor: 0 });
    c.count += 1;
    c.sumMinor += x.line.SHKZG === 'H' ? -x.line.WRBTR.minor : x.line.WRBTR.minor;
  }
  return t;
}

/** 1% of the items changed over the next day, and 1% of the customers: what a delta must find. */
function changeOnePercent(ledger: SapLedger, company: string, customers: number, items: number, seed: number) {
  const r = random(seed + 1);
  const open = openItems(ledger, company);
  const changedItems = Math.round(items / 100);
  const fresh = Math.round(changedItems / 2);
  const cleared = Math.round(changedItems * 0.4);
  const edited = changedItems - fresh - cleared;
  ledger.loadInvoices(
    Array.from({ length: fresh }, (_, i) => ({
      BUKRS: company,
      KUNNR: kunnrOf(Math.floor(r() * customers)),
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
  const changedCustomers = Math.round(customers / 100);
  return { fresh, cleared, edited, changedCustomers, r };
}

/**
 * BSAD's history before the first run, beside the open items (which stay as they are): `share` x items
 * invoices more, each posted on a day drawn evenly from the 240 days before 2026-12-01 and cleared in full by
 * a clearing of its own 0 to 30 days later (no later than 2026-11-30). Returns the clearing dates (DATS).
 */
function clearHistory(
  ledger: SapLedger,
  company: string,
  customers: number,
  items: number,
  share: number,
  seed: number,
) {
  const r = random(seed + 2);
  const dats = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
  const end = Date.UTC(2026, 11, 1);
  const posted = Array.from({ length: Math.round(items * share) }, (_, i) => {
    const at = end - (1 + Math.floor(r() * 240)) * 86_400_000;
    const cleared = Math.min(end - 86_400_000, at + Math.floor(r() * 31) * 86_400_000);
    return {
      invoice: {
        BUKRS: company,
        KUNNR: kunnrOf(Math.floor(r() * customers)),
        WAERS: 'USD',
        minor: 100 + Math.floor(r() * 100_000),
        BUDAT: dats(at),
        CPUDT: dats(at),
        XBLNR: `PAID${String(i).padStart(9, '0')}`,
      },
      clearedOn: dats(cleared),
    };
  });
  ledger.loadInvoices(posted.map((p) => p.invoice));
  const byReference = new Map(posted.map((p) => [p.invoice.XBLNR, p.clearedOn]));
  for (const x of openItems(ledger, company)) {
    const day = byReference.get(x.doc.header.XBLNR);
    if (day !== undefined) ledger.clearInFull([{ ...x.doc.header, BUZEI: x.line.BUZEI }], day);
  }
  return posted.map((p) => p.clearedOn);
}

async function main(): Promise<void> {
  const [customers, items, seed, company, user] = process.argv.slice(2);
  const size = { customers: Number(customers), items: Number(items), seed: Number(seed) };
  let now = new Date('2026-12-01T05:00:00Z');
  const started = performance.now();
  const ledger = scaleLedger(
    { customers: size.customers, openItems: size.items, companyCode: company!, seed: size.seed },
    () => now,
  );
  const builtSeconds = (performance.now() - started) / 1000;
  const rfc = createSandboxRfc(ledger, { users: { [user!]: 'sandbox' }, latencyMs: 0 });
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
  const server = await startRemoteRfcServer(rfc);
  const send = (m: SapMessage) => process.send!(m);
  process.on('message', (m: SapRequest) => {
    try {
      switch (m.op) {
        case 'latency':
          rfc.faults.latencyMs = m.ms;
          return send({ id: m.id, value: null });
        case 'calls': {
          const value = { calls, peak };
          calls = 0;
          peak = inFlight;
          return send({ id: m.id, value });
        }
        case 'totals':
          return send({ id: m.id, value: ledgerTotals(ledger, company!) });
        case 'history':
          return send({
            id: m.id,
            value: clearHistory(ledger, company!, size.customers, size.items, m.share, size.seed),
          });
        case 'change': {
          now = new Date(m.now);
          const c = changeOnePercent(ledger, company!, size.customers, size.items, size.seed);
          for (let i = 0; i < c.changedCustomers; i++)
            ledger.changeCustomer(
              kunnrOf(Math.floor(c.r() * size.customers)),
              { NAME1: `Renamed ${i}` },
              undefined,
              now,
            );
          const value: DayOfChanges = {
            fresh: c.fresh,
            cleared: c.cleared,
            edited: c.edited,
            customers: c.changedCustomers,
          };
          return send({ id: m.id, value });
        }
        case 'memory': {
          const u = process.memoryUsage();
          return send({ id: m.id, value: { heap: u.heapUsed, rss: u.rss } });
        }
      }
    } catch (e) {
      send({ id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
  process.on('disconnect', () => {
    void server.close().finally(() => process.exit(0));
  });
  send({ ready: { port: server.port, builtSeconds } });
}

await main();
