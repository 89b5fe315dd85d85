// Ingest of normalised PayTrace transactions into the store: exactly one row per transaction_id.
// A transaction PayTrace changed (pending -> settled, voided, refunded) updates its row and writes
// an audit entry; a transaction a clerk ignored or parked keeps that state.
import type { CompiledQuery, Kysely, Transaction } from 'kysely';
import type { PaymentTransaction } from '../../../shared/domain';
import { appendAudit } from '../../store/audit';
import { addDeadLetter } from '../../store/dead-letters';
import type { Database, TransactionQueueState, TransactionsTable } from '../../store/schema';
import { sha256Hex } from './hash';

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
  // The hash covers PayTrace's fields only; the two columns are added to the same object (no copy).
  const content_hash = rowHash(fields);
  const row = fields as typeof fields & { content_hash: string; updated_at: string };
  row.content_hash = content_hash;
  row.updated_at = now;
  return row;
}

/**
 * The content hash of a transaction row: its PayTrace fields in a fixed order, separated by a
 * unit separator. Ingest hashes every record of every page, so this is written out instead of
 * going through the general contentHash (sorting keys and building JSON cost more than hashing).
 * The nullable fields are numbers or ISO strings, so their "null" cannot collide with a value.
 */
function rowHash(f: Omit<TransactionsTable, 'queue_state' | 'state_reason' | 'first_seen_at' | 'content_hash' | 'updated_at'>): string {
  const text =
    `${f.transaction_id}\u001f${f.kind}\u001f${f.status}\u001f${f.batch}\u001f${f.amount_minor}\u001f${f.currency}\u001f` +
    `${f.created_at_utc}\u001f${f.created_at_original}\u001f${f.settled_at_utc}\u001f${f.settled_at_original}\u001f` +
    `${f.invoice_id}\u001f${f.customer_reference_id}\u001f${f.description}\u001f${f.vault_customer_id}\u001f${f.billing_name}\u001f` +
    `${f.email}\u001f${f.masked_card}\u001f${f.card_brand}\u001f${f.approval_code}\u001f${f.original_transaction_id}`;
  return sha256Hex(text).slice(0, 32);
}

const STICKY: ReadonlySet<TransactionQueueState> = new Set(['ignored', 'parked', 'posted', 'approved', 'failed']);

/** The columns toRow fills, then the three a new row adds: the order the multi-row INSERT binds them. */
const ROW_COLUMNS = [
  'transaction_id', 'kind', 'status', 'batch', 'amount_minor', 'currency', 'created_at_utc', 'created_at_original',
  'settled_at_utc', 'settled_at_original', 'invoice_id', 'customer_reference_id', 'description', 'vault_customer_id',
  'billing_name', 'email', 'masked_card', 'card_brand', 'approval_code', 'original_transaction_id', 'content_hash', 'updated_at',
] as const satisfies readonly (keyof ReturnType<typeof toRow>)[];
const INSERT_COLUMNS = [...ROW_COLUMNS, 'queue_state', 'state_reason', 'first_seen_at'] as const satisfies readonly (keyof TransactionsTable)[];
// A column added to TransactionsTable but not to INSERT_COLUMNS fails the type check here.
const _allColumns: Record<Exclude<keyof TransactionsTable, (typeof INSERT_COLUMNS)[number]>, never> = {};

// Bound parameters per statement: SQLite allows 32766, PostgreSQL 65535. One statement per chunk.
const MAX_PARAMETERS = 30_000;
const INSERT_CHUNK = Math.floor(MAX_PARAMETERS / INSERT_COLUMNS.length);
const SELECT_CHUNK = 5_000;

type Existing = { content_hash: string; queue_state: TransactionQueueState; status: string };

// Per-row Kysely query building and compiling cost more than SQLite's own work on a large page, so
// each statement shape (a chunk of n rows or n ids) is built and compiled once per call and then
// executed with each chunk's parameters. It is the same SQL Kysely writes for either dialect.
class Statements {
  private readonly inserts = new Map<number, CompiledQuery>();
  private readonly selects = new Map<number, CompiledQuery>();
  constructor(private readonly trx: Transaction<Database>) {}

  /** INSERT of rows.length / INSERT_COLUMNS.length rows; parameters row after row, in INSERT_COLUMNS order. */
  async insert(parameters: unknown[]): Promise<void> {
    const rows = parameters.length / INSERT_COLUMNS.length;
    let query = this.inserts.get(rows);
    if (!query) {
      const placeholder = Object.fromEntries(INSERT_COLUMNS.map((c) => [c, null])) as unknown as TransactionsTable;
      query = this.trx.insertInto('transactions').values(Array.from({ length: rows }, () => placeholder)).compile();
      if (query.parameters.length !== parameters.length) throw new Error(`ingest: the insert binds ${query.parameters.length} parameters, not ${parameters.length}`);
      this.inserts.set(rows, query);
    }
    await this.trx.executeQuery({ ...query, parameters });
  }

  async existing(ids: readonly number[]): Promise<(Existing & { transaction_id: number })[]> {
    let query = this.selects.get(ids.length);
    if (!query) {
      query = this.trx
        .selectFrom('transactions')
        .select(['transaction_id', 'content_hash', 'queue_state', 'status'])
        .where('transaction_id', 'in', ids)
        .compile();
      if (query.parameters.length !== ids.length) throw new Error(`ingest: the select binds ${query.parameters.length} parameters, not ${ids.length}`);
      this.selects.set(ids.length, query);
    }
    const { rows } = await this.trx.executeQuery<Existing & { transaction_id: number }>({ ...query, parameters: ids });
    return rows;
  }
}

/** Writes a page of transactions in one database transaction. */
export async function ingestTransactions(db: Kysely<Database>, transactions: readonly PaymentTransaction[], now: string): Promise<IngestCounts> {
  const counts: IngestCounts = { ingested: 0, updated: 0, unchanged: 0 };
  if (transactions.length === 0) return counts;
  await db.transaction().execute(async (trx) => {
    const statements = new Statements(trx);
    const ids = transactions.map((t) => t.source.transaction_id);
    const existing = new Map<number, Existing>();
    for (let i = 0; i < ids.length; i += SELECT_CHUNK) {
      for (const r of await statements.existing(ids.slice(i, i + SELECT_CHUNK))) existing.set(r.transaction_id, r);
    }
    // New rows, flattened into INSERT parameters, written a full chunk at a time.
    let pending: unknown[] = [];
    const pendingIds = new Set<number>();
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const parameters = pending;
      pending = [];
      pendingIds.clear();
      await statements.insert(parameters);
    };
    for (const t of transactions) {
      const row = toRow(t, now);
      const before = existing.get(row.transaction_id);
      if (!before) {
        const queueState = initialQueueState(t);
        for (const c of ROW_COLUMNS) pending.push(row[c]);
        pending.push(queueState, null, now); // queue_state, state_reason, first_seen_at
        pendingIds.add(row.transaction_id);
        if (pending.length >= INSERT_CHUNK * INSERT_COLUMNS.length) await flush();
        existing.set(row.transaction_id, { content_hash: row.content_hash, queue_state: queueState, status: row.status });
        counts.ingested += 1;
        continue;
      }
      if (before.content_hash === row.content_hash) {
        counts.unchanged += 1;
        continue;
      }
      // The row may still be waiting to be inserted (the page holds the transaction twice): write it first.
      if (pendingIds.has(row.transaction_id)) await flush();
      // PayTrace changed the transaction. A void or decline closes an unposted payment;
      // otherwise the queue state stays (a clerk's decision or a posting is never undone by sync).
      const becameDead = initialQueueState(t) === 'closed';
      const queueState: TransactionQueueState = STICKY.has(before.queue_state) ? before.queue_state : becameDead ? 'closed' : before.queue_state;
      await trx.updateTable('transactions').set({ ...row, queue_state: queueState }).where('transaction_id', '=', row.transaction_id).execute();
      if (becameDead && queueState === 'closed') {
        // A voided sale releases the invoices its proposal claimed.
        await trx.updateTable('proposals').set({ status: 'superseded' }).where('transaction_id', '=', row.transaction_id).where('status', '=', 'open').execute();
      } else if (becameDead && (before.queue_state === 'posted' || before.queue_state === 'approved')) {
        // The money will not arrive, but SAP has (or is getting) the payment: someone must reverse it.
        await addDeadLetter(trx, {
          source: 'paytrace',
          sourceKey: String(row.transaction_id),
          error: `PayTrace reports transaction ${row.transaction_id} as ${row.status} after ClearDesk posted it to SAP; reverse the SAP document of posting PT${row.transaction_id}.`,
          payload: { transaction_id: row.transaction_id, status: row.status },
          at: now,
        });
      }
      await appendAudit(trx, {
        actor: 'sync',
        action: 'transaction.changed',
        subject: `paytrace:${row.transaction_id}`,
        detail: { from: before.status, to: row.status, batch: row.batch, queueState },
      });
      existing.set(row.transaction_id, { content_hash: row.content_hash, queue_state: queueState, status: row.status });
      counts.updated += 1;
    }
    await flush();
  });
  return counts;
}
