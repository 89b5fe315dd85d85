// The FI document as the clerk sees it before approving: one line per item, in Money.
import { type Money, DEFAULT_SAP_CURRENCIES, type SapCurrencyTable, fromBapiAmount } from '../money';
import type { FiDocument } from './fi-document';

export interface PreviewLine {
  /** The line's number as SAP shows it in the document (BSEG-BUZEI, "001"), not the BAPI's ITEMNO_ACC. */
  readonly itemNo: string;
  readonly kind: 'gl' | 'customer';
  /** HKONT for G/L lines, KUNNR for customer lines. */
  readonly account: string;
  /** Signed: debit positive, credit negative. */
  readonly amount: Money;
  readonly assignment: string;
  readonly text: string;
  /** KOSTL / PRCTR of a G/L line, when it has them. */
  readonly costCenter?: string;
  readonly profitCenter?: string;
}

/** ITEMNO_ACC "0000000002" as the line number a clerk reads in FB03: "002". */
const lineNumber = (itemNoAcc: string): string => String(Number(itemNoAcc)).padStart(3, '0');

export function previewLines(doc: FiDocument, currencies: SapCurrencyTable = DEFAULT_SAP_CURRENCIES): PreviewLine[] {
  const amounts = new Map(
    doc.CURRENCYAMOUNT.filter((c) => c.CURR_TYPE === '00' || c.CURR_TYPE === '').map((c) => [c.ITEMNO_ACC, c]),
  );
  const lines: PreviewLine[] = [];
  const amountOf = (no: string): Money => {
    const row = amounts.get(no);
    if (!row) throw new Error(`item ${no} has no CURRENCYAMOUNT row`);
    return fromBapiAmount(row.AMT_DOCCUR, row.CURRENCY, currencies);
  };
  for (const gl of doc.ACCOUNTGL) {
    lines.push({
      itemNo: lineNumber(gl.ITEMNO_ACC),
      kind: 'gl',
      account: gl.GL_ACCOUNT,
      amount: amountOf(gl.ITEMNO_ACC),
      assignment: gl.ALLOC_NMBR,
      text: gl.ITEM_TEXT,
      ...(gl.COSTCENTER ? { costCenter: gl.COSTCENTER } : {}),
      ...(gl.PROFIT_CTR ? { profitCenter: gl.PROFIT_CTR } : {}),
    });
  }
  for (const ar of doc.ACCOUNTRECEIVABLE) {
    lines.push({
      itemNo: lineNumber(ar.ITEMNO_ACC),
      kind: 'customer',
      account: ar.CUSTOMER,
      amount: amountOf(ar.ITEMNO_ACC),
      assignment: ar.ALLOC_NMBR,
      text: ar.ITEM_TEXT,
    });
  }
  return lines.sort((a, b) => a.itemNo.localeCompare(b.itemNo));
}
