// Every request channel and event of the API, in one place. Both transports derive from this:
// the preload exposes one function per channel, the browser host one POST /api/<channel>.
import { z } from 'zod';
import { ConnectionInputSchema, ConnectionsStatusSchema, ConnectionTestSchema } from './connections';
import { UserLinkSchema, UserRefSchema, UserSaveSchema, UserSchema } from './users';
import {
  AlertEventSchema,
  AlertRecordSchema,
  AlertSubscriptionSchema,
  ApprovalResultSchema,
  BULK_SELECTION_MESSAGE,
  BulkApproveResultSchema,
  BulkPreviewSchema,
  BulkSelectionSchema,
  bulkSelectionIsOne,
  BulkSetAsideResultSchema,
  AuditAnchorsSchema,
  AuditFacetsSchema,
  AuditListRequestSchema,
  AuditPageSchema,
  JobRunSchema,
  JobSchema,
  AuditVerificationSchema,
  CandidateOpenItemSchema,
  CustomerHitSchema,
  CustomerSearchSchema,
  DashboardRequestSchema,
  DashboardSummarySchema,
  MonitoringRequestSchema,
  MonitoringSeriesSchema,
  CorrectionItemSchema,
  DeadLetterRetrySchema,
  DeadLetterSchema,
  MatchAliasSchema,
  PayerHistoryPageSchema,
  PayerHistoryRequestSchema,
  MoneySchema,
  QueueRowSchema,
  QueueWindowRequestSchema,
  QueueWindowSchema,
  RefundRequestSchema,
  RefundStateSchema,
  ReversalSchema,
  ReversalStateSchema,
  QueueStateSchema,
  SessionInfoSchema,
  RuleFilesSchema,
  SettingsSchema,
  ChargebackPlanSchema,
  ChargebackPostingSchema,
  SettlementBatchSchema,
  SyncLogSchema,
  SyncSummarySchema,
  TransactionDetailSchema,
} from './schemas';
import {
  JournalReportRequestSchema,
  ChargebackReportRequestSchema,
  QueueExportRequestSchema,
  ReportFileSchema,
  SavedViewSchema,
  SavedViewsSchema,
} from './schemas';
import {
  ChargebackBulkApprovePreviewSchema,
  ChargebackBulkPreviewSchema,
  ChargebackBulkResultSchema,
  ChargebackSelectionSchema,
  CHARGEBACK_SELECTION_MESSAGE,
  chargebackSelectionIsOne,
  DisputeCaseSchema,
  DisputeWindowRequestSchema,
  DisputeWindowSchema,
  ManualDisputeResultSchema,
  ManualDisputeSchema,
} from './schemas';
import { SYNC_PHASES } from './progress';

const TransactionRef = z.object({ transactionId: z.number().int().positive() });
const RefundRef = z.object({ refundId: z.number().int().positive() });
const ReversalRef = z.object({ reversalId: z.number().int().positive() });
const JobName = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9.-]{0,63}$/, 'A job is named like paytrace.sync (cleardesk jobs lists them)');
const JobRef = z.object({ job: JobName });
const Reason = z.string().trim().min(3, 'Give a reason of at least 3 characters').max(500);
/** A bulk action's request: the selection (ids or a view) and what else the action needs. */
const bulk = <S extends z.ZodRawShape>(extra: S) =>
  BulkSelectionSchema.extend(extra).refine(bulkSelectionIsOne, { message: BULK_SELECTION_MESSAGE });
/** Names a bulk run's progress events, chosen by the caller. */
const ProgressId = z.string().min(1).max(64).optional();

export const channels = {
  'session.info': { request: z.object({}), response: SessionInfoSchema },
  'queue.list': {
    request: z.object({ states: z.array(QueueStateSchema).optional() }),
    response: z.array(QueueRowSchema),
  },
  /** A window of the queue, paged, sorted, filtered and counted by the store; the UI's list. */
  'queue.window': { request: QueueWindowRequestSchema, response: QueueWindowSchema },
  'queue.detail': { request: TransactionRef, response: TransactionDetailSchema },
  'proposal.approve': {
    request: TransactionRef.extend({ proposalId: z.number().int().positive() }),
    response: ApprovalResultSchema,
  },
  /** The second person does not approve what a clerk prepared: back to the queue, with the reason. */
  'proposal.sendBack': { request: TransactionRef.extend({ reason: Reason }), response: QueueRowSchema },
  'proposal.candidates': {
    request: TransactionRef.extend({ query: z.string().trim().max(100).optional() }),
    response: z.array(CandidateOpenItemSchema),
  },
  /** SAP customers whose number, name or city hold the text (at most 20; the number's own match first). */
  'customers.search': { request: CustomerSearchSchema, response: z.array(CustomerHitSchema) },
  'proposal.correct': {
    request: TransactionRef.extend({
      items: z.array(CorrectionItemSchema).max(200),
      /** With no items: post the payment on account to this customer ("Post on account"). */
      customer: z.string().trim().min(1).max(10).optional(),
      /** The company code to post in, when neither the items nor the proposal say. */
      companyCode: z.string().trim().min(1).max(4).optional(),
    }),
    response: QueueRowSchema,
  },
  /** A payment nobody could place goes to the company code's suspense account (Settings); four eyes. */
  'proposal.toSuspense': {
    request: TransactionRef.extend({ companyCode: z.string().trim().min(1).max(4) }),
    response: QueueRowSchema,
  },
  /** What approving these payments would do, for the summary a clerk sees before sending. */
  'proposals.bulkPreview': { request: bulk({}), response: BulkPreviewSchema },
  /** Approves many: posts what this person may post, prepares what needs a second person; a result per payment. */
  'proposals.bulkApprove': { request: bulk({ progressId: ProgressId }), response: BulkApproveResultSchema },
  /** Parks or ignores many with one reason; a result per payment. */
  'queue.bulkSetAside': {
    request: bulk({ state: z.enum(['parked', 'ignored']), reason: Reason }),
    response: BulkSetAsideResultSchema,
  },
  'transaction.park': { request: TransactionRef.extend({ reason: Reason }), response: QueueRowSchema },
  /** A parked payment goes back to review. */
  'transaction.unpark': { request: TransactionRef, response: QueueRowSchema },
  'transaction.ignore': { request: TransactionRef.extend({ reason: Reason }), response: QueueRowSchema },
  'sync.run': { request: z.object({}), response: SyncSummarySchema },
  'deadLetters.list': { request: z.object({}), response: z.array(DeadLetterSchema) },
  /** Runs again what failed, through its owner (approval and posting, or a sync); see deadLetterRemedy. */
  'deadLetters.retry': { request: z.object({ id: z.number().int().positive() }), response: DeadLetterRetrySchema },
  /** A person resolves a letter with the reason (on the audit trail, shown on the screen). */
  'deadLetters.resolve': {
    request: z.object({ id: z.number().int().positive(), reason: Reason }),
    response: DeadLetterSchema,
  },
  'sync.log': { request: z.object({}), response: SyncLogSchema },
  /** Verifies the audit log, held against the newest anchor when there is one. */
  'audit.verify': { request: z.object({}), response: AuditVerificationSchema },
  /** The newest anchors of the audit head, with where they are kept. */
  'audit.anchors': { request: z.object({}), response: AuditAnchorsSchema },
  /** The audit browser: entries filtered by actor, payment, action, date and text, newest first, a page at a time. */
  'audit.list': { request: AuditListRequestSchema, response: AuditPageSchema },
  /** Every actor and action on the audit log, for the browser's filters. */
  'audit.facets': { request: z.object({}), response: AuditFacetsSchema },
  'aliases.list': { request: z.object({}), response: z.array(MatchAliasSchema) },
  'aliases.remove': { request: z.object({ id: z.string().min(1) }), response: z.array(MatchAliasSchema) },
  /** The payer history beside the learned rules: read from the postings, searched by vault id or customer. */
  'aliases.history': { request: PayerHistoryRequestSchema, response: PayerHistoryPageSchema },
  'batches.list': { request: z.object({}), response: z.array(SettlementBatchSchema) },
  'refund.request': {
    request: TransactionRef.extend({
      amount: MoneySchema.extend({ minor: z.number().int().positive('A refund must be more than zero') }),
      reason: Reason,
    }),
    response: RefundRequestSchema,
  },
  'refund.approve': { request: RefundRef, response: RefundRequestSchema },
  'refund.reject': { request: RefundRef.extend({ reason: Reason }), response: RefundRequestSchema },
  /**
   * An approver says PayTrace shows the attempt whose outcome is unknown as done: the refund's
   * PayTrace transaction id (a void needs none; it is the sale's) and what they saw there.
   * ClearDesk looks it up first.
   */
  'refund.confirm': {
    request: RefundRef.extend({ paytraceTransactionId: z.number().int().positive().optional(), reason: Reason }),
    response: RefundRequestSchema,
  },
  /** An approver other than the preparer says PayTrace shows no refund: sent once more, with what they checked. */
  'refund.resend': { request: RefundRef.extend({ reason: Reason }), response: RefundRequestSchema },
  'refunds.list': {
    request: z.object({ states: z.array(RefundStateSchema).optional() }),
    response: z.array(RefundRequestSchema),
  },
  /** A clerk prepares the reversal of a posted payment's SAP document; an approver executes it (four eyes). */
  'reversal.prepare': {
    request: TransactionRef.extend({
      reasonCode: z
        .string()
        .trim()
        .regex(/^\d{2}$/, 'A reason for reversal is two digits, e.g. 01'),
      postingDate: z.iso.date().nullable().optional(),
      reason: Reason,
    }),
    response: ReversalSchema,
  },
  'reversal.execute': { request: ReversalRef, response: ReversalSchema },
  'reversal.reject': { request: ReversalRef.extend({ reason: Reason }), response: ReversalSchema },
  'reversals.list': {
    request: z.object({ states: z.array(ReversalStateSchema).optional() }),
    response: z.array(ReversalSchema),
  },
  /** The admin's connections: what is saved, what runs, and whether the first-run screen shows. */
  'connections.status': { request: z.object({}), response: ConnectionsStatusSchema },
  /** Signs in to PayTrace or SAP with these settings (the saved password when none is given); saves nothing. */
  'connections.test': { request: ConnectionInputSchema, response: ConnectionTestSchema },
  /** Saves the connection for the next start: settings to the profile, the password to the keychain. */
  'connections.save': { request: ConnectionInputSchema, response: ConnectionsStatusSchema },
  /** The admin chose (the sandbox, or connections saved): the first-run screen no longer shows. */
  'connections.firstRunDone': { request: z.object({}), response: ConnectionsStatusSchema },
  /** The browser host's users (admin only): names, roles, active or disabled. */
  'users.list': { request: z.object({}), response: z.array(UserSchema) },
  /** Adds a user (`add`) or changes a user's roles; audited (user.added, user.changed). */
  'users.save': { request: UserSaveSchema, response: UserSchema },
  /** Disables a user: their sessions end at their next request and their links no longer sign in. */
  'users.disable': { request: UserRefSchema, response: UserSchema },
  'users.enable': { request: UserRefSchema, response: UserSchema },
  /** A new one-time sign-in link for an active user, shown once (audited as user.link-issued, never the token). */
  'users.link': { request: UserRefSchema, response: UserLinkSchema },
  /** What an admin sets for everyone: the four-eyes rules, the automatic tier. */
  'settings.get': { request: z.object({}), response: SettingsSchema },
  // Strict: a misspelt section is refused by name, never answered "ok" and dropped.
  'settings.update': { request: SettingsSchema.partial().strict(), response: SettingsSchema },
  /** The rules files' values (matching rules, G/L rules), in force where the settings leave them: the screen shows them. */
  'settings.files': { request: z.object({}), response: RuleFilesSchema },
  /** An admin gives the alert mail server's password: kept in the keychain by the core, never sent back. */
  'settings.smtpPassword': {
    request: z.object({ password: z.string().min(1, 'Give the password').max(1000) }),
    response: z.object({ saved: z.literal(true) }),
  },
  /**
   * An admin tries the alert e-mail settings as saved: one test e-mail to the admin address (else the admin's own
   * subscription address), with the mail server's answer. Audited; not an alert (no window, not in the history).
   */
  'alerts.test': {
    request: z.object({}),
    response: z.object({
      sent: z.boolean(),
      recipients: z.array(z.string()),
      /** Why nothing went out, or what the mail server answered; null when it took the e-mail. */
      error: z.string().nullable(),
    }),
  },
  /** The alerts raised lately, newest first (sent, suppressed, failed to send). */
  'alerts.history': {
    request: z.object({ limit: z.number().int().min(1).max(500).optional() }),
    response: z.array(AlertRecordSchema),
  },
  /** The signed-in user's own subscription: the address and the kinds they want by e-mail. */
  'alerts.subscription.get': { request: z.object({}), response: AlertSubscriptionSchema },
  'alerts.subscription.set': { request: AlertSubscriptionSchema, response: AlertSubscriptionSchema },
  /** The scheduled jobs (docs/ARCHITECTURE.md, "Jobs on a schedule"): last and next run, paused or not. */
  'jobs.list': { request: z.object({}), response: z.array(JobSchema) },
  /** An admin stops a job's scheduled runs for everyone sharing the store, until resumed. */
  'jobs.pause': { request: JobRef, response: JobSchema },
  'jobs.resume': { request: JobRef, response: JobSchema },
  /** Runs a job now and answers with the run; a conflict while it (or a job it must not overlap) is running. */
  'jobs.runNow': { request: JobRef, response: JobRunSchema },
  /** Runs newest first, with their logs; one job's or every job's. */
  'jobs.history': {
    request: z.object({ job: JobName.optional(), limit: z.number().int().min(1).max(500).optional() }),
    response: z.array(JobRunSchema),
  },
  /** The dashboard's figures, aggregated by the store (docs/ARCHITECTURE.md, "The dashboard"). */
  'dashboard.summary': { request: DashboardRequestSchema, response: DashboardSummarySchema },
  /** PayTrace's and SAP's calls, breaker states, queue depth and dead letters over a window (the Monitoring tab). */
  'monitoring.series': { request: MonitoringRequestSchema, response: MonitoringSeriesSchema },
  /** A window of the chargeback cases, respond-by date nearest first, counted by the store (the Chargebacks tab). */
  'chargebacks.window': { request: DisputeWindowRequestSchema, response: DisputeWindowSchema },
  /** What preparing the selected cases' postings would do: counts, totals per company code and currency, why not. */
  'chargebacks.bulkPreview': {
    request: ChargebackSelectionSchema.refine(chargebackSelectionIsOne, { message: CHARGEBACK_SELECTION_MESSAGE }),
    response: ChargebackBulkPreviewSchema,
  },
  /** What approving the selected cases' prepared postings would do: counts, totals, who prepared them, why not. */
  'chargebacks.bulkApprovePreview': {
    request: ChargebackSelectionSchema.refine(chargebackSelectionIsOne, { message: CHARGEBACK_SELECTION_MESSAGE }),
    response: ChargebackBulkApprovePreviewSchema,
  },
  /** Prepares each selected case's posting through chargeback.prepare's rule; a result per case, progress as bulk.progress. */
  'chargebacks.bulkPrepare': {
    request: ChargebackSelectionSchema.extend({ progressId: ProgressId }).refine(chargebackSelectionIsOne, {
      message: CHARGEBACK_SELECTION_MESSAGE,
    }),
    response: ChargebackBulkResultSchema,
  },
  /** An approver approves each selected case's prepared posting through chargeback.approve's rule; a result per case. */
  'chargebacks.bulkApprove': {
    request: ChargebackSelectionSchema.extend({ progressId: ProgressId }).refine(chargebackSelectionIsOne, {
      message: CHARGEBACK_SELECTION_MESSAGE,
    }),
    response: ChargebackBulkResultSchema,
  },
  /** A clerk links a case to the sale it disputes (a candidate); audited, through the intake. */
  'chargeback.link': {
    request: z.object({
      caseId: z.number().int().positive(),
      transactionId: z.number().int().positive(),
      reason: Reason,
    }),
    response: DisputeCaseSchema,
  },
  /** A clerk records a chargeback of a sale by hand; the same processor and case number again adds nothing. */
  'chargeback.record': { request: ManualDisputeSchema, response: ManualDisputeResultSchema },
  /** The posting a case implies now, with its FI document's lines, and the case's postings (prepared, decided, posted). */
  'chargeback.plan': { request: z.object({ caseId: z.number().int().positive() }), response: ChargebackPlanSchema },
  /** A clerk prepares the posting the case implies, as previewed; it waits for a second person. */
  'chargeback.prepare': {
    request: z.object({ caseId: z.number().int().positive() }),
    response: ChargebackPostingSchema,
  },
  /** An approver who did not prepare it approves it: posted to SAP exactly once (PT<sale>C, W, or the reversal Y). */
  'chargeback.approve': {
    request: z.object({ postingId: z.number().int().positive() }),
    response: ChargebackPostingSchema,
  },
  /** An approver rejects a prepared posting (or its preparer withdraws it), with a reason. */
  'chargeback.reject': {
    request: z.object({ postingId: z.number().int().positive(), reason: Reason }),
    response: ChargebackPostingSchema,
  },
  /** The posting journal with its audit section, as a file (CSV, XLSX or PDF). */
  'reports.journal': { request: JournalReportRequestSchema, response: ReportFileSchema },
  /** The queue's current view (tab, filter, sort, drill, visible columns) as CSV or XLSX; `lines` is its rows. */
  /** The chargebacks received in a range (open, won, lost; by reason code, customer, month) as CSV, XLSX or PDF; `lines` is its cases. */
  'chargebacks.report': { request: ChargebackReportRequestSchema, response: ReportFileSchema },
  'queue.export': { request: QueueExportRequestSchema, response: ReportFileSchema },
  /** The user's saved views of the queue, by name. */
  'views.list': { request: z.object({}), response: SavedViewsSchema },
  /** Saves the view under its name (the same name replaces it); the user's views after. */
  'views.save': { request: SavedViewSchema, response: SavedViewsSchema },
  'views.delete': { request: z.object({ name: z.string().min(1).max(60) }), response: SavedViewsSchema },
} as const;

export type Channel = keyof typeof channels;
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<(typeof channels)[C]['response']>;

export const events = {
  'queue.changed': z.object({ transactionIds: z.array(z.number().int()) }),
  /** A sync pass's progress, during every phase (throttled); see shared/api/progress.ts for the phases and words. */
  'sync.progress': z.object({
    phase: z.enum(SYNC_PHASES),
    done: z.number().int(),
    total: z.number().int().nullable(),
    /** The company code whose open items are read ('open-items'). */
    companyCode: z.string().optional(),
  }),
  /** An alert was raised (whether or not an e-mail went out): the page may show a notification. */
  'alert.raised': AlertEventSchema,
  /** A job started or ended a run, or was paused or resumed: the Jobs screen reloads. */
  'jobs.changed': z.object({ job: z.string() }),
  /** An admin added, changed, disabled or enabled a user: the browser host re-checks their sessions at once. */
  'users.changed': z.object({ name: z.string() }),
  /**
   * A report export's progress under the id its caller chose: `reading` the range (no total yet), `writing` the
   * file's lines (0 of N: a file is rendered whole), `written` (N of N).
   */
  'report.progress': z.object({
    progressId: z.string(),
    step: z.enum(['reading', 'writing', 'written']),
    done: z.number().int(),
    total: z.number().int().nullable(),
  }),
  /** A bulk run's progress (payments approved, chargeback postings prepared or approved), under the id its caller chose. */
  'bulk.progress': z.object({
    progressId: z.string(),
    done: z.number().int(),
    total: z.number().int(),
    posted: z.number().int(),
    prepared: z.number().int(),
    failed: z.number().int(),
  }),
} as const;

export type EventName = keyof typeof events;
export type EventOf<E extends EventName> = z.output<(typeof events)[E]>;

export const channelNames = Object.keys(channels) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(channels, name);
}

/** An error that crossed the API: a code the UI can branch on and a message a clerk can read. */
export interface ApiErrorBody {
  /** `unauthenticated`: no session (the browser host's 401); `forbidden`: a role that may not act (403). */
  readonly code:
    'invalid_request' | 'unauthenticated' | 'not_found' | 'forbidden' | 'conflict' | 'unavailable' | 'internal';
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorBody['code'],
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** How one call may be cut short: an aborted call rejects, and its answer (if any) is dropped. */
export interface CallOptions {
  /** Aborted when the caller no longer wants the answer (a superseded queue window). */
  readonly signal?: AbortSignal;
}

/** What the renderer sees, whatever the transport. */
export interface ClearDeskApi {
  call<C extends Channel>(channel: C, request: RequestOf<C>, options?: CallOptions): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
}
