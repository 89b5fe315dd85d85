// The invoice item a customer line refers to (BSEG-REBZG, REBZJ, REBZZ): a partial payment of that
// invoice, kept open beside it until the payments add up to it, and then cleared with it. REBZG 'V'
// (a credit memo that follows an invoice's terms without naming one) names no item.
import type { OpenItemRef } from '../domain';

/** The item REBZG/REBZJ/REBZZ name; the year and item '' where the source gives only the document. */
export function invoiceRefOf(REBZG: string, REBZJ = '', REBZZ = ''): OpenItemRef | null {
  const doc = REBZG.trim();
  if (!/^\d{1,10}$/.test(doc)) return null;
  const year = REBZJ.trim();
  const item = REBZZ.trim();
  return {
    BELNR: doc.padStart(10, '0'),
    GJAHR: /^\d{4}$/.test(year) && year !== '0000' ? year : '',
    BUZEI: /^\d{1,3}$/.test(item) && Number(item) > 0 ? item.padStart(3, '0') : '',
  };
}

/** Whether `ref` (a line's invoiceRef) names this item of the company code's document. */
export function refersTo(ref: OpenItemRef, item: { BELNR: string; GJAHR: string; BUZEI: string }): boolean {
  return (
    ref.BELNR === item.BELNR &&
    (ref.GJAHR === '' || ref.GJAHR === item.GJAHR) &&
    (ref.BUZEI === '' || ref.BUZEI === item.BUZEI)
  );
}
