// The job disputes.import (docs/ARCHITECTURE.md, "Disputes" and "Jobs on a schedule"): North's chargebacks through
// the intake every source uses (`ingestDisputes`: a case seen again adds nothing, a later stage or status updates
// it with an audit entry, a new case is matched to its sale), then the deadline check. North is read when the
// admin's settings name a merchant id and URL (credentials from the host's vault), in sandbox mode from the
// simulator; otherwise the run says North is not configured and only checks the deadlines.
//
// Incremental: a run reads from the day before the last successful run's day (`through` in its counts), or from
// the earliest received date of a North case not decided yet when that is older, so a case that moves on later
// (represented, won, lost) is read again whatever date North filters `fromDate` by. The first run reads all North
// serves (18 months).
import { NORTH_PROCESSOR } from '../../../shared/disputes';
import type { Clock, NorthConnection, NorthDisputeSource } from '../../../shared/ports';
import type { Repositories } from '../../store';
import type { Alert } from '../alerts/kinds';
import type { JobContext } from '../jobs/scheduler';
import { disputeSettings } from '../settings';
import { checkChargebackDeadlines, OVERDUE_DAYS } from './deadlines';
import { ingestDisputes } from './intake';

export const DISPUTES_IMPORT_JOB = 'disputes.import';
export const DEADLINES_JOB = 'chargeback.deadlines';

export interface DisputeJobHost {
  readonly store: Repositories;
  readonly clock: Clock;
  /** The zone whose days count when no '*' posting zone is set (the PayTrace account's). */
  readonly fallbackZone: string;
  /** North's disputes for the admin's settings (the host composes it); absent: North is never read here. */
  readonly northSource?: NorthDisputeSource | undefined;
  raise(alert: Alert): Promise<unknown>;
  /** Told when cases changed (the Chargebacks tab reloads). */
  changed(): void;
}

const DAY_MS = 86_400_000;
const asNumber = (iso: string): number => Number(iso.replaceAll('-', ''));
const asIso = (n: number): string => {
  const t = String(n);
  return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}`;
};

/** The day the last successful import read through, from the run history. */
async function importedThrough(store: Repositories): Promise<string | null> {
  for (const run of await store.jobs.history(DISPUTES_IMPORT_JOB, 200)) {
    const through = run.counts.through;
    if (run.status === 'ok' && typeof through === 'number' && through > 0) return asIso(through);
  }
  return null;
}

/** Where the next read starts: null reads all North serves. */
export async function importSince(store: Repositories): Promise<string | null> {
  const through = await importedThrough(store);
  if (through === null) return null;
  const overlap = new Date(Date.parse(`${through}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
  const undecided = await store.disputes.oldestUndecidedReceived(NORTH_PROCESSOR);
  return undecided !== null && undecided < overlap ? undecided : overlap;
}

function connectionOf(s: Awaited<ReturnType<typeof disputeSettings>>): NorthConnection | null {
  return s.northMerchantId && s.northBaseUrl
    ? { merchantId: s.northMerchantId, baseUrl: s.northBaseUrl, authUrl: s.northAuthUrl }
    : null;
}

/** North's connection as the admin set it (Settings, Chargebacks: merchant id and API URL); null: not configured. */
export async function northConnection(store: Repositories): Promise<NorthConnection | null> {
  return connectionOf(await disputeSettings(store));
}

export async function runDisputesImport(host: DisputeJobHost, ctx: JobContext): Promise<Record<string, number>> {
  const settings = await disputeSettings(host.store);
  const intake = host.northSource ? await host.northSource(connectionOf(settings)) : null;
  const counts: Record<string, number> = {};
  if (!intake) {
    ctx.log(
      'North is not configured (Settings, Chargebacks: merchant id and API URL; `cleardesk connect north` for its client id and secret): nothing was read.',
      'warning',
    );
  } else {
    const today = host.clock.now().toISOString().slice(0, 10);
    const since = await importSince(host.store);
    ctx.log(since === null ? 'Reading every chargeback North serves (first run).' : `Reading North from ${since}.`);
    const batch = await intake.read({ since });
    const summary = await ingestDisputes(host.store, batch, {
      actor: `system:${DISPUTES_IMPORT_JOB}`,
      at: host.clock.now().toISOString(),
    });
    ctx.log(
      `${batch.origin}: ${batch.cases.length} cases read; ${summary.imported} new (${summary.matched} matched to a sale, ` +
        `${summary.unmatched} not), ${summary.updated} moved on, ${summary.duplicates} unchanged, ${summary.rejected} rejected.`,
    );
    for (const r of summary.rejections) ctx.log(`${r.ref}: ${r.reason}`, 'warning');
    if (summary.imported + summary.updated > 0) host.changed();
    Object.assign(counts, {
      read: batch.cases.length,
      imported: summary.imported,
      updated: summary.updated,
      duplicates: summary.duplicates,
      matched: summary.matched,
      unmatched: summary.unmatched,
      rejected: summary.rejected,
      through: asNumber(today),
    });
  }
  const deadlines = await checkChargebackDeadlines(host);
  ctx.log(deadlineLine(deadlines, settings.deadlineDays));
  return { ...counts, deadlines_due: deadlines.due, deadline_alerts: deadlines.raised };
}

export async function runDeadlineCheck(host: DisputeJobHost, ctx: JobContext): Promise<Record<string, number>> {
  const settings = await disputeSettings(host.store);
  const deadlines = await checkChargebackDeadlines(host);
  ctx.log(deadlineLine(deadlines, settings.deadlineDays));
  return { deadlines_due: deadlines.due, deadline_alerts: deadlines.raised };
}

function deadlineLine(d: { due: number; raised: number }, days: number): string {
  return `${d.due} open chargeback${d.due === 1 ? '' : 's'} due within ${days} day${days === 1 ? '' : 's'} or overdue by up to ${OVERDUE_DAYS}; ${d.raised} deadline alert${d.raised === 1 ? '' : 's'} raised now.`;
}
