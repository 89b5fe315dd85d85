// Store rows back into the canonical model, for the matcher and the posting builder.
import type { Kysely } from 'kysely';
import type {
  Customer,
  MatchProposal,
  OpenItem,
  PaymentKind,
  PaymentTransaction,
  SettlementStatus,
} from '../../shared/domain';
import type { CustomersTable, Database, OpenItemsTable, TransactionsTable } from '../store/schema';

export function transactionFromRow(r: TransactionsTable): PaymentTransaction {
  return {
    source: { transaction_id: r.transaction_id },
    kind: r.kind as PaymentKind,
    status: r.status as SettlementStatus,
    batch: r.batch,
    amount: { minor: r.amount_minor, currency: r.currency },
    createdAt: { utc: r.created_at_utc, original: r.created_at_original },
    settledAt: r.settled_at_utc ? { utc: r.settled_at_utc, original: r.settled_at_original ?? '' } : null,
    invoiceId: r.invoice_id,
    customerReferenceId: r.customer_reference_id,
    description: r.description,
    vaultCustomerId: r.vault_customer_id,
    billingName: r.billing_name,
    email: r.email,
    maskedCard: r.masked_card,
    cardBrand: r.card_brand,
    approvalCode: r.approval_code,
    originalTransactionId: r.original_transaction_id,
  };
}

export function openItemFromRow(r: OpenItemsTable): OpenItem {
  return {
    source: { BUKRS: r.company_code, BELNR: r.doc_no, GJAHR: r.fisc_year, BUZEI: r.item_num },
    customer: r.customer,
    amount: { minor: r.amount_minor, currency: r.currency },
    reference: r.reference,
    assignment: r.assignment,
    documentType: r.doc_type,
    postingDate: r.posting_date,
    documentDate: r.doc_date,
    dueDate: r.due_date,
    text: r.item_text,
  };
}

export function customerFromRow(r: CustomersTable): Customer & { companyCode: string } {
  return {
    source: { KUNNR: r.customer, BUKRS: r.company_code },
    companyCode: r.company_code,
    name: r.name,
    email: r.email,
    street: r.street,
    city: r.city,
    postalCode: r.postal_code,
    country: r.country,
  };
}

export async function loadProposal(
  db: Kysely<Database>,
  proposalId: number,
): Promise<(MatchProposal & { id: number; status: string }) | null> {
  const p = await db.selectFrom('proposals').selectAll().where('id', '=', proposalId).executeTakeFirst();
  if (!p) return null;
  const items = await db
    .selectFrom('proposal_items')
    .selectAll()
    .where('proposal_id', '=', proposalId)
    .orderBy('doc_no')
    .orderBy('item_num')
    .execute();
  return {
    id: proposalId,
    status: p.status,
    transactionId: p.transaction_id,
    tier: p.tier,
    confidence: p.confidence / 1000,
    customer: p.customer,
    companyCode: p.company_code,
    items: items.map((i) => ({
      item: { BUKRS: i.company_code, BELNR: i.doc_no, GJAHR: i.fisc_year, BUZEI: i.item_num },
      amount: { minor: i.amount_minor, currency: p.currency },
    })),
    onAccount: { minor: p.on_account_minor, currency: p.currency },
    reasons: JSON.parse(p.reasons) as string[],
    rule: p.rule,
  };
}

/** An open item by its SAP key (BUKRS/BELNR/GJAHR/BUZEI), as the last sync stored it. */
export function findOpenItem(
  db: Kysely<Database>,
  key: { company_code: string; doc_no: string; fisc_year: string; item_num: string },
): Promise<OpenItemsTable | undefined> {
  return db
    .selectFrom('open_items')
    .selectAll()
    .where('company_code', '=', key.company_code)
    .where('doc_no', '=', key.doc_no)
    .where('fisc_year', '=', key.fisc_year)
    .where('item_num', '=', key.item_num)
    .executeTakeFirst();
}
