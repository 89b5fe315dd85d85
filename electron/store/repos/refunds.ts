// Refund requests (table `refund_requests`, migrations 0040 and 0100): a refund a clerk prepared,
// the approver's decision, each attempt's reference at PayTrace, and what PayTrace did. At most one
// request in progress per sale; a partial unique index holds that too. State changes after the
// decision are compare-and-set (send, finish), so a sync resolving a request and the approver's
// call finishing it cannot both win. What people and PayTrace wrote (reasons, errors) is stored with card
// data masked.
import type { Kysely } from 'kysely';
import { redactCardText } from '../../../shared/security';
import type { RefundOperation, RefundRecord, RefundState } from '../records';
import { refundFromRow } from '../rows';
import type { Database } from '../schema';

export interface NewRefundRequest {
  readonly transactionId: number;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reason: string;
  readonly preparedBy: string;
  readonly at: string;
}

export interface RefundDecision {
  readonly state: 'approved' | 'rejected';
  readonly decidedBy: string;
  readonly at: string;
  readonly reason?: string;
}

/** An attempt leaving for PayTrace: its reference is committed before PayTrace hears of it. */
export interface RefundAttempt {
  readonly reference: string;
  readonly attempt: number;
  readonly operation: RefundOperation;
  readonly at: string;
  readonly by: string;
}

export interface RefundOutcome {
  readonly state: RefundState;
  readonly paytraceTransactionId: number | null;
  readonly error: string | null;
  readonly at: string;
}

/** Two clerks preparing a refund of the same sale at once: the database kept the first. */
export class RefundInProgressError extends Error {
  override readonly name = 'RefundInProgressError';
}

export interface RefundsRepository {
  get(id: number): Promise<RefundRecord | null>;
  /** A sale's requests in these states, leaving one out when asked. */
  ofSale(saleId: number, states: readonly RefundState[], exceptId?: number): Promise<RefundRecord[]>;
  /** Newest first, at most `limit`. */
  list(states: readonly RefundState[] | undefined, limit: number): Promise<RefundRecord[]>;
  /** Refunds made by ClearDesk whose PayTrace transaction is one of these, in state 'refunded'. */
  madeAs(paytraceTransactionIds: readonly number[]): Promise<RefundRecord[]>;
  /** Throws RefundInProgressError when the sale already has one in progress. */
  insert(request: NewRefundRequest): Promise<number>;
  /** Records the decision on a request still waiting for one; false when someone decided it first. */
  decide(id: number, decision: RefundDecision): Promise<boolean>;
  /**
   * An attempt leaves for PayTrace (state 'sent', with its reference), committed before PayTrace
   * hears of it; only from one of `from`. False when the request was not in one of them (someone
   * else sent it, or it was resolved meanwhile).
   */
  send(id: number, attempt: RefundAttempt, from: readonly RefundState[]): Promise<boolean>;
  /** Records what PayTrace did, only while the request is in one of `from`; false when it no longer was. */
  finish(id: number, outcome: RefundOutcome, from: readonly RefundState[]): Promise<boolean>;
  /** Requests whose attempt left for PayTrace and whose outcome is not known yet ('sent', 'unknown'), oldest first. */
  unresolved(): Promise<RefundRecord[]>;
  /** Refunded requests that were sent more than once: an earlier attempt may still turn up at PayTrace. */
  refundedAfterResending(): Promise<RefundRecord[]>;
  /** Requests, in any state, that name this PayTrace transaction as what they did. */
  holding(paytraceTransactionId: number): Promise<RefundRecord[]>;
}

const CHUNK = 500;

export function refundsRepository(db: Kysely<Database>): RefundsRepository {
  return {
    async get(id) {
      const r = await db.selectFrom('refund_requests').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? refundFromRow(r) : null;
    },
    async ofSale(saleId, states, exceptId) {
      let q = db
        .selectFrom('refund_requests')
        .selectAll()
        .where('transaction_id', '=', saleId)
        .where('state', 'in', [...states]);
      if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
      return (await q.orderBy('id').execute()).map(refundFromRow);
    },
    async list(states, limit) {
      let q = db.selectFrom('refund_requests').selectAll().orderBy('id', 'desc').limit(limit);
      if (states && states.length > 0) q = q.where('state', 'in', [...states]);
      return (await q.execute()).map(refundFromRow);
    },
    async madeAs(ids) {
      const out: RefundRecord[] = [];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await db
          .selectFrom('refund_requests')
          .selectAll()
          .where('state', '=', 'refunded')
          .where('paytrace_transaction_id', 'in', ids.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) out.push(refundFromRow(r));
      }
      return out;
    },
    async insert(r) {
      try {
        const { id } = await db
          .insertInto('refund_requests')
          .values({
            transaction_id: r.transactionId,
            amount_minor: r.amountMinor,
            currency: r.currency,
            reason: redactCardText(r.reason),
            state: 'requested',
            prepared_by: r.preparedBy,
            prepared_at: r.at,
            decided_by: null,
            decided_at: null,
            decision_reason: null,
            paytrace_transaction_id: null,
            error: null,
            updated_at: r.at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return Number(id);
      } catch (e) {
        if (e instanceof Error && /unique/i.test(e.message)) throw new RefundInProgressError(e.message, { cause: e });
        throw e;
      }
    },
    async decide(id, d) {
      const done = await db
        .updateTable('refund_requests')
        .set({
          state: d.state,
          decided_by: d.decidedBy,
          decided_at: d.at,
          updated_at: d.at,
          ...(d.reason !== undefined ? { decision_reason: redactCardText(d.reason) } : {}),
        })
        .where('id', '=', id)
        .where('state', '=', 'requested')
        .executeTakeFirst();
      return Number(done.numUpdatedRows) === 1;
    },
    async send(id, a, from) {
      const done = await db
        .updateTable('refund_requests')
        .set({
          state: 'sent',
          reference: a.reference,
          attempt: a.attempt,
          operation: a.operation,
          sent_at: a.at,
          sent_by: a.by,
          paytrace_transaction_id: null,
          error: null,
          updated_at: a.at,
        })
        .where('id', '=', id)
        .where('state', 'in', [...from])
        .executeTakeFirst();
      return Number(done.numUpdatedRows) === 1;
    },
    async finish(id, o, from) {
      const done = await db
        .updateTable('refund_requests')
        .set({
          state: o.state,
          paytrace_transaction_id: o.paytraceTransactionId,
          error: o.error === null ? null : redactCardText(o.error),
          updated_at: o.at,
        })
        .where('id', '=', id)
        .where('state', 'in', [...from])
        .executeTakeFirst();
      return Number(done.numUpdatedRows) === 1;
    },
    async unresolved() {
      const rows = await db
        .selectFrom('refund_requests')
        .selectAll()
        .where('state', 'in', ['sent', 'unknown'])
        .orderBy('id')
        .execute();
      return rows.map(refundFromRow);
    },
    async refundedAfterResending() {
      const rows = await db
        .selectFrom('refund_requests')
        .selectAll()
        .where('state', '=', 'refunded')
        .where('attempt', '>', 1)
        .orderBy('id')
        .execute();
      return rows.map(refundFromRow);
    },
    async holding(paytraceTransactionId) {
      const rows = await db
        .selectFrom('refund_requests')
        .selectAll()
        .where('paytrace_transaction_id', '=', paytraceTransactionId)
        .orderBy('id')
        .execute();
      return rows.map(refundFromRow);
    },
  };
}
