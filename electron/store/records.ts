// What the store hands out: the canonical model (shared/domain) plus what ClearDesk keeps beside
// it (queue state, proposal status, posting protocol state). The core works with these; the
// tables behind them (schema.ts) stay inside the store.
import type { MatchProposal, PaymentState, PaymentTransaction, PostingState } from '../../shared/domain';

/** A PayTrace transaction as ClearDesk keeps it: PayTrace's side and the clerk's side. */
export interface PaymentRecord extends PaymentTransaction {
  readonly state: PaymentState;
  /** Why a clerk parked or ignored it, or what SAP said when its posting failed. */
  readonly stateReason: string | null;
  readonly firstSeenAt: string;
  readonly updatedAt: string;
}

export type ProposalStatus = 'open' | 'approved' | 'rejected' | 'superseded';

/** A stored proposal: the engine's or a clerk's, and what became of it. */
export interface ProposalRecord extends MatchProposal {
  readonly id: number;
  readonly status: ProposalStatus;
  readonly createdAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  /** The person whose correction this is (null: the matcher's), and the customer it had before when that changed. */
  readonly correctedBy: string | null;
  readonly correctedCustomerFrom: string | null;
  /** The clerk who approved it first when the four-eyes rules want a second person. */
  readonly preparedBy: string | null;
  readonly preparedAt: string | null;
}

/** A setting an admin changed, as stored: the value is JSON the core validates. */
export interface SettingRecord {
  readonly key: string;
  readonly value: unknown;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** Which money movement a posting books; one standing (not reversed) posting per transaction and event. */
export type PostingEvent = 'payment' | 'refund' | 'chargeback' | 'write-off' | 'reversal' | 'chargeback-reversal';

/** A posting and where the exactly-once protocol stands with it (docs/ARCHITECTURE.md, "Posting exactly once"). */
export interface PostingRecord {
  /** The unique reference sent in REF_DOC_NO (XBLNR). */
  readonly reference: string;
  readonly transactionId: number;
  readonly event: PostingEvent;
  readonly state: PostingState;
  readonly companyCode: string;
  /** The FI document as sent, as JSON text: exactly what went out. */
  readonly document: string;
  readonly belnr: string | null;
  readonly gjahr: string | null;
  /** SAP's messages (BAPIRET2 rows) as JSON text, verbatim but for masked card numbers. */
  readonly messages: string;
  readonly attempts: number;
  readonly approvedBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The ClearDesk instance working on it now, and since when. */
  readonly claimedBy: string | null;
  readonly claimedAt: string | null;
  /** The reversal posting that reversed its SAP document; null while it stands. */
  readonly reversedBy: string | null;
  /** The IDoc that carries it (DOCNUM) and its status when last seen, where it went as one. */
  readonly idocNumber: string | null;
  readonly idocStatus: string | null;
  /** When the last call's outcome became unknown (the call failed); null when none did, or since resolved. */
  readonly outcomeUnknownAt: string | null;
  /** The proposal a payment's posting was approved from; null for other postings and ones written before 0420. */
  readonly proposalId: number | null;
}

/** requested and approved are in progress: one per posting at a time, and a posting is reversed once. */
export type ReversalState = 'requested' | 'rejected' | 'approved' | 'reversed' | 'failed';

/** The reversal of a posted payment's SAP document, prepared by one person and executed by another (four eyes). */
export interface ReversalRecord {
  readonly id: number;
  readonly transactionId: number;
  /** The posting reversed, and its SAP document. */
  readonly originalReference: string;
  readonly original: { readonly BELNR: string; readonly BUKRS: string; readonly GJAHR: string };
  /** SAP's reason for reversal (T041C) and the reversal's posting date (ISO). */
  readonly reasonCode: string;
  readonly postingDate: string;
  readonly reason: string;
  readonly state: ReversalState;
  readonly preparedBy: string;
  readonly preparedAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionReason: string | null;
  /** The reversal posting, once executed. */
  readonly reversalReference: string | null;
  readonly error: string | null;
  readonly updatedAt: string;
}

export type RefundState = 'requested' | 'approved' | 'rejected' | 'sent' | 'unknown' | 'refunded' | 'voided' | 'failed';

/** What an attempt asked PayTrace to do: refund a settled sale, or void an unsettled one. */
export type RefundOperation = 'refund' | 'void';

/** A refund of a PayTrace sale, prepared by a clerk and decided by an approver. */
export interface RefundRecord {
  readonly id: number;
  /** The sale (PayTrace transaction_id). */
  readonly transactionId: number;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reason: string;
  readonly state: RefundState;
  readonly preparedBy: string;
  readonly preparedAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionReason: string | null;
  /** The refund's own PayTrace transaction_id; for a void, the voided sale's. */
  readonly paytraceTransactionId: number | null;
  readonly error: string | null;
  readonly updatedAt: string;
  /** The latest attempt's reference at PayTrace (shared/refunds/reference.ts); null before the first send. */
  readonly reference: string | null;
  /** Attempts sent so far (0 before the first). */
  readonly attempt: number;
  readonly operation: RefundOperation | null;
  /** When and by whom the latest attempt left for PayTrace. */
  readonly sentAt: string | null;
  readonly sentBy: string | null;
}

export type DeadLetterSource = 'paytrace' | 'sap' | 'import' | 'posting';

export interface DeadLetterRecord {
  readonly id: number;
  readonly source: DeadLetterSource;
  readonly sourceKey: string | null;
  readonly error: string;
  readonly createdAt: string;
  readonly resolvedAt: string | null;
  /** Who resolved it by hand, and why; null while open or when ClearDesk resolved it itself. */
  readonly resolvedBy: string | null;
  readonly resolution: string | null;
}

export type SyncRunStatus = 'running' | 'ok' | 'failed';

export interface SyncRunRecord {
  readonly id: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly status: SyncRunStatus;
  readonly error: string | null;
}

export type SyncLogLevel = 'info' | 'warning' | 'error';
export type SyncLogSource = 'paytrace' | 'sap' | 'sync';

/** One event of a sync run. */
export interface SyncLogEntry {
  readonly level: SyncLogLevel;
  readonly source: SyncLogSource;
  /** What it is about: "paytrace:79388123", "export of 2025-03-10 SETTLED". */
  readonly subject: string;
  readonly message: string;
}

/** An audit entry as the screens and reports read it (the chain fields stay with verification). */
export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly detail: Record<string, unknown>;
}

/** What the audit browser asks for: every filter optional, newest first, a page before a cursor. */
export interface AuditListQuery {
  /** Exactly this person (or "system", "scheduler", ...). */
  readonly actor?: string;
  /** The entries about one payment (its subject "paytrace:<id>"). */
  readonly transactionId?: number;
  /** Exactly this action ("proposal.approved", "settings.changed"). */
  readonly action?: string;
  /** Written at or after this instant (ISO). */
  readonly from?: string;
  /** Written before this instant (ISO). */
  readonly to?: string;
  /** Text the subject or the detail contains (case-insensitive; read within the other filters). */
  readonly text?: string;
  /** Entries older than this seq (the previous page's `nextBefore`). */
  readonly before?: number;
  readonly limit: number;
}

export interface AuditPage {
  /** Newest first. */
  readonly entries: readonly AuditEntry[];
  /** How many entries match, over every page. */
  readonly total: number;
  /** The cursor for the next (older) page; null when this was the last. */
  readonly nextBefore: number | null;
}

/** An SAP open item's key, as the store keys it (BUKRS/BELNR/GJAHR/BUZEI). */
export interface OpenItemKey {
  readonly BUKRS: string;
  readonly BELNR: string;
  readonly GJAHR: string;
  readonly BUZEI: string;
}

export const openItemKeyText = (k: OpenItemKey): string => `${k.BUKRS}/${k.BELNR}/${k.GJAHR}/${k.BUZEI}`;

/** What became of an alert: e-mailed, held back inside its window, refused by the mail server, or no mail configured. */
export type AlertStatus = 'sent' | 'suppressed' | 'failed' | 'not-configured';

export interface AlertRecord {
  readonly id: number;
  readonly at: string;
  readonly kind: string;
  readonly dedupeKey: string;
  readonly subject: string;
  readonly message: string;
  readonly status: AlertStatus;
  readonly recipients: readonly string[];
  /** The mail server's error when it failed (card data masked); null otherwise. */
  readonly error: string | null;
}

/** Repeats of one dedupe key held back since its last e-mail. */
export interface AlertDigestLine {
  readonly dedupeKey: string;
  readonly kind: string;
  readonly subject: string;
  readonly suppressed: number;
}

export interface AlertSubscriptionRecord {
  readonly userKey: string;
  readonly userName: string;
  readonly email: string | null;
  readonly kinds: readonly string[];
  /** The kinds shown as notifications; null: every kind (never chosen). */
  readonly notify: readonly string[] | null;
  readonly updatedAt: string;
}

/** What the alert checks read after a sync: what waits for a person. */
export interface AlertWatch {
  readonly openDeadLetters: number;
  /** Payments whose posting SAP refused (state failed). */
  readonly failedPostings: number;
  /** Sales received and not applied in SAP yet (new, review, prepared, parked, failed), per currency. */
  readonly unapplied: readonly { readonly currency: string; readonly minor: number; readonly count: number }[];
}

/** How a job's run ended, or that it is under way (migration 0140). `skipped`: its time came while it was still running. */
export type JobRunStatus = 'running' | 'ok' | 'failed' | 'skipped';
/** What started a run: its schedule, the catch-up at start for a time missed while ClearDesk was closed, or a person. */
export type JobTrigger = 'schedule' | 'catch-up' | 'manual';

/** One line of a job run's log. */
export interface JobLogLine {
  readonly at: string;
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
}

export interface JobRunRecord {
  readonly id: number;
  readonly job: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly status: JobRunStatus;
  readonly trigger: JobTrigger;
  readonly instance: string;
  readonly requestedBy: string | null;
  readonly counts: Record<string, number>;
  readonly error: string | null;
  readonly log: readonly JobLogLine[];
}

/** A job an admin paused, and by whom. */
export interface JobPause {
  readonly job: string;
  readonly pausedBy: string | null;
  readonly pausedAt: string | null;
}

/** Who holds a job's (or group's) lease when another instance could not take it. */
export interface JobLease {
  readonly name: string;
  readonly owner: string;
  readonly job: string | null;
  readonly acquiredAt: string | null;
  readonly expiresAt: string;
}
