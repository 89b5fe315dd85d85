// The jobs ClearDesk runs on a schedule (docs/ARCHITECTURE.md, "Jobs on a schedule"), each doing
// work that has its own owner elsewhere: the sync pass (core/sync/run.ts through Core.sync), SAP's
// open items (core/sync/mirror.ts), the audit anchor (core/audit/anchor.ts) and the daily journal report
// (journal-daily.ts, through the reports owner core/reports), North's chargebacks and the chargeback deadlines
// (core/disputes/north-import.ts), the matching model's training (core/learning/model.ts). The sync and the
// mirrors write the same mirror of SAP, so they share a group and never run at once.
import type { SyncSummary } from '../../../shared/api';
import type { MatchingRules } from '../../../shared/matching';
import type { AuditAnchors, Clock, ErpSystem, NorthDisputeSource, ReportFolders } from '../../../shared/ports';
import type { Repositories } from '../../store';
import type { Alert } from '../alerts/kinds';
import { anchorHead } from '../audit/anchor';
import { DEADLINES_JOB, DISPUTES_IMPORT_JOB, runDeadlineCheck, runDisputesImport } from '../disputes/north-import';
import type { CoreEvents } from '../events';
import { throttleProgress } from '../progress';
import { trainFromDecisions } from '../learning/model';
import { mirrorSap } from '../sync/mirror';
import { withCountsReached } from './counts';
import { JOURNAL_JOB, runJournalDaily, type JournalJobHost } from './journal-daily';
import type { JobContext, JobDefinition } from './scheduler';

export interface JobHost {
  readonly store: Repositories;
  readonly erp: ErpSystem;
  readonly companyCodes: readonly string[];
  readonly clock: Clock;
  /** The rules file's matching rules: the mirror keeps cleared items as far back as the matcher looks. */
  readonly matchingRules?: MatchingRules | undefined;
  readonly anchors?: AuditAnchors | undefined;
  readonly events: CoreEvents;
  /** One sync pass (shared with a "Sync now" under way). */
  sync(): Promise<SyncSummary>;
  /** Where the daily journal report is written (the host's folders); none: nothing is written. */
  readonly reportFolders?: ReportFolders | undefined;
  readonly fallbackZone: string;
  readonly mailFiles: JournalJobHost['mailFiles'];
  /** North's disputes (the host's connector, or the sandbox's simulator); absent: disputes.import reads nothing. */
  readonly northSource?: NorthDisputeSource | undefined;
  /** Raises an alert (the alerts owner). */
  raise(alert: Alert): Promise<unknown>;
}

// The names are the API's (a schedule in the settings may name only these); each is defined below.
export { JOB_NAMES, type JobName } from '../../../shared/api';

const SAP_GROUP = 'sap-mirror';

async function mirror(host: JobHost, ctx: JobContext, full: boolean): Promise<Record<string, number>> {
  const counts: Record<string, number> = { company_codes: 0, open_items: 0, full_reads: 0 };
  let result: Awaited<ReturnType<typeof mirrorSap>>;
  try {
    result = await mirrorSap({ ...host, payTraceZone: host.fallbackZone }, full ? { full: true } : {}, {
      starting: (companyCode) => ctx.log(`Company code ${companyCode}: reading SAP's customers and open items.`),
      done: async (companyCode, outcome) => {
        counts.company_codes! += 1;
        if (outcome.mode === 'full') counts.full_reads! += 1;
        counts.open_items! += outcome.openItems;
        ctx.log(
          `Company code ${companyCode}: ${outcome.mode === 'full' ? 'read in full' : 'read what changed'}, ` +
            `${outcome.openItems} open items mirrored${outcome.reconciled === 'not due' ? '' : `, totals ${outcome.reconciled} to SAP's`}.`,
        );
        for (const entry of outcome.log) ctx.log(`${entry.subject}: ${entry.message}`, entry.level);
      },
    });
  } catch (e) {
    // The company codes mirrored before the failure stay mirrored: the run's history says how many.
    throw withCountsReached(e, counts);
  }
  counts.open_items = result.openItems;
  return counts;
}

export function coreJobs(host: JobHost): JobDefinition[] {
  const disputes = {
    store: host.store,
    clock: host.clock,
    fallbackZone: host.fallbackZone,
    northSource: host.northSource,
    raise: (alert: Alert) => host.raise(alert),
    changed: () => host.events.emit('queue.changed', { transactionIds: [] }),
  };
  return [
    {
      name: 'paytrace.sync',
      title: 'PayTrace sync',
      // PayTrace has no webhooks: polling every 15 minutes is the "real time".
      schedule: '*/15 * * * *',
      jitterSeconds: 30,
      group: SAP_GROUP,
      runWhenNew: true,
      records: ['ingested', 'updated'],
      async run(ctx) {
        const off = host.events.on('sync.progress', (p) =>
          ctx.log(`${p.phase}: ${p.done}${p.total === null ? '' : ` of ${p.total}`}`),
        );
        try {
          const summary = await host.sync();
          ctx.log(
            `Ingested ${summary.ingested}, updated ${summary.updated}, ${summary.open_items} open items, ` +
              `${summary.proposals} proposals, ${summary.posted} posted, ${summary.dead_lettered} dead-lettered.`,
          );
          return { ...summary };
        } finally {
          off();
        }
      },
    },
    {
      name: 'sap.mirror',
      title: 'SAP open items (what changed)',
      // The sync reads them too; once an hour between syncs as well, so a clerk sees SAP's clearings sooner.
      // Between the sync's quarter hours: both are in SAP's group, and a sync that found the mirror running
      // would be skipped, leaving new payments for the next quarter hour (the soak bench showed it at :45).
      schedule: '52 * * * *',
      jitterSeconds: 60,
      group: SAP_GROUP,
      records: ['open_items'],
      run: (ctx) => mirror(host, ctx, false),
    },
    {
      name: 'sap.mirror.full',
      title: 'SAP open items (full read)',
      // Sunday night: the whole ledger, whatever the deltas missed.
      schedule: '30 2 * * 0',
      jitterSeconds: 300,
      group: SAP_GROUP,
      records: ['open_items'],
      run: (ctx) => mirror(host, ctx, true),
    },
    {
      name: 'audit.anchor',
      title: 'Audit anchor',
      // Daily, so even a day without syncs or postings leaves the head outside the data folder.
      schedule: '5 0 * * *',
      records: ['anchored'],
      async run(ctx): Promise<Record<string, number>> {
        if (!host.anchors) {
          ctx.log(
            'No anchor folder is configured (CLEARDESK_AUDIT_ANCHOR_DIR or --anchor-dir): nothing was written.',
            'warning',
          );
          return { anchored: 0 };
        }
        const head = await host.store.audit.head();
        await anchorHead(host, 'scheduled', `job:${ctx.runId}`);
        ctx.log(`The audit head (entry ${head.seq}) was anchored in ${host.anchors.location}.`);
        return { anchored: 1, seq: head.seq };
      },
    },
    {
      name: JOURNAL_JOB,
      title: 'Daily journal report',
      // Business days before the day's work: the previous business day's journal, in the company's zone.
      schedule: '0 6 * * 1-5',
      jitterSeconds: 60,
      records: ['lines'],
      run: (ctx) =>
        runJournalDaily(
          {
            ...host,
            progress: throttleProgress((p) => host.events.emit('sync.progress', p)),
          },
          ctx,
        ),
    },
    {
      name: DISPUTES_IMPORT_JOB,
      title: 'Chargebacks from North',
      // North has no push: hourly, off the sync's quarter hours. Each run ends with the deadline check.
      schedule: '20 * * * *',
      jitterSeconds: 60,
      records: ['read'],
      run: (ctx) => runDisputesImport(disputes, ctx),
    },
    {
      name: DEADLINES_JOB,
      title: 'Chargeback deadlines',
      // Daily before the day's work, whether or not North is read (report files and manual cases have dates too).
      schedule: '0 7 * * *',
      jitterSeconds: 60,
      records: ['deadlines_due'],
      run: (ctx) => runDeadlineCheck(disputes, ctx),
    },
    {
      name: 'matching.train',
      title: 'Train the matching model',
      // Nightly, on the clerks' decisions so far; "Run now" on the Jobs screen trains on demand.
      schedule: '20 1 * * *',
      jitterSeconds: 120,
      records: ['labels'],
      async run(ctx): Promise<Record<string, number>> {
        const now = host.clock.now().toISOString();
        const r = await trainFromDecisions(host.store, `job:${ctx.runId}`, now);
        ctx.log(
          r.trained
            ? `Model version ${r.version} trained on ${r.labels} decisions (${r.approvals} approved unchanged, ${r.corrections} from corrections, ${r.rejections} rejected).`
            : `${r.labels} labelled decisions of the ${r.needed} a model needs: the ${r.version ? `model version ${r.version}` : 'prior weights'} stay in use.`,
        );
        return {
          trained: r.trained ? 1 : 0,
          version: r.version,
          labels: r.labels,
          approvals: r.approvals,
          corrections: r.corrections,
          rejections: r.rejections,
        };
      },
    },
  ];
}
