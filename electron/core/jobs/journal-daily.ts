// The daily journal report (docs/ARCHITECTURE.md, "Jobs on a schedule": journal.daily). On business days,
// early in the company's time zone, it exports the previous business day's posting journal (the reports
// owner, core/reports: CSV and XLSX, each carrying the verified audit head) to the report folder, records
// each export on the audit trail, anchors the audit head and, when the admin asked, e-mails the files to
// the users subscribed to 'report.journal' through the alert mailer. After ClearDesk was closed it exports
// every business day missed since the last day it exported (kept as `through` in the run's counts), each
// once; the file names are the day's, so exporting a day again replaces its files (one file set per day).
import { MIME_TYPES, produceJournal, recordExport, type ReportFormat } from '../reports';
import type { AlertMailAttachment, AuditAnchors, Clock, ReportFolder, ReportFolders } from '../../../shared/ports';
import { addDays, dayInZone } from '../../../shared/time';
import type { Repositories } from '../../store';
import type { RaiseOutcome } from '../alerts/alerts';
import { anchorHead } from '../audit/anchor';
import type { ProgressReporter } from '../progress';
import { companyZone, reportSettings } from '../settings';
import type { JobContext } from './scheduler';

export const JOURNAL_JOB = 'journal.daily';
/** Who the scheduled exports are by, on the audit trail; a Run now's are by the person who asked. */
export const JOURNAL_ACTOR = `system:${JOURNAL_JOB}`;
export const JOURNAL_FORMATS: readonly ReportFormat[] = ['csv', 'xlsx'];
/** ISO weekdays the journal is exported for (Monday to Friday), less the admin's holidays. */
export const BUSINESS_DAYS: readonly number[] = [1, 2, 3, 4, 5];
/** At most this many business days are caught up in one run (about five weeks); older ones are logged. */
export const MAX_CATCH_UP_DAYS = 25;

export interface JournalJobHost {
  readonly store: Repositories;
  readonly clock: Clock;
  readonly anchors?: AuditAnchors | undefined;
  readonly reportFolders?: ReportFolders | undefined;
  /** The zone when an admin set no '*' posting zone: the PayTrace account's. */
  readonly fallbackZone: string;
  /** The alerts owner's mailer for files (Alerts.mailFiles). */
  mailFiles(input: {
    kind: 'report.journal';
    dedupeKey: string;
    subject: string;
    message: string;
    attachments: readonly AlertMailAttachment[];
  }): Promise<RaiseOutcome>;
  /** The export's progress (event 'sync.progress', phase 'export'). */
  readonly progress?: ProgressReporter;
  /** The company codes ClearDesk posts to: a day is a holiday of the journal when it is one of each. */
  readonly companyCodes?: readonly string[];
}

const weekday = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay() || 7;
const asNumber = (iso: string): number => Number(iso.replace(/-/g, ''));
const asIso = (n: number): string => {
  const s = String(n);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
};

/** The company's calendar date of `at` in `zone`. */
export function localDate(at: Date, zone: string): string {
  return dayInZone(at.getTime(), zone);
}

/**
 * The journal's holidays from the admin's list (settings `reports.holidays`): the days that are a holiday
 * of every company code ('*' rows are every company code's). Without company codes, the '*' rows alone.
 */
export function journalHolidays(
  rows: readonly { companyCode: string; date: string }[],
  companyCodes: readonly string[],
): Set<string> {
  const off = (code: string, day: string) =>
    rows.some((r) => r.date === day && (r.companyCode === '*' || r.companyCode === code));
  const days = new Set(rows.map((r) => r.date));
  return new Set(
    [...days].filter((day) =>
      companyCodes.length === 0 ? off('*', day) : companyCodes.every((code) => off(code, day)),
    ),
  );
}

const isBusinessDay = (day: string, holidays: ReadonlySet<string>): boolean =>
  BUSINESS_DAYS.includes(weekday(day)) && !holidays.has(day);

/** The last business day before `today` (an ISO date): a weekday that is not one of `holidays`. */
export function previousBusinessDay(today: string, holidays: ReadonlySet<string> = new Set()): string {
  let day = addDays(today, -1);
  while (!isBusinessDay(day, holidays)) day = addDays(day, -1);
  return day;
}

/**
 * The business days to export when the run's local date is `today`: every one after `through` (the last
 * day exported, or null) up to the previous business day, oldest first; without `through`, that day
 * alone. `skipped` counts the days older than the catch-up limit.
 */
export function daysToExport(
  today: string,
  through: string | null,
  holidays: ReadonlySet<string> = new Set(),
): { days: string[]; skipped: number } {
  const last = previousBusinessDay(today, holidays);
  if (through === null) return { days: [last], skipped: 0 };
  const days: string[] = [];
  for (let day = last; day > through; day = addDays(day, -1)) if (isBusinessDay(day, holidays)) days.push(day);
  days.reverse();
  const skipped = Math.max(0, days.length - MAX_CATCH_UP_DAYS);
  return { days: days.slice(skipped), skipped };
}

/** The last day a successful run exported, from the run history. */
async function exportedThrough(store: Repositories): Promise<string | null> {
  for (const run of await store.jobs.history(JOURNAL_JOB, 200)) {
    const through = run.counts.through;
    if (run.status === 'ok' && typeof through === 'number' && through > 0) return asIso(through);
  }
  return null;
}

/** Where the files go: CLEARDESK_REPORT_DIR, else the admin's setting; null when neither names a folder. */
async function folderOf(host: JournalJobHost): Promise<ReportFolder | null> {
  const folders = host.reportFolders;
  if (!folders) return null;
  if (folders.fromEnv) return folders.open(folders.fromEnv, 'CLEARDESK_REPORT_DIR');
  const { folder } = await reportSettings(host.store);
  return folder ? folders.open(folder, 'the report settings') : null;
}

export async function runJournalDaily(host: JournalJobHost, ctx: JobContext): Promise<Record<string, number>> {
  const { store, clock } = host;
  const folder = await folderOf(host);
  if (!folder) {
    ctx.log(
      'No report folder is configured (CLEARDESK_REPORT_DIR or the report settings): no journal was exported.',
      'warning',
    );
    return { days: 0, files: 0 };
  }
  const zone = await companyZone(store, host.fallbackZone);
  const today = localDate(clock.now(), zone);
  const through = await exportedThrough(store);
  const holidays = journalHolidays((await reportSettings(store)).holidays, host.companyCodes ?? []);
  const catchUp = daysToExport(today, through, holidays);
  const { skipped } = catchUp;
  let { days } = catchUp;
  if (skipped > 0)
    ctx.log(
      `${skipped} business day(s) after ${through} are older than the ${MAX_CATCH_UP_DAYS} caught up at once: export them with \`cleardesk report journal\`.`,
      'warning',
    );
  // Run now on a day already exported: that day again (its files are replaced, one set per day).
  if (days.length === 0 && ctx.trigger === 'manual') days = [previousBusinessDay(today, holidays)];
  if (days.length === 0) {
    ctx.log(`The journal through ${through} is exported already.`);
    return { days: 0, files: 0, ...(through ? { through: asNumber(through) } : {}) };
  }

  const attachments: AlertMailAttachment[] = [];
  let lines = 0;
  // Lines written across every file of the run; the total is known only once the last day is read.
  let written = 0;
  const by = ctx.requestedBy ?? JOURNAL_ACTOR;
  host.progress?.({ phase: 'export', done: 0, total: null });
  for (const day of days) {
    for (const format of JOURNAL_FORMATS) {
      const generatedAt = clock.now().toISOString();
      const produced = await produceJournal(store, { from: day, to: day, basis: 'postingDate' }, format, {
        generatedAt,
        generatedBy: by,
      });
      await folder.write(produced.fileName, produced.bytes);
      await recordExport(store, by, produced, 'job', generatedAt);
      attachments.push({ fileName: produced.fileName, contentType: MIME_TYPES[format], content: produced.bytes });
      if (format === JOURNAL_FORMATS[0]) lines += produced.report.lines.length;
      const v = produced.report.audit.verification;
      ctx.log(
        `${day}: wrote ${produced.fileName} (${produced.report.lines.length} line(s); audit chain ${v.ok ? 'intact' : `BROKEN at entry ${v.brokenAt ?? '?'}`}).`,
        v.ok ? 'info' : 'error',
      );
      written += produced.report.lines.length;
      host.progress?.({ phase: 'export', done: written, total: null });
    }
  }
  host.progress?.({ phase: 'export', done: written, total: written }, { final: true });
  ctx.log(`Exported ${days.length} day(s) to ${folder.location}.`);

  let anchored = 0;
  if (host.anchors) {
    await anchorHead(host, 'scheduled', `job:${ctx.runId}`);
    anchored = 1;
    ctx.log(`The audit head was anchored in ${host.anchors.location}.`);
  }

  let mailed = 0;
  if ((await reportSettings(store)).email) {
    const range = days.length === 1 ? days[0]! : `${days[0]} to ${days[days.length - 1]}`;
    const outcome = await host.mailFiles({
      kind: 'report.journal',
      dedupeKey: `report.journal:${range}`,
      subject: `ClearDesk: the posting journal of ${range}`,
      message:
        `The posting journal of ${range} (${lines} line(s)) is attached as CSV and XLSX; each file carries the ` +
        'verified head of the audit log. The same files are in the report folder.',
      attachments,
    });
    if (outcome.status === 'sent') mailed = outcome.recipients.length;
    ctx.log(
      outcome.status === 'sent'
        ? `E-mailed to ${outcome.recipients.length} subscriber(s).`
        : `Not e-mailed: ${outcome.error ?? outcome.status}`,
      outcome.status === 'sent' || outcome.recipients.length === 0 ? 'info' : 'warning',
    );
  }
  return {
    days: days.length,
    files: attachments.length,
    lines,
    anchored,
    mailed,
    through: asNumber(days[days.length - 1]!),
  };
}
