// Re-ingest is idempotent: a PayTrace transaction or SAP item seen again updates its row (only
// when its content changed) instead of adding a second one. The same ON CONFLICT statement runs
// on SQLite and PostgreSQL. What a clerk decided (queue_state, state_reason) is never overwritten here.
import { type ExpressionBuilder, type Insertable, type Kysely, type Transaction, sql } from 'kysely';
import { insertRows } from './bulk';
import { storedReferenceKey } from '../../shared/matching/keys';
import { indexNewPayments } from './queue-search';
import type { CustomersTable, Database, OpenItemsTable, TransactionsTable } from './schema';

type Db = Kysely<Database> | Transaction<Database>;

// SQLite allows 32766 bound parameters per statement; 25 columns x 500 rows stays well under.
const CHUNK = 500;

/** SET col = excluded.col for each column: "take the incoming row's value". */
function fromExcluded<C extends string>(columns: readonly C[]) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (eb: ExpressionBuilder<any, any>) => Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}`)]));
}

async function inChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<number>): Promise<number> {
  let written = 0;
  for (let i = 0; i < rows.length; i += CHUNK) written += await write(rows.slice(i, i + CHUNK));
  return written;
}

const written = (result: { numInsertedOrUpdatedRows?: bigint } | undefined): number =>
  Number(result?.numInsertedOrUpdatedRows ?? 0n);

/** PayTrace's side of a transaction; the clerk's side (queue_state, state_reason, first_seen_at) stays. */
const TRANSACTION_SOURCE_COLUMNS = [
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
  'content_hash',
  'updated_at',
] as const satisfies readonly (keyof TransactionsTable)[];

/**
 * Inserts new transactions; for known ones, refreshes PayTrace's fields when content_hash changed.
 * Returns how many rows were inserted or changed (0 for an identical re-sync).
 */
export async function upsertTransactions(db: Db, rows: readonly Insertable<TransactionsTable>[]): Promise<number> {
  return inChunks(rows, async (chunk) => {
    const count = written(
      await db
        .insertInto('transactions')
        .values(chunk)
        .onConflict((oc) =>
          oc
            .column('transaction_id')
            .doUpdateSet(fromExcluded(TRANSACTION_SOURCE_COLUMNS))
            .where(({ eb, ref }) => eb('transactions.content_hash', '<>', ref('excluded.content_hash'))),
        )
        .executeTakeFirst(),
    );
    // New rows get their search texts here (migration 0350); changed ones through the update trigger.
    await indexNewPayments(
      db,
      chunk.map((r) => r.transaction_id),
    );
    return count;
  });
}

const OPEN_ITEM_COLUMNS = [
  'customer',
  'amount_minor',
  'currency',
  'reference',
  'assignment',
  'doc_type',
  'posting_date',
  'doc_date',
  'due_date',
  'item_text',
  'special_gl',
  'status',
  'synced_at',
  'clearing_doc',
  'clearing_date',
  'reference_key',
  'baseline_date',
  'discount_days1',
  'discount_pct1',
  'discount_days2',
  'discount_pct2',
  'ref_doc_no',
  'ref_fisc_year',
  'ref_item_num',
] as const satisfies readonly (keyof OpenItemsTable)[];

/** The key and then OPEN_ITEM_COLUMNS: a row's values in this order (`insertRows`). */
const OPEN_ITEM_ROW = ['company_code', 'doc_no', 'fisc_year', 'item_num', ...OPEN_ITEM_COLUMNS] as const;

/**
 * A row's values in OPEN_ITEM_ROW order, the optional columns defaulted. Written out: spreading the row into a new
 * object and mapping the column names over it cost ~10 µs a row, a tenth of the CPU of a full mirror of a million
 * items (npm run bench -- openitems); this costs under 1 µs.
 */
function openItemValues(r: Insertable<OpenItemsTable>): unknown[] {
  return [
    r.company_code,
    r.doc_no,
    r.fisc_year,
    r.item_num,
    r.customer,
    r.amount_minor,
    r.currency,
    r.reference,
    r.assignment,
    r.doc_type,
    r.posting_date,
    r.doc_date,
    r.due_date ?? null,
    r.item_text,
    r.special_gl ?? '',
    r.status,
    r.synced_at,
    r.clearing_doc ?? null,
    r.clearing_date ?? null,
    storedReferenceKey(r.reference),
    r.baseline_date ?? null,
    r.discount_days1 ?? 0,
    r.discount_pct1 ?? 0,
    r.discount_days2 ?? 0,
    r.discount_pct2 ?? 0,
    r.ref_doc_no ?? '',
    r.ref_fisc_year ?? '',
    r.ref_item_num ?? '',
  ];
}

/**
 * Inserts or refreshes SAP line items keyed by BUKRS/BELNR/GJAHR/BUZEI: open ones (BSID) and cleared ones with
 * their clearing (BSAD, the full read's look-back). The one writer of open_items, so the one place each reference
 * gets the key the cleared look-up finds it by (`storedReferenceKey`, 0360). A cleared item written again as
 * cleared keeps its synced_at, which for a cleared item is when the mirror first held it as cleared.
 * Through `insertRows`: on SQLite one prepared upsert per row, the mirror's million items without compiling a
 * 500-row statement for every chunk.
 */
export async function upsertOpenItems(db: Db, rows: readonly Insertable<OpenItemsTable>[]): Promise<void> {
  const values = rows.map(openItemValues);
  const cleared = sql.lit<OpenItemsTable['status']>('cleared');
  await insertRows(db, 'open_items', OPEN_ITEM_ROW, values, (oc) =>
    oc.columns(['company_code', 'doc_no', 'fisc_year', 'item_num']).doUpdateSet((eb) => ({
      ...fromExcluded(OPEN_ITEM_COLUMNS)(eb),
      synced_at: eb
        .case()
        .when(eb.and([eb(eb.ref('open_items.status'), '=', cleared), eb(eb.ref('excluded.status'), '=', cleared)]))
        .then(eb.ref('open_items.synced_at'))
        .else(eb.ref('excluded.synced_at'))
        .end(),
    })),
  );
}

const CUSTOMER_COLUMNS = [
  'name',
  'email',
  'street',
  'city',
  'postal_code',
  'country',
  'synced_at',
  'head_office',
  'group_key',
] as const satisfies readonly (keyof CustomersTable)[];

/** Inserts or refreshes SAP customers keyed by company code and KUNNR. */
export async function upsertCustomers(db: Db, rows: readonly Insertable<CustomersTable>[]): Promise<number> {
  return inChunks(rows, async (chunk) =>
    written(
      await db
        .insertInto('customers')
        .values(chunk)
        .onConflict((oc) => oc.columns(['company_code', 'customer']).doUpdateSet(fromExcluded(CUSTOMER_COLUMNS)))
        .executeTakeFirst(),
    ),
  );
}
