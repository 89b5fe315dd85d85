// The journal as CSV: UTF-8 with a byte-order mark (Excel reads the encoding from it), RFC 4180
// quoting, CRLF line ends, one header row, amounts as plain decimals with a dot. After the lines, an empty
// record and the audit trailer: the chain's head (seq and hash) and whether it verified, so the CSV vouches
// for the log like the XLSX and PDF do, and `cleardesk audit verify --anchor` can hold the log against it.
import { formatMoney } from '../../../shared/money';
import { GENESIS_HASH } from '../../store';
import type { JournalLine, JournalReport } from './journal';
import { decimal, hashText, safe } from './guard';

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
  'Invoices partly paid (residual open)',
  'On account',
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

/** "90001234 (residual 40.00 USD); ..." for the items a posting paid only in part. */
export function partlyPaidText(line: Pick<JournalLine, 'partlyPaid'>): string {
  return line.partlyPaid.map((p) => `${p.reference} (residual ${formatMoney(p.residual)})`).join('; ');
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
    textCell(safe(partlyPaidText(line))),
    decimal(line.onAccount),
    textCell(safe(line.approvedBy)),
    line.approvedAt,
    textCell(safe(line.messages.join(' | '))),
  ];
}

/** The first field of the trailer record that carries the head: seq, then hash. */
export const CSV_HEAD_LABEL = 'Audit chain head';

export function csvTrailer(report: JournalReport): string[][] {
  const v = report.audit.verification;
  return [
    [''],
    [CSV_HEAD_LABEL, String(v.head?.seq ?? 0), hashText(v.head?.hash ?? GENESIS_HASH)],
    ['Audit chain', v.ok ? 'intact' : `BROKEN at entry ${v.brokenAt ?? '?'}`],
  ];
}

export function journalCsv(report: JournalReport): Buffer {
  const rows = [[...CSV_HEADER], ...report.lines.map(csvRow), ...csvTrailer(report)];
  // The guard once more over the finished text: nothing that looks like a card number leaves.
  const text = rows.map((r) => r.map((f) => csvField(safe(f))).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
