// BAPI3007_2 line items (BAPI_AR_ACC_GETOPENITEMS) to the canonical OpenItem: amounts from the
// external format, signed by DB_CR_IND (S debit positive, H credit negative); the due date as SAP
// derives it (shared/mapping, netDueDate) from BLINE_DATE and DSCT_DAYS1/DSCT_DAYS2/NETTERMS
// (ZBD1T/ZBD2T/ZBD3T).
import type { OpenItem } from '../../../shared/domain';
import { dayCount, invoiceRefOf, netDueDate, percentThousandths } from '../../../shared/mapping';
import { type SapCurrencyTable, fromBapiAmount, negate } from '../../../shared/money';
import { fromDats } from '../../../shared/time';

export function openItemFromBapi(row: Record<string, unknown>, currencies: SapCurrencyTable): OpenItem {
  const s = (k: string): string => String(row[k] ?? '').trim();
  const amount = fromBapiAmount(s('AMT_DOCCUR') || '0', s('CURRENCY'), currencies);
  const baseline = fromDats(s('BLINE_DATE'));
  const terms = {
    ZBD1T: dayCount(s('DSCT_DAYS1')),
    ZBD2T: dayCount(s('DSCT_DAYS2')),
    ZBD3T: dayCount(s('NETTERMS')),
  };
  return {
    source: { BUKRS: s('COMP_CODE'), BELNR: s('DOC_NO'), GJAHR: s('FISC_YEAR'), BUZEI: s('ITEM_NUM') },
    customer: s('CUSTOMER'),
    amount: s('DB_CR_IND') === 'H' ? negate(amount) : amount,
    reference: s('REF_DOC_NO'),
    assignment: s('ALLOC_NMBR'),
    documentType: s('DOC_TYPE'),
    postingDate: fromDats(s('PSTNG_DATE')) ?? '',
    documentDate: fromDats(s('DOC_DATE')) ?? '',
    dueDate: netDueDate({ baseline, ...terms, SHKZG: s('DB_CR_IND'), REBZG: s('INV_REF') }),
    text: s('ITEM_TEXT'),
    specialGl: s('SP_GL_IND'),
    baselineDate: baseline,
    entryDate: fromDats(s('ENTRY_DATE')),
    cashDiscount: {
      days1: terms.ZBD1T,
      percent1: percentThousandths(s('DSCT_PCT1')),
      days2: terms.ZBD2T,
      percent2: percentThousandths(s('DSCT_PCT2')),
    },
    invoiceRef: invoiceRefOf(s('INV_REF'), s('INV_YEAR'), s('INV_ITEM')),
  };
}
