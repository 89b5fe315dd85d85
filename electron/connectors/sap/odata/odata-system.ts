// SapSystem over a custom Gateway service (ZCLEARDESK_FIAR_SRV). Postings go in a $batch change
// set, so SAP posts and commits them as one LUW.
import type { Customer, IsoDate, OpenItem } from '../../../../shared/domain';
import { SapCurrencyTable } from '../../../../shared/money';
import { type CompanyCalendar, type FiDocument, type FiDocumentKey, RSTGR_EXTENSION } from '../../../../shared/posting';
import { fromDats } from '../../../../shared/time';
import type { Policy } from '../../../resilience';
import { SapCallError } from '../errors';
import type { ClearingInstruction, PostResult, ReversalResult, SapSystem } from '../types';
import { ODataClient, type ODataClientOptions, ODataError, failedPart } from './client';
import { datsToEdm, edmToDats, odataString } from './edm';
import { readODataCalendar } from './calendar';
import { ODataMirror, type ODataMirrorOptions, customerFromEntity, openItemFromEntity } from './mirror';

export const DEFAULT_SERVICE_PATH = '/sap/opu/odata/sap/ZCLEARDESK_FIAR_SRV/';

type Entity = Record<string, unknown>;
const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

export class ODataSapSystem implements SapSystem {
  readonly transport = 'odata' as const;
  readonly client: ODataClient;
  private currencies: SapCurrencyTable | null = null;

  /** The mirror's keyset-paged reads (./mirror.ts). */
  readonly mirror: ODataMirror;

  /** The policy every request goes through (retries and the SAP system's breaker). */
  readonly policy: Policy | undefined;

  constructor(
    options: Omit<ODataClientOptions, 'servicePath'> & { servicePath?: string; mirror?: ODataMirrorOptions },
  ) {
    const { mirror, ...client } = options;
    this.policy = client.policy;
    this.client = new ODataClient({ ...client, servicePath: client.servicePath ?? DEFAULT_SERVICE_PATH });
    this.mirror = new ODataMirror(this.client, () => this.readCurrencies(), mirror);
  }

  /** The company code's fiscal calendar from the service's calendar sets (./calendar.ts); the core keeps it a few minutes. */
  postingCalendar(companyCode: string): Promise<CompanyCalendar> {
    return readODataCalendar(this.client, companyCode);
  }

  /** Customers of a company code, every page collected (the mirror reads them page by page). */
  async listCustomers(companyCode: string): Promise<Customer[]> {
    const rows = await this.client.list(
      `Customers?$filter=${encodeURIComponent(`CompanyCode eq ${odataString(companyCode)}`)}`,
      `reading customers of ${companyCode}`,
    );
    return rows.map(customerFromEntity).sort((a, b) => a.source.KUNNR.localeCompare(b.source.KUNNR));
  }

  /** The service lists items open today; a key date is not offered by it. */
  async getOpenItems(companyCode: string, customer?: string, _keyDate?: IsoDate): Promise<OpenItem[]> {
    const table = await this.readCurrencies();
    const filter = [
      `CompanyCode eq ${odataString(companyCode)}`,
      customer ? `Customer eq ${odataString(customer)}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    const rows = await this.client.list(
      `OpenItems?$filter=${encodeURIComponent(filter)}`,
      `reading open items of ${companyCode}`,
    );
    return rows.map((r) => openItemFromEntity(r, table));
  }

  async postDocument(doc: FiDocument): Promise<PostResult> {
    const [part] = await this.client.batch(
      [
        {
          kind: 'changeset',
          parts: [
            {
              method: 'POST',
              url: 'AccountingDocuments',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(toEntity(doc)),
            },
          ],
        },
      ],
      `posting document ${doc.DOCUMENTHEADER.REF_DOC_NO}`,
    );
    const result = part?.kind === 'changeset' ? part.parts[0] : part?.part;
    if (!result)
      throw new SapCallError(
        `posting document ${doc.DOCUMENTHEADER.REF_DOC_NO}`,
        null,
        new Error('empty $batch response'),
      );
    const failed = failedPart(result);
    if (failed) return { ok: false, messages: failed };
    return created(JSON.parse(result.body) as { d: Entity });
  }

  async findDocumentByReference(companyCode: string, reference: string): Promise<FiDocumentKey | null> {
    const filter = postedUnder(companyCode, reference);
    const rows = await this.client.list(
      `AccountingDocuments?$filter=${encodeURIComponent(filter)}`,
      `looking up reference ${reference}`,
    );
    return earliest(rows);
  }

  /** One $batch of reads, one per reference: one round trip for many references. */
  async findDocumentsByReferences(
    companyCode: string,
    references: readonly string[],
  ): Promise<Map<string, FiDocumentKey>> {
    const unique = [...new Set(references)];
    const found = new Map<string, FiDocumentKey>();
    if (unique.length === 0) return found;
    const operation = `looking up ${unique.length} references`;
    const parts = await this.client.batch(
      unique.map((reference) => ({
        kind: 'single' as const,
        part: {
          method: 'GET',
          url: `AccountingDocuments?$filter=${encodeURIComponent(postedUnder(companyCode, reference))}`,
          headers: { accept: 'application/json' },
          body: '',
        },
      })),
      operation,
    );
    unique.forEach((reference, i) => {
      const part = parts[i];
      const response = part?.kind === 'single' ? part.part : undefined;
      if (!response || failedPart(response))
        throw new SapCallError(operation, null, new Error(`no readable answer for reference ${reference}`));
      const body = JSON.parse(response.body) as { d?: { results?: Entity[] } | Entity[] };
      const rows = Array.isArray(body.d) ? body.d : (body.d?.results ?? []);
      const key = earliest(rows);
      if (key) found.set(reference, key);
    });
    return found;
  }

  /**
   * The service's side of a reversal (docs/ARCHITECTURE.md, "Reversals"): the cleared customer lines of the
   * document (ClearedItems), each clearing reset (function import ResetClearing, FBRA, which
   * commits on its own), then ReverseDocument (BAPI_ACC_DOCUMENT_REV_POST and its commit).
   */
  async reverseDocument(key: FiDocumentKey, reason: string, postingDate: IsoDate): Promise<ReversalResult> {
    const clearingReset: FiDocumentKey[] = [];
    const where = `${key.BELNR}/${key.BUKRS}/${key.GJAHR}`;
    const filter = [
      `CompanyCode eq ${odataString(key.BUKRS)}`,
      `DocumentNumber eq ${odataString(key.BELNR)}`,
      `FiscalYear eq ${odataString(key.GJAHR)}`,
    ].join(' and ');
    // An already reversed document has nothing to reset: ReverseDocument says why it refuses.
    const cleared = (await this.findReversal(key))
      ? []
      : await this.client.list(
          `ClearedItems?$filter=${encodeURIComponent(filter)}`,
          `reading the cleared items of ${where}`,
        );
    const clearings = new Map<string, FiDocumentKey>();
    for (const r of cleared) {
      const belnr = s(r.ClearingDocument);
      if (!belnr) continue;
      const gjahr = s(r.ClearingYear) || (fromDats(edmToDats(r.ClearingDate)) ?? key.GJAHR).slice(0, 4);
      clearings.set(`${belnr}/${gjahr}`, { BELNR: belnr, BUKRS: key.BUKRS, GJAHR: gjahr });
    }
    for (const clearing of clearings.values()) {
      const reset = new URLSearchParams({
        CompanyCode: `'${clearing.BUKRS}'`,
        ClearingDocument: `'${clearing.BELNR}'`,
        FiscalYear: `'${clearing.GJAHR}'`,
      });
      try {
        await this.client.create(
          `ResetClearing?${reset.toString()}`,
          {},
          `resetting clearing ${clearing.BELNR}/${clearing.BUKRS}/${clearing.GJAHR}`,
        );
      } catch (e) {
        if (e instanceof ODataError) return { ok: false, messages: e.messages, clearingReset };
        throw e;
      }
      clearingReset.push(clearing);
    }
    const q = new URLSearchParams({
      CompanyCode: `'${key.BUKRS}'`,
      DocumentNumber: `'${key.BELNR}'`,
      FiscalYear: `'${key.GJAHR}'`,
      Reason: `'${reason}'`,
      PostingDate: `datetime'${postingDate}T00:00:00'`,
    });
    const outcome = await this.created(() =>
      this.client.create(`ReverseDocument?${q.toString()}`, {}, `reversing ${where}`),
    );
    return { ...outcome, clearingReset };
  }

  /** AccountingDocuments' ReversalDocument/ReversalYear (BKPF-STBLG/STJAH) of the document. */
  async findReversal(key: FiDocumentKey): Promise<FiDocumentKey | null> {
    const filter = [
      `CompanyCode eq ${odataString(key.BUKRS)}`,
      `DocumentNumber eq ${odataString(key.BELNR)}`,
      `FiscalYear eq ${odataString(key.GJAHR)}`,
    ].join(' and ');
    const [doc] = await this.client.list(
      `AccountingDocuments?$filter=${encodeURIComponent(filter)}`,
      `looking up the reversal of ${key.BELNR}/${key.BUKRS}/${key.GJAHR}`,
    );
    const belnr = s(doc?.ReversalDocument);
    if (!belnr) return null;
    return { BELNR: belnr, BUKRS: key.BUKRS, GJAHR: s(doc?.ReversalYear) || key.GJAHR };
  }

  async postAndClear(doc: FiDocument, clearing: readonly ClearingInstruction[]): Promise<PostResult> {
    const body = {
      ...toEntity(doc),
      ClearedItems: clearing.map((c) => ({
        ItemNo: c.ITEMNO_ACC,
        CompanyCode: c.BUKRS,
        Customer: c.KUNNR,
        FiscalYear: c.GJAHR,
        DocumentNumber: c.BELNR,
        LineItem: c.BUZEI,
      })),
    };
    return this.created(() =>
      this.client.create('Clearings', body, `posting and clearing ${doc.DOCUMENTHEADER.REF_DOC_NO}`),
    );
  }

  async readCurrencies(): Promise<SapCurrencyTable> {
    if (this.currencies) return this.currencies;
    const rows = await this.client.list('Currencies', 'reading currencies');
    this.currencies = new SapCurrencyTable(
      rows.map((r) => ({
        waers: s(r.Currency),
        isoCode: s(r.IsoCode) || s(r.Currency),
        decimals: Number(r.Decimals ?? 2),
      })),
    );
    return this.currencies;
  }

  async close(): Promise<void> {}

  private async created(run: () => Promise<Entity>): Promise<PostResult> {
    try {
      return created({ d: await run() });
    } catch (e) {
      if (e instanceof ODataError) return { ok: false, messages: e.messages };
      throw e;
    }
  }
}

/**
 * The filter for documents posted under a reference: BKPF-BUKRS, BKPF-BSTAT ' ' (posted, not parked or
 * noted) and BKPF-XBLNR, as the RFC transport reads them.
 */
const postedUnder = (companyCode: string, reference: string): string =>
  `CompanyCode eq ${odataString(companyCode)} and DocumentStatus eq ' ' and Reference eq ${odataString(reference)}`;

/**
 * Of the documents under one reference, the original that stands: a reversal copies XBLNR and
 * comes later, and a reversed original (ReversalDocument set) is not a posting SAP holds any more.
 */
function earliest(rows: readonly Entity[]): FiDocumentKey | null {
  const first = rows
    .filter((r) => !s(r.ReversalDocument))
    .map((r) => ({
      key: { BELNR: s(r.DocumentNumber), BUKRS: s(r.CompanyCode), GJAHR: s(r.FiscalYear) },
      order: `${edmToDats(r.EntryDate)}${s(r.EntryTime)}${s(r.DocumentNumber)}`,
    }))
    .sort((a, b) => a.order.localeCompare(b.order))[0];
  return first?.key ?? null;
}

function created(body: { d: Entity }): PostResult {
  const d = body.d;
  const messages = ((d.Messages as { results?: Entity[] } | undefined)?.results ?? []).map((m) => ({
    TYPE: s(m.Type),
    ID: s(m.Id),
    NUMBER: s(m.Number),
    MESSAGE: s(m.Message),
  }));
  return { ok: true, key: { BELNR: s(d.DocumentNumber), BUKRS: s(d.CompanyCode), GJAHR: s(d.FiscalYear) }, messages };
}

/** The FI document as the service's AccountingDocument with deep-inserted Items. */
export function toEntity(doc: FiDocument): Entity {
  const h = doc.DOCUMENTHEADER;
  const amounts = new Map(doc.CURRENCYAMOUNT.map((c) => [c.ITEMNO_ACC, c]));
  const item = (no: string): { Currency: string; Amount: string } => ({
    Currency: amounts.get(no)?.CURRENCY ?? '',
    Amount: amounts.get(no)?.AMT_DOCCUR ?? '0',
  });
  // The service takes a customer line's reason code (RSTGR) as ReasonCode, sent only where there is one.
  const reasons = new Map(
    (doc.EXTENSION2 ?? [])
      .filter((x) => x.STRUCTURE === RSTGR_EXTENSION)
      .map((x) => [x.VALUEPART1.slice(0, 10), x.VALUEPART1.slice(10).trim()]),
  );
  return {
    CompanyCode: h.COMP_CODE,
    DocumentType: h.DOC_TYPE,
    DocumentDate: datsToEdm(h.DOC_DATE),
    PostingDate: datsToEdm(h.PSTNG_DATE),
    Reference: h.REF_DOC_NO,
    HeaderText: h.HEADER_TXT,
    UserName: h.USERNAME,
    Items: [
      ...doc.ACCOUNTGL.map((g) => ({
        ItemNo: g.ITEMNO_ACC,
        Kind: 'GL',
        GlAccount: g.GL_ACCOUNT,
        Customer: '',
        Assignment: g.ALLOC_NMBR,
        ItemText: g.ITEM_TEXT,
        CostCenter: g.COSTCENTER ?? '',
        ProfitCenter: g.PROFIT_CTR ?? '',
        ...item(g.ITEMNO_ACC),
      })),
      ...doc.ACCOUNTRECEIVABLE.map((a) => ({
        ItemNo: a.ITEMNO_ACC,
        Kind: 'CUSTOMER',
        GlAccount: '',
        Customer: a.CUSTOMER,
        Assignment: a.ALLOC_NMBR,
        ItemText: a.ITEM_TEXT,
        CostCenter: '',
        ProfitCenter: '',
        ...(reasons.get(a.ITEMNO_ACC) ? { ReasonCode: reasons.get(a.ITEMNO_ACC)! } : {}),
        ...item(a.ITEMNO_ACC),
      })),
    ].sort((a, b) => a.ItemNo.localeCompare(b.ItemNo)),
  };
}
