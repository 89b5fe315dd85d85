// Table types for Kysely. Column names are snake_case and the same in SQLite and PostgreSQL.
// Amounts are INTEGER minor units with a currency column beside them; JSON columns are TEXT.
import type { ColumnType, Generated } from 'kysely';
import type { PaymentState } from '../../shared/domain';
import type {
  PostingEvent,
  ProposalStatus as RecordProposalStatus,
  RefundOperation,
  RefundState as RecordRefundState,
  ReversalState,
} from './records';

/** Queue state of a PayTrace transaction: shared/domain/payment-state.ts owns the states and their transitions. */
export type TransactionQueueState = PaymentState;

export interface TransactionsTable {
  transaction_id: number;
  kind: string;
  status: string;
  batch: number | null;
  amount_minor: number;
  currency: string;
  created_at_utc: string;
  created_at_original: string;
  settled_at_utc: string | null;
  settled_at_original: string | null;
  invoice_id: string;
  customer_reference_id: string;
  description: string;
  vault_customer_id: string;
  billing_name: string;
  email: string;
  masked_card: string;
  card_brand: string;
  approval_code: string;
  original_transaction_id: number | null;
  /** PayTrace's billing address (0470), '' when unknown; not in content_hash. */
  billing_street?: string;
  billing_city?: string;
  billing_zip?: string;
  queue_state: TransactionQueueState;
  state_reason: string | null;
  /** Hash of the normalised record; a change means PayTrace changed the transaction. */
  content_hash: string;
  first_seen_at: string;
  updated_at: string;
  /** The highest confidence of its live proposals, -1 with none: the queue's tier sort (0380), written by triggers on proposals. */
  tier_confidence?: number;
}

export interface CustomersTable {
  company_code: string;
  customer: string;
  name: string;
  email: string;
  street: string;
  city: string;
  postal_code: string;
  country: string;
  synced_at: string;
  /** KNB1-KNRZE, '' when none (0200). */
  head_office?: string;
  /** KNA1-KONZS, '' when none (0200). */
  group_key?: string;
}

export interface OpenItemsTable {
  company_code: string;
  doc_no: string;
  fisc_year: string;
  item_num: string;
  customer: string;
  amount_minor: number;
  currency: string;
  reference: string;
  assignment: string;
  doc_type: string;
  posting_date: string;
  doc_date: string;
  due_date: string | null;
  item_text: string;
  /** BSID-UMSKZ, the special G/L indicator ('A' down payment, ...); '' for a normal receivable (migration 0190). */
  special_gl?: string;
  /** 'open' while SAP lists it; 'cleared' once it no longer does. */
  status: 'open' | 'cleared';
  synced_at: string;
  /** BSAD-AUGBL and AUGDT of a cleared item, when the mirror's delta read them (0340); null while open. */
  clearing_doc?: string | null;
  clearing_date?: string | null;
  /** The reference as the cleared look-up finds it (shared/matching `storedReferenceKey`, 0360); written by upsertOpenItems. */
  reference_key?: string | null;
  /** BSID-ZFBDT, the baseline date the terms count from; ZBD1T/ZBD1P, ZBD2T/ZBD2P, percentages in thousandths (0460). */
  baseline_date?: string | null;
  discount_days1?: number;
  discount_pct1?: number;
  discount_days2?: number;
  discount_pct2?: number;
  /** REBZG/REBZJ/REBZZ: the invoice item a partial payment refers to; '' for any other line, year and item '' when unknown (0480). */
  ref_doc_no?: string;
  ref_fisc_year?: string;
  ref_item_num?: string;
}

export type ProposalStatus = RecordProposalStatus;

export interface ProposalsTable {
  id: Generated<number>;
  transaction_id: number;
  tier: 'auto' | 'suggest' | 'none';
  /** Thousandths, 0..1000. */
  confidence: number;
  customer: string | null;
  company_code: string | null;
  on_account_minor: number;
  currency: string;
  reasons: string;
  rule: string;
  status: ProposalStatus;
  /** The G/L account the matching rules named for the items' write-offs, and why (0080); null when none. */
  write_off_gl?: string | null;
  write_off_why?: string | null;
  /** The person whose correction this proposal is (0090), and the customer it was proposed for before, when the correction changed it. */
  corrected_by?: string | null;
  corrected_customer_from?: string | null;
  /** The clerk who approved it first, when the four-eyes rules want a second person (0090). */
  prepared_by?: string | null;
  prepared_at?: string | null;
  /** The learned model's probability in thousandths, and its explanation as JSON (0300); null before. */
  model_p?: number | null;
  explanation?: string | null;
  /** A refund's sale, as the matcher found it (0440); null for everything else and before. */
  related_transaction_id?: number | null;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

/** A model trained on the clerks' decisions (0300). */
export interface MatchModelsTable {
  version: number;
  model: string;
  labels: number;
  approvals: number;
  corrections: number;
  rejections: number;
  trained_at: string;
  trained_by: string;
}

export interface ProposalItemsTable {
  proposal_id: number;
  company_code: string;
  doc_no: string;
  fisc_year: string;
  item_num: string;
  amount_minor: number;
  /** What of the item is cleared to G/L (0080): positive when the customer paid less. */
  write_off_minor?: number;
}

export type PostingState = 'sending' | 'pending' | 'posted' | 'failed';

export interface PostingsTable {
  /** The unique reference sent in REF_DOC_NO (XBLNR). */
  reference: string;
  transaction_id: number;
  event: PostingEvent;
  state: PostingState;
  company_code: string;
  /** The FI document as sent (JSON), so recovery and audit see exactly what went out. */
  document: string;
  belnr: string | null;
  gjahr: string | null;
  messages: string;
  attempts: number;
  approved_by: string;
  created_at: string;
  updated_at: string;
  /** The ClearDesk instance working on this posting now (0050), and since when; null when none. */
  claimed_by?: string | null;
  claimed_at?: string | null;
  /** The reversal posting that reversed this one in SAP (0110); null while it stands. */
  reversed_by?: string | null;
  /** The IDoc that carries the posting (0120): its number (DOCNUM) and last status seen; null when not sent as one. */
  idoc_number?: string | null;
  idoc_status?: string | null;
  /** When the last call's outcome became unknown (0120): the grace period before a lookup counts from here. */
  outcome_unknown_at?: string | null;
  /** The proposal a payment's posting was approved from (0420); null for other postings and older ones. */
  proposal_id?: number | null;
}

export interface DeadLettersTable {
  id: Generated<number>;
  /** 'paytrace' | 'sap' | 'import' | 'posting' */
  source: string;
  /** The record's own key where it has one (transaction_id, posting reference). */
  source_key: string | null;
  error: string;
  /** The offending record, with card data removed. */
  payload: string;
  created_at: string;
  resolved_at: string | null;
  /** Who resolved it by hand (0180); null while open or when ClearDesk resolved it itself. */
  resolved_by: string | null;
  /** Their reason (0180), card data masked. */
  resolution: string | null;
}

export interface SyncRunsTable {
  id: Generated<number>;
  started_at: string;
  finished_at: string | null;
  status: 'running' | 'ok' | 'failed';
  counts: string;
  error: string | null;
}

/** One event of a sync run (migration 0060). */
export interface SyncLogTable {
  id: Generated<number>;
  run_id: number;
  at: string;
  level: 'info' | 'warning' | 'error';
  /** 'paytrace' | 'sap' | 'sync' */
  source: string;
  subject: string;
  message: string;
}

/** One run of a scheduled job (migration 0140). */
export interface JobRunsTable {
  id: Generated<number>;
  job: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  trigger: string;
  instance: string;
  requested_by: string | null;
  counts: string;
  error: string | null;
  log: string;
}

/** A job's pause and the newest scheduled time claimed (0140). */
export interface JobStateTable {
  job: string;
  paused: number;
  paused_by: string | null;
  paused_at: string | null;
  last_slot: string | null;
}

/** The lease on a job, or a group of jobs, between instances sharing the store (0140). */
export interface JobLocksTable {
  name: string;
  owner: string | null;
  job: string | null;
  acquired_at: string | null;
  expires_at: string | null;
}

export interface SyncStateTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** Where the keyed audit chain starts (migration 0070): one row, never changed. */
export interface AuditChainTable {
  chain_id: string;
  /** The first seq hashed with HMAC-SHA256 under the audit key; earlier entries are plain SHA-256. */
  keyed_from: number;
  /** The hash of entry keyed_from - 1, or 64 zeros. */
  start_hash: string;
  started_at: string;
  /** auditKeyId() of the key the chain is keyed with. */
  key_id: string;
  /** auditChainSeal() of the row under that key. */
  seal: string;
}

/** A rule a clerk taught the matcher (shared/matching MatchAlias), from migration 0030. */
export interface MatchAliasesTable {
  /** aliasId(alias): "billingName:ACME CORP", "referencePrefix:WEB". */
  id: string;
  kind: string;
  /** The MatchAlias as JSON. */
  payload: string;
  learned_by: string;
  learned_at: string;
}

/** Where a refund request stands (0040, 'unknown' from 0100). requested/approved/sent/unknown are "pending": one per sale. */
export type RefundState = RecordRefundState;

/** A refund of a PayTrace sale, prepared by a clerk and decided by an approver (four eyes). */
export interface RefundRequestsTable {
  id: Generated<number>;
  /** The sale (PayTrace transaction_id). */
  transaction_id: number;
  amount_minor: number;
  currency: string;
  reason: string;
  state: RefundState;
  prepared_by: string;
  prepared_at: string;
  decided_by: string | null;
  decided_at: string | null;
  /** The approver's reason for a rejection. */
  decision_reason: string | null;
  /** The refund's PayTrace transaction_id; for a void, the voided sale's. */
  paytrace_transaction_id: number | null;
  error: string | null;
  updated_at: string;
  /** The latest attempt's reference at PayTrace, unique (0100). */
  reference: string | null;
  attempt: Generated<number>;
  operation: RefundOperation | null;
  sent_at: string | null;
  sent_by: string | null;
}

/** The reversal of a posted payment's SAP document (0100): prepared by one person, executed by another. */
export interface ReversalRequestsTable {
  id: Generated<number>;
  transaction_id: number;
  /** The posting reversed (postings.reference) and its SAP document. */
  original_reference: string;
  company_code: string;
  belnr: string;
  gjahr: string;
  /** T041C reason for reversal, and the reversal's posting date (ISO). */
  reason_code: string;
  posting_date: string;
  reason: string;
  state: ReversalState;
  prepared_by: string;
  prepared_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  /** The reversal posting (postings.reference), once executed. */
  reversal_reference: string | null;
  error: string | null;
  updated_at: string;
}

/** A setting an admin changed (0090): the four-eyes rules, the automatic tier. */
export interface SettingsTable {
  key: string;
  value: string;
  updated_by: string;
  updated_at: string;
}

export interface AlertWindowsTable {
  dedupe_key: string;
  kind: string;
  subject: string;
  sent_at: string;
  window_until: string;
  suppressed: ColumnType<number, number | undefined, number>;
}

export interface AlertHistoryTable {
  id: Generated<number>;
  at: string;
  kind: string;
  dedupe_key: string;
  subject: string;
  message: string;
  status: string;
  recipients: string;
  error: string | null;
}

export interface ChargebackPostingsTable {
  id: Generated<number>;
  case_id: number;
  transaction_id: number;
  step: string;
  reference: string;
  company_code: string;
  document: string;
  why: string;
  state: string;
  prepared_by: string;
  prepared_at: string;
  decided_by: string | null;
  decided_at: string | null;
  error: string | null;
  updated_at: string;
}

export interface SavedViewsTable {
  owner: string;
  name: string;
  view: string;
  updated_at: string;
}

export interface UsersTable {
  name_key: string;
  name: string;
  roles: string;
  active: number;
  created_by: string;
  created_at: string;
  changed_by: string;
  changed_at: string;
}

export interface CallMetricsTable {
  minute: string;
  system: string;
  outcome: string;
  le_ms: number;
  count: number;
}

export interface BreakerTransitionsTable {
  id: Generated<number>;
  at: string;
  system: string;
  from_state: string;
  to_state: string;
}

export interface MetricSamplesTable {
  at: string;
  metric: string;
  value: number;
}

export interface SystemOutagesTable {
  system: string;
  since: string;
  last_failure_at: string;
  last_error: string;
  alerted_at: string | null;
}

export interface AlertSubscriptionsTable {
  user_key: string;
  user_name: string;
  email: string | null;
  kinds: string;
  /** JSON array of the kinds shown as notifications (0370); null: every kind. */
  notify_kinds: string | null;
  updated_at: string;
}

export interface Database {
  transactions: TransactionsTable;
  customers: CustomersTable;
  open_items: OpenItemsTable;
  proposals: ProposalsTable;
  proposal_items: ProposalItemsTable;
  match_models: MatchModelsTable;
  postings: PostingsTable;
  dead_letters: DeadLettersTable;
  sync_runs: SyncRunsTable;
  sync_log: SyncLogTable;
  sync_state: SyncStateTable;
  audit_log: AuditLogTable;
  audit_chain: AuditChainTable;
  match_aliases: MatchAliasesTable;
  refund_requests: RefundRequestsTable;
  reversal_requests: ReversalRequestsTable;
  settings: SettingsTable;
  alert_windows: AlertWindowsTable;
  alert_history: AlertHistoryTable;
  alert_subscriptions: AlertSubscriptionsTable;
  system_outages: SystemOutagesTable;
  saved_views: SavedViewsTable;
  users: UsersTable;
  call_metrics: CallMetricsTable;
  breaker_transitions: BreakerTransitionsTable;
  metric_samples: MetricSamplesTable;
  dispute_cases: DisputeCasesTable;
  chargeback_postings: ChargebackPostingsTable;
  dispute_mappings: DisputeMappingsTable;
  dispute_webhook_deliveries: DisputeWebhookDeliveriesTable;
  chargeback_deadline_alerts: ChargebackDeadlineAlertsTable;
  job_runs: JobRunsTable;
  job_state: JobStateTable;
  job_locks: JobLocksTable;
}

/** A processor's dispute case (0160), one per processor and case number. */
export interface DisputeCasesTable {
  id: Generated<number>;
  processor: string;
  case_number: string;
  stage: string;
  stage_raw: string;
  status: string;
  status_raw: string;
  network: string;
  reason_code: string;
  reason_meaning: string;
  reason_description: string;
  amount_minor: number;
  currency: string;
  original_amount_minor: number | null;
  /** The processor's fee for the case (0260). */
  fee_minor: number | null;
  impact: string;
  received_date: string | null;
  transaction_date: string | null;
  due_date: string | null;
  /** Last four digits only. */
  card_last4: string;
  arn: string;
  merchant_reference: string;
  reported_transaction_id: number | null;
  auth_code: string;
  merchant_id: string;
  source: string;
  origin: string;
  match_state: string;
  matched_transaction_id: number | null;
  match_method: string | null;
  /** JSON: {reasons: string[], candidates: {transactionId, why}[]}. */
  match_detail: string;
  first_seen_at: string;
  updated_at: string;
}

/** Which report header each dispute field was read from, per processor (0160). */
export interface DisputeMappingsTable {
  processor: string;
  mapping: string;
  updated_by: string;
  updated_at: string;
}

/** The chargeback-deadline alert raised for a case and its respond-by date (0270): once each. */
export interface ChargebackDeadlineAlertsTable {
  dispute_id: number;
  due_date: string;
  alerted_at: string;
}

/** A signed webhook delivery seen, per source and signature (0210): a replay adds nothing. */
export interface DisputeWebhookDeliveriesTable {
  source: string;
  signature: string;
  received_at: string;
}

export type Timestamp = ColumnType<string, string, string>;
