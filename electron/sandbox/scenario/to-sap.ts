// A scenario's invoices as BAPI_AR_ACC_GETOPENITEMS returns them in LINEITEMS (BAPI3007_2),
// numbered by documentNumbers() (per company code from 0090000001 in invoice order).
import type { Customer } from '../../../shared/domain';
import { fromLineItem, type LineItemRow } from '../../../shared/mapping/sap-line-item';
import type { ClearedItem } from '../../../shared/matching/types';
import { fromDats } from '../../../shared/time';
import { documentNumbers } from './doc-numbers';
import type { Scenario } from './types';

export function scenarioToLineItems(s: Scenario): LineItemRow[] {
  const local = new Map(s.companyCodes.map((c) => [c.BUKRS, c.WAERS]));
  const docs = documentNumbers(s.invoices);
  return s.invoices.map((inv, i) => {
    const d = docs[i]!;
    return {
      COMP_CODE: inv.BUKRS,
      CUSTOMER: inv.KUNNR,
      SP_GL_IND: '',
      CLEAR_DATE: '00000000',
      CLR_DOC_NO: '',
      ALLOC_NMBR: inv.ZUONR,
      FISC_YEAR: d.GJAHR,
      DOC_NO: d.BELNR,
      ITEM_NUM: d.BUZEI,
      PSTNG_DATE: inv.BUDAT,
      DOC_DATE: inv.BLDAT,
      ENTRY_DATE: inv.BUDAT,
      CURRENCY: inv.WAERS,
      LOC_CURRCY: local.get(inv.BUKRS) ?? inv.WAERS,
      REF_DOC_NO: inv.XBLNR,
      DOC_TYPE: inv.BLART,
      // Calendar fiscal year variant (K4) assumed for the sandbox company codes.
      FIS_PERIOD: inv.BUDAT.slice(4, 6),
      POST_KEY: inv.SHKZG === 'H' ? '11' : '01',
      DB_CR_IND: inv.SHKZG ?? 'S',
      BUS_AREA: '',
      TAX_CODE: '',
      LC_AMOUNT: inv.WRBTR,
      AMT_DOCCUR: inv.WRBTR,
      ITEM_TEXT: inv.SGTXT,
      BLINE_DATE: inv.BLDAT,
      PMNTTRMS: inv.ZTERM ?? 'NT30',
      NETTERMS: String(inv.ZBD3T ?? 30).padStart(3, '0'),
      ...(inv.ZBD1T !== undefined && inv.ZBD1P !== undefined
        ? { DSCT_DAYS1: String(inv.ZBD1T).padStart(3, '0'), DSCT_PCT1: inv.ZBD1P }
        : {}),
    };
  });
}

/** The customer master as the matching engine reads it. */
export function scenarioCustomers(s: Scenario): Customer[] {
  return s.customers.map((c) => ({
    source: { KUNNR: c.KUNNR, BUKRS: c.BUKRS },
    name: c.NAME1,
    email: c.SMTP_ADDR,
    city: c.ORT01,
    postalCode: c.PSTLZ,
    country: c.LAND1,
    street: c.STRAS,
    vaultIds: c.vaultId ? [c.vaultId] : [],
    ...(c.KNRZE ? { headOffice: c.KNRZE } : {}),
    ...(c.KONZS ? { group: c.KONZS } : {}),
  }));
}

/**
 * The invoices SAP cleared before the run (`clearedInvoices`) as the store hands them to the matcher
 * (`store.masterData.clearedItems`): items with their clearing (AUGBL, AUGDT) and the payment whose
 * posting cleared them. Only those whose reference or document number is among `keys` (the numbers
 * the run's payments name, `clearedLookupKeys`), as the store's look-up returns them.
 */
export function scenarioClearedItems(s: Scenario, keys: readonly string[]): ClearedItem[] {
  const cleared = s.clearedInvoices ?? [];
  const wanted = new Set(keys);
  const rows = scenarioToLineItems({ ...s, invoices: cleared });
  const out: ClearedItem[] = [];
  cleared.forEach((inv, i) => {
    const belnr = String(Number(inv.BELNR));
    if (!wanted.has(inv.XBLNR) && !wanted.has(belnr)) return;
    const item = fromLineItem({ ...rows[i]!, DOC_NO: inv.BELNR, CLR_DOC_NO: inv.AUGBL, CLEAR_DATE: inv.AUGDT }, i);
    out.push({ ...item, clearing: { document: inv.AUGBL, date: fromDats(inv.AUGDT), paidBy: inv.paidBy } });
  });
  return out;
}
