// The ClearDesk core: one object that answers every channel of the API contract. It knows
// nothing of Electron, HTTP or SQL; the hosts (electron/main, hosts/serve, hosts/cli) carry it,
// and the store's repositories keep its data.
import {
  ApiError,
  ALERT_KINDS,
  type AlertKind,
  type Channel,
  type RequestOf,
  type ResponseOf,
  type SessionInfo,
  type Settings,
  SyncSummarySchema,
} from '../../shared/api';
import { TransitionRefusedError } from '../../shared/domain';
import {
  ConfigurationError,
  type AlertMailSecret,
  type ConnectionAdmin,
  type PostingTarget,
  type ReferencedDocument,
  type AuditAnchors,
  type Clock,
  type DisputeBatch,
  type ErpSystem,
  type Logger,
  type PaymentGateway,
  type RefundGateway,
  type NorthDisputeSource,
  type ReportFolders,
  type SignInLinks,
} from '../../shared/ports';
import { PAYTRACE_DEFAULT_ZONE } from '../../shared/time';
import type { FiDocument } from '../../shared/posting/fi-document';
import { PaymentNotFoundError, type Repositories } from '../store';
import { Alerts, subscribe, subscriptionOf, type AlertMailSource } from './alerts/alerts';
import { listAnchors, verifyAgainstLatestAnchor } from './audit/verify';
import { listAudit } from './audit/browse';
import { requireRole } from './authorization';
import { connectionsStatus, firstRunDone, saveConnection, testConnection } from './connections';
import { activeUser, issueLink, listUsers, saveUser, seedUsers, setUserActive } from './users';
import { CoreEvents } from './events';
import { coreJobs } from './jobs/registry';
import { JobScheduler, type Timers } from './jobs/scheduler';
import { ingestDisputes, linkDispute, recordManualDispute, type DisputeIntakeSummary } from './disputes/intake';
import {
  CASE_REVERSAL_FLOW,
  CHARGEBACK_FLOW,
  approveChargebackPosting,
  casePostings,
  chargebackPlan,
  prepareChargebackPosting,
  rejectChargebackPosting,
} from './disputes/posting';
import { disputeView, disputeWindow } from './disputes/view';
import {
  chargebackBulkApprove,
  chargebackBulkApprovePreview,
  chargebackBulkPrepare,
  chargebackBulkPreview,
} from './disputes/bulk';
import { listAliases, payerHistory, removeAlias } from './learning/aliases';
import {
  FiscalCalendarError,
  postingReference,
  PostingInputError,
  PostingPeriodError,
  type PostingConfig,
} from '../../shared/posting';
import type { MatchingRules } from '../../shared/matching';
import { postingEventOf } from './posting/document';
import { CalendarCache } from './posting/context';
import { Poster, type PosterHooks, type PostingFlow } from './posting/poster';
import type { Actor, DocumentBuilder, Matcher } from './ports';
import { approveRefund } from './refunds/approve';
import { confirmRefund, resendRefund } from './refunds/outcome';
import {
  executeReversal,
  nextPostingSequence,
  prepareReversal,
  rejectReversal,
  REVERSAL_FLOW,
  reversalTarget,
  reversalView,
  type PrepareReversal,
  type ReversalDocument,
} from './reversals/reversals';
import { listRefunds, refundableOf, rejectRefund, requestRefund, saleOf, voidInProgress } from './refunds/requests';
import { chargebackReportForApi, journalForApi } from './reports/api';
import { queueExportForApi } from './reports/queue-export';
import { deleteView, listSavedViews, saveView } from './review/saved-views';
import { approveAndPost, secondApprovalReasons, sendBack, setAside, unpark } from './review/actions';
import { listSettlementBatches } from './review/batches';
import { bulkApprove, bulkPreview, bulkSetAside } from './review/bulk';
import { candidateOpenItems } from './review/candidates';
import { resolveDeadLetter, retryDeadLetter } from './review/dead-letters';
import { type CorrectionDeps, correctProposal, correctToSuspense } from './review/correct';
import { transactionDetail } from './review/detail';
import { getQueueRow, listQueue, postingSummary, queueWindow } from './review/queue';
import { dashboardSummary } from './reports/dashboard';
import { Monitoring, type MonitoringDeps } from './monitoring/monitoring';
import type { CallMetricsBuffer } from '../../shared/monitoring/call-metrics';
import { readSyncLog } from './sync/log';
import { runSync, type SyncOptions } from './sync/run';
import {
  autoPostSetting,
  companyToday,
  postingConfigOf,
  ruleFiles,
  readSettings,
  saveSmtpPassword,
  updateSettings,
} from './settings';

const isAlertKind = (kind: string): kind is AlertKind => (ALERT_KINDS as readonly string[]).includes(kind);

/** The customers a search answers with at most: a pick list, not a report. */
const CUSTOMER_HITS = 20;

/** Who posts the automatic tier: the system, as an approver, on the admin's or operator's opt-in. */
const AUTO_POSTER: Actor = { name: 'system:auto-post', roles: ['approver'] };

export interface CoreOptions {
  /** The store's repositories: every read and write of ClearDesk's data. */
  readonly store: Repositories;
  readonly gateway: PaymentGateway;
  /** PayTrace's refunds and voids; without it, approving a refund answers 'unavailable'. */
  readonly refunds?: RefundGateway;
  readonly erp: ErpSystem;
  readonly companyCodes: readonly string[];
  readonly matcher: Matcher;
  /**
   * The rules file's matching rules (resources/matching-rules.json): with them, each match run gets them with the
   * admin's matching setting laid over (settings.ts `matchingRulesOf`), and a change of it is checked against them.
   */
  readonly matchingRules?: MatchingRules;
  readonly buildDocument: DocumentBuilder;
  /**
   * The G/L rules file's configuration (resources/gl-rules.json) the documents are built with; each approval,
   * preview and dispute posting uses it with the admin's G/L accounts laid over (settings.ts `postingConfigOf`).
   */
  readonly postingConfig?: PostingConfig;
  readonly clock: Clock;
  readonly session: Omit<SessionInfo, 'user' | 'roles'>;
  readonly posterHooks?: PosterHooks;
  /** See Poster: how long after a failed call an interrupted posting is left to SAP before it is looked up. */
  readonly recoveryGraceMs?: number;
  /** See Poster: how long one SAP call may take (the connectors' call timeout), for postings whose process stopped mid-call. */
  readonly sapCallTimeoutMs?: number;
  /** This installation, for claims on postings in a store shared with other instances. */
  readonly instanceId?: string;
  /** The matching rules' invoice-number prefixes (default: the engine's), for learning from corrections. */
  readonly referencePrefixes?: readonly string[];
  /** Where the audit head is anchored after sync runs and posting batches; none without an anchor folder. */
  readonly anchors?: AuditAnchors;
  /** The PayTrace account's time zone: a company code's posting dates are in it unless an admin set another. */
  readonly payTraceZone?: string;
  /**
   * How long, in all, a sync's automatic postings wait for SAP's open breaker to let a trial call
   * through (ms); 0 or absent: they wait for the next sync (run.ts).
   */
  readonly breakerWaitMs?: number | (() => number);
  /** Waits `ms` (a timer when absent; a test's clock may advance instead). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told after an admin changed settings (the host applies the log level). */
  readonly onSettingsChanged?: (settings: Settings) => void;
  /** Keeps the SMTP password an admin gives (the host's vault); without it the core refuses to take one. */
  readonly smtpPassword?: AlertMailSecret;
  /** Keeps and tries the admin's PayTrace and SAP connections (the host's profile file and vault); none: refused. */
  readonly connections?: ConnectionAdmin;
  /** Makes one-time sign-in links (the browser host, which owns the tokens); none: users.link is refused. */
  readonly signInLinks?: SignInLinks;
  /** Where alert e-mails go (the host's SMTP transport and environment); without it alerts are recorded and shown only. */
  readonly alertMail?: AlertMailSource;
  /** Hears of an alert check that itself failed (it never changes the outcome of the work it watched). */
  readonly onAlertError?: (error: unknown) => void;
  /** Where the scheduled jobs say what they did (the host's logger). */
  readonly log?: Logger;
  /** The jobs' timers (tests: a fake clock's). */
  readonly jobTimers?: Timers;
  /**
   * Awaited as each job run starts, before its work: the host reads again what another instance sharing the store
   * may have changed (the setting `resilience`), so the run's first call uses it.
   */
  readonly beforeJob?: () => Promise<void>;
  /** Where the daily journal report job writes its files (CLEARDESK_REPORT_DIR or the report settings). */
  readonly reportFolders?: ReportFolders;
  /** The call metrics the host's connectors record (docs/ARCHITECTURE.md, "Monitoring"); flushed to the store. */
  readonly callMetrics?: CallMetricsBuffer;
  /** The systems whose calls pass a circuit breaker ('paytrace', 'sap', 'north'), for the Monitoring screen (MonitoringDeps). */
  readonly breakers?: MonitoringDeps['breakers'];
  /** North's disputes for the admin's settings (the host's connector, or the sandbox's simulator), for disputes.import. */
  readonly northSource?: NorthDisputeSource;
}

type Handler<C extends Channel> = (request: RequestOf<C>, actor: Actor) => Promise<ResponseOf<C>>;

/** The store's and the state machine's refusals, as the API's errors. */
function asApiError(e: unknown): unknown {
  if (e instanceof TransitionRefusedError) return new ApiError('conflict', e.message);
  if (e instanceof PaymentNotFoundError) return new ApiError('not_found', e.message);
  // The document cannot be posted as the proposal stands (every period closed, a refund without a customer).
  if (e instanceof PostingInputError || e instanceof PostingPeriodError || e instanceof FiscalCalendarError)
    return new ApiError('conflict', e.message);
  return e;
}

export class Core {
  readonly events = new CoreEvents();
  readonly poster: Poster<FiDocument>;
  /** Each company code's fiscal calendar, read from SAP for the posting date and period. */
  readonly calendars: CalendarCache;
  /** Reversals of posted documents, under the same exactly-once protocol (docs/ARCHITECTURE.md, "Reversals"). */
  readonly reversalPoster: Poster<ReversalDocument>;
  /** The postings dispute cases imply (chargeback, loss) and a won case's reversal (docs/ARCHITECTURE.md, "Disputes"). */
  readonly chargebackPoster: Poster<FiDocument>;
  readonly chargebackReversalPoster: Poster<ReversalDocument>;
  /** Raises, rate-limits, e-mails and records alerts (docs/ARCHITECTURE.md, "Alerts"). */
  readonly alerts: Alerts;
  private syncing: Promise<unknown> | null = null;
  /** The browser host starts after the core, so it hands its link maker over then (useSignInLinks). */
  private signInLinks: SignInLinks | undefined;
  /** The scheduled jobs (docs/ARCHITECTURE.md, "Jobs on a schedule"); a host that runs in the background starts them. */
  readonly jobs: JobScheduler;
  /** Call metrics, breaker transitions and queue samples to the store, and the Monitoring screen's series. */
  readonly monitoring: Monitoring;

  constructor(readonly options: CoreOptions) {
    this.signInLinks = options.signInLinks;
    this.monitoring = new Monitoring({
      store: options.store,
      clock: options.clock,
      ...(options.callMetrics ? { buffer: options.callMetrics } : {}),
      ...(options.breakers ? { breakers: options.breakers } : {}),
      onError: (e) => options.onAlertError?.(e),
    });
    this.alerts = new Alerts({
      store: options.store,
      clock: options.clock,
      events: this.events,
      ...(options.alertMail ? { mail: options.alertMail } : {}),
    });
    this.jobs = new JobScheduler({
      store: options.store,
      clock: options.clock,
      jobs: coreJobs({
        store: options.store,
        erp: options.erp,
        companyCodes: options.companyCodes,
        clock: options.clock,
        matchingRules: options.matchingRules,
        anchors: options.anchors,
        events: this.events,
        sync: () => this.sync(),
        reportFolders: options.reportFolders,
        fallbackZone: options.payTraceZone ?? PAYTRACE_DEFAULT_ZONE,
        mailFiles: (input) => this.alerts.mailFiles(input),
        northSource: options.northSource,
        raise: (alert) => this.alerts.raise(alert),
      }),
      instanceId: options.instanceId ?? 'local',
      fallbackZone: options.payTraceZone ?? PAYTRACE_DEFAULT_ZONE,
      ...(options.log ? { log: options.log } : {}),
      ...(options.jobTimers ? { timers: options.jobTimers } : {}),
      ...(options.beforeJob ? { beforeRun: options.beforeJob } : {}),
      onChange: (job) => this.events.emit('jobs.changed', { job }),
    });
    // One posting protocol (docs/ARCHITECTURE.md, "Posting exactly once"), a Poster per target and flow.
    const poster = <D extends ReferencedDocument>(target: PostingTarget<D>, flow?: PostingFlow): Poster<D> =>
      new Poster<D>(
        options.store,
        target,
        options.clock,
        options.posterHooks,
        options.recoveryGraceMs,
        options.instanceId,
        undefined,
        options.sapCallTimeoutMs,
        flow,
      );
    this.poster = poster(options.erp);
    this.calendars = new CalendarCache(options.erp, options.clock);
    this.reversalPoster = poster(reversalTarget(options.store, options.erp), REVERSAL_FLOW);
    this.chargebackPoster = poster(options.erp, CHARGEBACK_FLOW);
    this.chargebackReversalPoster = poster(reversalTarget(options.store, options.erp), CASE_REVERSAL_FLOW);
  }

  /** The browser host's link maker, for users.link (docs/ARCHITECTURE.md, "Security"). */
  useSignInLinks(links: SignInLinks): void {
    this.signInLinks = links;
  }

  /** The user as the store has them now, if they may sign in; the browser host asks on every request. */
  activeUser(name: string): Promise<Actor | null> {
    return activeUser(this.store, name);
  }

  private userChanged<U extends { name: string }>(user: U): U {
    this.events.emit('users.changed', { name: user.name });
    return user;
  }

  /** `cleardesk serve --user` flags: add the people, or set their roles (audited as system:serve). */
  seedUsers(actors: readonly Actor[]): Promise<void> {
    return seedUsers(this.store, this.options.clock, actors);
  }

  /** Resolves every posting and reversal left 'sending' (at startup and before each sync). */
  async recoverPostings(): Promise<void> {
    await this.poster.recoverPending();
    await this.reversalPoster.recoverPending();
    await this.chargebackPoster.recoverPending();
    await this.chargebackReversalPoster.recoverPending();
  }

  private async chargebackDeps() {
    if (!this.options.postingConfig)
      throw new ApiError('unavailable', 'This ClearDesk was started without G/L rules; it cannot post chargebacks.');
    return {
      store: this.store,
      clock: this.options.clock,
      config: await postingConfigOf(this.store, this.options.postingConfig),
      ...(this.options.payTraceZone ? { payTraceZone: this.options.payTraceZone } : {}),
    };
  }

  /** The posting a case implies now, its document's lines, and the case's postings so far. */
  async chargebackPlan(caseId: number) {
    const plan = await chargebackPlan(await this.chargebackDeps(), caseId);
    return {
      caseId: plan.caseId,
      step: plan.step,
      event: plan.event,
      why: plan.why,
      reference: plan.reference,
      companyCode: plan.companyCode,
      postingDate: plan.postingDate,
      lines: plan.lines.map((l) => ({ ...l })),
      blocked: plan.blocked,
      postings: await casePostings(this.store, caseId),
    };
  }

  private async chargebackPostingView(id: number, transactionId: number) {
    this.events.emit('queue.changed', { transactionIds: [transactionId] });
    const p = await this.store.disputes.postingById(id);
    return (await casePostings(this.store, p!.caseId)).find((x) => x.id === id)!;
  }

  /** A clerk prepares the reversal of a posted payment's SAP document; an approver executes it. */
  async prepareReversal(actor: Actor, req: PrepareReversal) {
    const r = await prepareReversal(this.reversalDeps(), actor, req).catch((e: unknown) => {
      throw asApiError(e);
    });
    this.events.emit('queue.changed', { transactionIds: [r.transactionId] });
    return r;
  }

  /** An approver who did not prepare it executes the reversal in SAP (exactly once). */
  async executeReversal(actor: Actor, reversalId: number) {
    const r = await executeReversal({ ...this.reversalDeps(), poster: this.reversalPoster }, actor, reversalId).catch(
      (e: unknown) => {
        throw asApiError(e);
      },
    );
    this.events.emit('queue.changed', { transactionIds: [r.transactionId] });
    return r;
  }

  /** An approver declines the reversal, or its preparer withdraws it: the document stands. */
  async rejectReversal(actor: Actor, reversalId: number, reason: string) {
    const r = await rejectReversal(this.reversalDeps(), actor, reversalId, reason).catch((e: unknown) => {
      throw asApiError(e);
    });
    this.events.emit('queue.changed', { transactionIds: [r.transactionId] });
    return r;
  }

  private reversalDeps() {
    return {
      store: this.store,
      clock: this.options.clock,
      ...(this.options.payTraceZone ? { payTraceZone: this.options.payTraceZone } : {}),
    };
  }

  get store(): Repositories {
    return this.options.store;
  }

  /**
   * One sync pass; concurrent requests share the pass that is running. The automatic tier is
   * posted when the caller asks (the CLI's --auto-post, the operator's opt-in) or the admin
   * opted in for everyone sharing the store.
   */
  sync(options: SyncOptions = {}): ReturnType<typeof runSync> {
    if (this.syncing) return this.syncing as ReturnType<typeof runSync>;
    const run = this.withAdminAutoPost(options)
      .then((withAuto) =>
        runSync({ ...this.options, events: this.events, recoverPostings: () => this.recoverPostings() }, withAuto),
      )
      .finally(() => {
        this.syncing = null;
      });
    this.syncing = run;
    // Either way the queue, the dead letters and the sync log changed: screens reload.
    // Alerts are raised before the caller hears the outcome, so a one-shot `cleardesk sync --once` has sent them when it exits.
    return run.then(
      async (summary) => {
        this.events.emit('queue.changed', { transactionIds: [] });
        await this.watching(() => this.monitoring.afterSync());
        await this.watching(() => this.alerts.afterSync());
        return summary;
      },
      async (error: unknown) => {
        try {
          this.events.emit('queue.changed', { transactionIds: [] });
        } catch {
          // A listener that fails now (the sandbox saving its SAP ledger to the same full disk)
          // must not hide the error that stopped the run: that one says what happened.
        }
        await this.watching(() => this.monitoring.afterSync());
        await this.watching(() => this.alerts.afterSyncFailed(error));
        throw error;
      },
    );
  }

  /** An alert check that fails is reported, never the outcome of the work it watched. */
  private async watching(check: () => Promise<void>): Promise<void> {
    try {
      await check();
    } catch (e) {
      this.options.onAlertError?.(e);
    }
  }

  /**
   * Posts an automatic-tier proposal as the system, under the operator's or the admin's opt-in:
   * never one the four-eyes rules give to a second person, never one above the admin's limit.
   * Returns whether it was posted; what is not stays in the queue for a clerk.
   */
  async autoPost(transactionId: number, proposalId: number): Promise<boolean> {
    const [proposal, payment, setting] = await Promise.all([
      this.store.proposals.get(proposalId),
      this.store.payments.get(transactionId),
      autoPostSetting(this.store),
    ]);
    if (!proposal || !payment || payment.state !== 'review') return false;
    const limit = setting.maxAmount;
    if (limit && (limit.currency !== payment.amount.currency || payment.amount.minor > limit.minor)) return false;
    if ((await secondApprovalReasons(this.store, proposal, payment)).length > 0) return false;
    // A void of the sale in progress: a person decides it first (approveAndPost would refuse it in words).
    if (await voidInProgress(this.store, payment)) return false;
    const outcome = await approveAndPost(this.approveDeps(), AUTO_POSTER, transactionId, proposalId);
    return outcome.state === 'posted';
  }

  private async withAdminAutoPost(options: SyncOptions): Promise<SyncOptions> {
    const lookAhead = { beforeAutoPost: (proposals: readonly { id: number }[]) => this.lookAhead(proposals) };
    if (options.autoPost) return { ...lookAhead, ...options };
    if (!(await autoPostSetting(this.store)).enabled) return options;
    return { ...lookAhead, ...options, autoPost: (t, p) => this.autoPost(t, p) };
  }

  /** Before a run of postings: their references looked up in SAP in bulk, not one by one. */
  async lookAhead(proposals: readonly { id: number }[]): Promise<void> {
    const wanted: { companyCode: string; reference: string }[] = [];
    for (const { id } of proposals) {
      const proposal = await this.store.proposals.get(id);
      const payment = proposal && (await this.store.payments.get(proposal.transactionId));
      if (!proposal?.companyCode || !payment) continue;
      const event = postingEventOf(payment.kind);
      const sequence = await nextPostingSequence(this.store, proposal.transactionId, event);
      wanted.push({
        companyCode: proposal.companyCode,
        reference: postingReference(proposal.transactionId, event, sequence),
      });
    }
    await this.poster.lookAhead(wanted);
  }

  private approveDeps() {
    return {
      store: this.store,
      poster: this.poster,
      buildDocument: this.options.buildDocument,
      clock: this.options.clock,
      calendars: this.calendars,
      ...(this.options.postingConfig ? { postingConfig: this.options.postingConfig } : {}),
      ...(this.options.payTraceZone ? { payTraceZone: this.options.payTraceZone } : {}),
    };
  }

  private correctionDeps(): CorrectionDeps {
    return {
      store: this.store,
      clock: this.options.clock,
      companyCodes: this.options.companyCodes,
      ...(this.options.referencePrefixes ? { referencePrefixes: this.options.referencePrefixes } : {}),
      ...(this.options.matchingRules ? { matchingRules: this.options.matchingRules } : {}),
    };
  }

  private readonly handlers: { [C in Channel]: Handler<C> } = {
    'session.info': async (_req, actor) => ({
      ...this.options.session,
      user: actor.name,
      roles: [...actor.roles],
      companyCodes: [...this.options.companyCodes],
    }),
    'queue.list': async (req) => listQueue(this.store, req.states, this.options.payTraceZone),
    'queue.window': async (req) => queueWindow(this.store, req, this.options.payTraceZone),
    'queue.detail': async (req, actor) => {
      const detail = await transactionDetail(this.approveDeps(), req.transactionId, actor);
      if (!detail) throw new ApiError('not_found', `Transaction ${req.transactionId} is not in ClearDesk.`);
      return { ...detail, refundable: await refundableOf(this.store, await saleOf(this.store, req.transactionId)) };
    },
    'proposal.approve': async (req, actor) => {
      const outcome = await approveAndPost(this.approveDeps(), actor, req.transactionId, req.proposalId);
      this.events.emit('queue.changed', { transactionIds: [req.transactionId] });
      return outcome.state === 'awaiting-approval' ? outcome : postingSummary(outcome);
    },
    'proposal.sendBack': async (req, actor) => {
      await sendBack(this.store, this.options.clock, actor, req.transactionId, req.reason);
      this.events.emit('queue.changed', { transactionIds: [req.transactionId] });
      return this.rowOf(req.transactionId);
    },
    'proposal.candidates': async (req) => candidateOpenItems(this.store, req.transactionId, req.query),
    'customers.search': async (req) =>
      this.store.masterData.searchCustomers(req.text, req.companyCode?.toUpperCase() || null, CUSTOMER_HITS),
    'proposal.correct': async (req, actor) => {
      await correctProposal(this.correctionDeps(), actor, req);
      this.events.emit('queue.changed', { transactionIds: [req.transactionId] });
      return this.rowOf(req.transactionId);
    },
    'proposal.toSuspense': async (req, actor) => {
      await correctToSuspense(this.correctionDeps(), actor, req);
      this.events.emit('queue.changed', { transactionIds: [req.transactionId] });
      return this.rowOf(req.transactionId);
    },
    'proposals.bulkPreview': async (req, actor) => bulkPreview(this.store, actor, req, this.options.payTraceZone),
    'proposals.bulkApprove': async (req, actor) => {
      const progressId = req.progressId;
      try {
        return await bulkApprove(
          {
            ...this.approveDeps(),
            lookAhead: (proposals) => this.lookAhead(proposals),
            ...(progressId ? { progress: (p) => this.events.emit('bulk.progress', { progressId, ...p }) } : {}),
          },
          actor,
          req,
        );
      } finally {
        this.events.emit('queue.changed', { transactionIds: [] });
      }
    },
    'queue.bulkSetAside': async (req, actor) => {
      const result = await bulkSetAside(this.store, this.options.clock, actor, req, this.options.payTraceZone);
      this.events.emit('queue.changed', { transactionIds: result.results.map((r) => r.transactionId) });
      return result;
    },
    'transaction.park': async (req, actor) => this.setAside(req.transactionId, 'parked', req.reason, actor),
    'transaction.ignore': async (req, actor) => this.setAside(req.transactionId, 'ignored', req.reason, actor),
    'transaction.unpark': async (req, actor) => {
      await unpark(this.store, this.options.clock, actor, req.transactionId);
      this.events.emit('queue.changed', { transactionIds: [req.transactionId] });
      return this.rowOf(req.transactionId);
    },
    'sync.run': async (_req, actor) => {
      requireRole(actor, 'clerk', 'approver', 'admin');
      // A sync under way (a scheduled one, another person's Sync now) is joined: its run is in the history.
      if (this.syncing) return this.sync();
      // Else a run of the job paytrace.sync, as Jobs -> Run now is: in the history, never beside the SAP mirror.
      const run = await this.jobs.runNow('paytrace.sync', actor.name, { rethrow: true });
      return SyncSummarySchema.parse(run.counts);
    },
    'settings.get': async () => readSettings(this.store),
    'settings.files': async () => ruleFiles(this.options.matchingRules, this.options.postingConfig),
    'connections.status': async (_req, actor) => connectionsStatus(actor, this.options.connections),
    'connections.test': async (req, actor) => testConnection(actor, this.options.connections, req),
    'connections.save': async (req, actor) =>
      saveConnection(this.store, this.options.clock, actor, this.options.connections, req),
    'connections.firstRunDone': async (_req, actor) => firstRunDone(actor, this.options.connections),
    'users.list': async (_req, actor) => listUsers(this.store, actor),
    'users.save': async (req, actor) => this.userChanged(await saveUser(this.store, this.options.clock, actor, req)),
    'users.disable': async (req, actor) =>
      this.userChanged(await setUserActive(this.store, this.options.clock, actor, req.name, false)),
    'users.enable': async (req, actor) =>
      this.userChanged(await setUserActive(this.store, this.options.clock, actor, req.name, true)),
    'users.link': async (req, actor) => issueLink(this.store, this.options.clock, actor, this.signInLinks, req.name),
    'settings.smtpPassword': async (req, actor) => {
      await saveSmtpPassword(this.store, this.options.clock, actor, this.options.smtpPassword, req.password);
      return { saved: true as const };
    },
    'settings.update': async (req, actor) => {
      // A report folder that cannot be one is refused now, with what to do, not at the next night's report.
      const folder = req.reports?.folder?.trim();
      if (folder && this.options.reportFolders) {
        requireRole(actor, 'admin');
        try {
          this.options.reportFolders.open(folder, 'Settings');
        } catch (e) {
          if (e instanceof ConfigurationError) throw new ApiError('invalid_request', e.message);
          throw e;
        }
      }
      const settings = await updateSettings(
        this.store,
        this.options.clock,
        actor,
        req,
        this.options.matchingRules,
        this.options.postingConfig,
      );
      this.options.onSettingsChanged?.(settings);
      if (req.jobs) await this.jobs.reload();
      return settings;
    },
    // Reading is for everyone; pausing stops a job for everyone sharing the store, so it is the
    // admin's (like the settings); running one now is what "Sync now" already lets a clerk do.
    'jobs.list': async () => this.jobs.list(),
    'jobs.pause': async (req, actor) => {
      requireRole(actor, 'admin');
      return this.jobs.setPaused(req.job, true, actor.name);
    },
    'jobs.resume': async (req, actor) => {
      requireRole(actor, 'admin');
      return this.jobs.setPaused(req.job, false, actor.name);
    },
    'jobs.runNow': async (req, actor) => {
      requireRole(actor, 'clerk', 'approver', 'admin');
      return this.jobs.runNow(req.job, actor.name);
    },
    'jobs.history': async (req) => this.jobs.history(req.job ?? null, req.limit ?? 50),
    'dashboard.summary': async (req) =>
      dashboardSummary(this.store, this.options.clock, req, this.options.payTraceZone),
    'monitoring.series': async (req, actor) => {
      requireRole(actor, 'clerk', 'admin');
      return this.monitoring.series(req.window);
    },
    'sync.log': async () => {
      const { runId, entries } = await readSyncLog(this.store);
      const run = runId === null ? null : await this.store.syncRuns.get(runId);
      return {
        run: run
          ? { id: run.id, startedAt: run.startedAt, finishedAt: run.finishedAt, status: run.status, error: run.error }
          : null,
        entries: entries.map((e) => ({
          at: e.at,
          level: e.level,
          source: e.source,
          subject: e.subject,
          message: e.message,
        })),
      };
    },
    'deadLetters.list': async () => this.store.deadLetters.recent(500),
    'deadLetters.retry': async (req, actor) => {
      try {
        return await retryDeadLetter(
          {
            store: this.store,
            clock: this.options.clock,
            approve: (who, transactionId, proposalId) =>
              approveAndPost(this.approveDeps(), who, transactionId, proposalId),
            sync: () => this.sync(),
          },
          actor,
          req.id,
        );
      } finally {
        this.events.emit('queue.changed', { transactionIds: [] });
      }
    },
    'deadLetters.resolve': async (req, actor) => {
      const letter = await resolveDeadLetter(this.store, this.options.clock, actor, req.id, req.reason);
      this.events.emit('queue.changed', { transactionIds: [] });
      return letter;
    },
    'audit.verify': async () => {
      const result = await verifyAgainstLatestAnchor(this.store, this.options.anchors);
      await this.watching(() => this.alerts.afterAuditVerified(result));
      return result;
    },
    'alerts.test': async (_req, actor) => {
      requireRole(actor, 'admin');
      return this.alerts.sendTest(actor.name);
    },
    'alerts.history': async (req) => {
      const rows = await this.store.alerts.history(req.limit ?? 200);
      // A kind this version does not know (a newer version wrote it) is left out, not sent malformed.
      return rows.flatMap((r) => (isAlertKind(r.kind) ? [{ ...r, kind: r.kind, recipients: [...r.recipients] }] : []));
    },
    'alerts.subscription.get': async (_req, actor) => subscriptionOf(this.store, actor.name),
    'alerts.subscription.set': async (req, actor) => subscribe(this.store, this.options.clock, actor.name, req),
    'audit.anchors': async () => listAnchors(this.options.anchors),
    'audit.list': async (req) => listAudit(this.store, req),
    'audit.facets': async () => this.store.audit.facets(),
    'aliases.list': async () => listAliases(this.store),
    'aliases.history': async (req) => payerHistory(this.store, req),
    'aliases.remove': async (req, actor) => {
      requireRole(actor, 'clerk', 'approver', 'admin');
      await removeAlias(this.store, this.options.clock, actor, req.id);
      return listAliases(this.store);
    },
    'batches.list': async () => listSettlementBatches(this.store),
    'refund.request': async (req, actor) => this.refundChanged(await requestRefund(this.refundDeps(), actor, req)),
    'refund.approve': async (req, actor) =>
      this.refundChanged(
        await approveRefund({ ...this.refundDeps(), gateway: this.options.refunds }, actor, req.refundId),
      ),
    'refund.reject': async (req, actor) =>
      this.refundChanged(await rejectRefund(this.refundDeps(), actor, req.refundId, req.reason)),
    'refund.confirm': async (req, actor) =>
      this.refundChanged(
        await confirmRefund(
          { ...this.refundDeps(), gateway: this.options.refunds },
          actor,
          req.refundId,
          req.paytraceTransactionId,
          req.reason,
        ),
      ),
    'refund.resend': async (req, actor) =>
      this.refundChanged(
        await resendRefund({ ...this.refundDeps(), gateway: this.options.refunds }, actor, req.refundId, req.reason),
      ),
    'refunds.list': async (req) => listRefunds(this.store, req.states),
    'reversal.prepare': async (req, actor) => reversalView(this.store, await this.prepareReversal(actor, req)),
    'reversal.execute': async (req, actor) =>
      reversalView(this.store, await this.executeReversal(actor, req.reversalId)),
    'reversal.reject': async (req, actor) =>
      reversalView(this.store, await this.rejectReversal(actor, req.reversalId, req.reason)),
    'reversals.list': async (req) =>
      Promise.all((await this.store.reversals.list(req.states, 500)).map((r) => reversalView(this.store, r))),
    'chargebacks.window': async (req, actor) => {
      requireRole(actor, 'clerk', 'approver', 'admin');
      return disputeWindow(this.store, req, await this.today());
    },
    'chargebacks.bulkPreview': async (req, actor) => chargebackBulkPreview(await this.chargebackDeps(), actor, req),
    'chargebacks.bulkApprovePreview': async (req, actor) =>
      chargebackBulkApprovePreview(await this.chargebackDeps(), actor, req),
    'chargebacks.bulkPrepare': async (req, actor) => {
      const progressId = req.progressId;
      try {
        return await chargebackBulkPrepare(
          {
            ...(await this.chargebackDeps()),
            ...(progressId ? { progress: (p) => this.events.emit('bulk.progress', { progressId, ...p }) } : {}),
          },
          actor,
          req,
        );
      } finally {
        this.events.emit('queue.changed', { transactionIds: [] });
      }
    },
    'chargebacks.bulkApprove': async (req, actor) => {
      const progressId = req.progressId;
      try {
        return await chargebackBulkApprove(
          {
            ...(await this.chargebackDeps()),
            poster: this.chargebackPoster,
            reversalPoster: this.chargebackReversalPoster,
            ...(progressId ? { progress: (p) => this.events.emit('bulk.progress', { progressId, ...p }) } : {}),
          },
          actor,
          req,
        );
      } finally {
        this.events.emit('queue.changed', { transactionIds: [] });
      }
    },
    'chargeback.link': async (req, actor) => {
      const linked = await linkDispute(this.store, actor, req, this.options.clock.now().toISOString());
      this.events.emit('queue.changed', { transactionIds: [req.transactionId] });
      return disputeView(linked, await this.today());
    },
    'chargeback.record': async (req, actor) => {
      const { outcome, record } = await recordManualDispute(
        this.store,
        actor,
        req,
        this.options.clock.now().toISOString(),
      );
      this.events.emit('queue.changed', { transactionIds: [req.transactionId] });
      return { outcome, dispute: disputeView(record, await this.today()) };
    },
    'chargeback.plan': async (req, actor) => {
      requireRole(actor, 'clerk', 'approver', 'admin');
      return this.chargebackPlan(req.caseId);
    },
    'chargeback.prepare': async (req, actor) => {
      const p = await prepareChargebackPosting(await this.chargebackDeps(), actor, req.caseId).catch((e: unknown) => {
        throw asApiError(e);
      });
      return this.chargebackPostingView(p.id, p.transactionId);
    },
    'chargeback.approve': async (req, actor) => {
      const p = await approveChargebackPosting(
        {
          ...(await this.chargebackDeps()),
          poster: this.chargebackPoster,
          reversalPoster: this.chargebackReversalPoster,
        },
        actor,
        req.postingId,
      ).catch((e: unknown) => {
        throw asApiError(e);
      });
      return this.chargebackPostingView(p.id, p.transactionId);
    },
    'chargeback.reject': async (req, actor) => {
      const p = await rejectChargebackPosting(await this.chargebackDeps(), actor, req.postingId, req.reason);
      return this.chargebackPostingView(p.id, p.transactionId);
    },
    'reports.journal': async (req, actor) => {
      const progressId = req.progressId;

      return journalForApi(
        {
          store: this.store,
          clock: this.options.clock,
          companyCodes: this.options.companyCodes,
          ...(progressId ? { progress: (p) => this.events.emit('report.progress', { progressId, ...p }) } : {}),
        },
        actor,
        req,
      );
    },
    'chargebacks.report': async (req, actor) =>
      chargebackReportForApi({ store: this.store, clock: this.options.clock }, actor, req),
    'views.list': async (_req, actor) => listSavedViews(this.store, actor),
    'views.save': async (req, actor) => saveView({ store: this.store, clock: this.options.clock }, actor, req),
    'views.delete': async (req, actor) => deleteView(this.store, actor, req),
    'queue.export': async (req, actor) =>
      queueExportForApi(
        {
          store: this.store,
          clock: this.options.clock,
          ...(this.options.payTraceZone ? { payTraceZone: this.options.payTraceZone } : {}),
        },
        actor,
        req,
      ),
  };

  /**
   * A signed webhook delivery from `source` (the browser host checked its signature and timestamp): claimed by
   * its signature, so a replay adds nothing (null), then taken by the one intake as `webhook:<source>`. When the
   * store fails, the claim is let go so the sender's retry is taken.
   */
  async receiveDisputes(
    batch: DisputeBatch,
    source: string,
    delivery: { readonly signature: string; readonly at: string; readonly pruneBefore: string },
  ): Promise<DisputeIntakeSummary | null> {
    if (!(await this.store.disputes.claimDelivery(source, delivery.signature, delivery.at, delivery.pruneBefore)))
      return null;
    try {
      const summary = await ingestDisputes(this.store, batch, { actor: `webhook:${source}`, at: delivery.at });
      this.events.emit('queue.changed', { transactionIds: [] });
      return summary;
    } catch (e) {
      await this.store.disputes.releaseDelivery(source, delivery.signature).catch(() => undefined);
      throw e;
    }
  }

  /** The company's today, by the core's clock: what a chargeback's respond-by date is held against. */
  private today(): Promise<string> {
    return companyToday(this.store, this.options.clock.now(), this.options.payTraceZone ?? PAYTRACE_DEFAULT_ZONE);
  }

  private refundDeps() {
    return { store: this.store, clock: this.options.clock };
  }

  /** A refund request changed: the sale's detail (refundable amount, audit trail) changed with it. */
  private refundChanged<T extends { transactionId: number }>(refund: T): T {
    this.events.emit('queue.changed', { transactionIds: [refund.transactionId] });
    return refund;
  }

  private async rowOf(transactionId: number) {
    const row = await getQueueRow(this.store, transactionId, this.options.payTraceZone);
    if (!row) throw new ApiError('not_found', `Transaction ${transactionId} is not in ClearDesk.`);
    return row;
  }

  private async setAside(transactionId: number, state: 'parked' | 'ignored', reason: string, actor: Actor) {
    await setAside(this.store, this.options.clock, actor, transactionId, state, reason);
    this.events.emit('queue.changed', { transactionIds: [transactionId] });
    return this.rowOf(transactionId);
  }

  /** Runs a channel's handler. Requests are validated by the transport before they get here. */
  async handle<C extends Channel>(channel: C, request: RequestOf<C>, actor: Actor): Promise<ResponseOf<C>> {
    const handler = this.handlers[channel] as Handler<C>;
    try {
      return await handler(request, actor);
    } catch (e) {
      throw asApiError(e);
    }
  }
}
