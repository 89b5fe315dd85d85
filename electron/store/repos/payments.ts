// PayTrace transactions as ClearDesk keeps them (table `transactions`): ingest, reads, and the
// one writer of their queue state.
import type { Kysely } from 'kysely';
import type { PaymentState, PaymentTransaction } from '../../../shared/domain';
import type { PaymentRecord } from '../records';
import { paymentFromRow } from '../rows';
import type { AuditKeys } from '../audit-keys';
import type { Database } from '../schema';
import { ingestPayments, type IngestCounts } from './payments-ingest';
import { writeTransition, type TransitionRequest, type TransitionResult } from './transitions';

export type { IngestCounts } from './payments-ingest';

const CHUNK = 500;

export interface PaymentsRepository {
  get(transactionId: number): Promise<PaymentRecord | null>;
  /** Those of `ids` the store holds, in no particular order. */
  getMany(ids: readonly number[]): Promise<PaymentRecord[]>;
  /** Every payment in `state`, oldest transaction id first. */
  inState(state: PaymentState): Promise<PaymentRecord[]>;
  /** When the oldest payment PayTrace has not settled yet was made, or null. */
  oldestPendingCreatedAt(): Promise<string | null>;
  /**
   * The sales (money in: not a refund, void, authorization or decline) a refund may refund: by PayTrace transaction
   * id, by invoice as PayTrace holds it, or by card (refunds that name no invoice). The matcher decides which.
   */
  salesRefundsMayName(keys: {
    readonly ids: readonly number[];
    readonly invoices: readonly string[];
    readonly cards: readonly string[];
  }): Promise<PaymentRecord[]>;
  /**
   * A sale's refunds, oldest first: each refund counts for one sale, its live proposal's (the matcher's finding,
   * shared/matching refunds.ts), else the one PayTrace's export names the original.
   */
  refundsRelatedTo(saleId: number): Promise<PaymentRecord[]>;
  /** PayTrace refunds that carry one of these references in customer_reference_id (ClearDesk's refund references). */
  refundsWithReferences(references: readonly string[]): Promise<PaymentRecord[]>;
  /** Writes a page of normalised transactions in one database transaction: new rows, changed rows, the rest untouched. */
  ingest(page: readonly PaymentTransaction[], now: string): Promise<IngestCounts>;
  /** Applies an event of the payment state machine, with its audit entry, or refuses it (TransitionRefusedError). */
  transition(transactionId: number, request: TransitionRequest): Promise<TransitionResult>;
}

export function paymentsRepository(db: Kysely<Database>, keys: AuditKeys | null): PaymentsRepository {
  return {
    async get(transactionId) {
      const row = await db
        .selectFrom('transactions')
        .selectAll()
        .where('transaction_id', '=', transactionId)
        .executeTakeFirst();
      return row ? paymentFromRow(row) : null;
    },
    async getMany(ids) {
      const out: PaymentRecord[] = [];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await db
          .selectFrom('transactions')
          .selectAll()
          .where('transaction_id', 'in', ids.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) out.push(paymentFromRow(r));
      }
      return out;
    },
    async inState(state) {
      const rows = await db
        .selectFrom('transactions')
        .selectAll()
        .where('queue_state', '=', state)
        .orderBy('transaction_id')
        .execute();
      return rows.map(paymentFromRow);
    },
    async oldestPendingCreatedAt() {
      const row = await db
        .selectFrom('transactions')
        .select((eb) => eb.fn.min('created_at_utc').as('oldest'))
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return row?.oldest ?? null;
    },
    async salesRefundsMayName({ ids, invoices, cards }) {
      const out = new Map<number, PaymentRecord>();
      const read = async (
        column: 'transaction_id' | 'invoice_id' | 'masked_card',
        values: readonly (number | string)[],
      ) => {
        for (let i = 0; i < values.length; i += CHUNK) {
          const rows = await db
            .selectFrom('transactions')
            .selectAll()
            .where(column, 'in', values.slice(i, i + CHUNK) as never[])
            .where('kind', 'not in', ['refund', 'void', 'authorization'])
            .where('status', 'not in', ['voided', 'declined', 'authorized'])
            .execute();
          for (const r of rows) out.set(Number(r.transaction_id), paymentFromRow(r));
        }
      };
      await read('transaction_id', ids);
      await read('invoice_id', invoices);
      await read('masked_card', cards);
      return [...out.values()].sort((a, b) => a.source.transaction_id - b.source.transaction_id);
    },
    async refundsRelatedTo(saleId) {
      const live = ['open', 'approved'] as const;
      // One sale per refund: its live proposal's (the matcher's finding), else the one PayTrace names. Two look-ups,
      // each on its partial index (0440), merged.
      const proposed = await db
        .selectFrom('transactions as t')
        .innerJoin('proposals as p', 'p.transaction_id', 't.transaction_id')
        .selectAll('t')
        .where('p.related_transaction_id', '=', saleId)
        .where('p.status', 'in', [...live])
        .where('t.kind', '=', 'refund')
        .execute();
      const named = await db
        .selectFrom('transactions as t')
        .selectAll('t')
        .where('t.original_transaction_id', '=', saleId)
        .where('t.kind', '=', 'refund')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('proposals as p')
                .select('p.id')
                .whereRef('p.transaction_id', '=', 't.transaction_id')
                .where('p.status', 'in', [...live])
                .where('p.related_transaction_id', 'is not', null)
                .where('p.related_transaction_id', '<>', saleId),
            ),
          ),
        )
        .execute();
      const byId = new Map([...proposed, ...named].map((r) => [Number(r.transaction_id), r]));
      return [...byId.values()]
        .map(paymentFromRow)
        .sort(
          (a, b) =>
            (a.createdAt.utc < b.createdAt.utc ? -1 : a.createdAt.utc > b.createdAt.utc ? 1 : 0) ||
            a.source.transaction_id - b.source.transaction_id,
        );
    },
    async refundsWithReferences(references) {
      const out: PaymentRecord[] = [];
      for (let i = 0; i < references.length; i += CHUNK) {
        const rows = await db
          .selectFrom('transactions')
          .selectAll()
          .where('kind', '=', 'refund')
          .where('customer_reference_id', 'in', references.slice(i, i + CHUNK))
          .orderBy('transaction_id')
          .execute();
        for (const r of rows) out.push(paymentFromRow(r));
      }
      return out;
    },
    ingest: (page, now) => ingestPayments(db, page, now, keys),
    transition: (transactionId, request) => writeTransition(db, transactionId, request, keys),
  };
}
