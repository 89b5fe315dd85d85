// Plain rows for store tests, each a realistic record with its source key.
import type { Insertable, Kysely } from 'kysely';
import type {
  CustomersTable,
  Database,
  OpenItemsTable,
  PostingsTable,
  TransactionsTable,
} from '../../electron/store/schema';

const AT = '2026-11-25T19:53:00.000Z';

export function transactionRow(overrides: Partial<Insertable<TransactionsTable>> = {}): Insertable<TransactionsTable> {
  return {
    transaction_id: 105968532,
    kind: 'sale',
    status: 'settled',
    batch: 4711,
    amount_minor: 10000,
    currency: 'USD',
    created_at_utc: '2026-11-25T00:06:30.000Z',
    created_at_original: '11/24/2026 4:06:30 PM',
    settled_at_utc: null,
    settled_at_original: null,
    invoice_id: '90001234',
    customer_reference_id: 'PO-77',
    description: 'Invoice 90001234',
    vault_customer_id: '',
    billing_name: 'Acme Corp',
    email: 'ap@acme.example',
    masked_card: 'xxxxxxxxxxxx1111',
    card_brand: 'VISA',
    approval_code: 'TAS123',
    original_transaction_id: null,
    queue_state: 'new',
    state_reason: null,
    content_hash: 'h1',
    first_seen_at: AT,
    updated_at: AT,
    ...overrides,
  };
}

/** A payment's posting SAP holds (document 1400000001 / 2026), approved by alice. */
export function postingRow(overrides: Partial<Insertable<PostingsTable>> = {}): Insertable<PostingsTable> {
  return {
    reference: 'PT105968532P',
    transaction_id: 105968532,
    event: 'payment',
    state: 'posted',
    company_code: '1000',
    document: '{}',
    belnr: '1400000001',
    gjahr: '2026',
    messages: '[]',
    attempts: 1,
    approved_by: 'alice',
    created_at: AT,
    updated_at: AT,
    ...overrides,
  };
}

export function openItemRow(overrides: Partial<Insertable<OpenItemsTable>> = {}): Insertable<OpenItemsTable> {
  return {
    company_code: '1000',
    doc_no: '1800000123',
    fisc_year: '2026',
    item_num: '001',
    customer: '0000100001',
    amount_minor: 10000,
    currency: 'USD',
    reference: '90001234',
    assignment: '90001234',
    doc_type: 'DR',
    posting_date: '2026-11-01',
    doc_date: '2026-11-01',
    due_date: '2026-12-01',
    item_text: '',
    status: 'open',
    synced_at: AT,
    ...overrides,
  };
}

export function customerRow(overrides: Partial<Insertable<CustomersTable>> = {}): Insertable<CustomersTable> {
  return {
    company_code: '1000',
    customer: '0000100001',
    name: 'Acme Corp',
    email: 'ap@acme.example',
    street: '1 Main St',
    city: 'Portland',
    postal_code: '97201',
    country: 'US',
    synced_at: AT,
    ...overrides,
  };
}

/**
 * Sets items up as the mirror leaves an item it marked cleared at `at` (with SAP's clearing when given): a
 * test's starting state, e.g. an item the mirror lost, which only the reconciliation finds again.
 */
export async function markCleared(
  db: Kysely<Database>,
  keys: readonly { BUKRS: string; BELNR: string; GJAHR: string; BUZEI: string; AUGBL?: string; AUGDT?: string }[],
  at: string,
): Promise<void> {
  for (const k of keys)
    await db
      .updateTable('open_items')
      .set({ status: 'cleared', synced_at: at, clearing_doc: k.AUGBL ?? null, clearing_date: k.AUGDT ?? null })
      .where('company_code', '=', k.BUKRS)
      .where('doc_no', '=', k.BELNR)
      .where('fisc_year', '=', k.GJAHR)
      .where('item_num', '=', k.BUZEI)
      .execute();
}
