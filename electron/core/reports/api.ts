// reports.journal over the API: the file travels as base64 in one response (IPC or HTTP), so its
// size is capped; a longer range belongs to the CLI, which writes straight to disk.
import { ApiError, type EventOf, type RequestOf, type ResponseOf } from '../../../shared/api';
import { isoNow, type Clock } from '../../../shared/ports';
import type { Repositories } from '../../store';
import { requireRole } from '../authorization';
import type { Actor } from '../ports';
import { ReportRangeError } from './journal';
import { produceChargebackReport, produceJournal, recordChargebackExport, recordExport } from './index';

/** 20 MB of file (about 27 MB of base64): tens of thousands of journal lines. */
export const MAX_API_REPORT_BYTES = 20 * 1024 * 1024;

export async function journalForApi(
  deps: {
    store: Repositories;
    clock: Clock;
    /** The company codes ClearDesk works in; without them any is taken. */
    companyCodes?: readonly string[];
    maxBytes?: number;
    progress?: (p: ExportProgress) => void;
  },
  actor: Actor,
  req: RequestOf<'reports.journal'>,
): Promise<ResponseOf<'reports.journal'>> {
  requireRole(actor, 'clerk', 'approver', 'admin');
  // A mistyped company code would give an empty journal that reads as one with nothing posted.
  const code = req.companyCode;
  const known = deps.companyCodes;
  if (code && known && !known.includes(code) && !(await deps.store.postings.anyIn(code)))
    throw new ApiError(
      'invalid_request',
      `Company code ${code} is not one ClearDesk works in (${known.join(', ') || 'none'}), and nothing was ever posted into it.`,
    );
  const generatedAt = isoNow(deps.clock);
  const progress = deps.progress;
  progress?.({ step: 'reading', done: 0, total: null });
  const produced = await badRangeRefused(() =>
    produceJournal(
      deps.store,
      { from: req.from, to: req.to, companyCode: req.companyCode, basis: req.basis },
      req.format,
      {
        generatedAt,
        generatedBy: actor.name,
        ...(progress
          ? {
              progress: (p) =>
                progress({
                  step: p.total !== null && p.done >= p.total ? 'written' : 'writing',
                  done: p.done,
                  total: p.total,
                }),
            }
          : {}),
      },
    ),
  );
  checkSize(produced.bytes, deps.maxBytes, '`cleardesk report journal`');
  await recordExport(deps.store, actor.name, produced, 'api', generatedAt);
  return {
    fileName: produced.fileName,
    mimeType: produced.mimeType,
    base64: produced.bytes.toString('base64'),
    lines: produced.report.lines.length,
  };
}

/** A report export's step, as the report.progress event carries it (without the caller's id). */
export type ExportProgress = Omit<EventOf<'report.progress'>, 'progressId'>;

/** A range the report refuses (backwards, too long) is the caller's invalid request, in the report's words. */
async function badRangeRefused<T>(produce: () => Promise<T>): Promise<T> {
  try {
    return await produce();
  } catch (error) {
    if (error instanceof ReportRangeError) throw new ApiError('invalid_request', error.message);
    throw error;
  }
}

function checkSize(bytes: Buffer, maxBytes: number | undefined, command: string): void {
  const max = maxBytes ?? MAX_API_REPORT_BYTES;
  if (bytes.length > max) {
    const mb = (n: number) => `${Math.ceil(n / (1024 * 1024))} MB`;
    throw new ApiError(
      'invalid_request',
      `This report would be ${mb(bytes.length)}, more than the ${mb(max)} the app downloads at once. ` +
        `Choose a shorter range or one company code, or export it with ${command}, which writes the file directly.`,
    );
  }
}

/** chargebacks.report over the API: the same roles as the journal, the same cap, audited once handed over. */
export async function chargebackReportForApi(
  deps: { store: Repositories; clock: Clock; maxBytes?: number },
  actor: Actor,
  req: RequestOf<'chargebacks.report'>,
): Promise<ResponseOf<'chargebacks.report'>> {
  requireRole(actor, 'clerk', 'approver', 'admin');
  const generatedAt = isoNow(deps.clock);
  const produced = await badRangeRefused(() =>
    produceChargebackReport(deps.store, { from: req.from, to: req.to, companyCode: req.companyCode }, req.format, {
      generatedAt,
      generatedBy: actor.name,
    }),
  );
  checkSize(produced.bytes, deps.maxBytes, '`cleardesk chargebacks report`');
  await recordChargebackExport(deps.store, actor.name, produced, 'api', generatedAt);
  return {
    fileName: produced.fileName,
    mimeType: produced.mimeType,
    base64: produced.bytes.toString('base64'),
    lines: produced.report.cases.length,
  };
}
