// The sandbox Gateway service's entities (ZCLEARDESK_FIAR_SRV) and OData V2 error bodies.
import { toBapiAmount } from '../../../../shared/money';
import { dec53Percent } from '../ddic';
import type { SapLedger } from '../ledger';
import type { BsegLine, DraftDocument, LedgerDocument } from '../ledger-types';
import type { Bapiret2 } from '../messages';
import { datsFromEdmJson, datsToEdmJson } from './edm';

export const SERVICE = 'ZCLEARDESK_FIAR_SRV';
export const SERVICE_PATH = `/sap/opu/odata/sap/${SERVICE}`;

type Entity = Record<string, unknown>;

const meta = (base: string, set: string, key: string, type: string): Entity => ({
  __metadata: { id: `${base}/${set}(${key})`, uri: `${base}/${set}(${key})`, type: `${SERVICE}.${type}` },
});

export function openItemEntity(
  ledger: SapLedger,
  base: string,
  doc: LedgerDocument,
  l: BsegLine,
  set: 'OpenItems' | 'ClearedItems' = 'OpenItems',
): Entity {
  const h = doc.header;
  return {
    ...meta(
      base,
      set,
      `CompanyCode='${h.BUKRS}',FiscalYear='${h.GJAHR}',DocumentNumber='${h.BELNR}',LineItem='${l.BUZEI}'`,
      'OpenItem',
    ),
    CompanyCode: h.BUKRS,
    Customer: l.KUNNR,
    FiscalYear: h.GJAHR,
    DocumentNumber: h.BELNR,
    LineItem: l.BUZEI,
    Assignment: l.ZUONR,
    Reference: h.XBLNR,
    DocumentType: h.BLART,
    PostingDate: datsToEdmJson(h.BUDAT),
    DocumentDate: datsToEdmJson(h.BLDAT),
    BaselineDate: datsToEdmJson(l.ZFBDT),
    PaymentTerms: l.ZTERM,
    Currency: h.WAERS,
    Amount: toBapiAmount(l.WRBTR, ledger.currencies()).amount,
    DebitCredit: l.SHKZG,
    // BSID-UMSKZ: 'A' down payment, 'F' down payment request, ...; '' for a normal receivable.
    SpecialGLIndicator: l.UMSKZ ?? '',
    ItemText: l.SGTXT,
    ClearingDocument: l.AUGBL,
    ClearingDate: datsToEdmJson(l.AUGDT),
    ClearingYear: l.AUGGJ,
    // The mirror's keyset (GJAHR, BELNR, BUZEI side by side) and its delta: BSID-CPUDT, BKPF-AEDAT.
    ItemKey: `${h.GJAHR}${h.BELNR}${l.BUZEI}`,
    EntryDate: datsToEdmJson(h.CPUDT),
    ChangedOn: datsToEdmJson(h.AEDAT ?? ''),
    // Terms as the line holds them (BSEG-ZBD1T..ZBD3T days, ZBD1P/ZBD2P percent as Edm.Decimal), and
    // the invoice a credit refers to (REBZG): the net due date is the client's to derive.
    DueDays1: String(l.ZBD1T ?? 0),
    DueDays2: String(l.ZBD2T ?? 0),
    DueDays3: String(l.ZBD3T ?? 0),
    DiscountPercent1: dec53Percent(l.ZBD1P),
    DiscountPercent2: dec53Percent(l.ZBD2P),
    InvoiceReference: l.REBZG,
    InvoiceReferenceYear: l.REBZJ,
    InvoiceReferenceItem: l.REBZZ,
  };
}

export function documentEntity(base: string, doc: LedgerDocument): Entity {
  const h = doc.header;
  return {
    ...meta(
      base,
      'AccountingDocuments',
      `CompanyCode='${h.BUKRS}',DocumentNumber='${h.BELNR}',FiscalYear='${h.GJAHR}'`,
      'AccountingDocument',
    ),
    CompanyCode: h.BUKRS,
    DocumentNumber: h.BELNR,
    FiscalYear: h.GJAHR,
    DocumentType: h.BLART,
    Reference: h.XBLNR,
    HeaderText: h.BKTXT,
    PostingDate: datsToEdmJson(h.BUDAT),
    DocumentDate: datsToEdmJson(h.BLDAT),
    Currency: h.WAERS,
    EntryDate: datsToEdmJson(h.CPUDT),
    EntryTime: h.CPUTM,
    DocumentStatus: h.BSTAT,
    ReversalDocument: h.STBLG,
    ReversalYear: h.STJAH,
    ObjectKey: h.AWKEY,
  };
}

/** An AccountingDocuments / Clearings create payload back to the BAPI draft. */
export function draftFromEntity(body: Entity): DraftDocument {
  const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
  const items = listOf(body.Items);
  const draft: DraftDocument = {
    header: {
      COMP_CODE: s(body.CompanyCode),
      DOC_TYPE: s(body.DocumentType),
      DOC_DATE: datsFromEdmJson(body.DocumentDate, 'DocumentDate'),
      PSTNG_DATE: datsFromEdmJson(body.PostingDate, 'PostingDate'),
      REF_DOC_NO: s(body.Reference),
      HEADER_TXT: s(body.HeaderText),
      USERNAME: s(body.UserName),
      BUS_ACT: 'RFBU',
    },
    gl: [],
    ar: [],
    amounts: [],
  };
  for (const it of items) {
    const no = s(it.ItemNo);
    if (s(it.Kind).toUpperCase() === 'CUSTOMER') {
      draft.ar.push({
        ITEMNO_ACC: no,
        CUSTOMER: s(it.Customer),
        ALLOC_NMBR: s(it.Assignment),
        ITEM_TEXT: s(it.ItemText),
      });
      // The service's DPC hands a line's ReasonCode to the posting as the RFC BAdI's EXTENSION2 row would.
      if (s(it.ReasonCode) !== '')
        (draft.extension2 ??= []).push({
          STRUCTURE: 'ZCLEARDESK_RSTGR',
          VALUEPART1: no.padStart(10, '0') + s(it.ReasonCode),
        });
    } else
      draft.gl.push({
        ITEMNO_ACC: no,
        GL_ACCOUNT: s(it.GlAccount),
        ALLOC_NMBR: s(it.Assignment),
        ITEM_TEXT: s(it.ItemText),
        COSTCENTER: s(it.CostCenter),
        PROFIT_CTR: s(it.ProfitCenter),
      });
    draft.amounts.push({ ITEMNO_ACC: no, CURR_TYPE: '00', CURRENCY: s(it.Currency), AMT_DOCCUR: s(it.Amount) });
  }
  return draft;
}

/** Deep-insert navigation: an array, or V2's { results: [...] }. */
export function listOf(v: unknown): Entity[] {
  if (Array.isArray(v)) return v as Entity[];
  if (v && typeof v === 'object' && Array.isArray((v as { results?: unknown }).results))
    return (v as { results: Entity[] }).results;
  return [];
}

const SEVERITY: Record<string, string> = { E: 'error', A: 'error', X: 'error', W: 'warning', I: 'info', S: 'success' };

/** The V2 error body Gateway writes for a business exception carrying BAPIRET2 messages. */
export function errorBody(
  messages: readonly Pick<Bapiret2, 'TYPE' | 'ID' | 'NUMBER' | 'MESSAGE'>[],
  now: Date,
): Entity {
  const first = messages[0] ?? { TYPE: 'E', ID: '/IWBEP/CM_MGW_RT', NUMBER: '000', MESSAGE: 'Unknown error' };
  const ts = now
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.(\d{3})Z$/, '.$10000');
  return {
    error: {
      code: `${first.ID}/${first.NUMBER}`,
      message: { lang: 'en', value: first.MESSAGE },
      innererror: {
        application: { component_id: '', service_namespace: '/SAP/', service_id: SERVICE, service_version: '0001' },
        transactionid: Math.abs(hash(ts + first.MESSAGE))
          .toString(16)
          .toUpperCase()
          .padStart(32, '0')
          .slice(0, 32),
        timestamp: ts,
        Error_Resolution: {
          SAP_Transaction:
            'For backend administrators: run transaction /IWFND/ERROR_LOG on SAP Gateway hub system and search for entries with the timestamp above for more details',
          SAP_Note: 'See SAP Note 1797736 for error analysis (https://service.sap.com/sap/support/notes/1797736)',
          Batch_SAP_Note:
            'See SAP Note 1869434 for details about working with $batch (https://service.sap.com/sap/support/notes/1869434)',
        },
        errordetails: messages.map((m) => ({
          code: `${m.ID}/${m.NUMBER}`,
          message: m.MESSAGE,
          propertyref: '',
          severity: SEVERITY[m.TYPE] ?? 'error',
          target: '',
        })),
      },
    },
  };
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}
