// BAPI_ACC_DOCUMENT_CHECK's work: turns a draft (BAPI tables) into BSEG lines, or into the
// messages SAP would return. Pure over a read-only view of the ledger.
import {
  AmountFormatError,
  type Money,
  type SapCurrencyTable,
  UnknownCurrencyError,
  currencyExponent,
  decimalToMinor,
  minorToDecimal,
} from '../../../shared/money';
import { fiscalPeriod } from './fiscal-year';
import type { BsegLine, DraftDocument, Knb1Row, T001Row } from './ledger-types';
import { type Bapiret2, alphaOut, bapiret2 } from './messages';

export interface LedgerView {
  companyCode(bukrs: string): T001Row | undefined;
  customerInCompany(kunnr: string, bukrs: string): Knb1Row | undefined;
  /** The customer's posting block (KNA1-SPERR centrally, KNB1-SPERR in the company code), or null. */
  postingBlockOf(kunnr: string, bukrs: string): 'central' | 'company' | null;
  glAccountExists(bukrs: string, hkont: string): boolean;
  /** A primary cost element: its lines need a CO object (a cost centre here). */
  isCostElement(bukrs: string, hkont: string): boolean;
  costCenterExists(bukrs: string, kostl: string): boolean;
  isPeriodOpen(bukrs: string, gjahr: string, monat: string): boolean;
  /**
   * The account type whose T001B row closes the period for these accounts ('+' every type, 'D'
   * customers, 'S' G/L accounts), or null when the posting may go into it.
   */
  periodClosedFor(
    bukrs: string,
    gjahr: string,
    monat: string,
    accounts?: readonly { type: string; account: string }[],
  ): string | null;
  currencies(): SapCurrencyTable;
}

export interface CheckedDocument {
  t001: T001Row;
  BLART: string;
  BLDAT: string;
  BUDAT: string;
  GJAHR: string;
  MONAT: string;
  XBLNR: string;
  BKTXT: string;
  USNAM: string;
  WAERS: string;
  lines: Omit<BsegLine, 'BUZEI' | 'AUGBL' | 'AUGDT' | 'AUGGJ' | 'REBZG' | 'REBZJ' | 'REBZZ'>[];
  /** ITEMNO_ACC of each line, same order. */
  itemNos: string[];
}

export const DOCUMENT_TYPES = new Set(['AB', 'DA', 'DG', 'DR', 'DZ', 'KR', 'KZ', 'RV', 'SA']);

const isDats = (s: string): boolean => /^\d{8}$/.test(s) && s !== '00000000';

export function checkDraft(
  draft: DraftDocument,
  view: LedgerView,
): { ok: true; doc: CheckedDocument } | { ok: false; errors: Bapiret2[] } {
  const h = draft.header;
  const errors: Bapiret2[] = [];
  const e = (id: string, no: string, v: string[] = [], o: Parameters<typeof bapiret2>[4] = {}): void =>
    void errors.push(bapiret2('E', id, no, v, o));

  const bukrs = (h.COMP_CODE ?? '').trim();
  const t001 = view.companyCode(bukrs);
  if (!t001) {
    e('F5', '165', [bukrs], { parameter: 'DOCUMENTHEADER', field: 'COMP_CODE' });
    return { ok: false, errors };
  }
  const blart = (h.DOC_TYPE ?? '').trim();
  if (!DOCUMENT_TYPES.has(blart)) e('F5', '814', [blart], { parameter: 'DOCUMENTHEADER', field: 'DOC_TYPE' });
  const budat = (h.PSTNG_DATE ?? '').trim();
  const bldat = (h.DOC_DATE ?? '').trim() || budat;
  if (!isDats(budat)) {
    e('F5', '201', ['', '', '+', t001.OPVAR], { parameter: 'DOCUMENTHEADER', field: 'PSTNG_DATE' });
    return { ok: false, errors };
  }
  const { GJAHR, MONAT } = fiscalPeriod(budat, t001.PERIV);
  // SAP checks the period for each line's account type and account (customer lines D, G/L lines S).
  const accounts = [
    ...draft.ar.map((r) => ({ type: 'D', account: (r.CUSTOMER ?? '').trim() })),
    ...draft.gl.map((r) => ({ type: 'S', account: (r.GL_ACCOUNT ?? '').trim() })),
  ];
  const closedFor = view.periodClosedFor(bukrs, GJAHR, MONAT, accounts);
  if (closedFor !== null)
    e('F5', '201', [MONAT.padStart(3, '0'), GJAHR, closedFor, t001.OPVAR], {
      parameter: 'DOCUMENTHEADER',
      field: 'PSTNG_DATE',
    });

  const table = view.currencies();
  const amounts = new Map<string, Record<string, string>>();
  draft.amounts.forEach((row, i) => {
    const type = (row.CURR_TYPE ?? '').trim() || '00';
    if (type !== '00') return; // only the document currency is taken; SAP translates the rest
    const no = normItemNo(row.ITEMNO_ACC ?? '');
    if (amounts.has(no)) e('RW', '014', [], { parameter: 'CURRENCYAMOUNT', row: i + 1, field: 'ITEMNO_ACC' });
    amounts.set(no, row);
  });
  if (amounts.size === 0) {
    e('RW', '003', [], { parameter: 'CURRENCYAMOUNT' });
    return { ok: false, errors };
  }

  const localIso = safeIso(table, t001.WAERS);
  const lines: CheckedDocument['lines'] = [];
  const itemNos: string[] = [];
  let docIso: string | null = null;
  let docWaers = '';
  let balance = 0;

  const amountOf = (no: string, parameter: string, rowNo: number): Money | null => {
    const row = amounts.get(no);
    if (!row) {
      e('RW', '003', [], { parameter, row: rowNo, field: 'ITEMNO_ACC' });
      return null;
    }
    const waers = (row.CURRENCY ?? '').trim() || (row.CURRENCY_ISO ? table.sapKeyFor(row.CURRENCY_ISO.trim()) : '');
    const iso = safeIso(table, waers);
    if (!iso) {
      e('FN', '021', [waers], { parameter: 'CURRENCYAMOUNT', field: 'CURRENCY' });
      return null;
    }
    if (docIso && docIso !== iso) {
      e('RW', '008', [], { parameter: 'CURRENCYAMOUNT', field: 'CURRENCY' });
      return null;
    }
    docIso = iso;
    docWaers = waers;
    try {
      return { minor: decimalToMinor(String(row.AMT_DOCCUR ?? '0'), currencyExponent(iso)), currency: iso };
    } catch (err) {
      if (err instanceof AmountFormatError) {
        e('BM', '028', [String(row.AMT_DOCCUR), waers], { parameter: 'CURRENCYAMOUNT', field: 'AMT_DOCCUR' });
        return null;
      }
      throw err;
    }
  };

  const bschl = (koart: 'D' | 'S', shkzg: 'S' | 'H'): string =>
    koart === 'S' ? (shkzg === 'S' ? '40' : '50') : shkzg === 'S' ? '01' : blart === 'DZ' ? '15' : '11';

  draft.gl.forEach((row, i) => {
    const no = normItemNo(row.ITEMNO_ACC ?? '');
    const hkont = (row.GL_ACCOUNT ?? '').trim();
    if (!view.glAccountExists(bukrs, hkont))
      e('FH', '010', [alphaOut(hkont), t001.KTOPL], { parameter: 'ACCOUNTGL', row: i + 1, field: 'GL_ACCOUNT' });
    // CO: an expense account that is a cost element takes a real CO object, and the cost centre
    // must exist in the controlling area on the posting date.
    const kostl = (row.COSTCENTER ?? '').trim();
    if (kostl && !view.costCenterExists(bukrs, kostl))
      e('KI', '248', [bukrs, alphaOut(kostl), `${budat.slice(4, 6)}/${budat.slice(6, 8)}/${budat.slice(0, 4)}`], {
        parameter: 'ACCOUNTGL',
        row: i + 1,
        field: 'COSTCENTER',
      });
    else if (
      !kostl &&
      !(row.ORDERID ?? '').trim() &&
      !(row.WBS_ELEMENT ?? '').trim() &&
      view.isCostElement(bukrs, hkont)
    )
      e('KI', '235', [alphaOut(hkont)], { parameter: 'ACCOUNTGL', row: i + 1, field: 'COSTCENTER' });
    const amount = amountOf(no, 'ACCOUNTGL', i + 1);
    if (!amount) return;
    balance += amount.minor;
    const shkzg = amount.minor >= 0 ? 'S' : 'H';
    lines.push({
      BSCHL: bschl('S', shkzg),
      KOART: 'S',
      SHKZG: shkzg,
      HKONT: hkont,
      KUNNR: '',
      WRBTR: { minor: Math.abs(amount.minor), currency: amount.currency },
      DMBTR: { minor: Math.abs(amount.minor), currency: amount.currency },
      ZUONR: (row.ALLOC_NMBR ?? '').trim(),
      SGTXT: (row.ITEM_TEXT ?? '').trim(),
      ZFBDT: '',
      ZTERM: '',
      KOSTL: kostl ? kostl.padStart(10, '0') : '',
      PRCTR: (row.PROFIT_CTR ?? '').trim(),
    });
    itemNos.push(no);
  });

  draft.ar.forEach((row, i) => {
    const no = normItemNo(row.ITEMNO_ACC ?? '');
    const kunnr = (row.CUSTOMER ?? '').trim();
    const knb1 = view.customerInCompany(kunnr, bukrs);
    if (!knb1)
      e('F5', '102', [alphaOut(kunnr), bukrs], { parameter: 'ACCOUNTRECEIVABLE', row: i + 1, field: 'CUSTOMER' });
    // XD05's posting block, central (KNA1) or in this company code (KNB1): no line on the customer.
    else if (view.postingBlockOf(kunnr, bukrs))
      e('F5', '351', [alphaOut(kunnr)], { parameter: 'ACCOUNTRECEIVABLE', row: i + 1, field: 'CUSTOMER' });
    const amount = amountOf(no, 'ACCOUNTRECEIVABLE', i + 1);
    if (!amount || !knb1) return;
    balance += amount.minor;
    const shkzg = amount.minor >= 0 ? 'S' : 'H';
    lines.push({
      BSCHL: bschl('D', shkzg),
      KOART: 'D',
      SHKZG: shkzg,
      HKONT: (row.GL_ACCOUNT ?? '').trim() || knb1.AKONT,
      KUNNR: kunnr,
      WRBTR: { minor: Math.abs(amount.minor), currency: amount.currency },
      DMBTR: { minor: Math.abs(amount.minor), currency: amount.currency },
      ZUONR: (row.ALLOC_NMBR ?? '').trim(),
      SGTXT: (row.ITEM_TEXT ?? '').trim(),
      ZFBDT: (row.BLINE_DATE ?? '').trim() || budat,
      ZTERM: (row.PMNTTRMS ?? '').trim() || knb1.ZTERM,
      KOSTL: '',
      PRCTR: '',
    });
    itemNos.push(no);
  });

  // The system's ACC_DOCUMENT BAdI (ClearDesk's, as installed with the clearing wrapper) reads the
  // reason code of a customer line from EXTENSION2: ITEMNO_ACC (10) and RSTGR (3) in VALUEPART1. Rows
  // of other structures are for other BAdI implementations, which this system has none of.
  (draft.extension2 ?? []).forEach((row, i) => {
    if ((row.STRUCTURE ?? '').trim() !== 'ZCLEARDESK_RSTGR') return;
    const value = row.VALUEPART1 ?? '';
    const no = normItemNo(value.slice(0, 10));
    const rstgr = value.slice(10).trim();
    const k = itemNos.indexOf(no);
    const line = k >= 0 ? lines[k] : undefined;
    if (!line || line.KOART !== 'D' || !/^[0-9A-Z]{1,3}$/.test(rstgr))
      e('ZCLEARDESK', '004', [rstgr, no], { parameter: 'EXTENSION2', row: i + 1, field: 'VALUEPART1' });
    else line.RSTGR = rstgr;
  });

  if (lines.length === 0 && errors.length === 0) e('RW', '002', [], { parameter: 'ACCOUNTGL' });
  if (docIso && localIso && docIso !== localIso) e('SG', '105', [docWaers, t001.WAERS, budat]);
  if (balance !== 0 && docIso) e('F5', '702', ['', minorToDecimal(balance, currencyExponent(docIso)), docWaers]);
  if (errors.length > 0) return { ok: false, errors };

  // BSEG-BUZEI follows ITEMNO_ACC, whatever table a line came in.
  const order = itemNos.map((no, i) => ({ no, i })).sort((a, b) => a.no.localeCompare(b.no));
  const sortedLines = order.map((o) => lines[o.i]!);
  const sortedNos = order.map((o) => o.no);
  return {
    ok: true,
    doc: {
      t001,
      BLART: blart,
      BLDAT: bldat,
      BUDAT: budat,
      GJAHR,
      MONAT,
      XBLNR: (h.REF_DOC_NO ?? '').trim(),
      BKTXT: (h.HEADER_TXT ?? '').trim(),
      USNAM: (h.USERNAME ?? '').trim(),
      WAERS: docWaers,
      lines: sortedLines,
      itemNos: sortedNos,
    },
  };
}

export const normItemNo = (s: string): string => String(s).trim().padStart(10, '0');

function safeIso(table: SapCurrencyTable, waers: string): string | null {
  if (!waers) return null;
  try {
    return table.isoFor(waers);
  } catch (err) {
    if (err instanceof UnknownCurrencyError) return null;
    throw err;
  }
}
