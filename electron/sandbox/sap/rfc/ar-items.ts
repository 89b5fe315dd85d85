// BAPI_AR_ACC_GETOPENITEMS and BAPI_AR_ACC_GETBALANCEDITEMS: LINEITEMS as BAPI3007_2 with amounts
// in external format (the real amount, four decimals as BAPICURR carries them), unsigned, the
// sign in DB_CR_IND (S debit / H credit); RETURN is the older BAPIRETURN, blank when all is well.
import { type Money, type SapCurrencyTable, toBapiAmount } from '../../../../shared/money';
import { BAPI3007_2, BAPI3007_2_AMOUNTS, dec53Percent } from '../ddic';
import type { SapLedger } from '../ledger';
import type { BsegLine, LedgerDocument } from '../ledger-types';
import { alphaOut, bapiReturn, emptyBapiReturn } from '../messages';
import type { FunctionHandler } from './context';

export const getOpenItems: FunctionHandler = (ctx, params) => {
  const bukrs = String(params.COMPANYCODE ?? '').trim();
  const kunnr = String(params.CUSTOMER ?? '').trim();
  const keyDate = String(params.KEYDATE ?? '').trim() || todayDats(ctx.ledger);
  const problem = checkCustomer(ctx.ledger, bukrs, kunnr);
  if (problem) return { ...params, RETURN: problem, LINEITEMS: [] };
  const items = ctx.ledger.customerItems({ BUKRS: bukrs, KUNNR: kunnr, state: 'open', keyDate });
  return {
    ...params,
    RETURN: emptyBapiReturn(),
    LINEITEMS: items.map((x) => lineItem(ctx.ledger, x.doc, x.line, keyDate)),
  };
};

export const getBalancedItems: FunctionHandler = (ctx, params) => {
  const bukrs = String(params.COMPANYCODE ?? '').trim();
  const kunnr = String(params.CUSTOMER ?? '').trim();
  const from = String(params.DATE_FROM ?? '').trim() || '00000000';
  const to = String(params.DATE_TO ?? '').trim() || '99991231';
  const problem = checkCustomer(ctx.ledger, bukrs, kunnr);
  if (problem) return { ...params, RETURN: problem, LINEITEMS: [] };
  const items = ctx.ledger
    .customerItems({ BUKRS: bukrs, KUNNR: kunnr, state: 'cleared' })
    .filter((x) => x.line.AUGDT >= from && x.line.AUGDT <= to);
  return { ...params, RETURN: emptyBapiReturn(), LINEITEMS: items.map((x) => lineItem(ctx.ledger, x.doc, x.line, to)) };
};

function checkCustomer(ledger: SapLedger, bukrs: string, kunnr: string): ReturnType<typeof bapiReturn> | null {
  if (!ledger.companyCode(bukrs)) return bapiReturn('E', 'F5', '165', [bukrs]);
  if (!ledger.customerInCompany(kunnr, bukrs)) return bapiReturn('E', 'F5', '102', [alphaOut(kunnr), bukrs]);
  return null;
}

const todayDats = (ledger: SapLedger): string => ledger.now().toISOString().slice(0, 10).replace(/-/g, '');

function bapiAmount(m: Money, table: SapCurrencyTable): string {
  const { amount } = toBapiAmount(m, table);
  const [whole, frac = ''] = amount.replace('-', '').split('.');
  return `${whole}.${frac.padEnd(4, '0')}`;
}

function lineItem(ledger: SapLedger, doc: LedgerDocument, l: BsegLine, _keyDate: string): Record<string, string> {
  const h = doc.header;
  const kna1 = ledger.kna1.get(l.KUNNR);
  const table = ledger.currencies();
  const row: Record<string, string> = {};
  for (const f of BAPI3007_2) row[f] = BAPI3007_2_AMOUNTS.has(f) ? '0.0000' : '';
  Object.assign(row, {
    COMP_CODE: h.BUKRS,
    CUSTOMER: l.KUNNR,
    SP_GL_IND: l.UMSKZ ?? '',
    CLEAR_DATE: l.AUGDT || '00000000',
    CLR_DOC_NO: l.AUGBL,
    ALLOC_NMBR: l.ZUONR,
    FISC_YEAR: h.GJAHR,
    DOC_NO: h.BELNR,
    ITEM_NUM: l.BUZEI,
    PSTNG_DATE: h.BUDAT,
    DOC_DATE: h.BLDAT,
    ENTRY_DATE: h.CPUDT,
    CURRENCY: h.WAERS,
    LOC_CURRCY: h.HWAER,
    REF_DOC_NO: h.XBLNR,
    DOC_TYPE: h.BLART,
    FIS_PERIOD: h.MONAT,
    POST_KEY: l.BSCHL,
    DB_CR_IND: l.SHKZG,
    LC_AMOUNT: bapiAmount(l.DMBTR, table),
    AMT_DOCCUR: bapiAmount(l.WRBTR, table),
    ITEM_TEXT: l.SGTXT,
    BLINE_DATE: l.ZFBDT || '00000000',
    PMNTTRMS: l.ZTERM,
    DSCT_DAYS1: String(l.ZBD1T ?? 0),
    DSCT_DAYS2: String(l.ZBD2T ?? 0),
    NETTERMS: String(l.ZBD3T ?? 0),
    DSCT_PCT1: dec53Percent(l.ZBD1P),
    DSCT_PCT2: dec53Percent(l.ZBD2P),
    INV_REF: l.REBZG,
    INV_YEAR: l.REBZJ || '0000',
    INV_ITEM: l.REBZZ || '000',
    LAST_DUNN: '00000000',
    DUNN_LEVEL: '0',
    NAME: kna1?.NAME1 ?? '',
    POSTL_CODE: kna1?.PSTLZ ?? '',
    CITY: kna1?.ORT01 ?? '',
    COUNTRY: kna1?.LAND1 ?? '',
    STREET: kna1?.STRAS ?? '',
    LANGU: kna1?.SPRAS ?? '',
    OBJ_TYPE: h.AWTYP,
    REF_DOC: h.AWKEY,
    REVERSAL_DOC: h.STBLG,
    ISSUE_DATE: '00000000',
    USAGEDATE: '00000000',
  });
  return row;
}
