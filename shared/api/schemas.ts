// The wire shapes of the API contract. Both transports (Electron IPC, HTTP + SSE) carry exactly
// these, validated where they arrive. No card data and no credentials ever appear here.
import { z } from 'zod';
import { RoleSchema } from './users';
import { PAYMENT_STATES } from '../domain/payment-state';
import { SAP_USER_PATTERN } from '../posting/approver';
import { isValidZone } from '../time/zone';
import { isIsoDay } from '../time/civil';
import { LOG_LEVELS } from '../ports/log';
import { smtpUrlProblem } from './smtp-url';
import { DISPUTE_MATCH_METHODS } from '../disputes/match';
import { DISPUTE_STAGES, DISPUTE_STATUSES } from '../disputes/model';
import { CHARGEBACK_LOSSES, CHARGEBACK_METHODS } from '../disputes/posting';
import { GL_TRANSACTION_TYPES, PAYMENT_METHODS } from '../posting/gl-rules';
import { STAGE_IDS } from '../matching/rules';
import { isIsoCurrency } from '../money';

export const MoneySchema = z.object({ minor: z.number().int(), currency: z.string().min(3).max(3) });

/** A payment's state, as the payment state machine defines it (shared/domain/payment-state.ts). */
export const QueueStateSchema = z.enum(PAYMENT_STATES);

export const SapMessageSchema = z.object({ TYPE: z.string(), ID: z.string(), NUMBER: z.string(), MESSAGE: z.string() });

export const SapDocumentKeySchema = z.object({ BELNR: z.string(), BUKRS: z.string(), GJAHR: z.string() });

export const PostingSummarySchema = z.object({
  reference: z.string(),
  /** 'pending': SAP holds it (an IDoc in 64, 51, ...) and has not posted it yet. */
  state: z.enum(['sending', 'pending', 'posted', 'failed']),
  /** The IDoc that carries it, where it went as one: its number and the status last seen. */
  idoc: z.object({ number: z.string(), status: z.string() }).nullable().optional(),
  sapDocument: SapDocumentKeySchema.nullable(),
  messages: z.array(SapMessageSchema),
  approvedBy: z.string(),
  updatedAt: z.string(),
});

export const AppliedItemSchema = z.object({
  companyCode: z.string(),
  docNo: z.string(),
  fiscYear: z.string(),
  itemNum: z.string(),
  amount: MoneySchema,
  reference: z.string(),
  assignment: z.string(),
  openAmount: MoneySchema,
});

export const ProposalSchema = z.object({
  id: z.number().int(),
  tier: z.enum(['auto', 'suggest', 'none']),
  confidence: z.number().min(0).max(1),
  customer: z.string().nullable(),
  customerName: z.string().nullable(),
  companyCode: z.string().nullable(),
  items: z.array(AppliedItemSchema),
  onAccount: MoneySchema,
  reasons: z.array(z.string()),
  rule: z.string(),
  /** The difference the proposal writes off to G/L, if any. */
  writeOff: z.object({ amount: MoneySchema, gl: z.string(), why: z.string() }).nullable().optional(),
  /** The person whose correction this is; null for the matcher's. */
  correctedBy: z.string().nullable().optional(),
  /** The clerk who approved it first, when it waits for a second person. */
  preparedBy: z.string().nullable().optional(),
  /** Why the four-eyes rules want a second person to approve it; empty when one person may. */
  secondApproval: z.array(z.string()).optional(),
  /** What the learned matching model made of it (shared/matching/model.ts); absent before it existed. */
  explanation: z
    .object({
      probability: z.number().min(0).max(1),
      model: z.object({
        version: z.number().int(),
        source: z.enum(['prior', 'trained']),
        labels: z.number().int(),
      }),
      top: z.array(z.object({ feature: z.string(), value: z.number(), contribution: z.number(), words: z.string() })),
      ranked: z.object({ by: z.enum(['rules', 'model', 'clerk']), of: z.number().int() }),
    })
    .nullable()
    .optional(),
});

export const QueueRowSchema = z.object({
  transactionId: z.number().int(),
  kind: z.string(),
  status: z.string(),
  batch: z.number().int().nullable(),
  amount: MoneySchema,
  createdAt: z.string(),
  /** The IANA zone its dates show in: its company code's (setting postingZones), else the company's, else PayTrace's. */
  zone: z.string().optional(),
  invoiceId: z.string(),
  billingName: z.string(),
  maskedCard: z.string(),
  queueState: QueueStateSchema,
  stateReason: z.string().nullable(),
  proposal: ProposalSchema.nullable(),
  posting: PostingSummarySchema.nullable(),
});

/** The orders the review queue can be sorted in (by the store, in SQL). */
export const QUEUE_SORT_KEYS = [
  'createdAt',
  'transactionId',
  'customer',
  'invoiceId',
  'amount',
  'tier',
  'queueState',
] as const;
export const QueueSortKeySchema = z.enum(QUEUE_SORT_KEYS);

/** The most rows one queue window carries. */
export const QUEUE_WINDOW_MAX = 500;

/** A UTC day, YYYY-MM-DD. */
const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A day is written YYYY-MM-DD');

/**
 * What a dashboard chart shows, as a filter of the queue (its drill-down); every part narrows the
 * view. Days are UTC days, both ends included.
 */
export const QueueDrillSchema = z.object({
  /**
   * Payments by a day: `created` (PayTrace's transaction time), `seen` (first ingested), `decided`
   * (the live proposal approved), `deadLetter` (a dead letter written for the payment or its posting).
   */
  period: z
    .object({
      of: z.enum(['created', 'seen', 'decided', 'deadLetter']),
      /** null: unbounded on that side. */
      from: DaySchema.nullable(),
      to: DaySchema.nullable(),
    })
    .refine((p) => p.from === null || p.to === null || p.from <= p.to, {
      message: 'A period ends on or after its first day',
    })
    .optional(),
  /** Only these states (a chart's series), whatever the tab. */
  states: z.array(QueueStateSchema).max(PAYMENT_STATES.length).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'A currency is its ISO 4217 code')
    .optional(),
  kinds: z
    .array(z.enum(['sale', 'authorization', 'refund', 'void', 'capture']))
    .max(5)
    .optional(),
  /** The tier of the matcher's first proposal for the payment (before any correction). */
  firstTier: z.enum(['auto', 'suggest', 'none']).optional(),
  /** Whether the live proposal is a clerk's correction. */
  corrected: z.boolean().optional(),
  /** The live proposal applies an open item due (its due date, else its posting date) in these days; null: unbounded. */
  itemDue: z.object({ from: DaySchema.nullable(), to: DaySchema.nullable() }).optional(),
});

/** One page of a filtered, sorted view of the queue. */
export const QueueWindowRequestSchema = z.object({
  /** The tab's states; every state when absent or empty. */
  states: z.array(QueueStateSchema).optional(),
  /** Rows shown whatever their state: the ones the clerk just acted on stay where they were. */
  alsoIds: z.array(z.number().int().positive()).max(QUEUE_WINDOW_MAX).optional(),
  batch: z.number().int().nullable().optional(),
  /** What the clerk typed in the filter (ids, names, invoice, references, amount, SAP document, card brand, last four). */
  text: z.string().max(100).optional(),
  sort: z.object({ key: QueueSortKeySchema, desc: z.boolean() }).optional(),
  /** A dashboard chart's drill-down. */
  drill: QueueDrillSchema.optional(),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(QUEUE_WINDOW_MAX),
});

export const QueueWindowSchema = z.object({
  rows: z.array(QueueRowSchema),
  offset: z.number().int(),
  /** Rows of the whole view. */
  total: z.number().int(),
  /** Rows per state matching batch and text, whatever the view's states: the tabs' counts. */
  counts: z.partialRecord(QueueStateSchema, z.number().int()),
});

/** The most payments one bulk action takes (a view with more is narrowed by the filter first). */
export const BULK_MAX = 10_000;

/** A view of the queue without its paging: what "all N matching" means. */
export const QueueFilterSchema = QueueWindowRequestSchema.pick({
  states: true,
  batch: true,
  text: true,
  sort: true,
  drill: true,
});

/** Which payments a bulk action takes: these ids, or every row of a view (the whole view, not only the loaded rows). */
export const BulkSelectionSchema = z.object({
  transactionIds: z.array(z.number().int().positive()).min(1).max(BULK_MAX).optional(),
  matching: QueueFilterSchema.optional(),
});
export const bulkSelectionIsOne = (s: z.output<typeof BulkSelectionSchema>): boolean =>
  (s.transactionIds === undefined) !== (s.matching === undefined);
export const BULK_SELECTION_MESSAGE =
  'Select payments either by their ids or as all matching a view, not both or neither';

export const BulkReasonCountSchema = z.object({ reason: z.string(), count: z.number().int() });

/** What a bulk approval by this person would do, before anything is sent. */
export const BulkPreviewSchema = z.object({
  /** Payments selected. */
  count: z.number().int(),
  /** Posted by this approval (one person may post them, or this person gives the second approval). */
  post: z.number().int(),
  /** Only prepared by this approval: the four-eyes rules want a second person. */
  prepare: z.number().int(),
  /** Not approvable as they stand. */
  blocked: z.number().int(),
  /** What would be posted or prepared, per company code and currency (blocked ones are left out). */
  totals: z.array(
    z.object({ companyCode: z.string(), currency: z.string(), count: z.number().int(), amount: MoneySchema }),
  ),
  /** Why the prepared ones need a second person, grouped (a payment can have more than one reason). */
  secondPerson: z.array(BulkReasonCountSchema),
  /** Why the blocked ones cannot be approved, grouped. */
  cannotApprove: z.array(BulkReasonCountSchema),
});

export const BulkRowOutcomeSchema = z.enum(['posted', 'prepared', 'failed', 'pending', 'skipped']);

/** What happened to one payment of a bulk approval. */
export const BulkRowResultSchema = z.object({
  transactionId: z.number().int(),
  outcome: BulkRowOutcomeSchema,
  /** Why it failed or was skipped, why it waits for a second person, or SAP's word. */
  reason: z.string().nullable(),
  sapDocument: SapDocumentKeySchema.nullable(),
});

export const BulkApproveResultSchema = z.object({
  results: z.array(BulkRowResultSchema),
  counts: z.partialRecord(BulkRowOutcomeSchema, z.number().int()),
});

export const BulkSetAsideResultSchema = z.object({
  results: z.array(
    z.object({
      transactionId: z.number().int(),
      outcome: z.enum(['done', 'failed']),
      reason: z.string().nullable(),
    }),
  ),
  done: z.number().int(),
  failed: z.number().int(),
});

/** One line of the FI document preview, in the clerk's terms with SAP's keys beside them. */
export const DocumentLineSchema = z.object({
  itemNo: z.string(),
  kind: z.enum(['gl', 'customer']),
  account: z.string(),
  amount: MoneySchema,
  assignment: z.string(),
  text: z.string(),
  /** KOSTL / PRCTR of a G/L line, as the G/L rules give them. */
  costCenter: z.string().optional(),
  profitCenter: z.string().optional(),
});

export const DocumentPreviewSchema = z.object({
  companyCode: z.string(),
  documentType: z.string(),
  documentDate: z.string(),
  postingDate: z.string(),
  /** The fiscal year and period the posting date falls in (SAP derives them from it); absent when the calendar was not read. */
  fiscalYear: z.string().optional(),
  fiscalPeriod: z.string().optional(),
  reference: z.string(),
  headerText: z.string(),
  /** USERNAME as sent (the approver's SAP user); empty: SAP writes the RFC user. */
  userName: z.string().optional(),
  lines: z.array(DocumentLineSchema),
  /** What the clerk should know before approving: the posting date and period, clearing, settlement. */
  notes: z.array(z.string()).optional(),
});

export const AuditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  detail: z.record(z.string(), z.unknown()),
});

/** The audit browser's request: every filter optional, newest first, a page before the cursor `before`. */
export const AuditListRequestSchema = z
  .object({
    actor: z.string().trim().min(1).max(200).optional(),
    /** The entries about one payment, by its PayTrace transaction id. */
    transactionId: z.number().int().positive().optional(),
    action: z
      .string()
      .trim()
      .regex(/^[A-Za-z][A-Za-z0-9._-]{0,99}$/, 'An action is named like proposal.approved')
      .optional(),
    /** From this instant (ISO, inclusive) ... */
    from: z.iso.datetime({ offset: true }).optional(),
    /** ... to this one (exclusive). */
    to: z.iso.datetime({ offset: true }).optional(),
    /** Text the subject or the detail contains. */
    text: z.string().trim().max(200).optional(),
    before: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), {
    message: 'The date range ends before it starts',
    path: ['to'],
  });

/** A page of the audit log, newest first; nextBefore asks for the older page (null: none). */
export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  total: z.number().int().nonnegative(),
  nextBefore: z.number().int().nullable(),
});

/** Who and what is on the audit log, for the browser's filters. */
export const AuditFacetsSchema = z.object({ actors: z.array(z.string()), actions: z.array(z.string()) });

/** A sale's refund, or a refund's sale, as the detail panel links it. */
export const RelatedPaymentSchema = z.object({
  transactionId: z.number().int(),
  kind: z.string(),
  amount: MoneySchema,
  createdAt: z.string(),
  queueState: QueueStateSchema,
});

export const TransactionDetailSchema = z.object({
  row: QueueRowSchema,
  preview: DocumentPreviewSchema.nullable(),
  /** Why there is no document to preview, when a proposal cannot be posted as it stands. */
  previewProblem: z.string().optional(),
  /** Why no one may approve it now though its document could post (a void of the sale in progress), and what to do. */
  approvalHeld: z.string().optional(),
  audit: z.array(AuditEntrySchema),
  /** What a clerk may still ask to refund of this sale; null when it is not a refundable sale. */
  refundable: MoneySchema.nullable().optional(),
  /** For a refund: the sale it refunds; for a sale: its refunds (PayTrace's original id, or the matcher's finding). */
  related: z.array(RelatedPaymentSchema).optional(),
});

export const SyncSummarySchema = z.object({
  ingested: z.number().int(),
  updated: z.number().int(),
  open_items: z.number().int(),
  proposals: z.number().int(),
  posted: z.number().int(),
  dead_lettered: z.number().int(),
  /** Dead letters waiting for someone after the run, whatever their source (new or older). */
  dead_letters_waiting: z.number().int(),
});

export const SessionInfoSchema = z.object({
  user: z.string(),
  roles: z.array(RoleSchema),
  sandbox: z.boolean(),
  dataDir: z.string(),
  version: z.string(),
  /** The company codes ClearDesk works in (what a clerk may pick to post on account or to suspense). */
  companyCodes: z.array(z.string()).optional(),
});

export const DeadLetterSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  sourceKey: z.string().nullable(),
  error: z.string(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  /** Who resolved it by hand and why; null while open or when ClearDesk resolved it itself. */
  resolvedBy: z.string().nullable(),
  resolution: z.string().nullable(),
});

/** What a retry did: the letter as it is now, and what happened in words. */
export const DeadLetterRetrySchema = z.object({
  letter: DeadLetterSchema,
  outcome: z.enum(['posted', 'prepared', 'failed', 'synced', 'still-open']),
  message: z.string(),
});

/** The last sync run and what it met (the sync log). */
export const SyncLogSchema = z.object({
  run: z
    .object({
      id: z.number().int(),
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
      status: z.enum(['running', 'ok', 'failed']),
      error: z.string().nullable(),
    })
    .nullable(),
  entries: z.array(
    z.object({
      at: z.string(),
      level: z.enum(['info', 'warning', 'error']),
      source: z.enum(['paytrace', 'sap', 'sync']),
      subject: z.string(),
      message: z.string(),
    }),
  ),
});

/** An anchor: the audit head written outside the data folder after a sync run or a posting batch. */
export const AuditAnchorSchema = z.object({
  seq: z.number().int().nonnegative(),
  hash: z.string(),
  /** When it was written (ISO instant). */
  at: z.string(),
  trigger: z.enum(['sync', 'sync-failed', 'auto-post', 'scheduled']),
  /** What it was written after: "sync:12". */
  subject: z.string(),
  chain: z.string().nullable(),
});

export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  brokenAt: z.number().int().nullable(),
  message: z.string(),
  /** What failed first: the chain, the key, the anchor or the append-only triggers. */
  problem: z.enum(['chain', 'key', 'anchor', 'triggers']).nullable().optional(),
  /** The first entry hashed with the installation's key (HMAC-SHA256); null for a log not keyed yet. */
  keyedFrom: z.number().int().nullable().optional(),
  /** The newest anchor, which the log was held against; null when there is none. */
  anchor: AuditAnchorSchema.nullable().optional(),
});

/** The anchors kept, newest first, and where; location null when the admin configured no anchor folder. */
export const AuditAnchorsSchema = z.object({
  location: z.string().nullable(),
  anchors: z.array(AuditAnchorSchema),
});

/** What a clerk types to find an SAP customer: part of a name, a city, or the number with or without its zeros. */
export const CustomerSearchSchema = z.object({
  text: z.string().trim().min(1, 'Type part of a name, a city or a customer number').max(60),
  /** Only customers of this company code (KNB1-BUKRS). */
  companyCode: z.string().trim().max(4).optional(),
});

/** A customer of the SAP mirror (KNA1 with its KNB1 company code), as a pick list shows it. */
export const CustomerHitSchema = z.object({
  companyCode: z.string(),
  customer: z.string(),
  name: z.string(),
  city: z.string(),
});

/** An open item a clerk can apply a payment to; openAmount is what other proposals have not claimed yet. */
export const CandidateOpenItemSchema = z.object({
  companyCode: z.string(),
  docNo: z.string(),
  fiscYear: z.string(),
  itemNum: z.string(),
  customer: z.string(),
  customerName: z.string().nullable(),
  reference: z.string(),
  assignment: z.string(),
  openAmount: MoneySchema,
  dueDate: z.string().nullable(),
  /** BSID-UMSKZ ('A' down payment, ...); absent or '' for a normal receivable. */
  specialGl: z.string().optional(),
  /** Why a payment cannot be applied to it (a special G/L item), in the clerk's words. */
  excluded: z.string().optional(),
});

/** One open item of a clerk's correction and the cash applied to it (BUKRS/BELNR/GJAHR/BUZEI). */
export const CorrectionItemSchema = z.object({
  companyCode: z.string().min(1),
  docNo: z.string().min(1),
  fiscYear: z.string().min(1),
  itemNum: z.string().min(1),
  amount: MoneySchema,
});

/** A rule the matcher learned from a clerk's correction. */
export const MatchAliasSchema = z.object({
  id: z.string(),
  description: z.string(),
  learnedBy: z.string(),
  learnedAt: z.string(),
});

/**
 * The payer history a match run reads beside the learned rules: a PayTrace vault id whose approved payments, posted
 * and standing, all went to one customer (`paidBeforeAliases`, shared/matching), and the latest of them.
 */
export const PayerHistoryRowSchema = z.object({
  vaultId: z.string(),
  customer: z.string(),
  lastPayment: z.number().int(),
});

/** The payer history a clerk searched (vault id or customer number), the first `limit` by vault id, and how many match. */
export const PayerHistoryPageSchema = z.object({
  total: z.number().int(),
  rows: z.array(PayerHistoryRowSchema),
});

export const PayerHistoryRequestSchema = z.object({
  query: z.string().max(100).default(''),
  limit: z.number().int().min(1).max(500).default(200),
});

/** A PayTrace settlement batch against what ClearDesk posted for it (the invariant of docs/ARCHITECTURE.md, "The flow of one payment"). */
export const SettlementBatchSchema = z.object({
  batch: z.number().int(),
  currency: z.string(),
  /** The settlement date in PayTrace's calendar (ISO date). */
  settledDate: z.string().nullable(),
  salesCount: z.number().int(),
  refundsCount: z.number().int(),
  sales: MoneySchema,
  refunds: MoneySchema,
  /** Sales minus refunds. */
  net: MoneySchema,
  /** Posted postings of the batch's transactions, refunds negative. */
  posted: MoneySchema,
  /** Net minus posted: what is still open in the queue. */
  stillOpen: MoneySchema,
  states: z.record(QueueStateSchema, z.number().int()),
});

/**
 * requested, approved, sent and unknown are pending: one per sale at a time. unknown: PayTrace's
 * answer was lost and the look-up could not tell whether it was done; it waits for a person.
 */
export const RefundStateSchema = z.enum([
  'requested',
  'approved',
  'rejected',
  'sent',
  'unknown',
  'refunded',
  'voided',
  'failed',
]);

/** A refund a clerk prepared and an approver decides (four eyes), with the sale's facts beside it. */
export const RefundRequestSchema = z.object({
  id: z.number().int(),
  /** The sale being refunded. */
  transactionId: z.number().int(),
  amount: MoneySchema,
  reason: z.string(),
  state: RefundStateSchema,
  preparedBy: z.string(),
  preparedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** The approver's reason for a rejection. */
  decisionReason: z.string().nullable(),
  /** The refund's PayTrace transaction id; for a void, the sale's. */
  paytraceTransactionId: z.number().int().nullable(),
  error: z.string().nullable(),
  /** The latest attempt's reference at PayTrace (customer_reference_id), e.g. CDR42-K7Q2M; null before the first send. */
  reference: z.string().nullable(),
  /** Attempts sent so far; 2 after one "send again". */
  attempt: z.number().int().nonnegative(),
  /** What the latest attempt asked of PayTrace. */
  operation: z.enum(['refund', 'void']).nullable(),
  sentAt: z.string().nullable(),
  sentBy: z.string().nullable(),
  /** In state unknown: what to check in PayTrace, and what to do after; empty otherwise. */
  checks: z.array(z.string()),
  sale: z.object({
    amount: MoneySchema,
    status: z.string(),
    batch: z.number().int().nullable(),
    createdAt: z.string(),
    invoiceId: z.string(),
    billingName: z.string(),
    maskedCard: z.string(),
    /** Where the sale itself is in ClearDesk: a void of one posted in SAP leaves a document to reverse. */
    queueState: QueueStateSchema.optional(),
    /**
     * While the request waits for an approver: what of the sale was left to refund besides this request (its other
     * refunds, in ClearDesk or at PayTrace, taken off), so the approver sees what was refunded before.
     */
    leftBesides: MoneySchema.optional(),
  }),
});

/** An approval the four-eyes rules hold for a second person: nothing was posted yet. */
export const AwaitingApprovalSchema = z.object({
  state: z.literal('awaiting-approval'),
  /** The clerk who approved first. */
  preparedBy: z.string(),
  /** Why a second person must approve, in the clerk's words. */
  reasons: z.array(z.string()),
});

/** What approving did: a posting (sending, posted or failed), or a wait for the second person. */
export const ApprovalResultSchema = z.union([PostingSummarySchema, AwaitingApprovalSchema]);

export const FourEyesRuleSchema = z.object({
  companyCode: z.string().trim().min(1).max(4),
  amountAbove: MoneySchema.extend({ minor: z.number().int().nonnegative() }).nullable(),
  writeOffs: z.boolean(),
  customerChanges: z.boolean(),
  suspense: z.boolean(),
});

/** The time zone whose calendar day is a company code's posting date ('*' for every company code without its own). */
export const PostingZoneRuleSchema = z.object({
  companyCode: z.string().trim().min(1).max(4),
  timeZone: z
    .string()
    .trim()
    .refine((zone) => zone !== '' && isValidZone(zone), {
      message: 'Give an IANA time zone, such as America/Chicago',
    }),
});

/**
 * The G/L account (SKB1-SAKNR, HKONT) a payment nobody could place goes to in a company code ('*' for every
 * company code without its own): up to 10 digits, kept with SAP's leading zeros.
 */
export const SuspenseAccountRuleSchema = z.object({
  companyCode: z.string().trim().min(1).max(4),
  account: z
    .string()
    .trim()
    .regex(/^\d{1,10}$/, 'A G/L account has 1 to 10 digits, such as 113999 or 0000113999')
    .refine((v) => /[1-9]/.test(v), { message: 'A G/L account is not all zeros' })
    .transform((v) => v.padStart(10, '0')),
});

/**
 * How a company code ('*' for every one without its own) books a chargeback and a lost case
 * (shared/disputes/posting.ts); without a rule, the receivable is reopened and a lost case leaves the customer owing.
 */
export const ChargebackRuleSchema = z.object({
  companyCode: z.string().trim().min(1).max(4),
  method: z.enum(CHARGEBACK_METHODS),
  lost: z.enum(CHARGEBACK_LOSSES),
});

/** A ClearDesk user and the SAP user (USR02-BNAME) whose name goes into BKPF-USNAM when they approve. */
export const SapUserRuleSchema = z.object({
  user: z.string().trim().min(1).max(200),
  sapUser: z.string().trim().regex(SAP_USER_PATTERN, 'A SAP user has 1 to 12 letters, digits or . _ @ & / -'),
});

/** What ClearDesk alerts about (electron/core/alerts/kinds.ts writes each one's text). */
export const ALERT_KINDS = [
  'sync.failed',
  'sync.failed-repeatedly',
  'postings.failed',
  'dead-letters.waiting',
  'audit.broken',
  'unapplied-cash.over-threshold',
  'chargeback.deadline',
  'system.unreachable',
  'system.recovered',
  'report.journal',
] as const;
export const AlertKindSchema = z.enum(ALERT_KINDS);

/** Where alerts go by e-mail, as an admin sets it; CLEARDESK_SMTP_URL, _ALERT_FROM, _ALERT_EMAIL win when set. */
export const AlertSettingsSchema = z.object({
  /** `smtp://host:port` or `smtps://host:port`, a user name allowed, never a password. */
  smtpUrl: z
    .string()
    .trim()
    .max(500)
    .superRefine((v, ctx) => {
      const problem = smtpUrlProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .nullable(),
  from: z.string().trim().email().max(320).nullable(),
  /** The admin's address: every kind of alert unless they subscribe otherwise. */
  adminEmail: z.string().trim().email().max(320).nullable(),
  /** The same alert (its dedupe key) goes out at most once per window; repeats are counted into a digest. */
  windowMinutes: z.number().int().min(1).max(10_080),
  /** A sync that failed this many times in a row raises 'sync.failed-repeatedly'. */
  failuresInRow: z.number().int().min(2).max(100),
  /** PayTrace or SAP failing without a break for longer than this raises 'system.unreachable' (and 'system.recovered' after). */
  unreachableMinutes: z.number().int().min(1).max(10_080).default(30),
  /** Unapplied cash (received, not yet in SAP) above this, per currency, raises an alert. */
  unappliedCash: z.array(MoneySchema.extend({ minor: z.number().int().positive() })).max(50),
});

/** Hours of a working day in the company's time zone ("08:00" to "18:00"), on ISO weekdays (1 Monday ... 7 Sunday). */
export const BusinessHoursSchema = z
  .object({
    from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Give a time as HH:MM, e.g. 08:00'),
    to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Give a time as HH:MM, e.g. 18:00'),
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  })
  .refine((w) => w.from < w.to, { message: 'Business hours end after they start' });

/** The background jobs there are (electron/core/jobs/registry.ts defines each): what a schedule may name. */
export const JOB_NAMES = [
  'paytrace.sync',
  'sap.mirror',
  'sap.mirror.full',
  'audit.anchor',
  'journal.daily',
  'disputes.import',
  'chargeback.deadlines',
  'matching.train',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** A job's schedule as an admin set it (docs/ARCHITECTURE.md, "Jobs on a schedule"); the core checks the cron pattern. */
export const JobScheduleRuleSchema = z.object({
  job: z.string().trim().min(1).max(64),
  /** Five-field cron (minute hour day month weekday), read in the company's time zone. */
  schedule: z.string().trim().min(9).max(100),
  /** Each run starts up to this many seconds after its time, so instances and servers do not all call at once. */
  jitterSeconds: z.number().int().min(0).max(3600).optional(),
  /** Runs only inside these hours; null: at any hour. */
  businessHours: BusinessHoursSchema.nullable().optional(),
});

/** The daily journal report (job journal.daily): where its files go and whether subscribers get them by e-mail. */

/** A day a company code does not work (a public holiday); '*' for every company code. */
export const HolidaySchema = z.object({
  companyCode: z
    .string()
    .trim()
    .regex(/^(\*|[A-Za-z0-9]{1,4})$/, 'Give a company code (up to 4 letters or digits), or * for every one'),
  date: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date as YYYY-MM-DD')
    .refine(isIsoDay, 'Not a day of the calendar'),
});

export const ReportSettingsSchema = z.object({
  /** An absolute path to an existing folder; CLEARDESK_REPORT_DIR wins over it. Null: no folder, nothing written. */
  folder: z.string().trim().min(1).max(1000).nullable(),
  /** E-mail the files to the users subscribed to 'report.journal' (through the alert mail settings). */
  email: z.boolean(),
  /**
   * Holidays per company code: the daily journal skips a weekday that is a holiday of every company code
   * (its journal then goes with the next business day's catch-up, never as an empty day of its own).
   */
  holidays: z
    .array(HolidaySchema)
    .max(1000)
    .default([])
    .superRefine((rows, ctx) => {
      const seen = new Set<string>();
      rows.forEach((r, i) => {
        const key = `${r.companyCode} ${r.date}`;
        if (seen.has(key))
          ctx.addIssue({
            code: 'custom',
            path: [i, 'date'],
            message: `${r.date} is a holiday of ${r.companyCode} twice`,
          });
        seen.add(key);
      });
    }),
});

/** A North URL as an admin types it: https (plain http only for a simulator on this machine, checked here and where it is used). */
const NorthUrlSchema = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/, 'Give the URL as https://host[/path], without user, query or fragment')
  .refine(
    (url) => !url.startsWith('http://') || /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(url),
    'North is reached over https; plain http only for a simulator on this machine (localhost)',
  );

/** Chargebacks (issue 13): North's disputes API (job disputes.import) and the deadline alert. */
export const DisputeSettingsSchema = z.object({
  /** North's merchant id (MID) whose chargebacks are read; null: North is not read (in sandbox mode, the simulator is). */
  northMerchantId: z
    .string()
    .trim()
    .regex(/^\d{1,20}$/, 'A North merchant id is digits, such as 900100200300')
    .nullable(),
  /** North's API base URL (its client id and secret are kept by `cleardesk connect north`). */
  northBaseUrl: NorthUrlSchema.nullable(),
  /** Where North's token is asked for (`<url>/oauth/token`); null: the base URL. */
  northAuthUrl: NorthUrlSchema.nullable(),
  /** An open case whose respond-by date is this many days away or fewer raises 'chargeback.deadline', once. */
  deadlineDays: z.number().int().min(0).max(60),
});

/** A share typed as a percentage, kept as the matching rules keep it (0.95 = 95 %). */
const ShareSchema = (what: string) =>
  z
    .number({ message: `Give the ${what} as a percentage from 0 to 100` })
    .min(0, `The ${what} is a percentage from 0 to 100`)
    .max(1, `The ${what} is a percentage from 0 to 100`);

const wholeNumber = (what: string, max: number, min = 0) =>
  z
    .number({ message: `Give the ${what} as a whole number` })
    .int(`Give the ${what} as a whole number`)
    .min(min, `The ${what} is at least ${min}`)
    .max(max, `The ${what} is at most ${max.toLocaleString('en-US')}`);

/**
 * Matching as an admin sets it (issue 12, point 7), laid over resources/matching-rules.json by
 * shared/matching `mergeMatchingRules`: a value left out keeps the file's.
 */
export const MatchingSettingsSchema = z
  .object({
    /** At or above this confidence an automatic stage's match is posted without a clerk. */
    autoThreshold: ShareSchema('automatic threshold').optional(),
    /** Below this confidence a match is not even suggested. */
    suggestThreshold: ShareSchema('suggestion threshold').optional(),
    /** A sale PayTrace has not settled yet can still be voided: never post it automatically. */
    autoRequiresSettled: z.boolean().optional(),
    /** The difference written off, in minor units (cents) of a currency without its own tolerance. */
    toleranceMinor: wholeNumber('tolerance in minor units (cents)', 10_000_000).optional(),
    /** Per currency, the amount typed in that currency; a currency not listed keeps the file's or the general one. */
    toleranceByCurrency: z
      .array(
        MoneySchema.extend({
          minor: z.number().int().nonnegative('A tolerance is 0 or more'),
          currency: z.string().refine(isIsoCurrency, { message: 'Give an ISO 4217 currency code, such as USD or JPY' }),
        }),
      )
      .max(50)
      .default([])
      .superRefine((rows, ctx) => {
        const seen = new Set<string>();
        rows.forEach((r, i) => {
          if (seen.has(r.currency))
            ctx.addIssue({ code: 'custom', path: [i], message: `${r.currency} has two tolerances; keep one` });
          seen.add(r.currency);
        });
      }),
    /** The relative difference written off, in basis points (200 = 2 %); the lower of the two limits applies. */
    tolerancePercentBasisPoints: wholeNumber('percentage tolerance in basis points', 10_000).optional(),
    /** Open items dated more than this many days before the payment are not candidates. */
    dateWindowDays: wholeNumber('date window in days', 3_660, 1).optional(),
    /** A payment whose amount is that of exactly one open item of a certain payer: post automatically, or suggest. */
    soleAmount: z.enum(['auto', 'suggest']).optional(),
    /** The stages in the order they run, each with its mode; empty: the file's. A stage left out does not run. */
    stages: z
      .array(
        z.object({
          id: z.enum(STAGE_IDS, { message: `Choose a stage: ${STAGE_IDS.join(', ')}` }),
          mode: z.enum(['auto', 'suggest', 'none'], { message: 'Choose auto, suggest or none' }),
        }),
      )
      .max(STAGE_IDS.length, `There are ${STAGE_IDS.length} stages; list each at most once`)
      .default([])
      .superRefine((rows, ctx) => {
        const seen = new Set<string>();
        rows.forEach((r, i) => {
          if (seen.has(r.id))
            ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `The ${r.id} stage is listed twice; keep one` });
          seen.add(r.id);
        });
        if (rows.length > 0 && rows.every((r) => r.mode === 'none'))
          ctx.addIssue({
            code: 'custom',
            path: [],
            message: 'Every stage is set to none: no payment would ever be matched. Let one stage suggest.',
          });
      }),
    /** Words customers type before an invoice number ("INV", "RECHNUNG"); empty: the file's. */
    referencePrefixes: z
      .array(
        z
          .string()
          .trim()
          .toUpperCase()
          .regex(/^[A-Z0-9]{1,20}$/, 'A prefix is 1 to 20 letters or digits, such as INV (separators are ignored)')
          .refine((p) => /[A-Z]/.test(p), { message: 'A prefix needs a letter: a number alone would be read as one' }),
      )
      .max(50, 'Give at most 50 prefixes')
      .default([])
      .superRefine((rows, ctx) => {
        const seen = new Set<string>();
        rows.forEach((r, i) => {
          if (seen.has(r)) ctx.addIssue({ code: 'custom', path: [i], message: `${r} is listed twice; keep one` });
          seen.add(r);
        });
      }),
    /** At most this many invoices one payment is matched to by their sum. */
    multiInvoiceMaxItems: wholeNumber('most invoices one payment pays', 8, 2).optional(),
    /** A customer's open items (closest in date first) tried for such a sum. */
    multiInvoiceMaxCandidates: wholeNumber('open items tried for a sum of invoices', 64, 2).optional(),
    /** A payment naming an invoice the SAP mirror marked cleared within this many days is a likely duplicate. */
    clearedLookbackDays: wholeNumber('look-back for invoices cleared in SAP, in days,', 730, 1).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.autoThreshold !== undefined && m.suggestThreshold !== undefined && m.suggestThreshold > m.autoThreshold)
      ctx.addIssue({
        code: 'custom',
        path: ['suggestThreshold'],
        message: 'The suggestion threshold must not be above the automatic threshold',
      });
  });

/** A SAP code of up to 10 letters or digits (G/L account, cost or profit centre), numeric ones kept with leading zeros. */
const sapNumber = (what: string, example: string) =>
  z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-Z]{1,10}$/, `A ${what} has 1 to 10 letters or digits, such as ${example}`)
    .transform((v) => (/^\d+$/.test(v) ? v.padStart(10, '0') : v));

/**
 * A G/L determination rule an admin sets: for a company code ('*' for every one), transaction type and payment
 * method ('*' for every one), the account (HKONT) and its line text, cost and profit centre.
 */
export const GlAccountRuleSchema = z.object({
  companyCode: z
    .string()
    .trim()
    .regex(/^(\*|[A-Za-z0-9]{1,4})$/, 'Give a company code (up to 4 letters or digits), or * for every one'),
  transactionType: z.enum(GL_TRANSACTION_TYPES, {
    message: `Choose one of ${GL_TRANSACTION_TYPES.join(', ')}`,
  }),
  paymentMethod: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(PAYMENT_METHODS, { message: `Choose one of ${PAYMENT_METHODS.join(', ')}` })),
  account: z
    .string()
    .trim()
    .regex(/^\d{1,10}$/, 'A G/L account has 1 to 10 digits, such as 113100 or 0000113100')
    .refine((v) => /[1-9]/.test(v), { message: 'A G/L account is not all zeros' })
    .transform((v) => v.padStart(10, '0')),
  /** The line text (SGTXT, 50 characters). */
  text: z.string().trim().max(50, 'A line text has at most 50 characters'),
  costCenter: sapNumber('cost centre', '4100').nullable().optional(),
  profitCenter: sapNumber('profit centre', '1000').nullable().optional(),
});

/**
 * G/L determination as an admin sets it, laid over resources/gl-rules.json by shared/posting `mergeGlRules`: a rule
 * here wins over the file's for the same company code, transaction type and payment method.
 */
export const GlAccountsSettingsSchema = z.object({
  rules: z
    .array(GlAccountRuleSchema)
    .max(500)
    .superRefine((rows, ctx) => {
      const seen = new Set<string>();
      rows.forEach((r, i) => {
        const key = `${r.companyCode}|${r.transactionType}|${r.paymentMethod}`;
        if (seen.has(key))
          ctx.addIssue({
            code: 'custom',
            path: [i, 'paymentMethod'],
            message: `Company code ${r.companyCode}, ${r.transactionType}, ${r.paymentMethod} has two rules; keep one`,
          });
        seen.add(key);
      });
    }),
  /** The reason code (RSTGR) of the residual item a customer's deduction leaves; null: the file's. */
  deductionReason: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-Z]{1,3}$/, 'A reason code (RSTGR) has 1 to 3 letters or digits, such as D01')
    .nullable(),
});

/** A whole number from `min` to `max`, one message for every way it can be wrong. */
const between = (what: string, min: number, max: number) => {
  const message = `Give ${what} as a whole number from ${min} to ${max.toLocaleString('en-US')}`;
  return z.number({ message }).int(message).min(min, message).max(max, message);
};

/** How ClearDesk retries one system's calls and when its circuit breaker stops calling it for a while. */
const systemResilience = (system: string) =>
  z.object({
    /** Attempts per read (the first included); a posting, payment or refund is never sent again on a doubt. */
    readAttempts: between(`${system}'s attempts per read`, 1, 10),
    /** Failures in a row after which the breaker opens: no call to the system until the cool-down has passed. */
    failuresToOpen: between(`the failures in a row that stop calls to ${system}`, 1, 100),
    /** How long the open breaker waits before it lets one trial call through. */
    coolDownSeconds: between(`${system}'s cool-down in seconds`, 5, 3600),
  });

/** North's disputes client until an admin sets it: what it shipped with (a setting saved before it had North reads so). */
export const NORTH_RESILIENCE_DEFAULT = { readAttempts: 5, failuresToOpen: 5, coolDownSeconds: 30 } as const;

/**
 * Retries and circuit breakers of SAP, PayTrace and North's disputes client (electron/resilience), and how long a
 * sync waits for SAP's.
 */
export const ResilienceSettingsSchema = z.object({
  sap: systemResilience('SAP'),
  paytrace: systemResilience('PayTrace'),
  north: systemResilience('North').default({ ...NORTH_RESILIENCE_DEFAULT }),
  /** In all, per sync: how long automatic postings wait for SAP's open breaker to let a trial posting through. */
  breakerWaitSeconds: between('the wait for SAP in seconds', 0, 600),
});

/**
 * What the rules files hold, read at start, in the settings' shape: in force wherever the admin's setting leaves a
 * value empty (matching) or sets no rule for the same company code, type and method (G/L accounts). Null: the core
 * was not given that file.
 */
export const RuleFilesSchema = z.object({
  matching: MatchingSettingsSchema.nullable(),
  glAccounts: GlAccountsSettingsSchema.nullable(),
});

/** What an admin sets for everyone sharing the store. */
export const SettingsSchema = z.object({
  fourEyes: z.object({ rules: z.array(FourEyesRuleSchema).max(100) }),
  autoPost: z.object({
    enabled: z.boolean(),
    maxAmount: MoneySchema.extend({ minor: z.number().int().nonnegative() }).nullable(),
  }),
  /** Per company code; without a rule, the PayTrace account's zone. */
  postingZones: z.object({ rules: z.array(PostingZoneRuleSchema).max(100) }),
  /** Where "Post to suspense" posts, per company code; without one, a company code has no suspense posting. */
  suspenseAccounts: z.object({ rules: z.array(SuspenseAccountRuleSchema).max(100) }),
  /** Without a mapping, SAP writes the RFC user into USNAM and the header text names the person. */
  sapUsers: z.object({ rules: z.array(SapUserRuleSchema).max(1000) }),
  /** The level the hosts log from (a rotating file in the logs folder); CLEARDESK_LOG_LEVEL wins over it. */
  logging: z.object({ level: z.enum(LOG_LEVELS) }),
  alerts: AlertSettingsSchema,
  /** Each job's schedule where an admin changed it; the others keep their defaults. */
  jobs: z.object({ rules: z.array(JobScheduleRuleSchema).max(50) }),
  reports: ReportSettingsSchema,
  disputes: DisputeSettingsSchema,
  /** How each company code books a chargeback and a lost case; without a rule, reopen the receivable. */
  chargebacks: z.object({ rules: z.array(ChargebackRuleSchema).max(100) }),
  /** Matching thresholds and tolerances; what is left out keeps resources/matching-rules.json's. */
  matching: MatchingSettingsSchema,
  /** G/L determination rules over resources/gl-rules.json's, and the deduction's reason code. */
  glAccounts: GlAccountsSettingsSchema,
  /** SAP's and PayTrace's retries and circuit breakers, and a sync's wait for SAP's breaker. */
  resilience: ResilienceSettingsSchema,
});

export const JobRunStatusSchema = z.enum(['running', 'ok', 'failed', 'skipped']);

/** One run of a scheduled job: when, how it ended, what it did and its log. */
export const JobRunSchema = z.object({
  id: z.number().int(),
  job: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: JobRunStatusSchema,
  trigger: z.enum(['schedule', 'catch-up', 'manual']),
  instance: z.string(),
  requestedBy: z.string().nullable(),
  counts: z.record(z.string(), z.number()),
  /** The records the run handled, by its job's own measure (which of its counts are records); 0 when none. */
  records: z.number(),
  error: z.string().nullable(),
  log: z.array(z.object({ at: z.string(), level: z.enum(['info', 'warning', 'error']), message: z.string() })),
});

/** A scheduled job: what it does, when it runs next and how it last ran. */
export const JobSchema = z.object({
  name: z.string(),
  title: z.string(),
  schedule: z.string(),
  jitterSeconds: z.number().int(),
  businessHours: BusinessHoursSchema.nullable(),
  /** The time zone the schedule and business hours are read in. */
  zone: z.string(),
  paused: z.boolean(),
  pausedBy: z.string().nullable(),
  /** Whether this process runs the job on its schedule (a CLI that only lists does not). */
  scheduled: z.boolean(),
  running: z.boolean(),
  /** The next time it runs here; null when paused, not scheduled in this process, or never again. */
  nextRun: z.string().nullable(),
  lastRun: JobRunSchema.nullable(),
});

/** One alert as the history keeps it: sent, suppressed inside its window, or failed to send (with the SMTP error). */
export const AlertRecordSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: AlertKindSchema,
  dedupeKey: z.string(),
  subject: z.string(),
  message: z.string(),
  status: z.enum(['sent', 'suppressed', 'failed', 'not-configured']),
  recipients: z.array(z.string()),
  error: z.string().nullable(),
});

/** Which kinds a user wants by e-mail, at which address. */
export const AlertSubscriptionSchema = z.object({
  email: z.string().trim().email().max(320).nullable(),
  /** The kinds e-mailed to `email`. */
  kinds: z.array(AlertKindSchema).max(ALERT_KINDS.length),
  /**
   * The kinds shown to this person as desktop or browser notifications; the core always answers it (every kind
   * until the person chooses). Left out of a change: kept as it was.
   */
  notify: z.array(AlertKindSchema).max(ALERT_KINDS.length).optional(),
});

/** An alert as it reaches the open pages (event 'alert.raised'). */
export const AlertEventSchema = z.object({
  kind: AlertKindSchema,
  subject: z.string(),
  message: z.string(),
  at: z.string(),
});

/** The aging buckets: not yet due (open items only), then days past due (or days waiting, for the queue). */
export const AGING_BUCKETS = ['current', '0-30', '31-60', '61-90', '>90'] as const;

const Minor = z.number().int();
const Count = z.number().int().min(0);
/** A sum of one currency's amounts, in its minor units, and how many rows it sums. */
const CurrencySum = z.object({ currency: z.string(), minor: Minor, count: Count });
const AgingRow = CurrencySum.extend({ bucket: z.enum(AGING_BUCKETS) });

/** The dashboard's figures (channel dashboard.summary): counts, and money per currency in minor units. */
export const DashboardSummarySchema = z.object({
  /** The instant the figures are for; `today` is its day in `zone`. */
  asOf: z.string(),
  today: DaySchema,
  /** The company's time zone (the '*' posting zone, else the PayTrace account's): the days are its days. */
  zone: z.string(),
  /** Every day of the window in `zone`, oldest first: the x axis of the per-day charts. */
  days: z.array(DaySchema),
  /** The day bounds of each aging bucket (days past due or waiting), for the drill-down; null: unbounded. */
  buckets: z.array(z.object({ bucket: z.enum(AGING_BUCKETS), from: DaySchema.nullable(), to: DaySchema.nullable() })),
  /** Per day: payments proposed (by transaction day) and how many the matcher's first proposal matched automatically; proposals approved that day and how many without a correction. */
  matching: z.array(
    z.object({ day: DaySchema, proposed: Count, automatic: Count, decided: Count, firstTimeRight: Count }),
  ),
  /** Sales received but not applied in SAP (the unapplied states), per currency. */
  unapplied: z.array(CurrencySum),
  /** SAP's open items in the mirror by days past due (due date, else posting date), per currency. */
  openItemAging: z.array(AgingRow),
  /** Payments waiting for a person (the unapplied states, every kind) by days since the transaction. */
  queueAging: z.array(AgingRow),
  /** Payments of each day of the window by state, per currency. */
  stateByDay: z.array(CurrencySum.extend({ day: DaySchema, state: QueueStateSchema })),
  /** Payments of the newest settlement batches by state, per currency. */
  stateByBatch: z.array(CurrencySum.extend({ batch: z.number().int(), state: QueueStateSchema })),
  /** Per day: PayTrace transactions first ingested, and dead letters written (with those tied to a payment). */
  sync: z.array(z.object({ day: DaySchema, ingested: Count, deadLetters: Count, deadLettersOfPayments: Count })),
  /**
   * The learned model's calibration: the matcher's decided proposals in ten bins of predicted
   * probability (thousandths, `from` included, `to` excluded but for the last), how many were approved
   * unchanged and the sum of their predictions (thousandths); and which weights are in use.
   */
  reliability: z.object({
    bins: z.array(z.object({ from: Count, to: Count, count: Count, approved: Count, predicted: Count })),
    model: z.object({ source: z.enum(['prior', 'trained']), version: Count, labels: Count }),
  }),
});

export const DashboardRequestSchema = z.object({
  /** Days back from today (the company's days), today included. */
  days: z.number().int().min(1).max(366).optional(),
  /** How many of the newest settlement batches. */
  batches: z.number().int().min(1).max(100).optional(),
});

/** The Monitoring screen's windows and how long each interval of it is (docs/ARCHITECTURE.md, "Monitoring"). */
export const MONITORING_WINDOWS = ['24h', '7d', '30d'] as const;
export const MonitoringRequestSchema = z.object({ window: z.enum(MONITORING_WINDOWS) });
export const BreakerStateSchema = z.enum(['closed', 'half-open', 'open']);
const Ms = z.number().int().min(0).nullable();

/** Call metrics, breaker states and sampled values over a window (channel monitoring.series). */
export const MonitoringSeriesSchema = z.object({
  window: z.enum(MONITORING_WINDOWS),
  unit: z.enum(['hour', 'day']),
  /** Every interval's start (ISO), oldest first: the x axis. */
  intervals: z.array(z.string()),
  /** Per interval and system ('paytrace', 'sap', 'north'): attempts by outcome, and latency p50/p95 (a bucket bound, ms). */
  calls: z.array(
    z.object({
      interval: z.string(),
      system: z.string(),
      ok: Count,
      error: Count,
      retry: Count,
      rejected: Count,
      p50Ms: Ms,
      p95Ms: Ms,
    }),
  ),
  /** Per interval and system with a breaker: the worst state it was in during the interval, and how often it opened. */
  breaker: z.array(z.object({ interval: z.string(), system: z.string(), state: BreakerStateSchema, opened: Count })),
  /** The breakers' transitions in the window, oldest first. */
  transitions: z.array(
    z.object({ at: z.string(), system: z.string(), from: BreakerStateSchema, to: BreakerStateSchema }),
  ),
  /** Sampled after each sync, the highest per interval: 'queue.<state>' (payments in a queue state), 'deadLetters.open'. */
  samples: z.array(z.object({ interval: z.string(), metric: z.string(), value: Count })),
});
export type MonitoringWindow = (typeof MONITORING_WINDOWS)[number];
export type MonitoringSeries = z.infer<typeof MonitoringSeriesSchema>;
export type BreakerStateDto = z.infer<typeof BreakerStateSchema>;

export type DashboardSummary = z.infer<typeof DashboardSummarySchema>;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export type QueueDrill = z.infer<typeof QueueDrillSchema>;

export type MoneyDto = z.infer<typeof MoneySchema>;
export type AwaitingApproval = z.infer<typeof AwaitingApprovalSchema>;
export type ApprovalResult = z.infer<typeof ApprovalResultSchema>;
export type Settings = z.infer<typeof SettingsSchema>;
export type AlertKind = z.infer<typeof AlertKindSchema>;
export type AlertSettings = z.infer<typeof AlertSettingsSchema>;
export type AlertRecordDto = z.infer<typeof AlertRecordSchema>;
export type AlertSubscription = z.infer<typeof AlertSubscriptionSchema>;
export type JobView = z.infer<typeof JobSchema>;
export type JobRunView = z.infer<typeof JobRunSchema>;
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;
export type JobScheduleRule = z.infer<typeof JobScheduleRuleSchema>;
export type ReportSettings = z.infer<typeof ReportSettingsSchema>;
export type MatchingSettings = z.infer<typeof MatchingSettingsSchema>;
export type RuleFiles = z.infer<typeof RuleFilesSchema>;
export type GlAccountsSettings = z.infer<typeof GlAccountsSettingsSchema>;
export type DisputeSettings = z.infer<typeof DisputeSettingsSchema>;
export type ResilienceSettings = z.infer<typeof ResilienceSettingsSchema>;
export type QueueState = z.infer<typeof QueueStateSchema>;
export type QueueRow = z.infer<typeof QueueRowSchema>;
export type QueueSortKey = z.infer<typeof QueueSortKeySchema>;
export type BulkPreview = z.infer<typeof BulkPreviewSchema>;
export type BulkApproveResult = z.infer<typeof BulkApproveResultSchema>;
export type BulkSetAsideResult = z.infer<typeof BulkSetAsideResultSchema>;
export type BulkSelection = z.input<typeof BulkSelectionSchema>;
export type ProposalDto = z.infer<typeof ProposalSchema>;
export type PostingSummary = z.infer<typeof PostingSummarySchema>;
export type DocumentPreview = z.infer<typeof DocumentPreviewSchema>;
export type TransactionDetail = z.infer<typeof TransactionDetailSchema>;
export type RelatedPayment = z.infer<typeof RelatedPaymentSchema>;
export type SyncSummary = z.infer<typeof SyncSummarySchema>;
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
export type DeadLetter = z.infer<typeof DeadLetterSchema>;
export type DeadLetterRetry = z.infer<typeof DeadLetterRetrySchema>;
export type SyncLog = z.infer<typeof SyncLogSchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditListRequest = z.input<typeof AuditListRequestSchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;
export type AuditFacets = z.infer<typeof AuditFacetsSchema>;
export type AuditVerification = z.infer<typeof AuditVerificationSchema>;
export type AuditAnchorDto = z.infer<typeof AuditAnchorSchema>;
export type AuditAnchorList = z.infer<typeof AuditAnchorsSchema>;
export type CandidateOpenItem = z.infer<typeof CandidateOpenItemSchema>;
export type CustomerSearch = z.infer<typeof CustomerSearchSchema>;
export type CustomerHit = z.infer<typeof CustomerHitSchema>;
export type CorrectionItem = z.infer<typeof CorrectionItemSchema>;
export type MatchAliasDto = z.infer<typeof MatchAliasSchema>;
export type PayerHistoryPage = z.infer<typeof PayerHistoryPageSchema>;
export type SettlementBatch = z.infer<typeof SettlementBatchSchema>;
export type RefundState = z.infer<typeof RefundStateSchema>;
export type RefundRequest = z.infer<typeof RefundRequestSchema>;

/** A posting journal export (reports.journal): ISO dates in UTC, inclusive. */
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date as YYYY-MM-DD');
export const ReportFormatSchema = z.enum(['csv', 'xlsx', 'pdf']);
export const JournalReportRequestSchema = z
  .object({
    from: IsoDate,
    to: IsoDate,
    companyCode: z.string().trim().min(1).max(4).optional(),
    /** Which date puts a posting in the range: the SAP posting date (default) or the approval time. */
    basis: z.enum(['postingDate', 'approvedAt']).optional(),
    format: ReportFormatSchema,
    /** Names the export's report.progress events, chosen by the caller; none: no events. */
    progressId: z.string().min(1).max(64).optional(),
  })
  .refine((r) => r.from <= r.to, { message: 'The from date must not be after the to date', path: ['to'] });

/** A chargebacks report (chargebacks.report): the cases received from `from` to `to`, ISO dates, inclusive. */
export const ChargebackReportRequestSchema = z
  .object({
    from: IsoDate,
    to: IsoDate,
    companyCode: z.string().trim().min(1).max(4).optional(),
    format: ReportFormatSchema,
  })
  .refine((r) => r.from <= r.to, { message: 'The from date must not be after the to date', path: ['to'] });

/** The finished file; the renderer turns it into a download. */
export const ReportFileSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  base64: z.string(),
  /** Journal lines (or, for the chargebacks report, cases) in the file. */
  lines: z.number().int(),
});

/** The queue's columns an export of the current view can hold (the table's column ids). */
export const QUEUE_EXPORT_COLUMNS = [
  'transactionId',
  'createdAt',
  'customer',
  'invoiceId',
  'amount',
  'match',
  'tier',
  'queueState',
] as const;
export const QueueExportColumnSchema = z.enum(QUEUE_EXPORT_COLUMNS);

/** The current view of the queue (tab, filter, sort, drill) as a file: every row, not only the loaded ones. */
export const QueueExportRequestSchema = QueueFilterSchema.extend({
  format: z.enum(['csv', 'xlsx']),
  /** The visible columns, in the table's order; every column when absent. */
  columns: z.array(QueueExportColumnSchema).min(1).max(QUEUE_EXPORT_COLUMNS.length).optional(),
});
export type QueueExportRequest = z.infer<typeof QueueExportRequestSchema>;

/** The review queue's tabs (renderer/src/features/review/tabs.ts names their states). */
export const QUEUE_TABS = ['review', 'prepared', 'posted', 'parked', 'failed', 'closed', 'all'] as const;

/** A view of the queue a user saved under a name: the tab, the filter text, the sort, the drill. */
export const SavedViewSchema = z.object({
  name: z.string().trim().min(1, 'Give the view a name').max(60),
  tab: z.enum(QUEUE_TABS),
  text: z.string().max(100),
  sort: z.object({ key: QueueSortKeySchema, desc: z.boolean() }).nullable(),
  /** A dashboard chart's drill-down, with the words its chip shows. */
  drill: z.object({ filter: QueueDrillSchema, label: z.string().max(200) }).nullable(),
});
export type SavedView = z.infer<typeof SavedViewSchema>;
/** The most views one user keeps. */
export const SAVED_VIEWS_MAX = 50;
export const SavedViewsSchema = z.object({ views: z.array(SavedViewSchema) });

export type ReportFormat = z.infer<typeof ReportFormatSchema>;
export type JournalReportRequest = z.infer<typeof JournalReportRequestSchema>;
export type ChargebackReportRequest = z.infer<typeof ChargebackReportRequestSchema>;
export type ReportFile = z.infer<typeof ReportFileSchema>;

export const ReversalStateSchema = z.enum(['requested', 'rejected', 'approved', 'reversed', 'failed']);

/** The reversal of a posted payment's SAP document (docs/ARCHITECTURE.md, "Reversals"). */
export const ReversalSchema = z.object({
  id: z.number().int(),
  transactionId: z.number().int(),
  /** The posting reversed, and its SAP document. */
  originalReference: z.string(),
  original: z.object({ BELNR: z.string(), BUKRS: z.string(), GJAHR: z.string() }),
  /** SAP's reason for reversal (T041C) and the reversal's posting date. */
  reasonCode: z.string(),
  postingDate: z.string(),
  reason: z.string(),
  /** requested: waits for an approver; approved: executing (SAP's answer still open); reversed; failed; rejected. */
  state: ReversalStateSchema,
  preparedBy: z.string(),
  preparedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  reversalReference: z.string().nullable(),
  /** The reversal's own SAP document, once SAP posted it. */
  reversalDocument: SapDocumentKeySchema.nullable(),
  error: z.string().nullable(),
  updatedAt: z.string(),
});
export type ReversalState = z.infer<typeof ReversalStateSchema>;
export type Reversal = z.infer<typeof ReversalSchema>;

// Chargebacks (issue 13; docs/ARCHITECTURE.md, "Disputes"): the processors' dispute cases, each with the
// PayTrace sale it disputes (or the candidates and reasons when none was found) and that sale's SAP posting.
export const DisputeStageSchema = z.enum(DISPUTE_STAGES);
export const DisputeStatusSchema = z.enum(DISPUTE_STATUSES);

export const DisputeCaseSchema = z.object({
  id: z.number().int(),
  processor: z.string(),
  caseNumber: z.string(),
  stage: DisputeStageSchema,
  /** The processor's own word for the stage and status. */
  stageRaw: z.string(),
  status: DisputeStatusSchema,
  statusRaw: z.string(),
  network: z.string(),
  reasonCode: z.string(),
  /** The card network's meaning of the code, or "unknown code". */
  reasonMeaning: z.string(),
  amount: MoneySchema,
  originalAmount: MoneySchema.nullable(),
  receivedDate: z.string().nullable(),
  /** Respond-by date (ISO). */
  dueDate: z.string().nullable(),
  /** Open and past its respond-by date (isOverdue, shared/disputes/model.ts). */
  overdue: z.boolean(),
  cardLast4: z.string(),
  merchantReference: z.string(),
  source: z.enum(['report', 'north', 'webhook', 'manual']),
  match: z.discriminatedUnion('state', [
    z.object({
      state: z.literal('matched'),
      transactionId: z.number().int(),
      method: z.enum(DISPUTE_MATCH_METHODS),
      reasons: z.array(z.string()),
    }),
    z.object({
      state: z.literal('unmatched'),
      candidates: z.array(z.object({ transactionId: z.number().int(), why: z.string() })),
      reasons: z.array(z.string()),
    }),
  ]),
  /** The matched sale's standing SAP posting. */
  salePosting: z
    .object({
      reference: z.string(),
      state: z.string(),
      companyCode: z.string(),
      belnr: z.string().nullable(),
      gjahr: z.string().nullable(),
    })
    .nullable(),
  updatedAt: z.string(),
});

/** The most cases one window carries. */
export const DISPUTE_WINDOW_MAX = 500;

/** A view of the Chargebacks tab without its paging: the tab and the filter box (what "all N matching" takes). */
export const DisputeViewSchema = z.object({
  /** Only the matched or the unmatched cases; every case when absent. */
  match: z.enum(['matched', 'unmatched']).optional(),
  /**
   * Text found in the case number, reason code, card's last four, ARN or merchant (customer or sale) reference, or the
   * id of the sale the case disputes; case folded. The tabs' counts respect it.
   */
  text: z.string().trim().max(100, 'A filter is at most 100 characters').optional(),
});

export const DisputeWindowRequestSchema = DisputeViewSchema.extend({
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(DISPUTE_WINDOW_MAX),
});

export const DisputeWindowSchema = z.object({
  rows: z.array(DisputeCaseSchema),
  offset: z.number().int(),
  /** Cases of the whole view. */
  total: z.number().int(),
  /** Cases matched and unmatched, whatever the view: the tabs' counts. */
  counts: z.object({ matched: z.number().int(), unmatched: z.number().int() }),
  /** The day overdue is measured against (the core's clock, UTC). */
  today: z.string(),
});

const CaseNumber = z
  .string()
  .trim()
  .min(1, 'Give the case number')
  .max(64, 'A case number is at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/, 'A case number is letters, digits and . _ / -');

/** A clerk records a chargeback from a sale's detail panel: keyed by processor + case number like every intake. */
export const ManualDisputeSchema = z.object({
  transactionId: z.number().int().positive(),
  processor: z
    .string()
    .trim()
    .min(1, 'Name the processor')
    .max(40)
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'A processor is named with letters, digits and . _ -'),
  caseNumber: CaseNumber,
  stage: DisputeStageSchema,
  reasonCode: z.string().trim().min(1, 'Give the reason code').max(16),
  amount: MoneySchema.extend({ minor: z.number().int().positive('A chargeback is more than zero') }),
  /** The processor's fee (optional), in the sale's currency: posted to the fee G/L with the chargeback. */
  fee: MoneySchema.extend({ minor: z.number().int().positive('A fee is more than zero; leave it out when none') })
    .nullable()
    .optional(),
  dueDate: IsoDate.nullable(),
});

export const ManualDisputeResultSchema = z.object({
  /** imported: a new case; updated: a known case moved on; duplicate: known, nothing new. */
  outcome: z.enum(['imported', 'updated', 'duplicate']),
  dispute: DisputeCaseSchema,
});

/** A posting a dispute case implies, prepared by a clerk and decided by an approver (four eyes). */
export const ChargebackPostingSchema = z.object({
  id: z.number().int(),
  step: z.enum(['chargeback', 'write-off', 'reversal']),
  reference: z.string(),
  companyCode: z.string(),
  state: z.enum(['prepared', 'rejected', 'approved', 'posted', 'failed']),
  why: z.string(),
  preparedBy: z.string(),
  preparedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** SAP's refusal, or why it was rejected. */
  error: z.string().nullable(),
  sapDocument: SapDocumentKeySchema.nullable(),
});

/** What a case implies now (shared/disputes/posting.ts) with the FI document's lines, and its postings so far. */
export const ChargebackPlanSchema = z.object({
  caseId: z.number().int(),
  step: z.enum(['post', 'reverse', 'none']),
  event: z.enum(['chargeback', 'write-off', 'chargeback-reversal']).nullable(),
  why: z.string(),
  reference: z.string().nullable(),
  companyCode: z.string().nullable(),
  /** The posting date (ISO) if approved today, in the company code's zone; an approval on a later day posts then. */
  postingDate: z.string().nullable(),
  lines: z.array(DocumentLineSchema),
  /** Why nothing can be prepared as the case stands; null when it can. */
  blocked: z.string().nullable(),
  postings: z.array(ChargebackPostingSchema),
});

/** Which cases a bulk action on the Chargebacks tab takes: these ids, or every case of a view (loaded or not). */
export const ChargebackSelectionSchema = z.object({
  caseIds: z.array(z.number().int().positive()).min(1).max(BULK_MAX).optional(),
  matching: DisputeViewSchema.optional(),
});
export const chargebackSelectionIsOne = (s: z.output<typeof ChargebackSelectionSchema>): boolean =>
  (s.caseIds === undefined) !== (s.matching === undefined);
export const CHARGEBACK_SELECTION_MESSAGE =
  'Select cases either by their ids or as all matching a view, not both or neither';

/** What preparing the selected cases' postings would do, before anything is stored (chargebacks.bulkPreview). */
export const ChargebackBulkPreviewSchema = z.object({
  /** Cases selected. */
  count: z.number().int(),
  /** Cases whose posting would be prepared; each then waits for an approver who did not prepare it (four eyes). */
  prepare: z.number().int(),
  /** Cases that cannot be prepared as they stand. */
  blocked: z.number().int(),
  /** What would be prepared, per company code and currency (what each document moves; a fee is on top). */
  totals: z.array(
    z.object({ companyCode: z.string(), currency: z.string(), count: z.number().int(), amount: MoneySchema }),
  ),
  /** What the prepared postings are (first chargeback, write-off, reversal), grouped. */
  steps: z.array(BulkReasonCountSchema),
  /** Why the blocked ones cannot be prepared (unmatched, nothing to post, already prepared, ...), grouped. */
  cannotPrepare: z.array(BulkReasonCountSchema),
});

/** What approving the selected cases' prepared postings would do, before anything is sent (chargebacks.bulkApprovePreview). */
export const ChargebackBulkApprovePreviewSchema = z.object({
  /** Cases selected. */
  count: z.number().int(),
  /** Cases whose prepared posting this approver may approve: each goes to SAP. */
  approve: z.number().int(),
  /** Cases left as they are (nothing waits, this approver prepared it, the case moved on). */
  blocked: z.number().int(),
  /** What would be sent, per company code and currency (what each document moves; a fee is on top). */
  totals: ChargebackBulkPreviewSchema.shape.totals,
  /** What the postings are (first chargeback, write-off, reversal), grouped. */
  steps: z.array(BulkReasonCountSchema),
  /** Who prepared what would be approved, grouped (four eyes: never the approver). */
  preparedBy: z.array(BulkReasonCountSchema),
  /** Why the blocked ones are not approved, grouped. */
  cannotApprove: z.array(BulkReasonCountSchema),
});

/** What happened to one case of a bulk action on the Chargebacks tab. */
export const ChargebackBulkRowSchema = z.object({
  caseId: z.number().int(),
  caseNumber: z.string(),
  /** prepared: waits for an approver; posted/failed: an approver's approval went to SAP; skipped: the rule refused it. */
  outcome: z.enum(['prepared', 'posted', 'failed', 'pending', 'skipped']),
  /** The posting's reference (PT<sale>C, W, Y) when one was prepared or approved. */
  reference: z.string().nullable(),
  /** Why it was skipped or failed, or what was prepared. */
  reason: z.string().nullable(),
  sapDocument: SapDocumentKeySchema.nullable(),
});

export const ChargebackBulkResultSchema = z.object({
  results: z.array(ChargebackBulkRowSchema),
  counts: z.partialRecord(ChargebackBulkRowSchema.shape.outcome, z.number().int()),
});

export type ChargebackSelection = z.input<typeof ChargebackSelectionSchema>;
export type ChargebackBulkPreview = z.infer<typeof ChargebackBulkPreviewSchema>;
export type ChargebackBulkApprovePreview = z.infer<typeof ChargebackBulkApprovePreviewSchema>;
export type ChargebackBulkResult = z.infer<typeof ChargebackBulkResultSchema>;
export type DisputeView = z.infer<typeof DisputeViewSchema>;
export type ChargebackPostingDto = z.infer<typeof ChargebackPostingSchema>;
export type ChargebackPlanDto = z.infer<typeof ChargebackPlanSchema>;
export type DisputeCaseDto = z.infer<typeof DisputeCaseSchema>;
export type DisputeWindow = z.infer<typeof DisputeWindowSchema>;
export type DisputeWindowRequest = z.infer<typeof DisputeWindowRequestSchema>;
export type ManualDispute = z.infer<typeof ManualDisputeSchema>;
export type ManualDisputeResult = z.infer<typeof ManualDisputeResultSchema>;
