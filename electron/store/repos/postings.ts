// Postings (table `postings`): the local half of the exactly-once protocol (docs/ARCHITECTURE.md,
// "Posting exactly once"). A posting is written 'sending' before SAP is called, claimed by the
// instance working on it, and ends 'posted' with SAP's document key or 'failed' with SAP's words;
// or it is 'pending' while SAP holds it unposted (an IDoc in 64 or 51), until SAP posts it or gives up.
import type { Kysely } from 'kysely';
import type { PostingEvent, PostingRecord } from '../records';
import { postingFromRow } from '../rows';
import type { Database } from '../schema';

const CHUNK = 500;

/** A primary-key or unique violation, as SQLite (better-sqlite3) and PostgreSQL (pg) report it. */
function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

export interface NewPosting {
  readonly reference: string;
  readonly transactionId: number;
  readonly event: PostingEvent;
  readonly companyCode: string;
  readonly document: string;
  readonly approvedBy: string;
  /** The proposal a payment's posting is approved from. */
  readonly proposalId?: number | undefined;
  readonly instanceId: string;
  readonly at: string;
}

export interface PostingsRepository {
  /**
   * The payment's posting of this event that stands (not reversed); for 'reversal', its newest.
   * A payment whose posting was reversed has none until it is posted again.
   */
  find(transactionId: number, event: PostingEvent): Promise<PostingRecord | null>;
  get(reference: string): Promise<PostingRecord | null>;
  /** The standing postings of these payments for these events. */
  forTransactions(transactionIds: readonly number[], events: readonly PostingEvent[]): Promise<PostingRecord[]>;
  /** Every posting of the payment, reversed ones and reversals included, oldest first. */
  ofTransaction(transactionId: number): Promise<PostingRecord[]>;
  /** Marks a posted posting reversed by the reversal posting `reversedBy`; it no longer stands. */
  markReversed(reference: string, reversedBy: string, at: string): Promise<void>;
  /** Postings not resolved yet: left 'sending' (outcome unknown) or 'pending' (held in SAP), oldest first. */
  unresolved(): Promise<PostingRecord[]>;
  /** Whether ClearDesk ever sent a posting into this company code (a journal of one it no longer works in). */
  anyIn(companyCode: string): Promise<boolean>;
  /**
   * Claims the posting for `instanceId`, unless another instance holds a claim younger than
   * `expiredBefore`. False when it is someone else's right now.
   */
  claim(reference: string, instanceId: string, at: string, expiredBefore: string): Promise<boolean>;
  /** Lets go of the claim on a posting, changing nothing else (a pending posting SAP still holds as it was). */
  release(reference: string): Promise<void>;
  /** Writes a new posting 'sending', claimed by its instance. False when one with this reference exists already. */
  insertSending(posting: NewPosting): Promise<boolean>;
  /** Sends an existing posting again: 'sending', with the document as approved now (and no IDoc yet). */
  resend(
    reference: string,
    change: { document: string; attempts: number; approvedBy: string; proposalId?: number | undefined; at: string },
  ): Promise<void>;
  /** The call to SAP failed without an answer at `at`: the posting stays 'sending', its outcome unknown since then. */
  outcomeUnknown(reference: string, at: string): Promise<void>;
  markPosted(
    reference: string,
    key: { BELNR: string; GJAHR: string },
    messages: string,
    at: string,
    idoc?: { number: string; status: string },
  ): Promise<PostingRecord>;
  /** SAP holds the posting unposted (an IDoc in 64, 51, ...): 'pending', with the IDoc and SAP's words. */
  markPending(
    reference: string,
    idoc: { number: string; status: string },
    messages: string,
    at: string,
  ): Promise<PostingRecord>;
  markFailed(reference: string, messages: string, at: string): Promise<PostingRecord>;
}

export function postingsRepository(db: Kysely<Database>): PostingsRepository {
  const finish = async (
    reference: string,
    set: {
      state: 'posted' | 'failed' | 'pending';
      messages: string;
      updated_at: string;
      belnr?: string;
      gjahr?: string;
      idoc_number?: string;
      idoc_status?: string;
    },
  ) =>
    postingFromRow(
      await db
        .updateTable('postings')
        .set({ ...set, claimed_by: null, claimed_at: null, outcome_unknown_at: null })
        .where('reference', '=', reference)
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
  return {
    async find(transactionId, event) {
      const row = await db
        .selectFrom('postings')
        .selectAll()
        .where('transaction_id', '=', transactionId)
        .where('event', '=', event)
        .where('reversed_by', 'is', null)
        .orderBy('created_at', 'desc')
        .orderBy('reference', 'desc')
        .executeTakeFirst();
      return row ? postingFromRow(row) : null;
    },
    async get(reference) {
      const row = await db.selectFrom('postings').selectAll().where('reference', '=', reference).executeTakeFirst();
      return row ? postingFromRow(row) : null;
    },
    async ofTransaction(transactionId) {
      const rows = await db
        .selectFrom('postings')
        .selectAll()
        .where('transaction_id', '=', transactionId)
        .orderBy('created_at')
        .orderBy('reference')
        .execute();
      return rows.map(postingFromRow);
    },
    async markReversed(reference, reversedBy, at) {
      await db
        .updateTable('postings')
        .set({ reversed_by: reversedBy, updated_at: at })
        .where('reference', '=', reference)
        .where('state', '=', 'posted')
        .execute();
    },
    async forTransactions(transactionIds, events) {
      const out: PostingRecord[] = [];
      for (let i = 0; i < transactionIds.length; i += CHUNK) {
        const rows = await db
          .selectFrom('postings')
          .selectAll()
          .where('transaction_id', 'in', transactionIds.slice(i, i + CHUNK))
          .where('event', 'in', [...events])
          .where('reversed_by', 'is', null)
          .execute();
        for (const r of rows) out.push(postingFromRow(r));
      }
      return out;
    },
    async anyIn(companyCode) {
      const row = await db
        .selectFrom('postings')
        .select('reference')
        .where('company_code', '=', companyCode)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
    async unresolved() {
      const rows = await db
        .selectFrom('postings')
        .selectAll()
        .where('state', 'in', ['sending', 'pending'])
        .orderBy('created_at')
        .orderBy('reference')
        .execute();
      return rows.map(postingFromRow);
    },
    async claim(reference, instanceId, at, expiredBefore) {
      const result = await db
        .updateTable('postings')
        .set({ claimed_by: instanceId, claimed_at: at })
        .where('reference', '=', reference)
        .where((eb) =>
          eb.or([
            eb('claimed_by', 'is', null),
            eb('claimed_by', '=', instanceId),
            eb('claimed_at', '<', expiredBefore),
          ]),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async release(reference) {
      await db
        .updateTable('postings')
        .set({ claimed_by: null, claimed_at: null })
        .where('reference', '=', reference)
        .execute();
    },
    async insertSending(p) {
      try {
        await db
          .insertInto('postings')
          .values({
            reference: p.reference,
            transaction_id: p.transactionId,
            event: p.event,
            state: 'sending',
            company_code: p.companyCode,
            document: p.document,
            belnr: null,
            gjahr: null,
            messages: '[]',
            attempts: 1,
            approved_by: p.approvedBy,
            created_at: p.at,
            updated_at: p.at,
            claimed_by: p.instanceId,
            claimed_at: p.at,
            reversed_by: null,
            proposal_id: p.proposalId ?? null,
          })
          .execute();
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },
    async resend(reference, change) {
      await db
        .updateTable('postings')
        .set({
          state: 'sending',
          document: change.document,
          attempts: change.attempts,
          approved_by: change.approvedBy,
          // A recovery's resend keeps the proposal; a clerk's new approval names its own.
          ...(change.proposalId !== undefined ? { proposal_id: change.proposalId } : {}),
          updated_at: change.at,
          idoc_number: null,
          idoc_status: null,
          outcome_unknown_at: null,
        })
        .where('reference', '=', reference)
        .execute();
    },
    async outcomeUnknown(reference, at) {
      await db
        .updateTable('postings')
        .set({ outcome_unknown_at: at })
        .where('reference', '=', reference)
        .where('state', '=', 'sending')
        .execute();
    },
    markPosted: (reference, key, messages, at, idoc) =>
      finish(reference, {
        state: 'posted',
        belnr: key.BELNR,
        gjahr: key.GJAHR,
        messages,
        updated_at: at,
        ...(idoc ? { idoc_number: idoc.number, idoc_status: idoc.status } : {}),
      }),
    markPending: (reference, idoc, messages, at) =>
      finish(reference, {
        state: 'pending',
        idoc_number: idoc.number,
        idoc_status: idoc.status,
        messages,
        updated_at: at,
      }),
    markFailed: (reference, messages, at) => finish(reference, { state: 'failed', messages, updated_at: at }),
  };
}
