// SAP FBL5N (customer line items) exported by a clerk, as CSV/TXT/XLS text or XLSX rows, into
// LINEITEMS rows. Layouts vary per user (formats.md §2): columns by alias, header row searched,
// total and blank rows skipped, signed amounts turned into DB_CR_IND.
import type { LineItemRow } from './sap-line-item';
import { RecordError } from './record-error';
import { findHeaderRow, isoDate, plainDecimal } from './tabular';

const ALIASES = {
  customer: ['Customer', 'Account', 'Customer Number', 'KUNNR', 'KONTO', 'Acct'],
  companyCode: ['Company Code', 'CoCd', 'BUKRS', 'Company'],
  docNo: ['Document Number', 'DocumentNo', 'Document No', 'Doc. No.', 'BELNR', 'Doc Number'],
  fiscYear: ['Fiscal Year', 'Year', 'GJAHR'],
  itemNum: ['Line item', 'Item', 'BUZEI', 'Itm'],
  assignment: ['Assignment', 'ZUONR'],
  reference: ['Reference', 'XBLNR', 'Ref. Doc.', 'Reference Document'],
  docType: ['Document Type', 'Typ', 'Type', 'BLART'],
  docDate: ['Document Date', 'Doc. Date', 'BLDAT'],
  postingDate: ['Posting Date', 'Pstng Date', 'BUDAT'],
  netDue: ['Net due date', 'Net due dt', 'FAEDT'],
  amountDoc: ['Amount in doc. curr.', 'Amount in document currency', 'Amount in DC', 'WRSHB', 'Amount'],
  currency: ['Document currency', 'Curr.', 'Crcy', 'WAERS', 'Currency'],
  amountLocal: ['Amount in local currency', 'Amt in loc.cur.', 'Amount in LC', 'DMSHB'],
  localCurrency: ['Local Currency', 'LCurr', 'HWAER'],
  text: ['Text', 'SGTXT', 'Item Text'],
  clearingDoc: ['Clearing Document', 'Clrng doc.', 'AUGBL'],
} as const;

type Field = keyof typeof ALIASES;

export interface Fbl5nOptions {
  /** When the layout has no company code column. */
  readonly companyCode?: string;
  /** When the layout has no currency column. */
  readonly currency?: string;
  readonly decimal?: '.' | ',' | 'auto';
}

export function lineItemsFromFbl5n(
  rows: readonly (readonly string[])[],
  opts: Fbl5nOptions = {},
): { rows: LineItemRow[]; errors: RecordError[] } {
  const found = findHeaderRow<Field>(rows, ALIASES, ['customer', 'docNo']);
  if (!found)
    throw new RecordError(
      'open-items file',
      'no FBL5N header row (an account/customer and a document number column) in the first 20 rows',
    );
  const { row: headerRow, columns } = found;
  const amountCol = columns.amountDoc ?? columns.amountLocal;
  if (amountCol === undefined)
    throw new RecordError('open-items file', 'no amount column ("Amount in doc. curr." or "Amount in local currency")');
  const currencyCol = columns.amountDoc !== undefined ? columns.currency : (columns.localCurrency ?? columns.currency);
  if (columns.companyCode === undefined && !opts.companyCode)
    throw new RecordError(
      'open-items file',
      'the layout has no company code column: give the company code (--company-code)',
    );
  const out: LineItemRow[] = [];
  const errors: RecordError[] = [];
  for (let r = headerRow + 1; r < rows.length; r++) {
    const cells = rows[r]!;
    const get = (c: number | undefined): string => (c === undefined ? '' : (cells[c] ?? '').trim());
    const customer = get(columns.customer);
    if (!/^\d+$/.test(customer) && !/^[A-Z0-9]{1,10}$/.test(customer)) continue; // totals, blanks, separators
    if (get(columns.docNo) === '') continue;
    if (get(columns.clearingDoc) !== '') continue; // cleared: not an open item
    const label = `open-items row ${r + 1} (document ${get(columns.docNo)})`;
    const amount = plainDecimal(get(amountCol), opts.decimal ?? 'auto');
    if (amount === null) {
      errors.push(new RecordError(label, `amount ${JSON.stringify(get(amountCol))} is not a number`));
      continue;
    }
    const currency = get(currencyCol) || opts.currency || '';
    if (currency === '') {
      errors.push(new RecordError(label, 'no currency: the layout has no currency column; give one (--currency)'));
      continue;
    }
    const posting = isoDate(get(columns.postingDate)) ?? isoDate(get(columns.docDate));
    const docDate = isoDate(get(columns.docDate)) ?? posting;
    if (!posting) {
      errors.push(new RecordError(label, 'no posting or document date that reads as a date'));
      continue;
    }
    const dats = (iso: string | null): string => (iso ? iso.replace(/-/g, '') : '');
    out.push({
      COMP_CODE: get(columns.companyCode) || opts.companyCode!,
      CUSTOMER: /^\d+$/.test(customer) ? customer.padStart(10, '0') : customer,
      // FBL5N rarely shows the fiscal year: the calendar year of posting is assumed.
      FISC_YEAR: get(columns.fiscYear) || posting.slice(0, 4),
      DOC_NO: get(columns.docNo).padStart(10, '0'),
      ITEM_NUM: (get(columns.itemNum) || '1').padStart(3, '0'),
      ALLOC_NMBR: get(columns.assignment),
      REF_DOC_NO: get(columns.reference),
      PSTNG_DATE: dats(posting),
      DOC_DATE: dats(docDate),
      BLINE_DATE: dats(isoDate(get(columns.netDue))),
      CURRENCY: currency.toUpperCase(),
      AMT_DOCCUR: amount.replace(/^-/, ''),
      DB_CR_IND: amount.startsWith('-') ? 'H' : 'S',
      DOC_TYPE: get(columns.docType),
      ITEM_TEXT: get(columns.text),
    });
  }
  return { rows: out, errors };
}
