// `cleardesk report journal`: the posting journal with its audit section, written to a file.
// Reads the store only: no PayTrace or SAP connection, no simulators. The export is recorded on
// the audit trail ('report.exported') once the file is on disk.
import { accessSync, constants, existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { toDecimal } from '../../../shared/money';
import {
  checkRange,
  produceChargebackReport,
  produceJournal,
  recordChargebackExport,
  recordExport,
  ReportRangeError,
  type JournalBasis,
  type ReportFormat,
} from '../../core/reports';
import { migrationStatus } from '../../store/migrate';
import { DATABASE_URL_ENV, SQLITE_FILE_NAME, openStoreFromEnv } from '../../store/open';
import type { Store } from '../../store';
import { sandboxAuditKeyFile, vaultAuditKeys, vaultForHost } from '../../secrets';
import { createLogger } from '../log';
import { ConfigurationError, EXIT } from './errors';
import { progressPrinter } from './progress';

export interface ReportJournalOptions {
  from: string;
  to: string;
  companyCode?: string;
  format: ReportFormat;
  out: string;
  dataDir: string;
  basis: JournalBasis;
  user: string;
  /** Progress as JSON lines on stderr (otherwise a bar on a terminal, plain lines elsewhere). */
  json?: boolean;
  /** Replace a file already at `out` (otherwise refused: it may be an export already handed to an auditor). */
  overwrite?: boolean;
}

/** A problem with what was asked (range, output path): exit 2 with the reason. */
export class ReportUsageError extends Error {
  override readonly name = 'ReportUsageError';
  readonly exitCode = EXIT.usage;
}

function checkOutput(out: string, overwrite: boolean): string {
  const file = resolve(out);
  const dir = dirname(file);
  if (!existsSync(dir)) throw new ReportUsageError(`Cannot write ${file}: the folder ${dir} does not exist.`);
  if (existsSync(file) && statSync(file).isDirectory())
    throw new ReportUsageError(
      `Cannot write ${file}: it is a folder; give a file name, for example ${join(file, 'journal.pdf')}.`,
    );
  // As a backup does: an earlier export may be the one an auditor holds, so it is replaced only when asked.
  if (existsSync(file) && !overwrite)
    throw new ReportUsageError(
      `${file} exists already; ClearDesk does not overwrite a report unless --overwrite is given. Choose a new name.`,
    );
  try {
    accessSync(dir, constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.W_OK);
  } catch {
    throw new ReportUsageError(`Cannot write ${file}: no permission to write there. Choose another --out.`);
  }
  return file;
}

export async function runReportJournalCommand(opts: ReportJournalOptions): Promise<void> {
  try {
    checkRange(opts.from, opts.to);
  } catch (error) {
    if (error instanceof ReportRangeError) throw new ReportUsageError(error.message);
    throw error;
  }
  const file = checkOutput(opts.out, opts.overwrite ?? false);
  await withReportStore(opts.dataDir, async (store) => {
    // Progress on stderr as a sync's (shared/api/progress.ts, phase 'export'); stdout keeps the result alone.
    const printer = progressPrinter({ json: opts.json ?? false });
    const produced = await produceJournal(
      store.repos,
      { from: opts.from, to: opts.to, companyCode: opts.companyCode, basis: opts.basis },
      opts.format,
      {
        generatedAt: new Date().toISOString(),
        generatedBy: opts.user,
        progress: (p) => printer.update(p),
      },
    ).finally(() => printer.end());
    writeAtomically(file, produced.bytes);
    try {
      await recordExport(store.repos, opts.user, produced, 'cli');
    } catch (error) {
      // An export the audit trail does not know about must not be left behind.
      rmSync(file, { force: true });
      throw error;
    }
    const r = produced.report;
    const v = r.audit.verification;
    process.stdout.write(
      `Wrote ${file} (${produced.format.toUpperCase()}, ${produced.bytes.length} bytes): ${r.lines.length} journal line(s) ` +
        `[posted ${r.stateCounts.posted}, failed ${r.stateCounts.failed}, sending ${r.stateCounts.sending}], ${r.audit.entries.length} audit entries in range.\n` +
        `Audit chain ${v.ok ? 'intact' : `BROKEN at entry ${v.brokenAt ?? '?'}`}; head ${v.head ? `#${v.head.seq} ${v.head.hash}` : '(empty log)'}.\n`,
    );
    if (!v.ok) process.exitCode = 6;
  });
}

/** The store the report reads (no connection), with the audit key the export is appended with; closed after `work`. */
async function withReportStore(dataDir: string, work: (store: Store) => Promise<void>): Promise<void> {
  if (!process.env[DATABASE_URL_ENV]?.trim() && !existsSync(join(dataDir, SQLITE_FILE_NAME))) {
    throw new ConfigurationError(
      `There is no ClearDesk store in ${dataDir} (no ${SQLITE_FILE_NAME}). Pass the --data-dir ClearDesk uses, or set ${DATABASE_URL_ENV} for a team database.`,
    );
  }
  // The export is appended to the audit log, which is keyed: the key comes as it does for every host.
  const auditKeys = vaultAuditKeys(vaultForHost(process.env, createLogger()), process.env, {
    file: sandboxAuditKeyFile(dataDir),
    mayCreate: false,
  });
  const store = await openStoreFromEnv(dataDir, process.env, { auditKeys });
  try {
    const status = await migrationStatus(store);
    if (status.applied.length === 0)
      throw new ConfigurationError(`The store at ${store.location} holds no ClearDesk data yet.`);
    if (status.pending.length > 0) {
      throw new ConfigurationError(
        `The store at ${store.location} was written by an older ClearDesk and needs ${status.pending.length} migration(s) (${status.pending.join(', ')}). ` +
          'Open it once with this version (cleardesk serve or the desktop app) to upgrade it, then export again.',
      );
    }
    // A missing or wrong audit key stops the export before it is produced (exit 4), not after.
    await store.repos.audit.prepareKey();
    await work(store);
  } finally {
    await store.close();
  }
}

/** Written beside the target and renamed, so a reader never sees half a report. */
function writeAtomically(file: string, bytes: Buffer): void {
  const partial = `${file}.partial-${process.pid}`;
  try {
    writeFileSync(partial, bytes);
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new ReportUsageError(`Cannot write ${file}: ${whyNotWritten(error)}`);
  }
}

/** Why a file could not be written, in words (the temporary file's name stays out of it). */
function whyNotWritten(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'its folder does not exist, or ClearDesk cannot create files there.';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'ClearDesk may not write there (permissions, or a read-only disk).';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full.';
    case 'EISDIR':
      return 'it is a folder; give a file name.';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

export interface ChargebacksReportOptions {
  from: string;
  to: string;
  companyCode?: string;
  format: ReportFormat;
  out: string;
  dataDir: string;
  user: string;
  /** As the journal's: replace a file already at `out`. */
  overwrite?: boolean;
}

/**
 * `cleardesk chargebacks report`: the chargebacks received in the range (open, won, lost; by reason code, customer
 * and month) written to a file, then audited ('report.exported', with its SHA-256).
 */
export async function runChargebacksReportCommand(opts: ChargebacksReportOptions): Promise<void> {
  try {
    checkRange(opts.from, opts.to);
  } catch (error) {
    if (error instanceof ReportRangeError) throw new ReportUsageError(error.message);
    throw error;
  }
  const file = checkOutput(opts.out, opts.overwrite ?? false);
  await withReportStore(opts.dataDir, async (store) => {
    const produced = await produceChargebackReport(
      store.repos,
      { from: opts.from, to: opts.to, companyCode: opts.companyCode },
      opts.format,
      { generatedAt: new Date().toISOString(), generatedBy: opts.user },
    );
    writeAtomically(file, produced.bytes);
    try {
      await recordChargebackExport(store.repos, opts.user, produced, 'cli');
    } catch (error) {
      rmSync(file, { force: true });
      throw error;
    }
    const r = produced.report;
    const totals = r.totals
      .map(
        (t) =>
          `${t.currency} ${t.total.count} case(s) ${toDecimal(t.total.amount)} [open ${toDecimal(t.outcomes.open.amount)}, won ${toDecimal(t.outcomes.won.amount)}, lost ${toDecimal(t.outcomes.lost.amount)}]`,
      )
      .join('; ');
    process.stdout.write(
      `Wrote ${file} (${produced.format.toUpperCase()}, ${produced.bytes.length} bytes): ${r.cases.length} case(s) received ${r.query.from} to ${r.query.to}${totals ? `: ${totals}` : ''}.\n`,
    );
  });
}
