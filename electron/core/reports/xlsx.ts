// The journal as an Excel workbook: sheets Journal, Totals and Audit. Amounts are real numeric
// cells with the currency's decimals as number format, so an auditor can sum and pivot them.
import ExcelJS from 'exceljs';
import { CHARGEBACK_CASE_HEADER, chargebackCaseRow, partlyPaidText } from './csv';
import {
  CHARGEBACK_OUTCOMES,
  type ChargebackGroup,
  type ChargebackOutcome,
  type ChargebackReport,
} from './chargebacks';
import { currencyExponent, type Money } from '../../../shared/money';
import type { JournalReport } from './journal';
import { BASIS_LABEL, STATE_LABEL, decimal, hashText, safe } from './guard';

/** Excel number format with the currency's own decimals: JPY "#,##0", USD "#,##0.00", KWD "#,##0.000". */
export function numberFormat(currency: string): string {
  let exponent = 2;
  try {
    exponent = currencyExponent(currency);
  } catch {
    // an unknown code keeps two decimals
  }
  return exponent === 0 ? '#,##0;-#,##0' : `#,##0.${'0'.repeat(exponent)};-#,##0.${'0'.repeat(exponent)}`;
}

/**
 * A spreadsheet cell holds an IEEE double; it is parsed from the exact decimal text, so every
 * amount below 2^53 minor units shows exactly. No arithmetic is done on it here.
 */
const cellNumber = (m: Money): number => Number(decimal(m));

/** The Totals sheet's facts that carry the audit head (column A the label, B the value). */
export const XLSX_FACTS_SHEET = 'Totals';
export const XLSX_HEAD_SEQ_LABEL = 'Audit head seq';
export const XLSX_HEAD_HASH_LABEL = 'Audit head hash';

interface Column {
  header: string;
  key: string;
  width: number;
}

function sheet(workbook: ExcelJS.Workbook, name: string, columns: Column[]): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns;
  const header = ws.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF18283B' } };
  header.alignment = { vertical: 'middle' };
  header.height = 20;
  return ws;
}

export async function journalXlsx(report: JournalReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = safe(`ClearDesk (${report.generatedBy})`);
  wb.created = new Date(report.generatedAt);
  wb.title = `Posting journal ${report.query.from} to ${report.query.to}`;

  const journal = sheet(wb, 'Journal', [
    { header: 'Posting reference (XBLNR)', key: 'reference', width: 18 },
    { header: 'State', key: 'state', width: 10 },
    { header: 'Event', key: 'event', width: 10 },
    { header: 'Company code', key: 'bukrs', width: 9 },
    { header: 'SAP document (BELNR)', key: 'belnr', width: 13 },
    { header: 'Fiscal year', key: 'gjahr', width: 8 },
    { header: 'Posting date', key: 'postingDate', width: 11 },
    { header: 'Doc. type', key: 'docType', width: 7 },
    { header: 'PayTrace transaction', key: 'transactionId', width: 13 },
    { header: 'Settlement batch', key: 'batch', width: 10 },
    { header: 'Amount', key: 'amount', width: 15 },
    { header: 'Currency', key: 'currency', width: 8 },
    { header: 'Customer (KUNNR)', key: 'customer', width: 12 },
    { header: 'Customer name', key: 'customerName', width: 28 },
    { header: 'Invoices cleared', key: 'invoices', width: 24 },
    { header: 'Invoices partly paid (residual open)', key: 'partlyPaid', width: 30 },
    { header: 'On account', key: 'onAccount', width: 15 },
    { header: 'Approved by', key: 'approvedBy', width: 16 },
    { header: 'Approved at (UTC)', key: 'approvedAt', width: 22 },
    { header: 'SAP messages', key: 'messages', width: 60 },
    { header: 'Invoices reopened (reversal)', key: 'reopened', width: 24 },
  ]);
  for (const l of report.lines) {
    const row = journal.addRow({
      reference: safe(l.reference),
      state: safe(l.state),
      event: safe(l.event),
      bukrs: safe(l.companyCode),
      belnr: safe(l.belnr),
      gjahr: safe(l.gjahr),
      postingDate: safe(l.postingDate),
      docType: safe(l.documentType),
      // Ids stay text: they are keys, not quantities, and Excel must not round or group them.
      transactionId: safe(l.transactionId),
      batch: safe(l.batch),
      amount: cellNumber(l.amount),
      currency: safe(l.amount.currency),
      customer: safe(l.customer),
      customerName: safe(l.customerName),
      invoices: safe(l.invoices.join('; ')),
      partlyPaid: safe(partlyPaidText(l)),
      onAccount: cellNumber(l.onAccount),
      approvedBy: safe(l.approvedBy),
      approvedAt: safe(l.approvedAt),
      messages: safe(l.messages.join(' | ')),
      reopened: safe(l.reopened.join('; ')),
    });
    row.getCell('amount').numFmt = numberFormat(l.amount.currency);
    row.getCell('onAccount').numFmt = numberFormat(l.amount.currency);
    if (l.state !== 'posted')
      row.getCell('state').font = { color: { argb: l.state === 'failed' ? 'FFB42323' : 'FF8A5A00' }, bold: true };
  }
  journal.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 20 } };

  const totals = sheet(wb, XLSX_FACTS_SHEET, [
    { header: 'Company code', key: 'bukrs', width: 16 },
    { header: 'Currency', key: 'currency', width: 9 },
    { header: 'Posted lines', key: 'postedCount', width: 12 },
    { header: 'Posted amount', key: 'posted', width: 18 },
    { header: 'Failed lines', key: 'failedCount', width: 12 },
    { header: 'Failed amount', key: 'failed', width: 18 },
    { header: 'Sending lines', key: 'sendingCount', width: 13 },
    { header: 'On account (of posted)', key: 'onAccount', width: 20 },
  ]);
  for (const t of report.totals) {
    const row = totals.addRow({
      bukrs: t.companyCode ? safe(t.companyCode) : 'All company codes',
      currency: safe(t.currency),
      postedCount: t.postedCount,
      posted: cellNumber(t.posted),
      failedCount: t.failedCount,
      failed: cellNumber(t.failed),
      sendingCount: t.sendingCount,
      onAccount: cellNumber(t.onAccount),
    });
    row.getCell('posted').numFmt = numberFormat(t.currency);
    row.getCell('onAccount').numFmt = numberFormat(t.currency);
    row.getCell('failed').numFmt = numberFormat(t.currency);
    if (!t.companyCode) row.font = { bold: true };
  }
  // The report's facts under the totals, label in A and value in B.
  const v = report.audit.verification;
  const facts: [string, string | number][] = [
    ['Range', `${report.query.from} to ${report.query.to} by ${BASIS_LABEL[report.query.basis] ?? report.query.basis}`],
    ['Company code', report.query.companyCode ?? 'All'],
    ['Generated at (UTC)', report.generatedAt],
    ['Generated by', report.generatedBy],
    ...(['posted', 'failed', 'sending', 'pending'] as const).map((s): [string, number] => [
      `${STATE_LABEL[s]} lines`,
      report.stateCounts[s],
    ]),
    ['Audit chain', v.ok ? 'Intact' : `BROKEN at entry ${v.brokenAt ?? '?'}`],
    ['Audit entries verified', v.entries],
    [XLSX_HEAD_SEQ_LABEL, v.head ? v.head.seq : '(empty log)'],
    [XLSX_HEAD_HASH_LABEL, v.head ? hashText(v.head.hash) : ''],
    ['Verification', v.message],
  ];
  totals.addRow([]);
  for (const [label, value] of facts) {
    const row = totals.addRow([
      safe(label),
      typeof value === 'number' ? value : label === XLSX_HEAD_HASH_LABEL ? value : safe(value),
    ]);
    row.getCell(1).font = { bold: true };
  }

  const audit = sheet(wb, 'Audit', [
    { header: 'Seq', key: 'seq', width: 8 },
    { header: 'At (UTC)', key: 'at', width: 26 },
    { header: 'Actor', key: 'actor', width: 20 },
    { header: 'Action', key: 'action', width: 22 },
    { header: 'Subject', key: 'subject', width: 40 },
  ]);
  for (const e of report.audit.entries) {
    audit.addRow({
      seq: e.seq,
      at: safe(e.at),
      actor: safe(e.actor),
      action: safe(e.action),
      subject: safe(e.subject),
    });
  }

  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

// --- The chargebacks report (chargebacks.ts) -------------------------------------------------------------------

const OUTCOME_HEADING: Readonly<Record<ChargebackOutcome, string>> = {
  open: 'Open',
  won: 'Won',
  lost: 'Lost',
  closed: 'Closed (no outcome)',
};

function chargebackGroupSheet(
  wb: ExcelJS.Workbook,
  name: string,
  heading: string,
  groups: readonly ChargebackGroup[],
): void {
  const ws = sheet(wb, name, [
    { header: heading, key: 'label', width: 48 },
    { header: 'Currency', key: 'currency', width: 9 },
    ...CHARGEBACK_OUTCOMES.flatMap((o) => [
      { header: `${OUTCOME_HEADING[o]} cases`, key: `${o}Count`, width: 10 },
      { header: `${OUTCOME_HEADING[o]} amount`, key: `${o}Amount`, width: 15 },
    ]),
    { header: 'Cases', key: 'count', width: 8 },
    { header: 'Disputed amount', key: 'amount', width: 16 },
    { header: 'Processor fees', key: 'fees', width: 14 },
  ]);
  for (const g of groups) {
    const row = ws.addRow({
      label: safe(g.label),
      currency: safe(g.currency),
      ...Object.fromEntries(
        CHARGEBACK_OUTCOMES.flatMap((o) => [
          [`${o}Count`, g.outcomes[o].count],
          [`${o}Amount`, cellNumber(g.outcomes[o].amount)],
        ]),
      ),
      count: g.total.count,
      amount: cellNumber(g.total.amount),
      fees: cellNumber(g.fees),
    });
    for (const key of [...CHARGEBACK_OUTCOMES.map((o) => `${o}Amount`), 'amount', 'fees'])
      row.getCell(key).numFmt = numberFormat(g.currency);
  }
}

/** Sheets Totals (with the report's facts), By reason, By customer, By month and Cases; amounts numeric in the currency's decimals. */
export async function chargebacksXlsx(report: ChargebackReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = safe(`ClearDesk (${report.generatedBy})`);
  wb.created = new Date(report.generatedAt);
  wb.title = `Chargebacks ${report.query.from} to ${report.query.to}`;
  chargebackGroupSheet(wb, 'Totals', 'Total', report.totals);
  const totals = wb.getWorksheet('Totals')!;
  totals.addRow([]);
  for (const [label, value] of [
    ['Received', `${report.query.from} to ${report.query.to}`],
    ['Company code', report.query.companyCode ?? 'All'],
    ['Cases', String(report.cases.length)],
    ['Generated at (UTC)', report.generatedAt],
    ['Generated by', report.generatedBy],
  ] as const)
    totals.addRow([safe(label), safe(value)]).getCell(1).font = { bold: true };
  chargebackGroupSheet(wb, 'By reason', 'Reason code', report.byReason);
  chargebackGroupSheet(wb, 'By customer', 'Customer', report.byCustomer);
  chargebackGroupSheet(wb, 'By month', 'Month received', report.byMonth);
  const cases = sheet(
    wb,
    'Cases',
    CHARGEBACK_CASE_HEADER.map((header, i) => ({ header, key: `c${i}`, width: i === 8 || i === 14 ? 32 : 13 })),
  );
  const amountAt = CHARGEBACK_CASE_HEADER.indexOf('Amount');
  const feeAt = CHARGEBACK_CASE_HEADER.indexOf('Processor fee');
  for (const c of report.cases) {
    // The CSV's cells (already through the guard), with the amounts as numbers.
    const cells: (string | number | null)[] = chargebackCaseRow(c).map((v) => v.replace(/^'(?=[=+\-@\t\r])/, ''));
    cells[amountAt] = cellNumber(c.amount);
    cells[feeAt] = c.fee ? cellNumber(c.fee) : null;
    const row = cases.addRow(cells);
    row.getCell(amountAt + 1).numFmt = numberFormat(c.amount.currency);
    row.getCell(feeAt + 1).numFmt = numberFormat(c.amount.currency);
  }
  cases.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: CHARGEBACK_CASE_HEADER.length } };
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
