// Reversal requests (table `reversal_requests`, migration 0110; docs/ARCHITECTURE.md, "Reversals"): the
// reversal of a posted payment's SAP document a clerk prepared, the approver's decision, and what
// SAP did. A posting is reversed once, and while a reversal of it is waiting or under way no
// second one is prepared (a partial unique index holds that too). What people and SAP wrote is
// stored with card data masked.
import type { Kysely } from 'kysely';
import { redactCardText } from '../../../shared/security';
import type { ReversalRecord, ReversalState } from '../records';
import { reversalFromRow } from '../rows';
import type { Database } from '../schema';

export interface NewReversalRequest {
  readonly transactionId: number;
  readonly originalReference: string;
  readonly original: { readonly BELNR: string; readonly BUKRS: string; readonly GJAHR: string };
  readonly reasonCode: string;
  readonly postingDate: string;
  readonly reason: string;
  readonly preparedBy: string;
  readonly at: string;
}

/** Two people preparing a reversal of the same posting at once, or of one already reversed: the database kept the first. */
export class ReversalInProgressError extends Error {
  override readonly name = 'ReversalInProgressError';
}

export interface ReversalsRepository {
  get(id: number): Promise<ReversalRecord | null>;
  /** A payment's reversal requests, newest first. */
  ofTransaction(transactionId: number): Promise<ReversalRecord[]>;
  /** The newest request of each of these payments. */
  latestOf(transactionIds: readonly number[]): Promise<Map<number, ReversalRecord>>;
  /** The request a reversal posting executes. */
  byReversalReference(reference: string): Promise<ReversalRecord | null>;
  /** Newest first, at most `limit`. */
  list(states: readonly ReversalState[] | undefined, limit: number): Promise<ReversalRecord[]>;
  /** Throws ReversalInProgressError when the posting already has one in progress or was reversed. */
  insert(request: NewReversalRequest): Promise<number>;
  /**
   * Records the decision on a request still waiting for one, and for an approval the reversal
   * posting that executes it; false when someone decided it first.
   */
  decide(
    id: number,
    decision: {
      readonly state: 'approved' | 'rejected';
      readonly decidedBy: string;
      readonly at: string;
      readonly reason?: string;
      readonly reversalReference?: string;
    },
  ): Promise<boolean>;
  /** What SAP did with an approved request: reversed it, or refused (with SAP's words). */
  finish(
    id: number,
    outcome: { readonly state: 'reversed' | 'failed'; readonly error: string | null; readonly at: string },
  ): Promise<void>;
}

const CHUNK = 500;

export function reversalsRepository(db: Kysely<Database>): ReversalsRepository {
  return {
    async get(id) {
      const r = await db.selectFrom('reversal_requests').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? reversalFromRow(r) : null;
    },
    async ofTransaction(transactionId) {
      const rows = await db
        .selectFrom('reversal_requests')
        .selectAll()
        .where('transaction_id', '=', transactionId)
        .orderBy('id', 'desc')
        .execute();
      return rows.map(reversalFromRow);
    },
    async latestOf(ids) {
      const out = new Map<number, ReversalRecord>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await db
          .selectFrom('reversal_requests')
          .selectAll()
          .where('transaction_id', 'in', ids.slice(i, i + CHUNK))
          .orderBy('id')
          .execute();
        for (const r of rows) out.set(Number(r.transaction_id), reversalFromRow(r));
      }
      return out;
    },
    async byReversalReference(reference) {
      const r = await db
        .selectFrom('reversal_requests')
        .selectAll()
        .where('reversal_reference', '=', reference)
        // A reversal SAP refused and one prepared again share the reference: the newest is executing.
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return r ? reversalFromRow(r) : null;
    },
    async list(states, limit) {
      let q = db.selectFrom('reversal_requests').selectAll().orderBy('id', 'desc').limit(limit);
      if (states && states.length > 0) q = q.where('state', 'in', [...states]);
      return (await q.execute()).map(reversalFromRow);
    },
    async insert(r) {
      try {
        const { id } = await db
          .insertInto('reversal_requests')
          .values({
            transaction_id: r.transactionId,
            original_reference: r.originalReference,
            company_code: r.original.BUKRS,
            belnr: r.original.BELNR,
            gjahr: r.original.GJAHR,
            reason_code: r.reasonCode,
            posting_date: r.postingDate,
            reason: redactCardText(r.reason),
            state: 'requested',
            prepared_by: r.preparedBy,
            prepared_at: r.at,
            decided_by: null,
            decided_at: null,
            decision_reason: null,
            reversal_reference: null,
            error: null,
            updated_at: r.at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return Number(id);
      } catch (e) {
        if (e instanceof Error && /unique/i.test(e.message)) throw new ReversalInProgressError(e.message, { cause: e });
        throw e;
      }
    },
    async decide(id, d) {
      const done = await db
        .updateTable('reversal_requests')
        .set({
          state: d.state,
          decided_by: d.decidedBy,
          decided_at: d.at,
          updated_at: d.at,
          ...(d.reason !== undefined ? { decision_reason: redactCardText(d.reason) } : {}),
          ...(d.reversalReference !== undefined ? { reversal_reference: d.reversalReference } : {}),
        })
        .where('id', '=', id)
        .where('state', '=', 'requested')
        .executeTakeFirst();
      return Number(done.numUpdatedRows) === 1;
    },
    async finish(id, o) {
      await db
        .updateTable('reversal_requests')
        .set({ state: o.state, error: o.error === null ? null : redactCardText(o.error), updated_at: o.at })
        .where('id', '=', id)
        .execute();
    },
  };
}
