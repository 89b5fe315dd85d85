// `cleardesk chargebacks import --file F [--processor NAME] [--currency C] [--data-dir D] [--sandbox] [--json]`:
// a processor's dispute report (CSV or XLSX) into the store (docs/ARCHITECTURE.md, "Disputes"). The columns
// come from the mapping saved for --processor, else from the aliases of formats.md §3.2; the mapping used is
// saved for the processor. Every case is matched to the PayTrace sale it disputes. With --json, stdout is
// one JSON object (imported, updated, duplicates, matched, unmatched, rejected, and the mapping); every
// rejected row is named on stderr with its reason. Only the store is opened: no PayTrace or SAP connection.
import { existsSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { DisputeReportError, parseDisputeReport, type DisputeReport } from '../../../shared/disputes';
import { redactCardText } from '../../../shared/security';
import { ingestDisputes, type DisputeIntakeSummary } from '../../core/disputes/intake';
import { migrate, openStoreFromEnv } from '../../store';
import { sandboxAuditKeyFile, vaultAuditKeys, vaultForHost } from '../../secrets';
import { createLogger } from '../log';
import { EXIT } from './errors';
import { readTable } from './match';

export interface ChargebacksImportOptions {
  file: string;
  processor?: string;
  currency?: string;
  dataDir: string;
  sandbox: boolean;
  json: boolean;
  user: string;
}

/** The processor cases are keyed by when --processor is not given. */
export const DEFAULT_PROCESSOR = 'default';

const EXTENSIONS = new Set(['.csv', '.txt', '.tsv', '.xlsx']);

/** The file cannot be read as a dispute report (missing columns, not a spreadsheet): exit 1, nothing stored. */
export class ChargebackReportError extends Error {
  override readonly name = 'ChargebackReportError';
  readonly exitCode: number = EXIT.failure;
}

/** What was asked cannot be done (no such file, a folder, an unknown kind of file): exit 2. */
export class ChargebackUsageError extends Error {
  override readonly name = 'ChargebackUsageError';
  readonly exitCode: number = EXIT.usage;
}

async function readReport(file: string): Promise<string[][]> {
  if (!existsSync(file)) throw new ChargebackUsageError(`There is no file ${file}.`);
  if (statSync(file).isDirectory()) throw new ChargebackUsageError(`${file} is a folder; give the report file.`);
  const ext = extname(file).toLowerCase();
  if (!EXTENSIONS.has(ext))
    throw new ChargebackUsageError(
      `${file}: a dispute report is a CSV (.csv, .txt, .tsv) or Excel (.xlsx) file, not ${ext || 'a file without extension'}.`,
    );
  try {
    return await readTable(file);
  } catch (e) {
    throw new ChargebackReportError(
      `${file} cannot be read as ${ext === '.xlsx' ? 'an Excel workbook' : 'CSV'}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

export async function runChargebacksImport(opts: ChargebacksImportOptions): Promise<void> {
  const file = resolve(opts.file);
  const rows = await readReport(file);
  const processor = (opts.processor ?? DEFAULT_PROCESSOR).trim().toLowerCase();
  if (processor === '') throw new ChargebackUsageError('--processor is empty.');

  const auditKeys = vaultAuditKeys(vaultForHost(process.env, createLogger(undefined, opts.json)), process.env, {
    file: sandboxAuditKeyFile(opts.dataDir),
    mayCreate: opts.sandbox,
  });
  const store = await openStoreFromEnv(opts.dataDir, process.env, { auditKeys });
  try {
    await migrate(store);
    await store.repos.audit.prepareKey();
    const saved = opts.processor ? await store.repos.disputes.mapping(processor) : null;
    let report: DisputeReport;
    try {
      report = parseDisputeReport(rows, {
        processor,
        saved,
        ...(opts.currency ? { currency: opts.currency } : {}),
      });
    } catch (e) {
      if (e instanceof DisputeReportError) throw new ChargebackReportError(`${basename(file)}: ${e.message}`);
      throw e;
    }
    const at = new Date().toISOString();
    await store.repos.disputes.saveMapping(processor, report.mapping, opts.user, at);
    const summary = await ingestDisputes(
      store.repos,
      { source: 'report', origin: basename(file), cases: report.cases, rejected: report.rejected },
      { actor: opts.user, at },
    );
    for (const r of summary.rejections)
      process.stderr.write(`cleardesk: rejected ${redactCardText(r.ref)}: ${redactCardText(r.reason)}\n`);
    print(summary, report, processor, opts.json);
  } finally {
    await store.close();
  }
}

function print(summary: DisputeIntakeSummary, report: DisputeReport, processor: string, json: boolean): void {
  const counts = {
    imported: summary.imported,
    updated: summary.updated,
    duplicates: summary.duplicates,
    matched: summary.matched,
    unmatched: summary.unmatched,
    rejected: summary.rejected,
  };
  if (json) {
    const out = {
      ...counts,
      skipped: report.skipped,
      processor,
      mapping: { ...report.mapping, source: report.usedSaved ? 'saved' : 'aliases' },
      decimal: report.decimal,
      dateOrder: report.dateOrder,
    };
    process.stdout.write(`${redactCardText(JSON.stringify(out))}\n`);
    return;
  }
  process.stdout.write(
    `Columns (header on row ${report.mapping.headerRow}, ${report.usedSaved ? `saved for ${processor}` : 'by alias'}):\n`,
  );
  for (const [field, header] of Object.entries(report.mapping.columns))
    process.stdout.write(`  ${field.padEnd(20)} ${redactCardText(header)}\n`);
  for (const [label, n] of Object.entries(counts))
    process.stdout.write(`${label.padEnd(20)} ${String(n).padStart(8)}\n`);
}
