// Migration 0010 creates every table of schema.ts, with source keys that make re-sync idempotent.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import type { Database } from '../../../../electron/store/schema';
import { initial } from '../../../../electron/store/migrations/0010_initial';
import { describeEachDialect } from '../../../support/store';
import { columnsOf, tablesOf } from '../../../support/store-introspect';
import { openItemRow, transactionRow } from '../../../support/store-rows';

/** Every column of every table, checked against schema.ts by the compiler: a missing or extra name fails tsc. */
function allColumns<T>() {
  return <const C extends readonly (keyof T & string)[]>(
    ...cols: [Exclude<keyof T, C[number]>] extends [never] ? C : never
  ) => cols;
}
// The tables 0010 creates; later migrations add the others (match_aliases: 0030, refund_requests: 0040,
// sync_log: 0060, audit_chain: 0070, settings: 0090, reversal_requests: 0110, job_runs, job_state and
// job_locks: 0140, the alert tables: 0150, dispute_cases and dispute_mappings: 0160, dispute_webhook_deliveries: 0210,
// system_outages: 0240, saved_views: 0250, chargeback_postings: 0260, chargeback_deadline_alerts: 0270, call_metrics,
// breaker_transitions and metric_samples: 0280, match_models: 0300, users: 0320) and columns
// (postings.claimed_by/claimed_at: 0050, postings.reversed_by: 0110; proposals and proposal_items: 0080, 0090;
// open_items.special_gl: 0190; customers.head_office and group_key: 0200; transactions.tier_confidence: 0380).
type InitialTables = Exclude<
  keyof Database,
  | 'match_aliases'
  | 'refund_requests'
  | 'sync_log'
  | 'audit_chain'
  | 'settings'
  | 'reversal_requests'
  | 'alert_windows'
  | 'alert_history'
  | 'alert_subscriptions'
  | 'dispute_cases'
  | 'dispute_mappings'
  | 'dispute_webhook_deliveries'
  | 'job_runs'
  | 'job_state'
  | 'job_locks'
  | 'system_outages'
  | 'saved_views'
  | 'chargeback_postings'
  | 'chargeback_deadline_alerts'
  | 'call_metrics'
  | 'breaker_transitions'
  | 'metric_samples'
  | 'match_models'
  | 'users'
>;
const SCHEMA: { [T in InitialTables]: readonly string[] } = {
  transactions: allColumns<
    Omit<Database['transactions'], 'tier_confidence' | 'billing_street' | 'billing_city' | 'billing_zip'>
  >()(
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
    'queue_state',
    'state_reason',
    'content_hash',
    'first_seen_at',
    'updated_at',
  ),
  customers: allColumns<Omit<Database['customers'], 'head_office' | 'group_key'>>()(
    'company_code',
    'customer',
    'name',
    'email',
    'street',
    'city',
    'postal_code',
    'country',
    'synced_at',
  ),
  open_items: allColumns<
    Omit<
      Database['open_items'],
      | 'special_gl'
      | 'clearing_doc'
      | 'clearing_date'
      | 'reference_key'
      | 'baseline_date'
      | 'discount_days1'
      | 'discount_pct1'
      | 'discount_days2'
      | 'discount_pct2'
      | 'ref_doc_no'
      | 'ref_fisc_year'
      | 'ref_item_num'
    >
  >()(
    'company_code',
    'doc_no',
    'fisc_year',
    'item_num',
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
    'status',
    'synced_at',
  ),
  proposals: allColumns<
    Omit<
      Database['proposals'],
      | 'write_off_gl'
      | 'write_off_why'
      | 'corrected_by'
      | 'corrected_customer_from'
      | 'prepared_by'
      | 'prepared_at'
      | 'model_p'
      | 'explanation'
      | 'related_transaction_id'
    >
  >()(
    'id',
    'transaction_id',
    'tier',
    'confidence',
    'customer',
    'company_code',
    'on_account_minor',
    'currency',
    'reasons',
    'rule',
    'status',
    'created_at',
    'decided_by',
    'decided_at',
  ),
  proposal_items: allColumns<Omit<Database['proposal_items'], 'write_off_minor'>>()(
    'proposal_id',
    'company_code',
    'doc_no',
    'fisc_year',
    'item_num',
    'amount_minor',
  ),
  postings: allColumns<
    Omit<
      Database['postings'],
      'claimed_by' | 'claimed_at' | 'reversed_by' | 'idoc_number' | 'idoc_status' | 'outcome_unknown_at' | 'proposal_id'
    >
  >()(
    'reference',
    'transaction_id',
    'event',
    'state',
    'company_code',
    'document',
    'belnr',
    'gjahr',
    'messages',
    'attempts',
    'approved_by',
    'created_at',
    'updated_at',
  ),
  dead_letters: allColumns<Omit<Database['dead_letters'], 'resolved_by' | 'resolution'>>()(
    'id',
    'source',
    'source_key',
    'error',
    'payload',
    'created_at',
    'resolved_at',
  ),
  sync_runs: allColumns<Database['sync_runs']>()('id', 'started_at', 'finished_at', 'status', 'counts', 'error'),
  sync_state: allColumns<Database['sync_state']>()('key', 'value', 'updated_at'),
  audit_log: allColumns<Database['audit_log']>()(
    'seq',
    'at',
    'actor',
    'action',
    'subject',
    'detail',
    'prev_hash',
    'hash',
  ),
};
// Columns typed `T | null` in schema.ts; every other column is NOT NULL.
const NULLABLE = new Set([
  'transactions.batch',
  'transactions.settled_at_utc',
  'transactions.settled_at_original',
  'transactions.original_transaction_id',
  'transactions.state_reason',
  'open_items.due_date',
  'proposals.customer',
  'proposals.company_code',
  'proposals.decided_by',
  'proposals.decided_at',
  'postings.belnr',
  'postings.gjahr',
  'dead_letters.source_key',
  'dead_letters.resolved_at',
  'sync_runs.finished_at',
  'sync_runs.error',
]);

const proposal = (transaction_id: number, status: 'open' | 'superseded' = 'open') => ({
  transaction_id,
  tier: 'suggest' as const,
  confidence: 800,
  customer: '0000100001',
  company_code: '1000',
  on_account_minor: 0,
  currency: 'USD',
  reasons: '[]',
  rule: 'invoice-number',
  status,
  created_at: '2026-11-25T20:00:00.000Z',
  decided_by: null,
  decided_at: null,
});

describeEachDialect('migration 0010_initial', (h) => {
  it('creates every table and column of schema.ts, NOT NULL exactly where schema.ts has no null', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, [initial]);
    expect(await tablesOf(store)).toEqual([...Object.keys(SCHEMA), 'schema_migrations'].sort());
    for (const [table, expected] of Object.entries(SCHEMA)) {
      const columns = await columnsOf(store, table);
      expect(
        columns.map((c) => c.name),
        table,
      ).toEqual(expected);
      for (const c of columns) expect(c.nullable, `${table}.${c.name}`).toBe(NULLABLE.has(`${table}.${c.name}`));
    }
  });

  it('keeps one row per PayTrace transaction_id and per SAP line item (BUKRS/BELNR/GJAHR/BUZEI)', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, [initial]);
    await store.db.insertInto('transactions').values(transactionRow()).execute();
    await expect(store.db.insertInto('transactions').values(transactionRow()).execute()).rejects.toThrow(
      /unique|primary key/i,
    );
    await store.db.insertInto('open_items').values(openItemRow()).execute();
    await expect(
      store.db
        .insertInto('open_items')
        .values(openItemRow({ amount_minor: 1 }))
        .execute(),
    ).rejects.toThrow(/unique|primary key/i);
    await store.db
      .insertInto('open_items')
      .values(openItemRow({ item_num: '002' }))
      .execute();
  });

  it('allows one posting per transaction and event, and one open proposal per transaction', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, [initial]);
    await store.db.insertInto('transactions').values(transactionRow()).execute();
    const posting = {
      transaction_id: 105968532,
      event: 'payment' as const,
      state: 'sending' as const,
      company_code: '1000',
      document: '{}',
      belnr: null,
      gjahr: null,
      messages: '[]',
      attempts: 0,
      approved_by: 'clerk',
      created_at: 'x',
      updated_at: 'x',
    };
    await store.db
      .insertInto('postings')
      .values({ ...posting, reference: 'PT105968532P' })
      .execute();
    await expect(
      store.db
        .insertInto('postings')
        .values({ ...posting, reference: 'PT105968532Q' })
        .execute(),
    ).rejects.toThrow(/unique/i);

    await store.db.insertInto('proposals').values(proposal(105968532, 'superseded')).execute();
    await store.db.insertInto('proposals').values(proposal(105968532)).execute();
    await expect(store.db.insertInto('proposals').values(proposal(105968532)).execute()).rejects.toThrow(/unique/i);
  });

  it('numbers proposals itself and removes their items with them', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, [initial]);
    await store.db.insertInto('transactions').values(transactionRow()).execute();
    const { id } = await store.db
      .insertInto('proposals')
      .values(proposal(105968532))
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(typeof id).toBe('number');
    await store.db
      .insertInto('proposal_items')
      .values({
        proposal_id: id,
        company_code: '1000',
        doc_no: '1800000123',
        fisc_year: '2026',
        item_num: '001',
        amount_minor: 10000,
      })
      .execute();
    await store.db.deleteFrom('proposals').where('id', '=', id).execute();
    expect(await store.db.selectFrom('proposal_items').selectAll().execute()).toEqual([]);
  });

  it('stores amounts beyond 2^31 minor units and reads them back as exact numbers', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, [initial]);
    const big = 9_000_000_000_123; // 90 trillion cents: beyond int4, within Number's safe range
    await store.db
      .insertInto('transactions')
      .values(transactionRow({ amount_minor: big, transaction_id: 4_000_000_001 }))
      .execute();
    const row = await store.db
      .selectFrom('transactions')
      .select(['amount_minor', 'transaction_id'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ amount_minor: big, transaction_id: 4_000_000_001 });
    const count = await store.db
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1); // COUNT(*) is int8 on PostgreSQL: a number, not the string "1"
  });

  if (h.dialect === 'sqlite') {
    it('refuses text in an INTEGER column (STRICT tables)', async () => {
      const store = await h.open(await h.fresh());
      await migrate(store, [initial]);
      await expect(
        store.db
          .insertInto('transactions')
          .values(transactionRow({ amount_minor: 'one hundred' as unknown as number }))
          .execute(),
      ).rejects.toThrow(/cannot store TEXT value in INTEGER column/);
    });
  }
});

describe('int8 from PostgreSQL', () => {
  it('refuses a value beyond Number.MAX_SAFE_INTEGER instead of rounding it', async () => {
    const { parseInt8 } = await import('../../../../electron/store/postgres-pool');
    expect(parseInt8('9007199254740991')).toBe(9007199254740991);
    expect(() => parseInt8('9007199254740993')).toThrow(/beyond what ClearDesk can hold exactly/);
  });
});
