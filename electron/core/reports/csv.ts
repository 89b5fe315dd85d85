// The journal as CSV: UTF-8 with a byte-order mark (Excel reads the encoding from it), RFC 4180
// quoting, CRLF line ends, one header row, amounts as plain decimals with a dot. After the lines, an empty
// record and the totals per company code and currency (their own header row), then another and the range's audit
// entries (their own header row), then another and the audit trailer: the chain's head (seq and hash) and whether it verified, so the CSV vouches
// for the log like the XLSX and PDF do, and `cleardesk audit verify --anchor` can hold the log against it.
import { formatMoney } from '../../../shared/money';
import { GENESIS_HASH } from '../../store';
import type { JournalLine, JournalReport } from './journal';
import { decimal, hashText, safe } from './guard';
import {
  CHARGEBACK_OUTCOMES,
  NETWORK_LABEL,
  type ChargebackGroup,
  type ChargebackReport,
  type ChargebackReportCase,
} from './chargebacks';

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
  'Invoices reopened (reversal)',
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
    textCell(safe(line.reopened.join('; '))),
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

/** The totals per company code and currency (a currency in several codes also in all, code empty), as the PDF's. */
export const CSV_TOTALS_HEADER = [
  'Totals: company code',
  'Currency',
  'Posted',
  'Posted amount',
  'Of it on account',
  'Failed',
  'Failed amount',
  'Not posted yet',
] as const;

export function csvTotals(report: JournalReport): string[][] {
  return [
    [''],
    [...CSV_TOTALS_HEADER],
    ...report.totals.map((t) => [
      t.companyCode || 'all',
      t.currency,
      String(t.postedCount),
      decimal(t.posted),
      decimal(t.onAccount),
      String(t.failedCount),
      decimal(t.failed),
      String(t.sendingCount),
    ]),
  ];
}

/** The audit entries of the range (the XLSX's Audit sheet, the PDF's section), after their own header row. */
export const CSV_AUDIT_HEADER = ['Audit entry (seq)', 'At (UTC)', 'Actor', 'Action', 'Subject'] as const;

export function csvAuditEntries(report: JournalReport): string[][] {
  return [
    [''],
    [...CSV_AUDIT_HEADER],
    ...report.audit.entries.map((e) => [
      String(e.seq),
      e.at,
      textCell(safe(e.actor)),
      textCell(safe(e.action)),
      textCell(safe(e.subject)),
    ]),
  ];
}

export function journalCsv(report: JournalReport): Buffer {
  const rows = [
    [...CSV_HEADER],
    ...report.lines.map(csvRow),
    ...csvTotals(report),
    ...csvAuditEntries(report),
    ...csvTrailer(report),
  ];
  // The guard once more over the finished text: nothing that looks like a card number leaves.
  const text = rows.map((r) => r.map((f) => csvField(safe(f))).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

// --- The chargebacks report (chargebacks.ts) -------------------------------------------------------------------

export const CHARGEBACK_GROUP_HEADER = [
  'Grouped by',
  'Group',
  'Currency',
  'Open cases',
  'Open amount',
  'Won cases',
  'Won amount',
  'Lost cases',
  'Lost amount',
  'Closed cases (no outcome)',
  'Closed amount',
  'Cases',
  'Disputed amount',
  'Processor fees',
] as const;

export const CHARGEBACK_CASE_HEADER = [
  'Received',
  'Processor',
  'Case number',
  'Stage',
  'Status',
  'Outcome',
  'Network',
  'Reason code',
  'Reason',
  'Amount',
  'Currency',
  'Processor fee',
  'Company code (BUKRS)',
  'Customer (KUNNR)',
  'Customer name',
  'PayTrace transaction',
] as const;

export function chargebackGroupRow(by: string, g: ChargebackGroup): string[] {
  return [
    by,
    textCell(safe(g.label)),
    g.currency,
    ...CHARGEBACK_OUTCOMES.flatMap((o) => [String(g.outcomes[o].count), decimal(g.outcomes[o].amount)]),
    String(g.total.count),
    decimal(g.total.amount),
    decimal(g.fees),
  ];
}

export function chargebackCaseRow(c: ChargebackReportCase): string[] {
  return [
    c.receivedDate,
    textCell(safe(c.processor)),
    textCell(safe(c.caseNumber)),
    c.stage,
    c.status,
    c.outcome,
    NETWORK_LABEL[c.network],
    textCell(safe(c.reasonCode)),
    textCell(safe(c.reasonMeaning)),
    decimal(c.amount),
    c.amount.currency,
    c.fee ? decimal(c.fee) : '',
    textCell(safe(c.companyCode)),
    textCell(safe(c.customer)),
    textCell(safe(c.customerName)),
    c.transactionId === null ? '' : String(c.transactionId),
  ];
}

/**
 * The chargebacks report as one CSV: the groups (by reason code, customer, month, then the totals per currency)
 * under one header, an empty record, then every case under its own header.
 */
export function chargebacksCsv(report: ChargebackReport): Buffer {
  const rows: string[][] = [
    [...CHARGEBACK_GROUP_HEADER],
    ...report.byReason.map((g) => chargebackGroupRow('Reason code', g)),
    ...report.byCustomer.map((g) => chargebackGroupRow('Customer', g)),
    ...report.byMonth.map((g) => chargebackGroupRow('Month received', g)),
    ...report.totals.map((g) => chargebackGroupRow('Total', g)),
    [''],
    [...CHARGEBACK_CASE_HEADER],
    ...report.cases.map(chargebackCaseRow),
  ];
  const text = rows.map((r) => r.map((f) => csvField(safe(f))).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}
