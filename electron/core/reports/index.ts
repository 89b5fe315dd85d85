// Reports (docs/ARCHITECTURE.md, "Who uses it", "The audit log"): the posting journal with its audit section, in CSV, XLSX or PDF.
// produceJournal builds and renders; recordExport writes the 'report.exported' audit entry once
// the file has been handed over (API) or written (CLI), so the trail says who took what.
import { createHash } from 'node:crypto';
import type { SyncProgress } from '../../../shared/api';
import type { Repositories } from '../../store';
import { containsCardText } from '../../../shared/security';
import { chargebacksCsv, journalCsv } from './csv';
import { buildJournal, type JournalQuery, type JournalReport } from './journal';
import { chargebacksPdf, journalPdf } from './pdf';
import { chargebacksXlsx, journalXlsx } from './xlsx';
import { buildChargebackReport, type ChargebackQuery, type ChargebackReport } from './chargebacks';

export {
  buildJournal,
  checkRange,
  ReportRangeError,
  type JournalQuery,
  type JournalReport,
  type JournalLine,
  type JournalBasis,
} from './journal';
export { journalCsv, CSV_AUDIT_HEADER, CSV_HEADER, CSV_TOTALS_HEADER } from './csv';
export { journalXlsx } from './xlsx';
export { journalPdf, chargebacksPdf } from './pdf';
export {
  buildChargebackReport,
  summariseChargebacks,
  outcomeOf,
  type ChargebackQuery,
  type ChargebackReport,
  type ChargebackGroup,
  type ChargebackReportCase,
} from './chargebacks';

export type ReportFormat = 'csv' | 'xlsx' | 'pdf';
export const REPORT_FORMATS: readonly ReportFormat[] = ['csv', 'xlsx', 'pdf'];

export const MIME_TYPES: Readonly<Record<ReportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface ProducedReport {
  readonly report: JournalReport;
  readonly format: ReportFormat;
  readonly fileName: string;
  readonly mimeType: string;
  readonly bytes: Buffer;
  /** SHA-256 of the file, recorded in the audit entry: a copy can later be matched to its export. */
  readonly sha256: string;
}

export function reportFileName(
  query: Pick<JournalReport['query'], 'from' | 'to' | 'companyCode'>,
  format: ReportFormat,
): string {
  const range = query.from === query.to ? query.from : `${query.from}_${query.to}`;
  const code = query.companyCode ? `_${query.companyCode.replace(/[^A-Za-z0-9-]/g, '')}` : '';
  return `cleardesk-journal_${range}${code}.${format}`;
}

export async function renderJournal(report: JournalReport, format: ReportFormat): Promise<Buffer> {
  switch (format) {
    case 'csv':
      return journalCsv(report);
    case 'xlsx':
      return journalXlsx(report);
    case 'pdf':
      return journalPdf(report);
  }
}

export interface ProduceOptions {
  readonly generatedAt: string;
  readonly generatedBy: string;
  /** Told the lines to write once they are read (0 of N) and when the file is rendered (N of N); phase 'export'. */
  readonly progress?: (p: SyncProgress) => void;
}

export async function produceJournal(
  store: Repositories,
  query: JournalQuery,
  format: ReportFormat,
  options: ProduceOptions,
): Promise<ProducedReport> {
  const report = await buildJournal(store, query, options);
  const total = report.lines.length;
  options.progress?.({ phase: 'export', done: 0, total });
  const bytes = checkedFile(await renderJournal(report, format), format);
  options.progress?.({ phase: 'export', done: total, total });
  return {
    report,
    format,
    fileName: reportFileName(report.query, format),
    mimeType: MIME_TYPES[format],
    bytes,
    sha256: sha256Of(bytes),
  };
}

/** CSV is text through and through: the finished file is checked as a whole, too. */
function checkedFile(bytes: Buffer, format: ReportFormat): Buffer {
  if (format === 'csv' && containsCardText(bytes.toString('utf8')))
    throw new Error('The CSV export still held a card number after redaction; it was not written.');
  return bytes;
}

const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export interface ProducedChargebackReport extends Omit<ProducedReport, 'report'> {
  readonly report: ChargebackReport;
}

export async function renderChargebackReport(report: ChargebackReport, format: ReportFormat): Promise<Buffer> {
  switch (format) {
    case 'csv':
      return chargebacksCsv(report);
    case 'xlsx':
      return chargebacksXlsx(report);
    case 'pdf':
      return chargebacksPdf(report);
  }
}

/** The chargebacks report (chargebacks.ts) as a file, through the same writers and guard as the journal. */
export async function produceChargebackReport(
  store: Repositories,
  query: ChargebackQuery,
  format: ReportFormat,
  options: Pick<ProduceOptions, 'generatedAt' | 'generatedBy'>,
): Promise<ProducedChargebackReport> {
  const report = await buildChargebackReport(store, query, options);
  const bytes = checkedFile(await renderChargebackReport(report, format), format);
  const range = report.query.from === report.query.to ? report.query.from : `${report.query.from}_${report.query.to}`;
  const code = report.query.companyCode ? `_${report.query.companyCode.replace(/[^A-Za-z0-9-]/g, '')}` : '';
  return {
    report,
    format,
    fileName: `cleardesk-chargebacks_${range}${code}.${format}`,
    mimeType: MIME_TYPES[format],
    bytes,
    sha256: sha256Of(bytes),
  };
}

/** The chargebacks report's 'report.exported' audit entry, as the journal's: who, range, format, cases, SHA-256. */
export async function recordChargebackExport(
  store: Repositories,
  actor: string,
  produced: ProducedChargebackReport,
  via: 'api' | 'cli',
  at?: string,
): Promise<void> {
  const { report } = produced;
  await store.audit.append({
    actor,
    action: 'report.exported',
    subject: `report:chargebacks:${report.query.from}..${report.query.to}`,
    detail: {
      report: 'chargebacks',
      via,
      from: report.query.from,
      to: report.query.to,
      companyCode: report.query.companyCode,
      format: produced.format,
      fileName: produced.fileName,
      lines: report.cases.length,
      bytes: produced.bytes.length,
      sha256: produced.sha256,
    },
    ...(at ? { at } : {}),
  });
}

/** The 'report.exported' audit entry: who, which range and format, how many lines, the audit head it vouches for. */
export async function recordExport(
  store: Repositories,
  actor: string,
  produced: ProducedReport,
  via: 'api' | 'cli' | 'job',
  at?: string,
): Promise<void> {
  const { report } = produced;
  await store.audit.append({
    actor,
    action: 'report.exported',
    subject: `report:journal:${report.query.from}..${report.query.to}`,
    detail: {
      report: 'journal',
      via,
      from: report.query.from,
      to: report.query.to,
      basis: report.query.basis,
      companyCode: report.query.companyCode,
      format: produced.format,
      fileName: produced.fileName,
      lines: report.lines.length,
      bytes: produced.bytes.length,
      sha256: produced.sha256,
      auditHead: report.audit.verification.head,
      auditIntact: report.audit.verification.ok,
    },
    ...(at ? { at } : {}),
  });
}
