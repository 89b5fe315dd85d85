// BAPI3007_2 line items (BAPI_AR_ACC_GETOPENITEMS) to the canonical OpenItem: amounts from the
// external format, signed by DB_CR_IND (S debit positive, H credit negative).
import type { OpenItem } from '../../../shared/domain';
import { type SapCurrencyTable, fromBapiAmount, negate } from '../../../shared/money';
import { fromDats } from '../../../shared/time';

export function openItemFromBapi(row: Record<string, unknown>, currencies: SapCurrencyTable): OpenItem {
  const s = (k: string): string => String(row[k] ?? '').trim();
  const amount = fromBapiAmount(s('AMT_DOCCUR') || '0', s('CURRENCY'), currencies);
  const baseline = fromDats(s('BLINE_DATE'));
  return {
    source: { BUKRS: s('COMP_CODE'), BELNR: s('DOC_NO'), GJAHR: s('FISC_YEAR'), BUZEI: s('ITEM_NUM') },
    customer: s('CUSTOMER'),
    amount: s('DB_CR_IND') === 'H' ? negate(amount) : amount,
    reference: s('REF_DOC_NO'),
    assignment: s('ALLOC_NMBR'),
    documentType: s('DOC_TYPE'),
    postingDate: fromDats(s('PSTNG_DATE')) ?? '',
    documentDate: fromDats(s('DOC_DATE')) ?? '',
    dueDate: baseline ? addDays(baseline, Number(s('NETTERMS') || '0')) : null,
    text: s('ITEM_TEXT'),
  };
}

function addDays(iso: string, days: number): string {
  if (!days) return iso;
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
