// A BAPI_AR_ACC_GETOPENITEMS LINEITEMS row (structure BAPI3007_2) into the canonical OpenItem.
// Amounts come unsigned in external format ("1250.00", JPY "125000"); DB_CR_IND gives the sign.
import type { OpenItem } from '../domain';
import { DEFAULT_SAP_CURRENCIES, fromBapiAmount, type SapCurrencyTable } from '../money';
import { fromDats } from '../time';
import { dayCount, netDueDate, percentThousandths } from './net-due-date';
import { invoiceRefOf } from './invoice-ref';
import { RecordError } from './record-error';

/** The BAPI3007_2 fields ClearDesk reads; the rest of the structure passes through unread. */
export interface LineItemRow {
  COMP_CODE: string;
  CUSTOMER: string;
  FISC_YEAR: string;
  DOC_NO: string;
  ITEM_NUM: string;
  ALLOC_NMBR?: string;
  REF_DOC_NO?: string;
  PSTNG_DATE?: string;
  DOC_DATE?: string;
  CURRENCY: string;
  AMT_DOCCUR: string;
  DB_CR_IND: string;
  DOC_TYPE?: string;
  ITEM_TEXT?: string;
  BLINE_DATE?: string;
  NETTERMS?: string;
  DSCT_DAYS1?: string;
  DSCT_DAYS2?: string;
  DSCT_PCT1?: string;
  DSCT_PCT2?: string;
  INV_REF?: string;
  INV_YEAR?: string;
  INV_ITEM?: string;
  SP_GL_IND?: string;
  [field: string]: unknown;
}

export function lineItemLabel(row: unknown, index: number): string {
  const r = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
  const key = [r.COMP_CODE, r.DOC_NO, r.FISC_YEAR, r.ITEM_NUM].map((v) => (typeof v === 'string' ? v : '?')).join('/');
  return `openItems[${index}] (${key})`;
}

const s = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** SAP dates as RFC returns them (YYYYMMDD) or ISO. */
function date(v: unknown): string | null {
  const t = s(v);
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
  return fromDats(t);
}

export function fromLineItem(
  row: LineItemRow,
  index: number,
  table: SapCurrencyTable = DEFAULT_SAP_CURRENCIES,
): OpenItem {
  const label = lineItemLabel(row, index);
  for (const f of ['COMP_CODE', 'CUSTOMER', 'DOC_NO', 'CURRENCY', 'AMT_DOCCUR'] as const) {
    if (s(row[f]) === '') throw new RecordError(label, `${f} is empty`);
  }
  const dbcr = s(row.DB_CR_IND).toUpperCase();
  if (dbcr !== 'S' && dbcr !== 'H')
    throw new RecordError(label, `DB_CR_IND ${JSON.stringify(row.DB_CR_IND)} must be S (debit) or H (credit)`);
  let amount;
  try {
    amount = fromBapiAmount(s(row.AMT_DOCCUR), s(row.CURRENCY), table);
  } catch (e) {
    throw new RecordError(
      label,
      `AMT_DOCCUR ${JSON.stringify(row.AMT_DOCCUR)} ${s(row.CURRENCY)}: ${(e as Error).message}`,
    );
  }
  if (amount.minor < 0) throw new RecordError(label, 'AMT_DOCCUR must be unsigned; DB_CR_IND carries the sign');
  let postingDate, documentDate, baseline;
  try {
    postingDate = date(row.PSTNG_DATE);
    documentDate = date(row.DOC_DATE) ?? postingDate;
    baseline = date(row.BLINE_DATE);
  } catch (e) {
    throw new RecordError(label, (e as Error).message);
  }
  if (!postingDate && !documentDate) throw new RecordError(label, 'PSTNG_DATE and DOC_DATE are both empty');
  let terms;
  try {
    terms = {
      ZBD1T: dayCount(s(row.DSCT_DAYS1)),
      ZBD2T: dayCount(s(row.DSCT_DAYS2)),
      ZBD3T: dayCount(s(row.NETTERMS)),
      percent1: percentThousandths(s(row.DSCT_PCT1)),
      percent2: percentThousandths(s(row.DSCT_PCT2)),
    };
  } catch (e) {
    throw new RecordError(label, (e as Error).message);
  }
  const fiscYear = s(row.FISC_YEAR) || (postingDate ?? documentDate)!.slice(0, 4);
  return {
    source: {
      BUKRS: s(row.COMP_CODE),
      BELNR: s(row.DOC_NO).padStart(10, '0'),
      GJAHR: fiscYear,
      BUZEI: (s(row.ITEM_NUM) || '1').padStart(3, '0'),
    },
    customer: /^\d+$/.test(s(row.CUSTOMER)) ? s(row.CUSTOMER).padStart(10, '0') : s(row.CUSTOMER),
    amount: dbcr === 'H' && amount.minor !== 0 ? { minor: -amount.minor, currency: amount.currency } : amount,
    reference: s(row.REF_DOC_NO),
    assignment: s(row.ALLOC_NMBR),
    documentType: s(row.DOC_TYPE),
    postingDate: (postingDate ?? documentDate)!,
    documentDate: (documentDate ?? postingDate)!,
    dueDate: netDueDate({ baseline, ...terms, SHKZG: dbcr, REBZG: s(row.INV_REF) }),
    text: s(row.ITEM_TEXT),
    specialGl: s(row.SP_GL_IND),
    baselineDate: baseline,
    cashDiscount: { days1: terms.ZBD1T, percent1: terms.percent1, days2: terms.ZBD2T, percent2: terms.percent2 },
    invoiceRef: invoiceRefOf(s(row.INV_REF), s(row.INV_YEAR), s(row.INV_ITEM)),
  };
}
