// The mirror's reads over RFC (docs/ARCHITECTURE.md, "Mirroring SAP"): RFC_READ_TABLE in pages,
// spread over the connection pool, each page handed on as soon as it is read.
//
// RFC_READ_TABLE has no ORDER BY, and ROWSKIPS makes the database read and drop the rows it skips.
// So the open items (BSID, the big table) are not paged by ROWSKIPS but read in ranges of
// customers: `BUKRS = c AND KUNNR >= a AND KUNNR < b`, ranges that follow one another and cover
// every customer number (the first has no lower bound, the last no upper one), sized from the
// customer list so a range holds about a page. A range is one SELECT: complete whatever order the
// database returns, and consistent however SAP changes meanwhile. ROWCOUNT guards it: a range
// that comes back full is split in two and read again (a single customer is then read whole).
// Small or narrow reads (KNB1, change documents, the delta, BSAD) page by ROWSKIPS/ROWCOUNT.
import type { Customer, IsoDate, OpenItem } from '../../../../shared/domain';
import { dayCount, invoiceRefOf, netDueDate, percentThousandths } from '../../../../shared/mapping';
import { type SapCurrencyTable, fromSapInternal, negate } from '../../../../shared/money';
import type { ClearedOpenItem, OpenItemChanges, OpenItemKey, OpenItemTotal } from '../../../../shared/ports';
import { fromDats, toDats } from '../../../../shared/time';
import { type Call, SplitReadMismatch, and, eq, inList, literal, readTable, rowWidth } from './read-table';

/** Runs work on one pooled connection (a call bound to it). */
export type RunOnConnection = <T>(work: (call: Call) => Promise<T>) => Promise<T>;

export interface RfcMirrorOptions {
  /** Reads in flight at once: the connection pool's size. */
  readonly concurrency: number;
  /** Characters of DATA one read aims at; rows per page follow from the row's width. Default 1,000,000. */
  readonly pageBytes?: number;
  /** Open items per customer assumed for the first ranges, until the ranges read tell. Default 10. */
  readonly itemsPerCustomer?: number;
}

type Row = Record<string, string>;

/** The BSID fields an open item needs; about 200 characters, inside one 512-character DATA-WA. */
const ITEM_FIELDS = [
  'KUNNR',
  'UMSKZ',
  'ZUONR',
  'GJAHR',
  'BELNR',
  'BUZEI',
  'BUDAT',
  'BLDAT',
  'CPUDT',
  'WAERS',
  'XBLNR',
  'BLART',
  'SHKZG',
  'WRBTR',
  'SGTXT',
  'ZFBDT',
  'ZBD1T',
  'ZBD2T',
  'ZBD3T',
  'ZBD1P',
  'ZBD2P',
  'REBZG',
  'REBZJ',
  'REBZZ',
] as const;
/** BELNR, GJAHR, BUZEI identify a line within the company code. */
const ITEM_KEYS = ['BELNR', 'GJAHR', 'BUZEI'] as const;
const TOTAL_FIELDS = ['WAERS', 'SHKZG', 'WRBTR'] as const;
/** Documents whose items are read again by document number, per read (IN-list). */
const DOCS_PER_READ = 100;

/** `rows` in IN-lists of DOCS_PER_READ, one read each. */
function inReads<T>(rows: readonly T[]): T[][] {
  const reads: T[][] = [];
  for (let i = 0; i < rows.length; i += DOCS_PER_READ) reads.push(rows.slice(i, i + DOCS_PER_READ));
  return reads;
}

/** A cleared item read whole: BSID's item fields and the clearing (217 of RFC_READ_TABLE's 512 characters). */
const CLEARED_ITEM_FIELDS = [...ITEM_FIELDS, 'AUGBL', 'AUGDT'] as const;

/** A BSAD row read with CLEARED_ITEM_FIELDS as a cleared item, whole, with its clearing (AUGBL, AUGDT). */
const clearedItemOf = (r: Row, companyCode: string, currencies: SapCurrencyTable): ClearedOpenItem => ({
  ...openItemFromBsid(r, companyCode, currencies),
  clearing: { AUGBL: (r.AUGBL ?? '').trim(), AUGDT: fromDats(r.AUGDT ?? '') },
});

/** Customers per KNA1/KNB1 read by number (IN-list). */
const CUSTOMERS_PER_READ = 500;
/** A page read whose field groups disagreed is read again this often. */
const SPLIT_RETRIES = 3;

export class RfcMirror {
  private readonly pageBytes: number;

  constructor(
    private readonly run: RunOnConnection,
    private readonly currencies: () => Promise<SapCurrencyTable>,
    private readonly lengthCache: Map<string, number>,
    private readonly options: RfcMirrorOptions,
  ) {
    this.pageBytes = options.pageBytes ?? 1_000_000;
  }

  // ---- customers -------------------------------------------------------------------------------

  async *readCustomers(companyCode: string): AsyncIterable<Customer[]> {
    const general = await this.width('KNA1', KNA1_FIELDS);
    // A KNB1 page is as many customers as one KNA1 read should carry.
    const rows = this.rowsFor(general);
    const pages = this.pagesBySkip(
      { table: 'KNB1', fields: KNB1_FIELDS, keyFields: ['KUNNR'], where: eq('BUKRS', companyCode) },
      rows,
    );
    yield* this.pipeline(pages, (page) => this.withGeneralData(companyCode, page));
  }

  async *readChangedCustomers(companyCode: string, since: IsoDate): AsyncIterable<Customer[]> {
    const changed = new Set<string>();
    const width = await this.width('CDHDR', ['OBJECTID', 'CHANGENR']);
    for await (const page of this.pagesBySkip(
      {
        table: 'CDHDR',
        fields: ['OBJECTID', 'CHANGENR'],
        keyFields: ['OBJECTID', 'CHANGENR'],
        where: and(eq('OBJECTCLAS', 'DEBI'), `UDATE >= ${literal(toDats(since))}`),
      },
      this.rowsFor(width),
    ))
      for (const r of page) changed.add(r.OBJECTID ?? '');
    changed.delete('');
    const numbers = [...changed].sort();
    const chunks: string[][] = [];
    for (let i = 0; i < numbers.length; i += CUSTOMERS_PER_READ) chunks.push(numbers.slice(i, i + CUSTOMERS_PER_READ));
    yield* this.pipeline(toAsync(chunks), async (chunk) => {
      const knb1 = await this.read({
        table: 'KNB1',
        fields: KNB1_FIELDS,
        keyFields: ['KUNNR'],
        where: and(eq('BUKRS', companyCode), inList('KUNNR', chunk)),
      });
      return this.withGeneralData(companyCode, knb1);
    });
  }

  /** KNA1 for a page of KNB1 rows: one read over their number range, or by number when the range holds many others. */
  private async withGeneralData(companyCode: string, knb1: readonly Row[]): Promise<Customer[]> {
    if (knb1.length === 0) return [];
    const numbers = knb1.map((r) => r.KUNNR ?? '').sort();
    const first = numbers[0]!;
    const last = numbers[numbers.length - 1]!;
    const cap = numbers.length * 2 + 1;
    let kna1 = await this.read({
      table: 'KNA1',
      fields: KNA1_FIELDS,
      keyFields: ['KUNNR'],
      where: and(`KUNNR >= ${literal(first)}`, `KUNNR <= ${literal(last)}`),
      rowCount: cap,
    });
    if (kna1.length >= cap) {
      // The range holds many customers of other company codes: ask by number instead.
      kna1 = [];
      const reads = this.scheduled(chunksOf(numbers, CUSTOMERS_PER_READ), (some) =>
        this.read({ table: 'KNA1', fields: KNA1_FIELDS, keyFields: ['KUNNR'], where: inList('KUNNR', some) }),
      );
      for await (const rows of reads) kna1.push(...rows);
    }
    const general = new Map(kna1.map((r) => [r.KUNNR ?? '', r]));
    const mail = await this.emails(kna1.map((r) => (r.ADRNR ?? '').trim()).filter((n) => n !== ''));
    const out: Customer[] = [];
    for (const b of knb1) {
      const a = general.get(b.KUNNR ?? '');
      if (!a) continue; // KNB1 without KNA1 cannot exist in SAP; a customer deleted between the reads
      const headOffice = (b.KNRZE ?? '').trim();
      const group = (a.KONZS ?? '').trim();
      out.push({
        source: { KUNNR: b.KUNNR!, BUKRS: companyCode },
        name: a.NAME1 ?? '',
        city: a.ORT01 ?? '',
        postalCode: a.PSTLZ ?? '',
        country: a.LAND1 ?? '',
        street: a.STRAS ?? '',
        email: mail.get((a.ADRNR ?? '').trim()) ?? '',
        deletionFlag: (a.LOEVM ?? '') !== '' || (b.LOEVM ?? '') !== '',
        ...(headOffice ? { headOffice } : {}),
        ...(group ? { group } : {}),
      });
    }
    return out;
  }

  /**
   * The company address's e-mail of each address number (ADR6, PERSNUMBER blank: a contact person's are not the
   * payer's), the default one (FLGDEFAULT) where an address has several: address number -> e-mail.
   */
  private async emails(addresses: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (addresses.length === 0) return out;
    // The fields' widths learnt once, before the reads that go at once would each ask for them.
    await this.width('ADR6', [...ADR6_KEYS, ...ADR6_FIELDS]);
    // Each address's rows come in one read (the reads split the addresses), so the default is found whatever
    // order the reads complete in; `concurrency` of them at once.
    const reads = this.scheduled(chunksOf([...new Set(addresses)].sort(), CUSTOMERS_PER_READ), (some) =>
      this.read({ table: 'ADR6', fields: ADR6_FIELDS, keyFields: ADR6_KEYS, where: inList('ADDRNUMBER', some) }),
    );
    for await (const rows of reads) {
      for (const r of rows) {
        const address = (r.ADDRNUMBER ?? '').trim();
        const smtp = (r.SMTP_ADDR ?? '').trim();
        if ((r.PERSNUMBER ?? '').trim() !== '' || smtp === '') continue;
        if (!out.has(address) || (r.FLGDEFAULT ?? '').trim() === 'X') out.set(address, smtp);
      }
    }
    return out;
  }

  // ---- open items ------------------------------------------------------------------------------

  async *readOpenItems(companyCode: string): AsyncIterable<OpenItem[]> {
    const currencies = await this.currencies();
    const width = await this.width('BSID', [...ITEM_FIELDS, ...ITEM_KEYS]);
    for await (const rows of this.customerRanges(companyCode, [...ITEM_FIELDS], width))
      yield rows.map((r) => openItemFromBsid(r, companyCode, currencies));
  }

  /**
   * BSAD of the company code cleared on or after the day (AUGDT), whole: the full read's look-back at
   * cleared items, read in customer ranges as BSID is (ROWSKIPS would make SAP read and drop the rows
   * before each page of what can be as many rows as BSID holds).
   */
  async *readClearedItems(companyCode: string, since: IsoDate): AsyncIterable<ClearedOpenItem[]> {
    const currencies = await this.currencies();
    const width = await this.width('BSAD', [...CLEARED_ITEM_FIELDS, ...ITEM_KEYS]);
    const ranges = this.customerRanges(companyCode, [...CLEARED_ITEM_FIELDS], width, {
      table: 'BSAD',
      where: `AUGDT >= ${literal(toDats(since))}`,
    });
    for await (const rows of ranges) yield rows.map((r) => clearedItemOf(r, companyCode, currencies));
  }

  async *readOpenItemChanges(companyCode: string, since: IsoDate): AsyncIterable<OpenItemChanges> {
    const currencies = await this.currencies();
    const day = literal(toDats(since));
    const width = await this.width('BSID', [...ITEM_FIELDS, ...ITEM_KEYS]);
    const item = (r: Row): OpenItem => openItemFromBsid(r, companyCode, currencies);
    // New items: entered on or after the day (BSID-CPUDT; BSID has no entry time, BKPF-CPUTM does).
    for await (const page of this.pagesBySkip(
      {
        table: 'BSID',
        fields: [...ITEM_FIELDS],
        keyFields: [...ITEM_KEYS],
        where: and(eq('BUKRS', companyCode), `CPUDT >= ${day}`),
      },
      this.rowsFor(width),
    ))
      yield { open: page.map(item), cleared: [] };
    // Items changed in place (FB02: assignment, text, baseline, terms): their document's BKPF-AEDAT.
    const changedDocs = await this.documentsSince(companyCode, 'AEDAT', day);
    for await (const open of this.pipeline(toAsync(inReads(changedDocs)), async (docs) => {
      const wanted = new Set(docs.map((d) => `${d.BELNR}|${d.GJAHR}`));
      const rows = await this.read({
        table: 'BSID',
        fields: [...ITEM_FIELDS],
        keyFields: [...ITEM_KEYS],
        where: and(eq('BUKRS', companyCode), inList('BELNR', [...new Set(docs.map((d) => d.BELNR ?? ''))])),
      });
      return rows.filter((r) => wanted.has(`${r.BELNR}|${r.GJAHR}`)).map(item);
    }))
      if (open.length > 0) yield { open, cleared: [] };
    // Cleared items, whole (an invoice posted and cleared since the last run is held too): BSAD by
    // clearing date (AUGDT, the clearing document's posting date).
    const cleared = (r: Row): ClearedOpenItem => clearedItemOf(r, companyCode, currencies);
    for await (const page of this.pagesBySkip(
      {
        table: 'BSAD',
        fields: [...CLEARED_ITEM_FIELDS],
        keyFields: [...ITEM_KEYS],
        where: and(eq('BUKRS', companyCode), `AUGDT >= ${day}`),
      },
      this.rowsFor(await this.width('BSAD', [...CLEARED_ITEM_FIELDS, ...ITEM_KEYS])),
    ))
      yield { open: [], cleared: page.map(cleared) };
    // Cleared items whose clearing was entered inside the window but dated before it (a payment
    // cleared today with the settlement day as its posting date, so AUGDT is days old): BSAD by the
    // clearing documents (AUGBL) among the documents entered since the day (BKPF-CPUDT). Every BSAD
    // row is a cleared item, so a document number shared with another fiscal year marks nothing wrong.
    const enteredDocs = await this.documentsSince(companyCode, 'CPUDT', day);
    for await (const items of this.pipeline(toAsync(inReads(enteredDocs)), async (docs) => {
      const rows = await this.read({
        table: 'BSAD',
        fields: [...CLEARED_ITEM_FIELDS],
        keyFields: [...ITEM_KEYS],
        where: and(eq('BUKRS', companyCode), inList('AUGBL', [...new Set(docs.map((d) => d.BELNR ?? ''))])),
      });
      return rows.map(cleared);
    }))
      if (items.length > 0) yield { open: [], cleared: items };
  }

  /** The documents (BKPF) of the company code entered (CPUDT) or changed (AEDAT) on or after the day. */
  private async documentsSince(companyCode: string, field: 'CPUDT' | 'AEDAT', day: string): Promise<Row[]> {
    const docs: Row[] = [];
    for await (const page of this.pagesBySkip(
      {
        table: 'BKPF',
        fields: ['BELNR', 'GJAHR'],
        keyFields: ['BELNR', 'GJAHR'],
        where: and(eq('BUKRS', companyCode), `${field} >= ${day}`),
      },
      this.rowsFor(14),
    ))
      docs.push(...page);
    return docs;
  }

  /**
   * The items among `keys` that BSID holds now: by document number (IN-lists of DOCS_PER_READ),
   * over the pool; an item still cleared (in BSAD) is simply not there.
   */
  async *readOpenItemsByKey(companyCode: string, keys: readonly OpenItemKey[]): AsyncIterable<OpenItem[]> {
    if (keys.length === 0) return;
    const currencies = await this.currencies();
    const wanted = new Set(keys.map((k) => `${k.BELNR}|${k.GJAHR}|${k.BUZEI}`));
    const docs = [...new Set(keys.map((k) => k.BELNR))].sort();
    for await (const open of this.pipeline(toAsync(inReads(docs)), async (chunk) => {
      const rows = await this.read({
        table: 'BSID',
        fields: [...ITEM_FIELDS],
        keyFields: [...ITEM_KEYS],
        where: and(eq('BUKRS', companyCode), inList('BELNR', chunk)),
      });
      return rows
        .filter((r) => wanted.has(`${r.BELNR}|${r.GJAHR}|${r.BUZEI}`))
        .map((r) => openItemFromBsid(r, companyCode, currencies));
    }))
      if (open.length > 0) yield open;
  }

  /** Count and sum per currency, from a narrow read of every open item (RFC_READ_TABLE cannot sum). */
  async openItemTotals(companyCode: string): Promise<OpenItemTotal[]> {
    const currencies = await this.currencies();
    const width = await this.width('BSID', [...TOTAL_FIELDS, ...ITEM_KEYS]);
    const totals = new Map<string, { count: number; sumMinor: number }>();
    for await (const rows of this.customerRanges(companyCode, [...TOTAL_FIELDS], width)) {
      for (const r of rows) {
        const amount = fromSapInternal(r.WRBTR || '0', r.WAERS ?? '', currencies);
        const t = totals.get(amount.currency) ?? { count: 0, sumMinor: 0 };
        t.count += 1;
        t.sumMinor += r.SHKZG === 'H' ? -amount.minor : amount.minor;
        totals.set(amount.currency, t);
      }
    }
    return [...totals]
      .map(([currency, t]) => ({ currency, ...t }))
      .sort((a, b) => a.currency.localeCompare(b.currency));
  }

  // ---- paging ----------------------------------------------------------------------------------

  /**
   * BSID (or, with `of`, BSAD under a further condition) of a company code in ranges of customers (see
   * the top of this file), `concurrency` at once; each range's rows are handed on as it completes.
   */
  private async *customerRanges(
    companyCode: string,
    fields: string[],
    width: number,
    of: { readonly table: 'BSID' | 'BSAD'; readonly where: string } = { table: 'BSID', where: '' },
  ): AsyncIterable<Row[]> {
    const kunnrs = await this.customerNumbers(companyCode);
    const n = kunnrs.length;
    const target = this.rowsFor(width);
    const cap = target * 4;
    let perCustomer = this.options.itemsPerCustomer ?? 10;
    let itemsSeen = 0;
    let customersSeen = 0;
    let next = 0;
    let planned = false;
    interface Range {
      i: number;
      j: number;
      whole?: boolean;
    }
    const redo: Range[] = [];
    const plan = (): Range | null => {
      const again = redo.pop();
      if (again) return again;
      if (n === 0) {
        if (planned) return null;
        planned = true;
        return { i: 0, j: 0 };
      }
      if (next >= n) return null;
      const size = Math.max(1, Math.floor(target / perCustomer));
      const range = { i: next, j: Math.min(n, next + size) };
      next = range.j;
      return range;
    };
    const where = (r: Range): string =>
      and(
        eq('BUKRS', companyCode),
        r.i > 0 ? `KUNNR >= ${literal(kunnrs[r.i]!)}` : '',
        r.j < n ? `KUNNR < ${literal(kunnrs[r.j]!)}` : '',
        of.where,
      );
    yield* this.scheduled<Range, Row[]>(plan, async (r) => {
      const rows = await this.read({
        table: of.table,
        fields,
        keyFields: [...ITEM_KEYS],
        where: where(r),
        rowCount: r.whole ? 0 : cap,
      });
      if (!r.whole && rows.length >= cap) {
        const mid = (r.i + r.j) >>> 1;
        if (r.j - r.i > 1) redo.push({ i: mid, j: r.j }, { i: r.i, j: mid });
        else redo.push({ ...r, whole: true });
        return null;
      }
      if (n > 0) {
        itemsSeen += rows.length;
        customersSeen += r.j - r.i;
        perCustomer = Math.max(0.1, itemsSeen / customersSeen);
      }
      return rows;
    });
  }

  /** The company code's customer numbers, sorted: where the ranges are cut. */
  private async customerNumbers(companyCode: string): Promise<string[]> {
    const numbers: string[] = [];
    const width = await this.width('KNB1', ['KUNNR']);
    for await (const page of this.pagesBySkip(
      { table: 'KNB1', fields: ['KUNNR'], keyFields: ['KUNNR'], where: eq('BUKRS', companyCode) },
      this.rowsFor(width),
    ))
      for (const r of page) numbers.push(r.KUNNR ?? '');
    return [...new Set(numbers)].filter(Boolean).sort();
  }

  /**
   * Pages by ROWSKIPS/ROWCOUNT, in order. The first page is read alone; while pages come back
   * full, more are read ahead at once (up to `concurrency`), so a small read costs one call.
   */
  private async *pagesBySkip(
    req: { table: string; fields: string[]; keyFields: string[]; where: string },
    rowsPerPage: number,
  ): AsyncIterable<Row[]> {
    const inflight = new Map<number, Promise<Row[]>>();
    let nextPage = 0;
    let window = 1;
    let ended = false;
    try {
      for (let page = 0; ; page++) {
        while (!ended && inflight.size < window) {
          const i = nextPage++;
          const read = this.read({ ...req, rowSkips: i * rowsPerPage, rowCount: rowsPerPage });
          read.catch(() => undefined); // awaited below, in order
          inflight.set(i, read);
        }
        const rows = await inflight.get(page)!;
        inflight.delete(page);
        if (rows.length < rowsPerPage) ended = true;
        else window = Math.min(this.options.concurrency, window * 2);
        if (rows.length > 0) yield rows;
        if (ended) return;
      }
    } finally {
      await Promise.allSettled(inflight.values());
    }
  }

  /**
   * Runs `work` on what `next` plans, up to `concurrency` at once, and hands each result on as it
   * completes (null: nothing to hand on). At most `concurrency` results wait for the consumer, so
   * a slow store slows the reads instead of filling memory. `next` may plan more (a range to read
   * again) after work finished.
   */
  private scheduled<P, R>(next: () => P | null, work: (plan: P) => Promise<R | null>): AsyncIterable<R> {
    return this.flow(async () => {
      const plan = next();
      return plan === null ? { done: true } : { done: false, value: plan };
    }, work);
  }

  /** Each element of `source` through `work`, `concurrency` at once, results as they complete. */
  private pipeline<A, R>(source: AsyncIterable<A>, work: (a: A) => Promise<R | null>): AsyncIterable<R> {
    const it = source[Symbol.asyncIterator]();
    let exhausted = false;
    return this.flow<A, R>(
      async () => {
        if (exhausted) return { done: true };
        const r = await it.next();
        if (r.done) exhausted = true;
        return r.done ? { done: true } : { done: false, value: r.value };
      },
      work,
      () => it.return?.(),
    );
  }

  private async *flow<P, R>(
    pull: () => Promise<{ done: true } | { done: false; value: P }>,
    work: (plan: P) => Promise<R | null>,
    close?: () => unknown,
  ): AsyncIterable<R> {
    const limit = this.options.concurrency;
    const inflight = new Set<Promise<void>>();
    const ready: R[] = [];
    const state: { failure: { error: unknown } | null } = { failure: null };
    try {
      for (;;) {
        while (!state.failure && inflight.size + ready.length < limit) {
          const plan = await pull();
          if (plan.done) break;
          const p: Promise<void> = work(plan.value).then(
            (r) => {
              if (r !== null) ready.push(r);
            },
            (error: unknown) => {
              state.failure ??= { error };
            },
          );
          inflight.add(p);
          void p.finally(() => inflight.delete(p));
        }
        if (state.failure) throw state.failure.error;
        const r = ready.shift();
        if (r !== undefined) {
          yield r;
          continue;
        }
        if (inflight.size === 0) return;
        await Promise.race(inflight);
      }
    } finally {
      await Promise.allSettled(inflight);
      await close?.();
    }
  }

  // ---- reads -----------------------------------------------------------------------------------

  /** One read on one pooled connection; read again when its field groups disagreed. */
  private async read(req: Parameters<typeof readTable>[1]): Promise<Row[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.run((call) => readTable(call, { ...req, lengthCache: this.lengthCache }));
      } catch (e) {
        if (!(e instanceof SplitReadMismatch) || attempt >= SPLIT_RETRIES) throw e;
      }
    }
  }

  private width(table: string, fields: readonly string[]): Promise<number> {
    return this.run((call) => rowWidth(call, table, fields, this.lengthCache));
  }

  private rowsFor(width: number): number {
    return Math.max(100, Math.floor(this.pageBytes / Math.max(1, width)));
  }
}

/** KNRZE: the head office (payer) account of a branch in this company code. */
const KNB1_FIELDS = ['KUNNR', 'LOEVM', 'SPERR', 'KNRZE'];
/** KONZS: the corporate group key. */
const KNA1_FIELDS = ['KUNNR', 'NAME1', 'ORT01', 'PSTLZ', 'LAND1', 'STRAS', 'LOEVM', 'KONZS', 'ADRNR'];
/** A customer's e-mail: KNA1 has none; ADR6 keeps it by the address number (KNA1-ADRNR), PERSNUMBER blank for the company's own. */
const ADR6_FIELDS = ['ADDRNUMBER', 'PERSNUMBER', 'FLGDEFAULT', 'SMTP_ADDR'];
const ADR6_KEYS = ['ADDRNUMBER', 'PERSNUMBER', 'DATE_FROM', 'CONSNUMBER'];

async function* toAsync<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items;
}

/** A BSID row (internal amounts, DATS) as the canonical open item. */
export function openItemFromBsid(r: Row, companyCode: string, currencies: SapCurrencyTable): OpenItem {
  const s = (k: string): string => (r[k] ?? '').trim();
  const amount = fromSapInternal(s('WRBTR') || '0', s('WAERS'), currencies);
  const baseline = fromDats(s('ZFBDT'));
  const terms = { ZBD1T: dayCount(s('ZBD1T')), ZBD2T: dayCount(s('ZBD2T')), ZBD3T: dayCount(s('ZBD3T')) };
  return {
    source: { BUKRS: companyCode, BELNR: s('BELNR'), GJAHR: s('GJAHR'), BUZEI: s('BUZEI') },
    customer: s('KUNNR'),
    amount: s('SHKZG') === 'H' ? negate(amount) : amount,
    reference: s('XBLNR'),
    assignment: s('ZUONR'),
    documentType: s('BLART'),
    postingDate: fromDats(s('BUDAT')) ?? '',
    documentDate: fromDats(s('BLDAT')) ?? '',
    dueDate: netDueDate({ baseline, ...terms, SHKZG: s('SHKZG'), REBZG: s('REBZG') }),
    text: s('SGTXT'),
    specialGl: s('UMSKZ'),
    baselineDate: baseline,
    entryDate: fromDats(s('CPUDT')),
    cashDiscount: {
      days1: terms.ZBD1T,
      percent1: percentThousandths(s('ZBD1P')),
      days2: terms.ZBD2T,
      percent2: percentThousandths(s('ZBD2P')),
    },
    invoiceRef: invoiceRefOf(s('REBZG'), s('REBZJ'), s('REBZZ')),
  };
}

/** `next` for `scheduled`: `list` in consecutive slices of `size`, then null. */
function chunksOf<T>(list: readonly T[], size: number): () => T[] | null {
  let at = 0;
  return () => {
    if (at >= list.length) return null;
    at += size;
    return list.slice(at - size, at);
  };
}
