// PayTrace's Virtual Terminal CSV download into export records. Its exact header is not public
// (formats.md §1.1), so columns are found by alias: the API names, the legacy names, UI labels.
import type { PayTraceExportRecord } from './paytrace-record';
import { RecordError } from './record-error';
import { findHeaderRow, plainDecimal } from './tabular';

const ALIASES = {
  transaction_id: ['transaction_id', 'TRANXID', 'Transaction ID', 'Trans ID', 'Transaction #', 'ID'],
  transaction_type: ['transaction_type', 'TRANXTYPE', 'Transaction Type', 'Type'],
  amount: ['amount', 'AMOUNT', 'Amount', 'Transaction Amount'],
  invoice_id: ['invoice_id', 'INVOICE', 'Invoice', 'Invoice Number', 'Invoice #'],
  description: ['description', 'DESCRIPTION', 'Description'],
  customer_reference_id: [
    'customer_reference_id',
    'CUSTREF',
    'Customer Reference',
    'Customer Reference ID',
    'Customer Ref',
    'PO Number',
  ],
  customer_id: ['customer_id', 'CUSTID', 'Customer ID'],
  status_code: ['status_code', 'STATUS', 'Status', 'Status Code'],
  status_message: ['status_message', 'STATUSDESCRIPTION', 'Status Description', 'Status Message'],
  created_at: ['created.at', 'created_at', 'WHEN', 'Date', 'Created', 'Transaction Date', 'Date/Time'],
  settled: ['settled', 'SETTLED', 'Settled', 'Settled Date'],
  masked_number: ['credit_card.masked_number', 'masked_number', 'CC', 'Card Number', 'Card'],
  billing_name: ['billing_address.name', 'billing_name', 'BNAME', 'Billing Name', 'Name', 'Customer Name'],
  billing_street: ['billing_address.street_address', 'BADDRESS', 'Billing Address', 'Billing Street'],
  billing_city: ['billing_address.city', 'BCITY', 'Billing City', 'City'],
  billing_zip: ['billing_address.zip', 'BZIP', 'Billing Zip', 'Zip'],
  email: ['receipt_emailed_to', 'EMAIL', 'Email', 'E-mail'],
  approval_code: ['approval_code', 'APPROVAL', 'Approval Code'],
} as const;

type Field = keyof typeof ALIASES;

/**
 * Records from CSV rows; a row without a usable transaction id is an error (it cannot have an
 * output row), every other problem is left to fromPayTraceRecord so it is reported per id.
 */
export function recordsFromPayTraceCsv(rows: readonly (readonly string[])[]): {
  records: (PayTraceExportRecord | null)[];
  errors: RecordError[];
} {
  const found = findHeaderRow<Field>(rows, ALIASES, ['transaction_id', 'amount']);
  if (!found)
    throw new RecordError(
      'transactions file',
      'no header row with a transaction id and an amount column in the first 20 rows (expected e.g. "Transaction ID", "Amount")',
    );
  const { row: headerRow, columns } = found;
  const records: (PayTraceExportRecord | null)[] = [];
  const errors: RecordError[] = [];
  for (let r = headerRow + 1; r < rows.length; r++) {
    const cells = rows[r]!;
    if (cells.every((c) => c.trim() === '')) continue;
    const get = (f: Field): string => (columns[f] === undefined ? '' : (cells[columns[f]!] ?? '').trim());
    const idText = get('transaction_id');
    if (!/^\d+$/.test(idText)) {
      errors.push(
        new RecordError(
          `transactions row ${r + 1}`,
          `transaction id ${JSON.stringify(idText)} is not a number; the row cannot be matched or reported`,
        ),
      );
      records.push(null);
      continue;
    }
    const amountText = get('amount');
    records.push({
      transaction_id: Number(idText),
      transaction_type: get('transaction_type') || 'SALE',
      amount: plainDecimal(amountText) ?? amountText,
      invoice_id: get('invoice_id'),
      description: get('description'),
      customer_reference_id: get('customer_reference_id'),
      customer_id: get('customer_id'),
      status_code: get('status_code'),
      status_message: get('status_message'),
      created: { at: get('created_at') },
      settled: get('settled'),
      credit_card: { masked_number: get('masked_number') },
      billing_address: {
        name: get('billing_name'),
        street_address: get('billing_street'),
        city: get('billing_city'),
        zip: get('billing_zip'),
      },
      receipt_emailed_to: get('email'),
      approval_code: get('approval_code'),
    });
  }
  return { records, errors };
}
