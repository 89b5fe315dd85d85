// The document numbers (BELNR) the SAP side gives the scenario's invoices. The rule, shared by
// the offline LINEITEMS converter and the SAP simulator: per company code, in the order of
// scenario.invoices, starting at 0090000001 and counting up by one (10 digits, leading zeros);
// fiscal year = the year of BUDAT; line item 001.
import type { ScenarioInvoice } from './types';

export const FIRST_DOC_NO = 90000001;

export interface InvoiceDocument {
  readonly BUKRS: string;
  readonly BELNR: string;
  readonly GJAHR: string;
  readonly BUZEI: string;
}

export function documentNumbers(invoices: readonly ScenarioInvoice[]): InvoiceDocument[] {
  const next = new Map<string, number>();
  return invoices.map((inv) => {
    const n = next.get(inv.BUKRS) ?? FIRST_DOC_NO;
    next.set(inv.BUKRS, n + 1);
    return { BUKRS: inv.BUKRS, BELNR: String(n).padStart(10, '0'), GJAHR: inv.BUDAT.slice(0, 4), BUZEI: '001' };
  });
}
