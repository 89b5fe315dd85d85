// The journal as CSV: UTF-8 with a byte-order mark (Excel reads the encoding from it), RFC 4180
// quoting, CRLF line ends, one header row, amounts as plain decimals with a dot.
import type { JournalLine, JournalReport } from './journal';
import { decimal, safe } from './guard';

export const CSV_HEADER = [
  'Posting reference (XBLNR)',
  'State',
  'Event',
  'Company code (BUKRS)',
  'SAP document (BELNR)',
  'Fiscal year (GJAHR)',
  'Posting date',
  'Document type',
  'PayTrace transaction',
  'Settlement batch',
  'Amount',
  'Currency',
  'Customer (KUNNR)',
  'Customer name',
  'Invoices cleared',
  'Approved by',
  'Approved at (UTC)',
  'SAP messages',
] as const;

/** RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes inside. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Text from outside (billing names, SAP messages) must not become a spreadsheet formula when the
 * file is opened in Excel: a leading = + - @ or control character is neutralised with a quote.
 */
export function textCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvRow(line: JournalLine): string[] {
  return [
    textCell(safe(line.reference)),
    line.state,
    line.event,
    textCell(safe(line.companyCode)),
    safe(line.belnr),
    safe(line.gjahr),
    line.postingDate ?? '',
    textCell(safe(line.documentType)),
    String(line.transactionId),
    line.batch === null ? '' : String(line.batch),
    decimal(line.amount),
    line.amount.currency,
    textCell(safe(line.customer)),
    textCell(safe(line.customerName)),
    textCell(safe(line.invoices.join('; '))),
    textCell(safe(line.approvedBy)),
    line.approvedAt,
    textCell(safe(line.messages.join(' | '))),
  ];
}

export function journalCsv(report: JournalReport): Buffer {
  const rows = [[...CSV_HEADER], ...report.lines.map(csvRow)];
  // The guard once more over the finished text: nothing that looks like a card number leaves.
  const text = rows.map((r) => r.map((f) => csvField(safe(f))).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
