// Mirrors SAP's open items and customers into the store. An item SAP no longer lists as open
// has been cleared there (by F.13, a clearing RFC or a clerk in FB05) and is marked 'cleared'.
import type { Kysely } from 'kysely';
import type { Customer, OpenItem } from '../../../shared/domain';
import { upsertCustomers, upsertOpenItems } from '../../store';
import type { CustomersTable, Database, OpenItemsTable } from '../../store/schema';

export function openItemRow(item: OpenItem, now: string): OpenItemsTable {
  return {
    company_code: item.source.BUKRS,
    doc_no: item.source.BELNR,
    fisc_year: item.source.GJAHR,
    item_num: item.source.BUZEI,
    customer: item.customer,
    amount_minor: item.amount.minor,
    currency: item.amount.currency,
    reference: item.reference,
    assignment: item.assignment,
    doc_type: item.documentType,
    posting_date: item.postingDate,
    doc_date: item.documentDate,
    due_date: item.dueDate,
    item_text: item.text,
    status: 'open',
    synced_at: now,
  };
}

export async function replaceOpenItems(
  db: Kysely<Database>,
  companyCode: string,
  items: readonly OpenItem[],
  now: string,
): Promise<number> {
  await db.transaction().execute(async (trx) => {
    await upsertOpenItems(
      trx,
      items.map((i) => openItemRow(i, now)),
    );
    await trx
      .updateTable('open_items')
      .set({ status: 'cleared', synced_at: now })
      .where('company_code', '=', companyCode)
      .where('status', '=', 'open')
      .where('synced_at', '<>', now)
      .execute();
  });
  return items.length;
}

function customerRow(companyCode: string, c: Customer, now: string): CustomersTable {
  return {
    company_code: companyCode,
    customer: c.source.KUNNR,
    name: c.name,
    email: c.email ?? '',
    street: c.street ?? '',
    city: c.city ?? '',
    postal_code: c.postalCode ?? '',
    country: c.country ?? '',
    synced_at: now,
  };
}

export async function replaceCustomers(
  db: Kysely<Database>,
  companyCode: string,
  customers: readonly Customer[],
  now: string,
): Promise<void> {
  await db.transaction().execute((trx) =>
    upsertCustomers(
      trx,
      customers.map((c) => customerRow(companyCode, c, now)),
    ),
  );
}
