// Ingest of normalised PayTrace transactions into the store: exactly one row per transaction_id.
// A new transaction starts in the state the payment state machine gives it; one PayTrace changed
// (pending -> settled, voided, refunded) updates PayTrace's side of its row, and the change goes
// through the transition writer (so a void closes unposted work and asks for a reversal of a
// posted payment, and a clerk's decision stays), with its audit entry.
import type { CompiledQuery, Kysely, Transaction } from 'kysely';
import { initialPaymentState, type PaymentTransaction } from '../../../shared/domain';
import { insertRows } from '../bulk';
import { sha256Hex } from '../content-hash';
import { indexNewPayments } from '../queue-search';
import type { AuditKeys } from '../audit-keys';
import type { Database, TransactionQueueState, TransactionsTable } from '../schema';
import { writeTransition } from './transitions';

export interface IngestCounts {
  ingested: number;
  updated: number;
  unchanged: number;
  /** Payments PayTrace voided or declined after their posting: each raised a dead letter asking for a reversal. */
  reversalsAsked: number;
}

/** PayTrace's side of a transaction row, the columns the content hash covers, in the order rowValues gives them. */
const SOURCE_COLUMNS = [
  'transaction_id',
  'kind',
  'status',
  'batch',
  'amount_minor',
  'currency',
  'created_at_utc',
  'created_at_original',
  'settled_at_utc',
  'settled_at_original',
  'invoice_id',
  'customer_reference_id',
  'description',
  'vault_customer_id',
  'billing_name',
  'email',
  'masked_card',
  'card_brand',
  'approval_code',
  'original_transaction_id',
] as const satisfies readonly (keyof TransactionsTable)[];
/** PayTrace's side the content hash leaves out (0470: rows stored before have none, and are not changed by it). */
const UNHASHED_COLUMNS = ['billing_street', 'billing_city', 'billing_zip'] as const;
/** What ingest writes for every transaction it sees, new or changed. */
const ROW_COLUMNS = [...SOURCE_COLUMNS, ...UNHASHED_COLUMNS, 'content_hash', 'updated_at'] as const;
/** A new row adds the clerk's side: the order the INSERT binds them. */
const INSERT_COLUMNS = [...ROW_COLUMNS, 'queue_state', 'state_reason', 'first_seen_at'] as const;
// A column added to TransactionsTable but not to INSERT_COLUMNS fails the type check here; the tier is
// the triggers' on proposals (migration 0380), -1 until the payment has one.
const _allColumns: Record<
  Exclude<keyof TransactionsTable, (typeof INSERT_COLUMNS)[number] | 'tier_confidence'>,
  never
> = {};

/** The values of those columns, each typed as its column. */
type ValuesOf<C extends readonly (keyof TransactionsTable)[]> = { -readonly [I in keyof C]: TransactionsTable[C[I]] };
type InsertValues = ValuesOf<typeof INSERT_COLUMNS>;
/** Where content_hash and queue_state sit in InsertValues (the type check fails if they move). */
const CONTENT_HASH = 23;
const QUEUE_STATE = 25;
const _positionsChecked: [(typeof INSERT_COLUMNS)[typeof CONTENT_HASH], (typeof INSERT_COLUMNS)[typeof QUEUE_STATE]] = [
  'content_hash',
  'queue_state',
];

/**
 * A transaction as a new row's values, in INSERT_COLUMNS order (PayTrace's fields, their hash,
 * then the queue state a new row starts in). Ingest builds one for every record of every page,
 * so it is the array the INSERT binds rather than an object to be taken apart again.
 */
export function rowValues(t: PaymentTransaction, now: string): InsertValues {
  const row: InsertValues = [
    t.source.transaction_id,
    t.kind,
    t.status,
    t.batch,
    t.amount.minor,
    t.amount.currency,
    t.createdAt.utc,
    t.createdAt.original,
    t.settledAt?.utc ?? null,
    t.settledAt?.original ?? null,
    t.invoiceId,
    t.customerReferenceId,
    t.description,
    t.vaultCustomerId,
    t.billingName,
    t.email,
    t.maskedCard,
    t.cardBrand,
    t.approvalCode,
    t.originalTransactionId,
    t.billingAddress?.street ?? '',
    t.billingAddress?.city ?? '',
    t.billingAddress?.zip ?? '',
    '',
    now, // content_hash (below), updated_at
    initialPaymentState(t),
    null,
    now, // queue_state, state_reason, first_seen_at
  ];
  row[CONTENT_HASH] = rowHash(row);
  return row;
}

/**
 * The content hash of a transaction row: its PayTrace fields (the SOURCE_COLUMNS, first in the
 * row) separated by a unit separator, null written as "null". Ingest hashes every record of every
 * page, so this is written out instead of going through the general contentHash (sorting keys and
 * building JSON cost more than hashing). The nullable fields are numbers or ISO strings, so their
 * "null" cannot collide with a value. Stored hashes depend on this text: changing it makes every
 * row look changed.
 */
function rowHash(row: InsertValues): string {
  let text = `${row[0]}`;
  for (let i = 1; i < SOURCE_COLUMNS.length; i++) text += `\u001f${row[i]}`;
  return sha256Hex(text).slice(0, 32);
}

/** PayTrace's side of the row as a column-to-value object, for an UPDATE (the clerk's side stays). */
function sourceUpdate(row: InsertValues): Pick<TransactionsTable, (typeof ROW_COLUMNS)[number]> {
  return Object.fromEntries(ROW_COLUMNS.map((c, i) => [c, row[i]])) as Pick<
    TransactionsTable,
    (typeof ROW_COLUMNS)[number]
  >;
}

// Ids per existence check (bound parameters: SQLite allows 32766, PostgreSQL 65535), and new rows
// per write (they are written before a later record of the page can update them).
const SELECT_CHUNK = 5_000;
const INSERT_CHUNK = 2_000;

type Existing = { content_hash: string; queue_state: TransactionQueueState; status: string };

/** The stored state of those ids that are in the store, one SELECT per chunk (compiled once per chunk size). */
async function existingRows(trx: Transaction<Database>, ids: readonly number[]): Promise<Map<number, Existing>> {
  const existing = new Map<number, Existing>();
  const compiled = new Map<number, CompiledQuery>();
  for (let i = 0; i < ids.length; i += SELECT_CHUNK) {
    const chunk = ids.slice(i, i + SELECT_CHUNK);
    let query = compiled.get(chunk.length);
    if (!query) {
      query = trx
        .selectFrom('transactions')
        .select(['transaction_id', 'content_hash', 'queue_state', 'status'])
        .where('transaction_id', 'in', chunk)
        .compile();
      compiled.set(chunk.length, query);
    }
    const { rows } = await trx.executeQuery<Existing & { transaction_id: number }>({ ...query, parameters: chunk });
    for (const r of rows) existing.set(r.transaction_id, r);
  }
  return existing;
}

function repeatedIds(ids: readonly number[]): Set<number> {
  const seen = new Set<number>();
  const repeated = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) repeated.add(id);
    else seen.add(id);
  }
  return repeated;
}

/** Writes a page of transactions in one database transaction. */
export async function ingestPayments(
  db: Kysely<Database>,
  transactions: readonly PaymentTransaction[],
  now: string,
  keys: AuditKeys | null,
): Promise<IngestCounts> {
  const counts: IngestCounts = { ingested: 0, updated: 0, unchanged: 0, reversalsAsked: 0 };
  if (transactions.length === 0) return counts;
  await db.transaction().execute(async (trx) => {
    const ids = transactions.map((t) => t.source.transaction_id);
    const existing = await existingRows(trx, ids);
    // A page may hold a transaction twice; the later record is then compared with the earlier one.
    const repeated = repeatedIds(ids);
    // New rows, as values in INSERT_COLUMNS order, written a chunk at a time.
    let pending: InsertValues[] = [];
    const pendingIds = new Set<number>(); // of the repeated ones
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const rows = pending;
      pending = [];
      pendingIds.clear();
      await insertRows(trx, 'transactions', INSERT_COLUMNS, rows);
      await indexNewPayments(
        trx,
        rows.map((r) => r[0]),
      );
    };
    for (const t of transactions) {
      const row = rowValues(t, now);
      const id = t.source.transaction_id;
      const contentHash = row[CONTENT_HASH];
      const before = existing.get(id);
      if (!before) {
        pending.push(row);
        if (repeated.has(id)) {
          pendingIds.add(id);
          existing.set(id, { content_hash: contentHash, queue_state: row[QUEUE_STATE], status: t.status });
        }
        if (pending.length >= INSERT_CHUNK) await flush();
        counts.ingested += 1;
        continue;
      }
      if (before.content_hash === contentHash) {
        counts.unchanged += 1;
        continue;
      }
      // The row may still be waiting to be inserted (the page holds the transaction twice): write it first.
      if (pendingIds.has(id)) await flush();
      // PayTrace changed the transaction: its side of the row first, then the change through the
      // state machine (a void or decline is 'voided'; anything else is recorded only).
      await trx.updateTable('transactions').set(sourceUpdate(row)).where('transaction_id', '=', id).execute();
      const { to: queueState, effect } = await writeTransition(
        trx,
        id,
        {
          event: row[QUEUE_STATE] === 'closed' ? 'voided' : 'payTraceChanged',
          actor: 'sync',
          action: 'transaction.changed',
          detail: { from: before.status, to: t.status, batch: t.batch },
          keepReason: true,
          at: now,
        },
        keys,
      );
      existing.set(id, { content_hash: contentHash, queue_state: queueState, status: t.status });
      counts.updated += 1;
      if (effect === 'askForReversal') counts.reversalsAsked += 1;
    }
    await flush();
  });
  return counts;
}
