// The SAP mirror against the sandbox, over RFC (its node-rfc client, RFC_READ_TABLE with its own
// WHERE parser and 512-character rows) and over OData (the Gateway service on a real HTTP port, its
// own $filter parser and server-side paging): every open item and customer read in pages, then only
// what changed (new and changed items, items cleared in BSAD, changed customers), and a
// reconciliation of count and sum that finds and repairs what a delta missed; BSAD within the cleared-items
// look-back read whole, so invoices SAP cleared before the first sync name a second payment (paid through
// the PayTrace simulator) a likely duplicate, the look-back counted from AUGDT. The store is real
// (SQLite and PostgreSQL).
import { afterEach, describe, expect, it } from 'vitest';
import { ODataSapSystem } from '../../../electron/connectors/sap/odata/odata-system';
import { type SapHttpServer, startSapHttp } from '../../../electron/sandbox/sap/http/server';
import { sapErpSystem } from '../../../electron/connectors/sap/erp';
import { connectionParameters } from '../../../electron/connectors/sap/rfc/connection';
import { createRfcSapSystem } from '../../../electron/connectors/sap/rfc/rfc-system';
import { mirrorCompanyCode, mirrorSap } from '../../../electron/core/sync/mirror';
import { runSync } from '../../../electron/core/sync/run';
import { readSyncLog } from '../../../electron/core/sync/log';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { createSandboxRfc } from '../../../electron/sandbox/sap/rfc';
import { DEFAULT_RULES, matchPayments } from '../../../shared/matching';
import { updateSettings } from '../../../electron/core/settings';
import type { OpenItem } from '../../../shared/domain';
import type { MasterDataSource, PaymentGateway } from '../../../shared/ports';
import { payment } from '../../support/payments';
import { payTraceGateway } from '../../../electron/connectors/paytrace';
import { harness } from '../paytrace/helpers';
import { describeEachDialect } from '../../support/store';
import { kunnrOf, scaleLedger } from '../../support/sap-scale';
import { markCleared } from '../../support/store-rows';

const CONNECTION = connectionParameters(
  { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK' },
  'sandbox',
);

function connect(ledger: SapLedger, poolSize = 4, pageBytes = 40_000) {
  const rfc = createSandboxRfc(ledger, { users: { CLEARDESK: 'sandbox' } });
  // Small pages by default, so a few thousand items take many reads.
  const sap = createRfcSapSystem(rfc, CONNECTION, { poolSize, mirror: { pageBytes } });
  let calls = 0;
  let inFlight = 0;
  let peak = 0;
  const reads: number[] = [];
  // Of each table, how many reads with different conditions (OPTIONS) were in flight at once, at most: the field
  // groups of one read (rows wider than 512 bytes) share theirs.
  const tableInFlight = new Map<string, Map<string, number>>();
  const tablePeak = new Map<string, number>();
  const readOf = (rfm: string, params: Record<string, unknown>) =>
    rfm === 'RFC_READ_TABLE'
      ? { table: String(params.QUERY_TABLE ?? ''), where: JSON.stringify(params.OPTIONS ?? []) }
      : null;
  rfc.faults.hooks = {
    beforeCall: ({ rfm, params }) => {
      calls += 1;
      peak = Math.max(peak, ++inFlight);
      if (rfm === 'RFC_READ_TABLE') reads.push(Number(params.ROWCOUNT ?? 0));
      const r = readOf(rfm, params);
      if (r !== null) {
        const wheres = tableInFlight.get(r.table) ?? new Map<string, number>();
        tableInFlight.set(r.table, wheres.set(r.where, (wheres.get(r.where) ?? 0) + 1));
        tablePeak.set(r.table, Math.max(tablePeak.get(r.table) ?? 0, wheres.size));
      }
    },
    afterCall: ({ rfm, params }) => {
      inFlight -= 1;
      const r = readOf(rfm, params);
      const wheres = r === null ? undefined : tableInFlight.get(r.table);
      if (r === null || !wheres) return;
      const n = wheres.get(r.where)! - 1;
      if (n === 0) wheres.delete(r.where);
      else wheres.set(r.where, n);
    },
  };
  const erp = sapErpSystem(sap, 'sandbox');
  return {
    erp,
    mirror: erp.mirror!,
    stats: () => ({ calls, peak, reads, tablePeak }),
    reset: () => {
      calls = 0;
      peak = 0;
      reads.length = 0;
    },
  };
}

const servers: SapHttpServer[] = [];
const payTraceSims: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all([...servers.splice(0), ...payTraceSims.splice(0)].map((s) => s.close()));
});

/**
 * The mirror over OData: the sandbox's Gateway pages by 300 rows on the server while the client asks
 * for 500 per request, so both the server's cut (a __next link) and the client's keyset paging are used.
 */
async function connectOData(ledger: SapLedger) {
  const http = await startSapHttp({ ledger, users: { CLEARDESK: 'sandbox' }, pageSize: 300 });
  servers.push(http);
  const sap = new ODataSapSystem({
    url: http.url,
    user: 'CLEARDESK',
    password: 'sandbox',
    client: '100',
    mirror: { pageSize: 500 },
  });
  let calls = 0;
  for (const method of ['page', 'list', 'batch'] as const) {
    const original = sap.client[method].bind(sap.client) as (...args: unknown[]) => Promise<unknown>;
    (sap.client as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      calls += 1;
      return original(...args);
    };
  }
  const erp = sapErpSystem(sap, 'sandbox');
  return {
    erp,
    mirror: erp.mirror!,
    stats: () => ({ calls, peak: 1, reads: [] as number[] }),
    reset: () => {
      calls = 0;
    },
  };
}

const TRANSPORTS = {
  RFC: async (ledger: SapLedger) => connect(ledger, 4),
  OData: connectOData,
};

/** What SAP holds open, as key -> signed minor units and currency. */
function sapOpen(ledger: SapLedger): Map<string, string> {
  return new Map(
    ledger
      .customerItems({ BUKRS: '1000', state: 'open' })
      .map((x) => [
        `${x.doc.header.BELNR}/${x.doc.header.GJAHR}/${x.line.BUZEI}`,
        `${x.line.SHKZG === 'H' ? -x.line.WRBTR.minor : x.line.WRBTR.minor} ${x.line.WRBTR.currency} ${x.line.ZUONR} ${x.line.REBZG}/${x.line.REBZJ}/${x.line.REBZZ}`,
      ]),
  );
}

const asMap = (items: readonly OpenItem[]): Map<string, string> =>
  new Map(
    items.map((i) => [
      `${i.source.BELNR}/${i.source.GJAHR}/${i.source.BUZEI}`,
      `${i.amount.minor} ${i.amount.currency} ${i.assignment} ${i.invoiceRef ? `${i.invoiceRef.BELNR}/${i.invoiceRef.GJAHR}/${i.invoiceRef.BUZEI}` : '//'}`,
    ]),
  );

async function collect<T>(pages: AsyncIterable<readonly T[]>): Promise<{ all: T[]; largest: number }> {
  const all: T[] = [];
  let largest = 0;
  for await (const p of pages) {
    all.push(...p);
    largest = Math.max(largest, p.length);
  }
  return { all, largest };
}

describe('the mirror over RFC', () => {
  it('reads every open item and customer in pages over the pool, each page bounded', async () => {
    const ledger = scaleLedger({ customers: 300, openItems: 4000 });
    const { mirror, stats } = connect(ledger, 4);
    const items = await collect(mirror.readOpenItems('1000'));
    expect(asMap(items.all)).toEqual(sapOpen(ledger));
    expect(items.all).toHaveLength(4000);
    // Pages of about pageBytes / row width, never the whole ledger.
    expect(items.largest).toBeLessThan(1000);
    const s = stats();
    expect(s.peak).toBeGreaterThan(1);
    expect(s.peak).toBeLessThanOrEqual(4);
    // Special G/L items come with their indicator; credits are negative.
    expect(items.all.some((i) => i.specialGl === 'A')).toBe(true);
    expect(items.all.some((i) => i.amount.minor < 0)).toBe(true);

    const customers = await collect(mirror.readCustomers('1000'));
    expect(customers.all.map((c) => c.source.KUNNR).sort()).toEqual(Array.from({ length: 300 }, (_, i) => kunnrOf(i)));
    expect(customers.all.find((c) => c.source.KUNNR === kunnrOf(7))?.name).toBe('Customer 7');

    const totals = await mirror.openItemTotals('1000');
    const expected = new Map<string, { count: number; sumMinor: number }>();
    for (const x of ledger.customerItems({ BUKRS: '1000', state: 'open' })) {
      const t = expected.get(x.line.WRBTR.currency) ?? { count: 0, sumMinor: 0 };
      t.count += 1;
      t.sumMinor += x.line.SHKZG === 'H' ? -x.line.WRBTR.minor : x.line.WRBTR.minor;
      expected.set(x.line.WRBTR.currency, t);
    }
    expect(totals).toEqual(
      [...expected].map(([currency, t]) => ({ currency, ...t })).sort((a, b) => a.currency.localeCompare(b.currency)),
    );
  });

  it('splits a customer range that comes back full, so one customer with many items is read whole', async () => {
    // 5 customers, one of them holding nearly everything.
    const ledger = scaleLedger({ customers: 1, openItems: 3000 });
    for (let i = 1; i < 5; i++)
      ledger.addCustomer(
        { KUNNR: kunnrOf(i), NAME1: `C${i}`, STRAS: '', ORT01: '', PSTLZ: '', LAND1: 'US', SMTP_ADDR: '' },
        { BUKRS: '1000', AKONT: '0000140000' },
      );
    const { mirror } = connect(ledger, 2);
    const items = await collect(mirror.readOpenItems('1000'));
    expect(asMap(items.all)).toEqual(sapOpen(ledger));
  });
});

/** BSAD as the ledger holds it: key -> signed amount, currency, clearing document and date, from `day` (DATS). */
function sapCleared(ledger: SapLedger, day: string): Map<string, string> {
  return new Map(
    ledger
      .customerItems({ BUKRS: '1000', state: 'cleared' })
      .filter((x) => x.line.AUGDT >= day)
      .map((x) => [
        `${x.doc.header.BELNR}/${x.doc.header.GJAHR}/${x.line.BUZEI}`,
        `${x.line.SHKZG === 'H' ? -x.line.WRBTR.minor : x.line.WRBTR.minor} ${x.line.WRBTR.currency} ${x.line.AUGBL} ${x.line.AUGDT.slice(0, 4)}-${x.line.AUGDT.slice(4, 6)}-${x.line.AUGDT.slice(6)}`,
      ]),
  );
}

for (const [transport, connectTo] of Object.entries(TRANSPORTS))
  describe(`the cleared items over ${transport}`, () => {
    it('reads BSAD from a clearing date on, whole and with the clearing, in bounded pages', async () => {
      const ledger = scaleLedger({ customers: 300, openItems: 3000 });
      const open = ledger.customerItems({ BUKRS: '1000', state: 'open' });
      const key = (x: (typeof open)[number]) => ({ ...x.doc.header, BUZEI: x.line.BUZEI });
      // 1,200 items cleared, a clearing each, on days from 2026-06-01 to 2026-11-30.
      for (const [i, x] of open.slice(0, 1200).entries())
        ledger.clearInFull([key(x)], ['20260601', '20260901', '20261015', '20261130'][i % 4]!);
      const { mirror } = await connectTo(ledger);
      const read = await collect(mirror.readClearedItems('1000', '2026-09-02'));
      const expected = sapCleared(ledger, '20260902');
      // 600 items and their 600 clearings' own lines; nothing cleared before the day.
      expect(expected.size).toBe(1200);
      expect(
        new Map(
          read.all.map((i) => [
            `${i.source.BELNR}/${i.source.GJAHR}/${i.source.BUZEI}`,
            `${i.amount.minor} ${i.amount.currency} ${i.clearing.AUGBL} ${i.clearing.AUGDT}`,
          ]),
        ),
      ).toEqual(expected);
      expect(read.all).toHaveLength(1200);
      expect(read.largest).toBeLessThan(1200);
      // Whole items, as the open-items read gives them: the customer, reference and terms.
      const first = read.all.find((i) => i.source.BELNR === open[2]!.doc.header.BELNR)!;
      expect(first).toMatchObject({
        customer: open[2]!.line.KUNNR,
        reference: open[2]!.doc.header.XBLNR,
        clearing: { AUGDT: '2026-10-15' },
      });
      expect(first.dueDate).not.toBe('');
    });
  });

describe('the mirror over OData', () => {
  it('reads every open item and customer in keyset pages, with terms, flags and SAP-side totals', async () => {
    const ledger = scaleLedger({ customers: 300, openItems: 4000 });
    ledger.changeCustomer(kunnrOf(9), { LOEVM: 'X' });
    const { mirror, stats } = await connectOData(ledger);
    const items = await collect(mirror.readOpenItems('1000'));
    expect(asMap(items.all)).toEqual(sapOpen(ledger));
    expect(items.all).toHaveLength(4000);
    // Pages as the server cut them, never the whole ledger: 4,000 items in at least 14 requests.
    expect(items.largest).toBeLessThanOrEqual(300);
    expect(stats().calls).toBeGreaterThanOrEqual(14);
    expect(items.all.some((i) => i.specialGl === 'A')).toBe(true);
    expect(items.all.some((i) => i.amount.minor < 0)).toBe(true);
    // The same item as the RFC mirror reads it from BSID: due date from the terms, entry date, discount.
    const rfc = await collect(connect(ledger, 2).mirror.readOpenItems('1000'));
    const byKey = new Map(rfc.all.map((i) => [`${i.source.BELNR}/${i.source.GJAHR}/${i.source.BUZEI}`, i]));
    for (const item of items.all)
      expect(item).toEqual(byKey.get(`${item.source.BELNR}/${item.source.GJAHR}/${item.source.BUZEI}`));

    const customers = await collect(mirror.readCustomers('1000'));
    expect(customers.all.map((c) => c.source.KUNNR)).toEqual(Array.from({ length: 300 }, (_, i) => kunnrOf(i)));
    expect(customers.all.find((c) => c.source.KUNNR === kunnrOf(7))).toMatchObject({
      name: 'Customer 7',
      deletionFlag: false,
    });
    expect(customers.all.find((c) => c.source.KUNNR === kunnrOf(9))?.deletionFlag).toBe(true);

    const expected = new Map<string, { count: number; sumMinor: number }>();
    for (const x of ledger.customerItems({ BUKRS: '1000', state: 'open' })) {
      const t = expected.get(x.line.WRBTR.currency) ?? { count: 0, sumMinor: 0 };
      t.count += 1;
      t.sumMinor += x.line.SHKZG === 'H' ? -x.line.WRBTR.minor : x.line.WRBTR.minor;
      expected.set(x.line.WRBTR.currency, t);
    }
    expect(await mirror.openItemTotals('1000')).toEqual(
      [...expected].map(([currency, t]) => ({ currency, ...t })).sort((a, b) => a.currency.localeCompare(b.currency)),
    );
  });

  it('misses no item and repeats none when SAP clears and adds items between two pages', async () => {
    const ledger = scaleLedger({ customers: 100, openItems: 2000 });
    const { mirror } = await connectOData(ledger);
    const seen = new Map<string, number>();
    const before = new Set(sapOpen(ledger).keys());
    let pages = 0;
    for await (const page of mirror.readOpenItems('1000')) {
      for (const i of page) {
        const k = `${i.source.BELNR}/${i.source.GJAHR}/${i.source.BUZEI}`;
        seen.set(k, (seen.get(k) ?? 0) + 1);
      }
      if (++pages === 2) {
        // Items already read leave BSID: with $skip paging the next page would skip as many unread ones.
        const open = ledger.customerItems({ BUKRS: '1000', state: 'open' });
        const read = open.filter((x) => seen.has(`${x.doc.header.BELNR}/${x.doc.header.GJAHR}/${x.line.BUZEI}`));
        ledger.clearInFull(
          read.slice(0, 200).map((x) => ({ ...x.doc.header, BUZEI: x.line.BUZEI })),
          '20261130',
        );
      }
    }
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    for (const k of before) expect(seen.has(k), k).toBe(true);
  });

  it("refuses a filter the service does not offer, with SAP's message", async () => {
    const ledger = scaleLedger({ customers: 5, openItems: 20 });
    const http = await startSapHttp({ ledger, users: { CLEARDESK: 'sandbox' } });
    servers.push(http);
    const sap = new ODataSapSystem({ url: http.url, user: 'CLEARDESK', password: 'sandbox', client: '100' });
    await expect(sap.client.list("OpenItems?$filter=substringof('A',Customer)", 'reading')).rejects.toThrow(
      /HTTP 400.*not supported/,
    );
    await expect(sap.client.list("Customers?$filter=Name eq 'x'", 'reading')).rejects.toThrow(
      /Property 'Name' cannot be filtered on in Customers/,
    );
  });
});

for (const [transport, connectTo] of Object.entries(TRANSPORTS))
  describeEachDialect(`the mirror in the store over ${transport}`, (h) => {
    async function setUp() {
      let now = new Date('2026-12-01T06:00:00Z');
      const clock = { now: () => now };
      const ledger = scaleLedger({ customers: 200, openItems: 3000, lastDay: '20261130' }, () => now);
      const sap = await connectTo(ledger);
      const store = await h.migrated();
      const storedOpen = async () => asMap(await store.repos.masterData.openItems());
      return {
        ledger,
        sap,
        store,
        clock,
        storedOpen,
        nextDay: () => {
          now = new Date(now.getTime() + 86_400_000);
        },
        run: (source: MasterDataSource = sap.mirror, options = {}) =>
          mirrorCompanyCode(store.repos, source, '1000', clock, options),
      };
    }

    it('mirrors in full first, then only what changed: new, changed and cleared items, changed customers', async () => {
      const t = await setUp();
      const first = await t.run();
      expect(first.mode).toBe('full');
      expect(await t.storedOpen()).toEqual(sapOpen(t.ledger));
      const fullCalls = t.sap.stats().calls;

      // A day in SAP: new invoices (entered today), some paid (cleared), one changed in FB02, one customer renamed.
      t.nextDay();
      const today = '20261202';
      t.ledger.loadInvoices(
        Array.from({ length: 30 }, (_, i) => ({
          BUKRS: '1000',
          KUNNR: kunnrOf(i),
          WAERS: 'USD',
          minor: 1000 + i,
          BUDAT: today,
          CPUDT: today,
          XBLNR: `NEW${i}`,
        })),
      );
      const open = t.ledger.customerItems({ BUKRS: '1000', state: 'open' });
      const key = (x: (typeof open)[number]) => ({ ...x.doc.header, BUZEI: x.line.BUZEI });
      t.ledger.clearInFull(open.slice(0, 25).map(key), today);
      // Cleared today with a posting date a week back (the settlement day): AUGDT is outside the window.
      const backDated = open.slice(25, 28).map(key);
      const [backDatedClearing] = t.ledger.clearInFull(backDated, '20261125', today);
      const [todayClearing] = t.ledger.clearInFull([key(open[25 + 3]!)], today);
      t.ledger.changeItem(key(open[100]!), { ZUONR: 'CHANGED-IN-FB02' });
      // A partial payment of an open invoice, posted in SAP: its line refers to the invoice (REBZG/REBZJ/REBZZ).
      const paid = open[200]!;
      t.ledger.loadInvoices([
        {
          BUKRS: '1000',
          KUNNR: paid.line.KUNNR,
          WAERS: paid.line.WRBTR.currency,
          minor: 100,
          SHKZG: 'H',
          BLART: 'DZ',
          BUDAT: today,
          CPUDT: today,
          XBLNR: 'PARTIAL1',
          REBZG: paid.doc.header.BELNR,
          REBZJ: paid.doc.header.GJAHR,
          REBZZ: paid.line.BUZEI,
        },
      ]);
      t.ledger.changeCustomer(kunnrOf(5), { NAME1: 'Renamed Ltd' });

      t.sap.reset();
      const delta = await t.run(t.sap.mirror, { reconcileEveryDays: 30 });
      expect(delta.mode).toBe('delta');
      expect(delta.reconciled).toBe('not due');
      expect(await t.storedOpen()).toEqual(sapOpen(t.ledger));
      expect((await t.store.repos.masterData.openItem(key(open[0]!)))?.status).toBe('cleared');
      const renamed = (await t.store.repos.masterData.customers()).find((c) => c.source.KUNNR === kunnrOf(5));
      expect(renamed?.name).toBe('Renamed Ltd');
      expect(delta.openItems).toBe(sapOpen(t.ledger).size);
      for (const k of backDated) expect((await t.store.repos.masterData.openItem(k))?.status).toBe('cleared');
      // Cleared items keep SAP's clearing (BSAD-AUGBL, AUGDT), by clearing date and by clearing document.
      const clearingOf = async (k: { BELNR: string }) =>
        (await t.store.repos.masterData.clearedItems([k.BELNR.replace(/^0+/, '')], '2026-11-01')).find(
          (c) => c.source.BELNR === k.BELNR,
        )?.clearing;
      expect(await clearingOf(key(open[28]!))).toEqual({
        document: todayClearing!.BELNR,
        date: '2026-12-02',
        paidBy: null,
      });
      expect(await clearingOf(backDated[0]!)).toEqual({
        document: backDatedClearing!.BELNR,
        date: '2026-11-25',
        paidBy: null,
      });
      // The delta reads what changed, not the ledger: a fixed number of narrow reads here (new, changed,
      // cleared by date and by clearing document, reopened, customers), fewer than the full read's pages.
      expect(t.sap.stats().calls).toBeLessThan(fullCalls);

      // What arrived, for the payments waiting unapplied: everything after the full read; after the delta the new
      // invoices' and the partial payment's customers (not the FB02 change of an assignment); the next day, though the overlap reads the
      // new invoices again, nothing, as the mirror holds them as they are.
      expect(first.arrived.all).toBe(true);
      expect(delta.arrived.all).toBe(false);
      expect([...delta.arrived.customers].sort()).toEqual(
        [...new Set([...Array.from({ length: 30 }, (_, i) => kunnrOf(i)), paid.line.KUNNR])].sort(),
      );
      t.nextDay();
      const quiet = await t.run(t.sap.mirror, { reconcileEveryDays: 30 });
      expect(quiet.mode).toBe('delta');
      expect([quiet.arrived.all, quiet.arrived.customers.size]).toEqual([false, 0]);
    });

    it('a reconciliation finds a difference a delta cannot see, logs it and reads the company code again', async () => {
      const t = await setUp();
      await t.run();
      // The mirror lost an item weeks ago (as if a clearing reset in SAP had re-opened it unseen),
      // longer ago than the delta looks back at cleared items.
      const [victim] = t.ledger.customerItems({ BUKRS: '1000', state: 'open' });
      await markCleared(
        t.store.db,
        [
          {
            BUKRS: '1000',
            BELNR: victim!.doc.header.BELNR,
            GJAHR: victim!.doc.header.GJAHR,
            BUZEI: victim!.line.BUZEI,
          },
        ],
        '2026-11-10T00:00:00.000Z',
      );
      t.nextDay();
      const quiet = await t.run(t.sap.mirror, { reconcileEveryDays: 7 });
      expect(quiet.reconciled).toBe('not due');
      expect((await t.storedOpen()).size).toBe(sapOpen(t.ledger).size - 1);

      const checked = await t.run(t.sap.mirror, { reconcileEveryDays: 0 });
      expect(checked.reconciled).toBe('differed');
      expect(checked.mode).toBe('full');
      expect(checked.log[0]?.message).toMatch(/SAP holds/);
      expect(await t.storedOpen()).toEqual(sapOpen(t.ledger));

      const again = await t.run(t.sap.mirror, { reconcileEveryDays: 0 });
      expect(again.reconciled).toBe('equal');
      expect(again.mode).toBe('delta');
    });

    it('a clearing reset (FBRA) opens cleared items again: the next delta finds them, without a reconciliation', async () => {
      const t = await setUp();
      await t.run();
      t.nextDay();
      const open = t.ledger.customerItems({ BUKRS: '1000', state: 'open' });
      const key = (x: (typeof open)[number]) => ({ ...x.doc.header, BUZEI: x.line.BUZEI });
      const [clearing] = t.ledger.clearInFull(open.slice(0, 3).map(key), '20261202');
      t.ledger.clearInFull(open.slice(3, 5).map(key), '20261202');
      await t.run(t.sap.mirror, { reconcileEveryDays: 30 });
      expect((await t.store.repos.masterData.openItem(key(open[0]!)))?.status).toBe('cleared');

      // The next day someone resets the first clearing in SAP (FBRA): its item is back in BSID, with
      // its old entry date, and BSAD no longer lists it; the other clearings stand.
      t.nextDay();
      expect(t.ledger.resetClearing('1000', clearing!.BELNR, clearing!.GJAHR).ok).toBe(true);
      const delta = await t.run(t.sap.mirror, { reconcileEveryDays: 30 });
      expect(delta).toMatchObject({ mode: 'delta', reconciled: 'not due' });
      expect((await t.store.repos.masterData.openItem(key(open[0]!)))?.status).toBe('open');
      expect((await t.store.repos.masterData.openItem(key(open[3]!)))?.status).toBe('cleared');
      expect(await t.storedOpen()).toEqual(sapOpen(t.ledger));
      expect(delta.log.map((l) => l.message)).toEqual([expect.stringMatching(/^1 item\(s\) .* open in SAP again/)]);
    });

    it('a read that fails half-way loses nothing and clears nothing; the next run completes it', async () => {
      const t = await setUp();
      let pages = 0;
      const failing: MasterDataSource = {
        ...t.sap.mirror,
        readOpenItems: async function* (cc) {
          for await (const page of t.sap.mirror.readOpenItems(cc)) {
            if (++pages === 3) throw new Error('connection lost');
            yield page;
          }
        },
      };
      await expect(t.run(failing)).rejects.toThrow('connection lost');
      const partial = await t.storedOpen();
      expect(partial.size).toBeGreaterThan(0);
      expect(partial.size).toBeLessThan(sapOpen(t.ledger).size);
      // No watermark was written: the next run reads in full again.
      const next = await t.run();
      expect(next.mode).toBe('full');
      expect(await t.storedOpen()).toEqual(sapOpen(t.ledger));
    });
  });

describeEachDialect('the sync with an RFC mirror', (h) => {
  it('mirrors through the ERP port: in full on the first run, by delta on the next, a difference logged', async () => {
    let now = new Date('2026-12-01T06:00:00Z');
    const ledger = scaleLedger({ customers: 50, openItems: 600 }, () => now);
    const sap = connect(ledger, 4);
    const store = await h.migrated();
    const sync = () =>
      runSync(
        {
          store: store.repos,
          gateway: { fetchTransactions: async () => ({ transactions: [], rejected: [] }) },
          erp: sap.erp,
          companyCodes: ['1000'],
          matcher: () => [],
          clock: { now: () => now },
        },
        { since: '2026-11-30', mirror: { reconcileEveryDays: 1 } },
      );
    const first = await sync();
    expect(first.open_items).toBe(600);
    expect(await asMapOf(store)).toEqual(sapOpen(ledger));

    // The next day: SAP cleared one item, and the mirror lost another weeks ago (which, older than
    // the delta's look back at cleared items, only the reconciliation sees).
    now = new Date('2026-12-02T06:00:00Z');
    const [a, b] = ledger.customerItems({ BUKRS: '1000', state: 'open' });
    ledger.clearInFull([{ ...a!.doc.header, BUZEI: a!.line.BUZEI }], '20261202');
    await markCleared(store.db, [{ ...b!.doc.header, BUZEI: b!.line.BUZEI }], '2026-11-10T00:00:00.000Z');
    const second = await sync();
    expect(second.open_items).toBe(599);
    expect(await asMapOf(store)).toEqual(sapOpen(ledger));
    const log = await readSyncLog(store.repos);
    expect(log.entries.map((e) => `${e.level} ${e.source} ${e.message}`).join('\n')).toMatch(
      /warning sap The mirror held .+, SAP holds .+; the company code was read again in full/,
    );
  });
});

describeEachDialect('a second payment of an invoice SAP cleared, through the sync', (h) => {
  it('is proposed on account as a likely duplicate, naming the clearing the mirror read', async () => {
    let now = new Date('2026-12-01T06:00:00Z');
    const ledger = new SapLedger({ now: () => now });
    ledger.addCompanyCode({ BUKRS: '1000', WAERS: 'USD' });
    ledger.addCustomer(
      {
        KUNNR: '0000300001',
        NAME1: 'Acme Portland',
        STRAS: '',
        ORT01: 'Portland',
        PSTLZ: '97201',
        LAND1: 'US',
        SMTP_ADDR: 'ap@acme.example',
      },
      { BUKRS: '1000', AKONT: '0000140000' },
    );
    const invoice = (XBLNR: string, minor: number) => ({
      BUKRS: '1000',
      KUNNR: '0000300001',
      WAERS: 'USD',
      minor,
      BUDAT: '20261115',
      CPUDT: '20261115',
      XBLNR,
      SGTXT: `Invoice ${XBLNR}`,
      ZTERM: 'NT30',
    });
    ledger.loadInvoices([invoice('90000001', 50_000), invoice('90000002', 30_000)]);
    const sap = connect(ledger, 2);
    const store = await h.migrated();
    let transactions: ReturnType<typeof payment>[] = [];
    const sync = () =>
      runSync(
        {
          store: store.repos,
          gateway: { fetchTransactions: async () => ({ transactions, rejected: [] }) },
          erp: sap.erp,
          companyCodes: ['1000'],
          matcher: (input) => matchPayments(input),
          clock: { now: () => now },
        },
        { since: '2026-11-30' },
      );
    await sync();
    // SAP clears invoice 90000001 (the first payment, posted by someone else); the next day's delta reads it.
    now = new Date('2026-12-02T06:00:00Z');
    const [first] = ledger
      .customerItems({ BUKRS: '1000', state: 'open' })
      .filter((x) => x.doc.header.XBLNR === '90000001');
    const [clearing] = ledger.clearInFull([{ ...first!.doc.header, BUZEI: first!.line.BUZEI }], '20261202');
    const paid = (id: number, invoiceId: string, minor: number) =>
      payment(id, {
        invoiceId,
        amount: { minor, currency: 'USD' },
        email: 'ap@acme.example',
        billingName: 'Acme Portland',
      });
    transactions = [paid(1, '90000001', 50_000), paid(2, '90000002', 30_000)];
    await sync();

    const again = (await store.repos.proposals.live(1))!;
    expect(again).toMatchObject({ customer: '0000300001', companyCode: '1000', items: [] });
    expect(again.tier).not.toBe('auto');
    expect(again.onAccount.minor).toBe(50_000);
    expect(again.reasons[0]).toBe(
      `invoice 90000001 was already cleared in SAP by ${clearing!.BELNR} on 2026-12-02: likely a duplicate payment`,
    );
    // The open invoice is paid as before.
    expect((await store.repos.proposals.live(2))!.items.map((a) => a.item.BELNR)).toHaveLength(1);
  });

  it('finds the invoice SAP stores as INV-..., within the look-back the admin set', async () => {
    let now = new Date('2026-12-01T06:00:00Z');
    const ledger = new SapLedger({ now: () => now });
    ledger.addCompanyCode({ BUKRS: '1000', WAERS: 'USD' });
    ledger.addCustomer(
      {
        KUNNR: '0000300001',
        NAME1: 'Acme Portland',
        STRAS: '',
        ORT01: 'Portland',
        PSTLZ: '97201',
        LAND1: 'US',
        SMTP_ADDR: 'ap@acme.example',
      },
      { BUKRS: '1000', AKONT: '0000140000' },
    );
    const invoice = (XBLNR: string, minor: number) => ({
      BUKRS: '1000',
      KUNNR: '0000300001',
      WAERS: 'USD',
      minor,
      BUDAT: '20261115',
      CPUDT: '20261115',
      XBLNR,
      SGTXT: `Invoice ${XBLNR}`,
      ZTERM: 'NT30',
    });
    // As this company's SAP keeps references: a prefix, in its own case and separator.
    ledger.loadInvoices([invoice('INV-90000011', 50_000), invoice('inv 90000012', 40_000)]);
    const sap = connect(ledger, 2);
    const store = await h.migrated();
    let transactions: ReturnType<typeof payment>[] = [];
    const sync = () =>
      runSync(
        {
          store: store.repos,
          gateway: { fetchTransactions: async () => ({ transactions, rejected: [] }) },
          erp: sap.erp,
          companyCodes: ['1000'],
          matcher: (input) => matchPayments(input, input.rules),
          matchingRules: DEFAULT_RULES,
          clock: { now: () => now },
        },
        { since: '2026-11-30' },
      );
    await sync();
    // SAP clears both invoices on 12-02; the next day's delta reads it.
    now = new Date('2026-12-02T06:00:00Z');
    const open = ledger.customerItems({ BUKRS: '1000', state: 'open' });
    ledger.clearInFull(
      open.map((x) => ({ ...x.doc.header, BUZEI: x.line.BUZEI })),
      '20261202',
    );
    await sync();
    const paid = (id: number, invoiceId: string, minor: number) =>
      payment(id, {
        invoiceId,
        amount: { minor, currency: 'USD' },
        email: 'ap@acme.example',
        billingName: 'Acme Portland',
      });

    // Ten days later, a payment names 90000011 as typed, without the prefix: a likely duplicate.
    now = new Date('2026-12-12T06:00:00Z');
    transactions = [paid(11, '90000011', 50_000)];
    await sync();
    const dup = (await store.repos.proposals.live(11))!;
    expect(dup).toMatchObject({ customer: '0000300001', items: [] });
    expect(dup.onAccount.minor).toBe(50_000);
    expect(dup.reasons[0]).toMatch(
      /^invoice INV-90000011 was already cleared in SAP by \d+ on 2026-12-02: likely a duplicate payment$/,
    );

    // The admin looks back 5 days only: the invoice the mirror marked cleared 10 days ago is not looked at.
    await updateSettings(
      store.repos,
      { now: () => now },
      { name: 'ada', roles: ['admin'] },
      { matching: { clearedLookbackDays: 5 } },
      DEFAULT_RULES,
    );
    transactions = [paid(11, '90000011', 50_000), paid(12, '90000012', 40_000)];
    await sync();
    const late = (await store.repos.proposals.live(12))!;
    expect(late.reasons.join(' ')).not.toMatch(/already cleared in SAP/);
    // And the setting's bounds, in words.
    await expect(
      updateSettings(
        store.repos,
        { now: () => now },
        { name: 'ada', roles: ['admin'] },
        { matching: { clearedLookbackDays: 731 } },
        DEFAULT_RULES,
      ),
    ).rejects.toThrow(/look-back for invoices cleared in SAP, in days, is at most 730/);
  });
});

describeEachDialect('the head office and group from the RFC mirror', (h) => {
  /**
   * Acme Holdings (KNA1-KONZS ACME) is the head office (KNB1-KNRZE) of Acme Portland; Acme Tools is
   * in the same group but no branch of it; Other Corp is unrelated. Each of the last three has one
   * invoice.
   */
  function acmeLedger(): SapLedger {
    const ledger = new SapLedger({ now: () => new Date('2026-12-01T06:00:00Z') });
    ledger.addCompanyCode({ BUKRS: '1000', WAERS: 'USD' });
    const customer = (KUNNR: string, NAME1: string, KONZS: string, KNRZE: string) =>
      ledger.addCustomer(
        {
          KUNNR,
          NAME1,
          STRAS: `${KUNNR} Main St`,
          ORT01: 'Portland',
          PSTLZ: '97201',
          LAND1: 'US',
          SMTP_ADDR: '',
          KONZS,
        },
        { BUKRS: '1000', AKONT: '0000140000', KNRZE },
      );
    customer('0000300000', 'Acme Holdings', 'ACME', '');
    customer('0000300001', 'Acme Portland', 'ACME', '0000300000');
    customer('0000300002', 'Acme Tools', 'ACME', '');
    customer('0000300003', 'Other Corp', '', '');
    const invoice = (KUNNR: string, XBLNR: string, minor: number) => ({
      BUKRS: '1000',
      KUNNR,
      WAERS: 'USD',
      minor,
      BUDAT: '20261115',
      CPUDT: '20261115',
      XBLNR,
      SGTXT: `Invoice ${XBLNR}`,
      ZTERM: 'NT30',
    });
    ledger.loadInvoices([
      invoice('0000300001', '90000001', 50_000),
      invoice('0000300002', '90000002', 30_000),
      invoice('0000300003', '90000003', 20_000),
    ]);
    return ledger;
  }

  it("reads each customer's e-mail over RFC from ADR6 by KNA1-ADRNR (KNA1 has none), as OData gives it", async () => {
    const ledger = acmeLedger();
    ledger.changeCustomer('0000300001', { SMTP_ADDR: 'ap@acme-portland.example' });
    ledger.changeCustomer('0000300003', { SMTP_ADDR: 'billing@other.example' });
    const rfc = await collect(connect(ledger, 2).mirror.readCustomers('1000'));
    const odata = await collect((await connectOData(ledger)).mirror.readCustomers('1000'));
    const mails = (cs: { source: { KUNNR: string }; email?: string }[]) =>
      Object.fromEntries(cs.map((c) => [c.source.KUNNR, c.email ?? '']));
    expect(mails(rfc.all)).toEqual({
      '0000300000': '',
      '0000300001': 'ap@acme-portland.example',
      '0000300002': '',
      '0000300003': 'billing@other.example',
    });
    expect(mails(odata.all)).toEqual(mails(rfc.all));
  });

  it('reads the e-mails of many customers from ADR6 in reads of 500 addresses, several at once over the pool', async () => {
    const ledger = scaleLedger({ customers: 1200, openItems: 10 });
    const mailed = [0, 499, 500, 1001, 1199];
    for (const i of mailed) ledger.changeCustomer(kunnrOf(i), { SMTP_ADDR: `ap${i}@c${i}.example` });
    // Pages big enough for each read of 500 addresses to come back in one: reads in flight at once are reads of
    // different addresses.
    const { mirror, stats } = connect(ledger, 4, 2_000_000);
    const customers = await collect(mirror.readCustomers('1000'));
    expect(customers.all).toHaveLength(1200);
    const mail = new Map(customers.all.map((c) => [c.source.KUNNR, c.email ?? '']));
    expect(Object.fromEntries([...mail].filter(([, m]) => m !== ''))).toEqual(
      Object.fromEntries(mailed.map((i) => [kunnrOf(i), `ap${i}@c${i}.example`])),
    );
    expect(stats().tablePeak.get('ADR6')).toBeGreaterThan(1);
  });

  it('reads KNB1-KNRZE and KNA1-KONZS over RFC, stores them, and the sync matches with them', async () => {
    const ledger = acmeLedger();
    const sap = connect(ledger, 2);
    const read = await collect(sap.mirror.readCustomers('1000'));
    const byNumber = new Map(read.all.map((c) => [c.source.KUNNR, c]));
    expect(byNumber.get('0000300001')).toMatchObject({ headOffice: '0000300000', group: 'ACME' });
    expect(byNumber.get('0000300000')).toMatchObject({ group: 'ACME' });
    expect(byNumber.get('0000300000')).not.toHaveProperty('headOffice');
    expect(byNumber.get('0000300003')).not.toHaveProperty('group');
    // The same over OData: the Gateway service's Customers carry HeadOffice and GroupKey.
    const odata = await collect((await connectOData(ledger)).mirror.readCustomers('1000'));
    const overOData = new Map(odata.all.map((c) => [c.source.KUNNR, c]));
    for (const [kunnr, c] of byNumber) {
      expect(overOData.get(kunnr)?.headOffice).toBe(c.headOffice);
      expect(overOData.get(kunnr)?.group).toBe(c.group);
    }

    const store = await h.migrated();
    const paid = (id: number, invoiceId: string, minor: number, billingName: string) =>
      payment(id, { invoiceId, amount: { minor, currency: 'USD' }, billingName, email: '' });
    const transactions = [
      // The head office pays its branch's invoice: the branch's invoice, said so.
      paid(1, '90000001', 50_000, 'Acme Holdings'),
      // A sister company pays another's invoice: matched, but a clerk confirms.
      paid(2, '90000002', 30_000, 'Acme Portland'),
      // An unrelated payer names Other Corp's invoice: doubtful.
      paid(3, '90000003', 20_000, 'Acme Tools'),
    ];
    await runSync(
      {
        store: store.repos,
        gateway: { fetchTransactions: async () => ({ transactions, rejected: [] }) },
        erp: sap.erp,
        companyCodes: ['1000'],
        matcher: (input) => matchPayments(input),
        clock: { now: () => new Date('2026-12-01T06:00:00Z') },
      },
      { since: '2026-11-30' },
    );
    const stored = new Map((await store.repos.masterData.customers()).map((c) => [c.source.KUNNR, c]));
    expect(stored.get('0000300001')).toMatchObject({ headOffice: '0000300000', group: 'ACME' });
    expect(stored.get('0000300002')).toMatchObject({ group: 'ACME' });

    const proposal = async (id: number) => (await store.repos.proposals.live(id))!;
    const [head, sister, stranger] = [await proposal(1), await proposal(2), await proposal(3)];
    expect(head.customer).toBe('0000300001');
    expect(head.reasons.join('\n')).toMatch(/paid by 0000300000 \(Acme Holdings\), the head office of 0000300001/);
    expect(sister.customer).toBe('0000300002');
    expect(sister.reasons.join('\n')).toMatch(/same corporate group as 0000300002 \(Acme Tools\) \(KNA1-KONZS\)/);
    expect(stranger.customer).toBe('0000300003');
    expect(stranger.reasons.join('\n')).toMatch(/the payer looks like another customer/);
    // Only the head office's payment is as sure as a customer paying its own invoice.
    expect(head.confidence).toBeGreaterThan(sister.confidence);
    expect(sister.confidence).toBeGreaterThan(stranger.confidence);
  });
});

async function asMapOf(store: { repos: { masterData: { openItems(): Promise<OpenItem[]> } } }) {
  return asMap(await store.repos.masterData.openItems());
}

/**
 * Invoices SAP cleared before ClearDesk's first sync (issue 15, item 7): the first full read keeps the items
 * SAP cleared within the matcher's look-back (BSAD by AUGDT), whole and with their clearing, so a second
 * payment of one is a likely duplicate; what SAP cleared before the look-back is not held.
 */
for (const [transport, connectTo] of Object.entries(TRANSPORTS))
  describeEachDialect(`invoices SAP cleared before the first sync, over ${transport}`, (h) => {
    async function setUp() {
      let now = new Date('2026-12-01T06:00:00Z');
      const ledger = new SapLedger({ now: () => now });
      ledger.addCompanyCode({ BUKRS: '1000', WAERS: 'USD' });
      ledger.addCustomer(
        {
          KUNNR: '0000300001',
          NAME1: 'Acme Portland',
          STRAS: '',
          ORT01: 'Portland',
          PSTLZ: '97201',
          LAND1: 'US',
          SMTP_ADDR: 'ap@acme.example',
        },
        { BUKRS: '1000', AKONT: '0000140000' },
      );
      const invoice = (XBLNR: string, minor: number, BUDAT: string) => ({
        BUKRS: '1000',
        KUNNR: '0000300001',
        WAERS: 'USD',
        minor,
        BUDAT,
        CPUDT: BUDAT,
        XBLNR,
        SGTXT: `Invoice ${XBLNR}`,
        ZTERM: 'NT30',
      });
      ledger.loadInvoices([
        invoice('INV-90000031', 31_000, '20261001'),
        invoice('INV-90000032', 32_000, '20260701'),
        invoice('INV-90000033', 33_000, '20261115'),
        invoice('INV-90000034', 34_000, '20261115'),
      ]);
      const keyOf = (XBLNR: string) => {
        const x = ledger.customerItems({ BUKRS: '1000', state: 'all' }).find((i) => i.doc.header.XBLNR === XBLNR)!;
        return { ...x.doc.header, BUZEI: x.line.BUZEI };
      };
      const sap = await connectTo(ledger);
      const store = await h.migrated();
      let transactions: ReturnType<typeof payment>[] = [];
      const stub: PaymentGateway = { fetchTransactions: async () => ({ transactions, rejected: [] }) };
      const sync = (gateway: PaymentGateway = stub) =>
        runSync(
          {
            store: store.repos,
            gateway,
            erp: sap.erp,
            companyCodes: ['1000'],
            matcher: (input) => matchPayments(input, input.rules),
            matchingRules: DEFAULT_RULES,
            clock: { now: () => now },
          },
          { since: '2026-11-30' },
        );
      const paid = (id: number, invoiceId: string, minor: number) =>
        payment(id, {
          invoiceId,
          amount: { minor, currency: 'USD' },
          email: 'ap@acme.example',
          billingName: 'Acme Portland',
        });
      return {
        ledger,
        sap,
        store,
        keyOf,
        sync,
        pay: (...p: ReturnType<typeof payment>[]) => {
          transactions = p;
        },
        paid,
        at: (iso: string) => {
          now = new Date(iso);
        },
        /** The job's mirror (no sync) at `iso`, as the admin's settings say. */
        mirror: async (iso: string) =>
          (
            await mirrorSap({
              store: store.repos,
              erp: sap.erp,
              companyCodes: ['1000'],
              clock: { now: () => new Date(iso) },
              matchingRules: DEFAULT_RULES,
            })
          ).outcomes.get('1000')!,
      };
    }

    it('a second payment of one cleared 30 days ago is a likely duplicate after the first full mirror; 120 days ago is not held', async () => {
      const t = await setUp();
      // Before ClearDesk's first sync SAP cleared one invoice 30 days ago (2026-11-01) and one 120 days ago.
      const [recent] = t.ledger.clearInFull([t.keyOf('INV-90000031')], '20261101');
      t.ledger.clearInFull([t.keyOf('INV-90000032')], '20260803');
      // The customer pays both again, and an open one, through PayTrace (its simulator over HTTP).
      const pt = await harness({ start: '2026-11-30T18:00:00Z', sandbox: { autoSettle: { enabled: false } } });
      payTraceSims.push(pt.sandbox);
      const sale = (key: string, invoice_id: string, amount: string) =>
        pt.sandbox.sim.apply({
          op: 'sale',
          key,
          at: '2026-11-30T18:00:00Z',
          amount,
          invoice_id,
          customer_reference_id: '',
          description: '',
          customer_id: '',
          billing_name: 'Acme Portland',
          email: 'ap@acme.example',
          card: 'visa',
        });
      const [again, older, open] = [
        sale('again', '90000031', '310.00'),
        sale('older', '90000032', '320.00'),
        sale('open', '90000033', '330.00'),
      ];
      pt.clock.set(Date.parse('2026-12-01T06:00:00Z'));
      const summary = await t.sync(payTraceGateway(pt.client));
      expect(summary.ingested).toBe(3);
      expect(summary.open_items).toBe(2);

      const md = t.store.repos.masterData;
      const held = await md.openItem(t.keyOf('INV-90000031'));
      expect(held?.status).toBe('cleared');
      expect(await md.openItem(t.keyOf('INV-90000032'))).toBeNull();
      const dup = (await t.store.repos.proposals.live(again))!;
      expect(dup).toMatchObject({ customer: '0000300001', companyCode: '1000', items: [] });
      expect(dup.tier).not.toBe('auto');
      expect(dup.onAccount.minor).toBe(31_000);
      expect(dup.reasons[0]).toBe(
        `invoice INV-90000031 was already cleared in SAP by ${recent!.BELNR} on 2026-11-01: likely a duplicate payment`,
      );
      // Cleared before the look-back (90 days): not held, so nothing names it.
      const old = (await t.store.repos.proposals.live(older))!;
      expect(old.reasons.join(' ')).not.toMatch(/already cleared in SAP/);
      // The open invoice is paid as before.
      expect((await t.store.repos.proposals.live(open))!.items.map((a) => a.item.BELNR)).toEqual([
        t.keyOf('INV-90000033').BELNR,
      ]);

      // The scheduled full read lists the cleared item again: one row, as it was (when the mirror marked it too).
      const cleared = async () =>
        t.store.db
          .selectFrom('open_items')
          .select(['doc_no', 'status', 'synced_at', 'clearing_doc', 'clearing_date'])
          .where('status', '=', 'cleared')
          .orderBy('doc_no')
          .execute();
      const before = await cleared();
      // The invoice, and the payment's own customer line (BSAD lists it too, cleared by its own document).
      expect(before).toContainEqual({
        doc_no: t.keyOf('INV-90000031').BELNR,
        status: 'cleared',
        synced_at: '2026-12-01T06:00:00.000Z',
        clearing_doc: recent!.BELNR,
        clearing_date: '2026-11-01',
      });
      expect(before).toHaveLength(2);
      const later = { now: () => new Date('2026-12-06T06:00:00Z') };
      expect((await mirrorCompanyCode(t.store.repos, t.sap.mirror, '1000', later, { full: true })).mode).toBe('full');
      expect(await cleared()).toEqual(before);
      expect(await t.store.db.selectFrom('open_items').select('doc_no').execute()).toHaveLength(4);
    });

    it("keeps only what SAP cleared within the admin's look-back", async () => {
      const t = await setUp();
      t.ledger.clearInFull([t.keyOf('INV-90000031')], '20261101');
      t.ledger.clearInFull([t.keyOf('INV-90000033')], '20261120');
      await updateSettings(
        t.store.repos,
        { now: () => new Date('2026-12-01T06:00:00Z') },
        { name: 'ada', roles: ['admin'] },
        { matching: { clearedLookbackDays: 20 } },
        DEFAULT_RULES,
      );
      await t.sync();
      // Cleared 30 days ago: outside 20 days, not held; cleared 11 days ago: held, with its clearing.
      expect(await t.store.repos.masterData.openItem(t.keyOf('INV-90000031'))).toBeNull();
      expect(await t.store.repos.masterData.openItem(t.keyOf('INV-90000033'))).toMatchObject({ status: 'cleared' });

      // The admin lengthens the look-back to 40 days: the next run (a delta) reaches back, not only the next full read.
      const lengthen = (days: number) =>
        updateSettings(
          t.store.repos,
          { now: () => new Date('2026-12-02T06:00:00Z') },
          { name: 'ada', roles: ['admin'] },
          { matching: { clearedLookbackDays: days } },
          DEFAULT_RULES,
        );
      await lengthen(40);
      t.at('2026-12-02T06:00:00Z');
      const mirrored = () => t.mirror('2026-12-02T06:00:00Z');
      const delta = await mirrored();
      expect(delta.mode).toBe('delta');
      expect(await t.store.repos.masterData.openItem(t.keyOf('INV-90000031'))).toMatchObject({ status: 'cleared' });
      expect(delta.log.map((l) => l.message)).toContainEqual(
        expect.stringMatching(
          /^The look-back at cleared items now reaches back to 2026-10-22 \(was 2026-11-10\): \d+ item\(s\)/,
        ),
      );
      // Read once: the run after, and one after a shorter look-back, read no further back.
      expect((await mirrored()).log).toEqual([]);
      await lengthen(20);
      expect((await mirrored()).log).toEqual([]);
    });

    it("counts the look-back in the company code's days, as SAP dates its clearings", async () => {
      const t = await setUp();
      // At 2026-12-01T06:00Z it is 15:00 on 2026-12-01 in Tokyo and 22:00 on 2026-11-30 in Los Angeles.
      t.ledger.clearInFull([t.keyOf('INV-90000031')], '20261110');
      const settings = (timeZone: string) =>
        updateSettings(
          t.store.repos,
          { now: () => new Date('2026-12-01T06:00:00Z') },
          { name: 'ada', roles: ['admin'] },
          { matching: { clearedLookbackDays: 20 }, postingZones: { rules: [{ companyCode: '1000', timeZone }] } },
          DEFAULT_RULES,
        );
      await settings('Asia/Tokyo');
      await t.sync();
      // Twenty days before 2026-12-01 in Tokyo is 2026-11-11: the clearing of 2026-11-10 is outside.
      expect(await t.store.repos.masterData.openItem(t.keyOf('INV-90000031'))).toBeNull();
      // The company code moves to Los Angeles (still 2026-11-30 there): the look-back starts on 2026-11-10, a day
      // earlier, and the next run reads that day's clearings.
      await settings('America/Los_Angeles');
      const delta = await t.mirror('2026-12-01T06:00:00Z');
      expect(delta.log.map((l) => l.message)).toContainEqual(
        expect.stringMatching(/^The look-back at cleared items now reaches back to 2026-11-10 \(was 2026-11-11\)/),
      );
      expect(await t.store.repos.masterData.openItem(t.keyOf('INV-90000031'))).toMatchObject({ status: 'cleared' });
    });

    it('holds an invoice SAP posted and cleared between two runs from the next delta on', async () => {
      const t = await setUp();
      await t.sync();
      // The next day SAP posts an invoice and clears it the same day: BSID never lists it at a run.
      t.at('2026-12-02T06:00:00Z');
      t.ledger.loadInvoices([
        {
          BUKRS: '1000',
          KUNNR: '0000300001',
          WAERS: 'USD',
          minor: 35_000,
          BUDAT: '20261202',
          CPUDT: '20261202',
          XBLNR: 'INV-90000035',
          SGTXT: 'Invoice INV-90000035',
          ZTERM: 'NT30',
        },
      ]);
      const [clearing] = t.ledger.clearInFull([t.keyOf('INV-90000035')], '20261202');
      t.pay(t.paid(51, '90000035', 35_000));
      await t.sync();
      const held = await t.store.repos.masterData.openItem(t.keyOf('INV-90000035'));
      expect(held).toMatchObject({ status: 'cleared', reference: 'INV-90000035', amount: { minor: 35_000 } });
      expect((await t.store.repos.proposals.live(51))!.reasons[0]).toBe(
        `invoice INV-90000035 was already cleared in SAP by ${clearing!.BELNR} on 2026-12-02: likely a duplicate payment`,
      );
    });

    it("counts the look-back from SAP's clearing date: cleared today but dated 100 days back is outside 90 days", async () => {
      const t = await setUp();
      await t.sync();
      // The next day SAP clears two open invoices: one with a clearing dated 100 days back (AUGDT
      // 2026-08-24), one dated today. The delta marks both cleared today, with their clearing.
      t.at('2026-12-02T06:00:00Z');
      t.ledger.clearInFull([t.keyOf('INV-90000033')], '20260824', '20261202');
      const [today] = t.ledger.clearInFull([t.keyOf('INV-90000034')], '20261202');
      await t.sync();
      const md = t.store.repos.masterData;
      expect((await md.openItem(t.keyOf('INV-90000033')))?.status).toBe('cleared');
      expect((await md.openItem(t.keyOf('INV-90000034')))?.status).toBe('cleared');

      t.pay(t.paid(41, '90000033', 33_000), t.paid(42, '90000034', 34_000));
      await t.sync();
      const outside = (await t.store.repos.proposals.live(41))!;
      expect(outside.reasons.join(' ')).not.toMatch(/already cleared in SAP/);
      const inside = (await t.store.repos.proposals.live(42))!;
      expect(inside.reasons[0]).toBe(
        `invoice INV-90000034 was already cleared in SAP by ${today!.BELNR} on 2026-12-02: likely a duplicate payment`,
      );
    });
  });
