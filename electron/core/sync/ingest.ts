// Ingest of normalised PayTrace transactions into the store: exactly one row per transaction_id.
// A transaction PayTrace changed (pending -> settled, voided, refunded) updates its row and writes
// an audit entry; a transaction a clerk ignored or parked keeps that state.
import type { Kysely } from 'kysely';
import type { PaymentTransaction } from '../../../shared/domain';
import { appendAudit } from '../../store/audit';
import type { Database, TransactionQueueState, TransactionsTable } from '../../store/schema';
import { contentHash } from './hash';

export interface IngestCounts {
  ingested: number;
  updated: number;
  unchanged: number;
}

/** Transactions that never lead to a posting: declined, voided before settlement, authorisation only. */
export function initialQueueState(t: PaymentTransaction): TransactionQueueState {
  if (t.status === 'declined' || t.status === 'voided' || t.status === 'authorized' || t.kind === 'void' || t.kind === 'authorization') return 'closed';
  return 'new';
}

export function toRow(t: PaymentTransaction, now: string): Omit<TransactionsTable, 'queue_state' | 'state_reason' | 'first_seen_at'> {
  const fields = {
    transaction_id: t.source.transaction_id,
    kind: t.kind,
    status: t.status,
    batch: t.batch,
    amount_minor: t.amount.minor,
    currency: t.amount.currency,
    created_at_utc: t.createdAt.utc,
    created_at_original: t.createdAt.original,
    settled_at_utc: t.settledAt?.utc ?? null,
    settled_at_original: t.settledAt?.original ?? null,
    invoice_id: t.invoiceId,
    customer_reference_id: t.customerReferenceId,
    description: t.description,
    vault_customer_id: t.vaultCustomerId,
    billing_name: t.billingName,
    email: t.email,
    masked_card: t.maskedCard,
    card_brand: t.cardBrand,
    approval_code: t.approvalCode,
    original_transaction_id: t.originalTransactionId,
  };
  return { ...fields, content_hash: contentHash(fields), updated_at: now };
}

const STICKY: ReadonlySet<TransactionQueueState> = new Set(['ignored', 'parked', 'posted', 'approved', 'failed']);

/** Writes a page of transactions in one database transaction. */
export async function ingestTransactions(db: Kysely<Database>, transactions: readonly PaymentTransaction[], now: string): Promise<IngestCounts> {
  const counts: IngestCounts = { ingested: 0, updated: 0, unchanged: 0 };
  if (transactions.length === 0) return counts;
  await db.transaction().execute(async (trx) => {
    const ids = transactions.map((t) => t.source.transaction_id);
    const existing = new Map<number, { content_hash: string; queue_state: TransactionQueueState; status: string }>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await trx
        .selectFrom('transactions')
        .select(['transaction_id', 'content_hash', 'queue_state', 'status'])
        .where('transaction_id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) existing.set(r.transaction_id, r);
    }
    const inserts: TransactionsTable[] = [];
    for (const t of transactions) {
      const row = toRow(t, now);
      const before = existing.get(row.transaction_id);
      if (!before) {
        inserts.push({ ...row, queue_state: initialQueueState(t), state_reason: null, first_seen_at: now });
        existing.set(row.transaction_id, { content_hash: row.content_hash, queue_state: initialQueueState(t), status: row.status });
        counts.ingested += 1;
        continue;
      }
      if (before.content_hash === row.content_hash) {
        counts.unchanged += 1;
        continue;
      }
      // PayTrace changed the transaction. A void or decline closes an unposted payment;
      // otherwise the queue state stays (a clerk's decision or a posting is never undone by sync).
      const becameDead = initialQueueState(t) === 'closed';
      const queueState: TransactionQueueState = STICKY.has(before.queue_state) ? before.queue_state : becameDead ? 'closed' : before.queue_state;
      await trx.updateTable('transactions').set({ ...row, queue_state: queueState }).where('transaction_id', '=', row.transaction_id).execute();
      await appendAudit(trx, {
        actor: 'sync',
        action: 'transaction.changed',
        subject: `paytrace:${row.transaction_id}`,
        detail: { from: before.status, to: row.status, batch: row.batch, queueState },
      });
      existing.set(row.transaction_id, { content_hash: row.content_hash, queue_state: queueState, status: row.status });
      counts.updated += 1;
    }
    for (let i = 0; i < inserts.length; i += 200) {
      await trx.insertInto('transactions').values(inserts.slice(i, i + 200)).execute();
    }
  });
  return counts;
}
