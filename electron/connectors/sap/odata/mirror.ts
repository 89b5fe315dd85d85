// The mirror's reads over OData (docs/ARCHITECTURE.md, "Mirroring SAP"): the custom Gateway service's
// OpenItems (BSID), ClearedItems (BSAD), Customers (KNB1 with KNA1) and OpenItemTotals, in keyset
// pages. Each request asks for the rows after the last key seen (`ItemKey gt '...'`, `Customer gt
// '...'`), ordered by that key, at most `pageSize` of them; a server that pages smaller answers with
// fewer rows and a __next link, and the next request starts again from the last key. So every page
// is one query that does not depend on the ones before: an item SAP adds or clears between two
// pages shifts nothing (with $skip it would make the next page skip or repeat a row), and each page
// is handed on as soon as it is read, so memory holds one page whatever the company code's size.
import type { Customer, IsoDate, OpenItem } from '../../../../shared/domain';
import { dayCount, invoiceRefOf, netDueDate, percentThousandths } from '../../../../shared/mapping';
import { type SapCurrencyTable, fromBapiAmount, negate } from '../../../../shared/money';
import type {
  ClearedOpenItem,
  MasterDataSource,
  OpenItemChanges,
  OpenItemKey,
  OpenItemTotal,
} from '../../../../shared/ports';
import { fromDats } from '../../../../shared/time';
import { SapCallError } from '../errors';
import { type ODataClient, failedPart } from './client';
import { edmToDats, odataString } from './edm';

export interface ODataMirrorOptions {
  /** Rows asked for per request ($top). Default 5,000. */
  readonly pageSize?: number;
}

type Entity = Record<string, unknown>;
const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
/** Documents whose items one $batch reads again by document number. */
const DOCS_PER_BATCH = 100;

/** An OpenItems or ClearedItems entity as ClearDesk's open item: the same fields the RFC mirror reads from BSID. */
export function openItemFromEntity(r: Entity, currencies: SapCurrencyTable): OpenItem {
  const amount = fromBapiAmount(s(r.Amount) || '0', s(r.Currency), currencies);
  const baseline = fromDats(edmToDats(r.BaselineDate));
  const terms = { ZBD1T: dayCount(s(r.DueDays1)), ZBD2T: dayCount(s(r.DueDays2)), ZBD3T: dayCount(s(r.DueDays3)) };
  return {
    source: { BUKRS: s(r.CompanyCode), BELNR: s(r.DocumentNumber), GJAHR: s(r.FiscalYear), BUZEI: s(r.LineItem) },
    customer: s(r.Customer),
    amount: s(r.DebitCredit) === 'H' ? negate(amount) : amount,
    reference: s(r.Reference),
    assignment: s(r.Assignment),
    documentType: s(r.DocumentType),
    postingDate: fromDats(edmToDats(r.PostingDate)) ?? '',
    documentDate: fromDats(edmToDats(r.DocumentDate)) ?? '',
    dueDate: netDueDate({ baseline, ...terms, SHKZG: s(r.DebitCredit), REBZG: s(r.InvoiceReference) }),
    text: s(r.ItemText),
    // BSID-UMSKZ: the matcher leaves special G/L items (down payments) out.
    specialGl: s(r.SpecialGLIndicator),
    baselineDate: baseline,
    entryDate: fromDats(edmToDats(r.EntryDate)),
    cashDiscount: {
      days1: terms.ZBD1T,
      percent1: percentThousandths(s(r.DiscountPercent1)),
      days2: terms.ZBD2T,
      percent2: percentThousandths(s(r.DiscountPercent2)),
    },
    invoiceRef: invoiceRefOf(s(r.InvoiceReference), s(r.InvoiceReferenceYear), s(r.InvoiceReferenceItem)),
  };
}

/** A Customers entity as ClearDesk's customer. */
export function customerFromEntity(r: Entity): Customer {
  const headOffice = s(r.HeadOffice).trim();
  const group = s(r.GroupKey).trim();
  return {
    source: { KUNNR: s(r.Customer), BUKRS: s(r.CompanyCode) },
    name: s(r.Name),
    email: s(r.Email) || undefined,
    city: s(r.City),
    postalCode: s(r.PostalCode),
    country: s(r.Country),
    street: s(r.Street),
    deletionFlag: r.DeletionFlag === true,
    ...(headOffice ? { headOffice } : {}),
    ...(group ? { group } : {}),
  };
}

/** A ClearedItems entity as a cleared item, whole, with its clearing (BSAD-AUGBL, AUGDT). */
const clearedItemOf = (r: Entity, currencies: SapCurrencyTable): ClearedOpenItem => ({
  ...openItemFromEntity(r, currencies),
  clearing: { AUGBL: s(r.ClearingDocument).trim(), AUGDT: fromDats(edmToDats(r.ClearingDate)) },
});

/** A day as the $filter's Edm.DateTime literal. */
const dayLiteral = (day: IsoDate): string => `datetime'${day}T00:00:00'`;

export class ODataMirror implements MasterDataSource {
  private readonly pageSize: number;

  constructor(
    private readonly client: ODataClient,
    private readonly currencies: () => Promise<SapCurrencyTable>,
    options: ODataMirrorOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 5000;
  }

  async *readCustomers(companyCode: string): AsyncIterable<Customer[]> {
    for await (const page of this.keyset('Customers', [this.company(companyCode)], 'Customer', 'customers'))
      yield page.map(customerFromEntity);
  }

  async *readChangedCustomers(companyCode: string, since: IsoDate): AsyncIterable<Customer[]> {
    const filter = [this.company(companyCode), `ChangedOn ge ${dayLiteral(since)}`];
    for await (const page of this.keyset('Customers', filter, 'Customer', 'changed customers'))
      yield page.map(customerFromEntity);
  }

  async *readOpenItems(companyCode: string): AsyncIterable<OpenItem[]> {
    const currencies = await this.currencies();
    for await (const page of this.keyset('OpenItems', [this.company(companyCode)], 'ItemKey', 'open items'))
      yield page.map((r) => openItemFromEntity(r, currencies));
  }

  /** ClearedItems (BSAD) of the company code cleared on or after the day, whole, with their clearing. */
  async *readClearedItems(companyCode: string, since: IsoDate): AsyncIterable<ClearedOpenItem[]> {
    const currencies = await this.currencies();
    const filter = [this.company(companyCode), `ClearingDate ge ${dayLiteral(since)}`];
    for await (const page of this.keyset('ClearedItems', filter, 'ItemKey', 'cleared items'))
      yield page.map((r) => clearedItemOf(r, currencies));
  }

  /**
   * Open items entered (BSID-CPUDT) or changed in place (BKPF-AEDAT) since the day, and items cleared
   * since: by clearing date (BSAD-AUGDT) and by the clearing document's entry date, for a clearing
   * entered today but dated on the settlement day.
   */
  async *readOpenItemChanges(companyCode: string, since: IsoDate): AsyncIterable<OpenItemChanges> {
    const currencies = await this.currencies();
    const day = dayLiteral(since);
    const company = this.company(companyCode);
    for (const field of ['EntryDate', 'ChangedOn'])
      for await (const page of this.keyset('OpenItems', [company, `${field} ge ${day}`], 'ItemKey', 'changed items'))
        yield { open: page.map((r) => openItemFromEntity(r, currencies)), cleared: [] };
    for (const field of ['ClearingDate', 'ClearingEntryDate'])
      for await (const page of this.keyset('ClearedItems', [company, `${field} ge ${day}`], 'ItemKey', 'cleared items'))
        yield { open: [], cleared: page.map((r) => clearedItemOf(r, currencies)) };
  }

  /** Those of the keys SAP lists as open now: one $batch of reads by document for up to 100 documents. */
  async *readOpenItemsByKey(companyCode: string, keys: readonly OpenItemKey[]): AsyncIterable<OpenItem[]> {
    if (keys.length === 0) return;
    const currencies = await this.currencies();
    const wanted = new Set(keys.map((k) => `${k.BELNR}|${k.GJAHR}|${k.BUZEI}`));
    const docs = [...new Map(keys.map((k) => [`${k.BELNR}|${k.GJAHR}`, k])).values()];
    for (let i = 0; i < docs.length; i += DOCS_PER_BATCH) {
      const chunk = docs.slice(i, i + DOCS_PER_BATCH);
      const operation = `reading the open items of ${chunk.length} documents of ${companyCode}`;
      const parts = await this.client.batch(
        chunk.map((k) => ({
          kind: 'single' as const,
          part: {
            method: 'GET',
            url: `OpenItems?$filter=${encodeURIComponent(
              [
                company(companyCode),
                `DocumentNumber eq ${odataString(k.BELNR)}`,
                `FiscalYear eq ${odataString(k.GJAHR)}`,
              ].join(' and '),
            )}`,
            headers: { accept: 'application/json' },
            body: '',
          },
        })),
        operation,
      );
      const open: OpenItem[] = [];
      for (const [n, part] of parts.entries()) {
        const response = part.kind === 'single' ? part.part : undefined;
        if (!response || failedPart(response))
          throw new SapCallError(operation, null, new Error(`no readable answer for document ${chunk[n]?.BELNR}`));
        const body = JSON.parse(response.body) as { d?: { results?: Entity[] } };
        for (const r of body.d?.results ?? [])
          if (wanted.has(`${s(r.DocumentNumber)}|${s(r.FiscalYear)}|${s(r.LineItem)}`))
            open.push(openItemFromEntity(r, currencies));
      }
      if (open.length > 0) yield open;
    }
  }

  /** Count and signed sum per currency as SAP totals them (OpenItemTotals: BSID grouped by currency). */
  async openItemTotals(companyCode: string): Promise<OpenItemTotal[]> {
    const currencies = await this.currencies();
    const rows = await this.client.list(
      `OpenItemTotals?$filter=${encodeURIComponent(this.company(companyCode))}`,
      `totalling the open items of ${companyCode}`,
    );
    return rows
      .map((r) => {
        const sum = fromBapiAmount(s(r.Amount) || '0', s(r.Currency), currencies);
        return { currency: sum.currency, count: Number(s(r.Count) || '0'), sumMinor: sum.minor };
      })
      .sort((a, b) => a.currency.localeCompare(b.currency));
  }

  private company(companyCode: string): string {
    return company(companyCode);
  }

  /** The set's rows matching every condition, in keyset pages ordered by `key` (see the top of this file). */
  private async *keyset(
    set: string,
    conditions: readonly string[],
    key: string,
    what: string,
  ): AsyncIterable<Entity[]> {
    let after: string | null = null;
    for (;;) {
      const filter = [...conditions, ...(after === null ? [] : [`${key} gt ${odataString(after)}`])].join(' and ');
      const path = `${set}?$filter=${encodeURIComponent(filter)}&$orderby=${key}&$top=${this.pageSize}`;
      const page = await this.client.page(path, `reading ${what} of ${set}`);
      if (page.results.length > 0) yield page.results;
      // A full page, or a shorter one the server cut (it says so with __next): more may follow.
      if (page.results.length === 0 || (page.results.length < this.pageSize && !page.more)) return;
      const last = s(page.results[page.results.length - 1]![key]);
      if (last === '' || (after !== null && last <= after))
        throw new Error(
          `SAP's ${set} did not order its rows by ${key}, so the mirror cannot page it safely: the Gateway service must support $orderby=${key} (see "Mirroring SAP" in docs/ARCHITECTURE.md)`,
        );
      after = last;
    }
  }
}

const company = (companyCode: string): string => `CompanyCode eq ${odataString(companyCode)}`;
