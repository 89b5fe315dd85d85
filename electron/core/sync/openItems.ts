// Mirrors SAP's open items and customers into the store. An item SAP no longer lists as open
// has been cleared there (by F.13, a clearing RFC or a clerk in FB05) and is marked 'cleared'.
import type { Kysely } from 'kysely';
import type { Customer, OpenItem } from '../../../shared/domain';
import type { Database, OpenItemsTable } from '../../store/schema';

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

export async function replaceOpenItems(db: Kysely<Database>, companyCode: string, items: readonly OpenItem[], now: string): Promise<number> {
  await db.transaction().execute(async (trx) => {
    const rows = items.map((i) => openItemRow(i, now));
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto('open_items')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) =>
          oc.columns(['company_code', 'doc_no', 'fisc_year', 'item_num']).doUpdateSet((eb) => ({
            customer: eb.ref('excluded.customer'),
            amount_minor: eb.ref('excluded.amount_minor'),
            currency: eb.ref('excluded.currency'),
            reference: eb.ref('excluded.reference'),
            assignment: eb.ref('excluded.assignment'),
            due_date: eb.ref('excluded.due_date'),
            item_text: eb.ref('excluded.item_text'),
            status: 'open',
            synced_at: eb.ref('excluded.synced_at'),
          })),
        )
        .execute();
    }
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

export async function replaceCustomers(db: Kysely<Database>, companyCode: string, customers: readonly Customer[], now: string): Promise<void> {
  const rows = customers.map((c) => ({
    company_code: companyCode,
    customer: c.source.KUNNR,
    name: c.name,
    email: c.email ?? '',
    street: c.street ?? '',
    city: c.city ?? '',
    postal_code: c.postalCode ?? '',
    country: c.country ?? '',
    synced_at: now,
  }));
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto('customers')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) =>
          oc.columns(['company_code', 'customer']).doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            email: eb.ref('excluded.email'),
            street: eb.ref('excluded.street'),
            city: eb.ref('excluded.city'),
            postal_code: eb.ref('excluded.postal_code'),
            country: eb.ref('excluded.country'),
            synced_at: eb.ref('excluded.synced_at'),
          })),
        )
        .execute();
    }
  });
}
