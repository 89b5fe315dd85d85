// SAP's side as ClearDesk mirrors it (tables `customers` and `open_items`): customers per company
// code and their open items. An item SAP no longer lists as open has been cleared there (by F.13,
// a clearing RFC or a clerk in FB05) and is marked 'cleared', never deleted.
import { sql, type Kysely } from 'kysely';
import type { CustomerHit } from '../../../shared/api';
import type { Customer, OpenItem } from '../../../shared/domain';
import type { ClearedItem } from '../../../shared/matching';
import type { ClearedOpenItem } from '../../../shared/ports';
import { storedReferenceKey } from '../../../shared/matching/keys';
import type { OpenItemKey } from '../records';
import { clearedItemRow, customerFromRow, customerRow, openItemFromRow, openItemRow } from '../rows';
import type { Database } from '../schema';
import { upsertCustomers, upsertOpenItems } from '../upsert';

const CHUNK = 500;

/** An open item as the last sync stored it, and whether SAP still listed it as open. */
export type OpenItemRecord = OpenItem & { readonly status: 'open' | 'cleared' };

/** An open item a clerk may pick in the correction dialog, with its customer's name. */
export type OpenItemCandidate = OpenItemRecord & { readonly customerName: string | null };

/** SAP's document numbers are ten characters, zero-padded when numeric: "90001234" is "0090001234". */
const asBelnr = (key: string): string => (/^\d{1,9}$/.test(key) ? key.padStart(10, '0') : key);

export interface CandidateFilter {
  readonly currency: string;
  /** Only this company code, when the payment's proposal names one. */
  readonly companyCode?: string | null;
  /** Lower-case text found in the reference, assignment, customer, document number or customer name. */
  readonly text?: string;
  /** Or an amount equal to this (minor units). */
  readonly amountMinor?: number | null;
  /** This customer's items first. */
  readonly preferCustomer?: string | null;
  readonly limit: number;
}

export interface MasterDataRepository {
  /** Stores SAP's open items of a company code; those it no longer lists become 'cleared'. Returns how many SAP listed. */
  replaceOpenItems(companyCode: string, items: readonly OpenItem[], now: string): Promise<number>;
  replaceCustomers(companyCode: string, customers: readonly Customer[], now: string): Promise<void>;
  /**
   * One page of a full mirror read: stored as open, stamped `now`. After the last page,
   * clearOpenItemsNotSeen(companyCode, now) marks what no page listed as cleared.
   */
  upsertOpenItems(items: readonly OpenItem[], now: string): Promise<void>;
  /**
   * One page of the full read's cleared items (BSAD within the look-back), stored as cleared with their clearing
   * (AUGBL, AUGDT): an item already held keeps its row, now cleared; one never held is added, cleared.
   */
  upsertClearedItems(items: readonly ClearedOpenItem[], now: string): Promise<void>;
  /** Open items of the company code that no page of the mirror read stamped `now` become 'cleared'. Returns how many. */
  clearOpenItemsNotSeen(companyCode: string, now: string): Promise<number>;
  /**
   * Cleared items whose reference (XBLNR, as `storedReferenceKey` reads it: "INV-90001234" for 90001234) or
   * document number (BELNR) is one of `keys` (the numbers payments name, `clearedLookupKeys`), cleared at or
   * after `since` as `clearedSince` reads it (SAP's clearing date, else when the mirror marked them; it keeps
   * cleared items, never deletes them), with their clearing
   * and, when that clearing is a payment ClearDesk posted and that stands, its PayTrace
   * transaction. Indexed look-ups only (0340): never a scan of the cleared items.
   */
  clearedItems(keys: readonly string[], since: string): Promise<ClearedItem[]>;
  /**
   * Keys of the company code's items cleared at or after the instant as `clearedSince` reads it (SAP's
   * clearing date, else when the mirror marked them): what a clearing reset (FBRA) may have opened again.
   */
  recentlyCleared(companyCode: string, since: string): Promise<OpenItemKey[]>;
  /** Count and signed sum (minor units) of the company code's open items per currency, as mirrored. */
  openItemTotals(companyCode: string): Promise<{ currency: string; count: number; sumMinor: number }[]>;
  openItem(key: OpenItemKey): Promise<OpenItemRecord | null>;
  /**
   * Of these items (as SAP lists them now), those the mirror does not hold open as they are: new to it, or held
   * cleared, or of another customer, amount or reference. Asked before a delta page is written: what may match a
   * payment that waited unapplied (sync/run.ts `matchNew`).
   */
  notHeldOpen(items: readonly OpenItem[]): Promise<OpenItem[]>;
  /** Every item SAP lists as open. */
  openItems(): Promise<OpenItem[]>;
  /**
   * The open lines that refer to a document of these items (REBZG, `invoiceRef`): the partial payments of those
   * invoices, and any other line of theirs the caller's `refersTo` tells apart; by the index on the reference (0480).
   */
  partialPaymentsOf(items: readonly OpenItemKey[]): Promise<OpenItem[]>;
  customers(): Promise<(Customer & { companyCode: string })[]>;
  /** The company codes a customer (KUNNR) exists in. */
  companyCodesOf(customer: string): Promise<string[]>;
  customerExists(companyCode: string, customer: string): Promise<boolean>;
  /** Customer names by "BUKRS/KUNNR". */
  customerNames(customers: readonly string[]): Promise<Map<string, string>>;
  /** Open debits a payment could settle, filtered as the clerk typed, proposed customer first. */
  candidates(filter: CandidateFilter): Promise<OpenItemCandidate[]>;
  /**
   * Customers whose number (with or without its leading zeros), name or city holds `text` (any case), in one
   * company code or all: the number itself first, then names that start with the text, then by name.
   */
  searchCustomers(text: string, companyCode: string | null, limit: number): Promise<CustomerHit[]>;
  /** A customer's open credits (credit memos, payments on account) in a currency: what a refund may clear. */
  openCredits(companyCode: string, customer: string, currency: string): Promise<OpenItem[]>;
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Whether a cleared item was cleared at or after `since` (an instant; its UTC day for SAP's dates): by its
 * clearing date (BSAD-AUGDT) when the mirror has it, else by when the mirror marked it cleared (synced_at, an
 * item a full read no longer listed). The one owner of that rule: the matcher's look-back (`clearedItems`) and
 * the delta's look at clearings a reset may have undone (`recentlyCleared`) both ask it.
 */
export function clearedSince(table: 'oi' | 'open_items', since: string) {
  const clearingDate = sql.ref(`${table}.clearing_date`);
  const syncedAt = sql.ref(`${table}.synced_at`);
  return sql<boolean>`(${clearingDate} >= ${since.slice(0, 10)} or (${clearingDate} is null and ${syncedAt} >= ${since}))`;
}

/**
 * Cleared items whose reference key (`storedReferenceKey`) is one of `references` or whose document number is
 * one of `docs`, cleared at or after `since` (`clearedSince`), each with the transaction of the standing payment posting
 * whose document is its clearing document (if any). Both lists are looked up by index (reference_key of 0360,
 * doc_no and postings by company code and BELNR of 0340).
 */
export function clearedItemsQuery(
  db: Kysely<Database>,
  references: readonly string[],
  docs: readonly string[],
  since: string,
) {
  return db
    .selectFrom('open_items as oi')
    .leftJoin('postings as p', (j) =>
      j
        .onRef('p.company_code', '=', 'oi.company_code')
        .onRef('p.belnr', '=', 'oi.clearing_doc')
        .on('p.event', '=', 'payment')
        .on('p.state', '=', 'posted')
        .on('p.reversed_by', 'is', null),
    )
    .selectAll('oi')
    .select('p.transaction_id')
    .where('oi.status', '=', 'cleared')
    .where(clearedSince('oi', since))
    .where((eb) => eb.or([eb('oi.reference_key', 'in', references), eb('oi.doc_no', 'in', docs)]))
    .orderBy('oi.company_code')
    .orderBy('oi.doc_no')
    .orderBy('oi.fisc_year')
    .orderBy('oi.item_num')
    .orderBy('p.transaction_id');
}

export function masterDataRepository(db: Kysely<Database>): MasterDataRepository {
  return {
    async replaceOpenItems(companyCode, items, now) {
      const write = async (trx: Kysely<Database>) => {
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
      };
      if (db.isTransaction) await write(db);
      else await db.transaction().execute(write);
      return items.length;
    },
    async replaceCustomers(companyCode, customers, now) {
      const rows = customers.map((c) => customerRow(companyCode, c, now));
      if (db.isTransaction) await upsertCustomers(db, rows);
      else await db.transaction().execute((trx) => upsertCustomers(trx, rows));
    },
    async upsertOpenItems(items, now) {
      const rows = items.map((i) => openItemRow(i, now));
      if (db.isTransaction) await upsertOpenItems(db, rows);
      else await db.transaction().execute((trx) => upsertOpenItems(trx, rows));
    },
    async upsertClearedItems(items, now) {
      const rows = items.map((i) => clearedItemRow(i, now));
      if (db.isTransaction) await upsertOpenItems(db, rows);
      else await db.transaction().execute((trx) => upsertOpenItems(trx, rows));
    },
    async clearOpenItemsNotSeen(companyCode, now) {
      const r = await db
        .updateTable('open_items')
        .set({ status: 'cleared', synced_at: now })
        .where('company_code', '=', companyCode)
        .where('status', '=', 'open')
        .where('synced_at', '<>', now)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async clearedItems(keys, since) {
      const found = new Map<string, ClearedItem>();
      const unique = [...new Set(keys)];
      for (let i = 0; i < unique.length; i += CHUNK) {
        const chunk = unique.slice(i, i + CHUNK);
        const docs = [...new Set([...chunk, ...chunk.map(asBelnr)])];
        // The numbers as the store keys references: "90001234" finds an XBLNR stored as "INV-90001234".
        const references = [...new Set(chunk.map(storedReferenceKey).filter((k) => k !== ''))];
        const rows = await clearedItemsQuery(db, references, docs, since).execute();
        for (const r of rows) {
          const item = openItemFromRow(r);
          const key = `${r.company_code}/${r.doc_no}/${r.fisc_year}/${r.item_num}`;
          if (found.has(key)) continue;
          const { status: _status, ...open } = item;
          found.set(key, {
            ...open,
            clearing: {
              document: r.clearing_doc ?? null,
              date: r.clearing_date ?? null,
              paidBy: r.transaction_id === null ? null : Number(r.transaction_id),
            },
          });
        }
      }
      return [...found.values()];
    },
    async recentlyCleared(companyCode, since) {
      const rows = await db
        .selectFrom('open_items')
        .select(['company_code', 'doc_no', 'fisc_year', 'item_num'])
        .where('company_code', '=', companyCode)
        .where('status', '=', 'cleared')
        .where(clearedSince('open_items', since))
        .orderBy('doc_no')
        .orderBy('fisc_year')
        .orderBy('item_num')
        .execute();
      return rows.map((r) => ({ BUKRS: r.company_code, BELNR: r.doc_no, GJAHR: r.fisc_year, BUZEI: r.item_num }));
    },
    async openItemTotals(companyCode) {
      const rows = await db
        .selectFrom('open_items')
        .select((eb) => ['currency', eb.fn.countAll().as('n'), eb.fn.sum('amount_minor').as('total')])
        .where('company_code', '=', companyCode)
        .where('status', '=', 'open')
        .groupBy('currency')
        .orderBy('currency')
        .execute();
      return rows.map((r) => ({ currency: r.currency, count: Number(r.n), sumMinor: Number(r.total ?? 0) }));
    },
    async openItem(key) {
      const row = await db
        .selectFrom('open_items')
        .selectAll()
        .where('company_code', '=', key.BUKRS)
        .where('doc_no', '=', key.BELNR)
        .where('fisc_year', '=', key.GJAHR)
        .where('item_num', '=', key.BUZEI)
        .executeTakeFirst();
      return row ? openItemFromRow(row) : null;
    },
    async notHeldOpen(items) {
      const out: OpenItem[] = [];
      const byCompany = new Map<string, OpenItem[]>();
      for (const it of items) byCompany.set(it.source.BUKRS, [...(byCompany.get(it.source.BUKRS) ?? []), it]);
      for (const [companyCode, list] of byCompany)
        for (let i = 0; i < list.length; i += CHUNK) {
          const chunk = list.slice(i, i + CHUNK);
          // On the primary key (company code, document number, ...).
          const held = await db
            .selectFrom('open_items')
            .select(['doc_no', 'fisc_year', 'item_num', 'customer', 'amount_minor', 'currency', 'reference'])
            .where('company_code', '=', companyCode)
            .where('doc_no', 'in', [...new Set(chunk.map((it) => it.source.BELNR))])
            .where('status', '=', 'open')
            .execute();
          const same = new Set(
            held.map((r) =>
              [r.doc_no, r.fisc_year, r.item_num, r.customer, Number(r.amount_minor), r.currency, r.reference].join(
                '\u0000',
              ),
            ),
          );
          for (const it of chunk) {
            const key = [
              it.source.BELNR,
              it.source.GJAHR,
              it.source.BUZEI,
              it.customer,
              it.amount.minor,
              it.amount.currency,
              it.reference,
            ].join('\u0000');
            if (!same.has(key)) out.push(it);
          }
        }
      return out;
    },
    async openItems() {
      return (await db.selectFrom('open_items').selectAll().where('status', '=', 'open').execute()).map(
        openItemFromRow,
      );
    },
    async partialPaymentsOf(items) {
      const out: OpenItem[] = [];
      const byCompany = new Map<string, Set<string>>();
      for (const k of items) byCompany.set(k.BUKRS, (byCompany.get(k.BUKRS) ?? new Set()).add(k.BELNR));
      for (const [companyCode, docs] of byCompany) {
        const list = [...docs];
        for (let i = 0; i < list.length; i += CHUNK) {
          const rows = await db
            .selectFrom('open_items')
            .selectAll()
            .where('company_code', '=', companyCode)
            .where('ref_doc_no', 'in', list.slice(i, i + CHUNK))
            // The index's own condition (0480), so the planner takes it.
            .where('ref_doc_no', '<>', '')
            .where('status', '=', 'open')
            .execute();
          for (const r of rows) out.push(openItemFromRow(r));
        }
      }
      return out;
    },
    async customers() {
      return (await db.selectFrom('customers').selectAll().execute()).map(customerFromRow);
    },
    async companyCodesOf(customer) {
      const rows = await db.selectFrom('customers').select('company_code').where('customer', '=', customer).execute();
      return rows.map((r) => r.company_code);
    },
    async customerExists(companyCode, customer) {
      const row = await db
        .selectFrom('customers')
        .select('customer')
        .where('company_code', '=', companyCode)
        .where('customer', '=', customer)
        .executeTakeFirst();
      return row !== undefined;
    },
    async customerNames(customers) {
      const names = new Map<string, string>();
      const unique = [...new Set(customers)];
      for (let i = 0; i < unique.length; i += CHUNK) {
        const rows = await db
          .selectFrom('customers')
          .select(['company_code', 'customer', 'name'])
          .where('customer', 'in', unique.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) names.set(`${r.company_code}/${r.customer}`, r.name);
      }
      return names;
    },
    async candidates(filter) {
      let q = db
        .selectFrom('open_items as oi')
        .leftJoin('customers as c', (j) =>
          j.onRef('c.company_code', '=', 'oi.company_code').onRef('c.customer', '=', 'oi.customer'),
        )
        .selectAll('oi')
        .select('c.name')
        .where('oi.status', '=', 'open')
        .where('oi.currency', '=', filter.currency)
        // A payment is applied to debits (invoices); credit memos are netted in SAP, not here.
        .where('oi.amount_minor', '>', 0);
      if (filter.companyCode) q = q.where('oi.company_code', '=', filter.companyCode);
      if (filter.text) {
        const like = `%${escapeLike(filter.text)}%`;
        const amount = filter.amountMinor ?? null;
        q = q.where((eb) =>
          eb.or([
            sql<boolean>`lower(${sql.ref('oi.reference')}) like ${like} escape '\\'`,
            sql<boolean>`lower(${sql.ref('oi.assignment')}) like ${like} escape '\\'`,
            sql<boolean>`lower(${sql.ref('oi.customer')}) like ${like} escape '\\'`,
            sql<boolean>`lower(${sql.ref('oi.doc_no')}) like ${like} escape '\\'`,
            sql<boolean>`lower(coalesce(${sql.ref('c.name')}, '')) like ${like} escape '\\'`,
            ...(amount !== null ? [eb('oi.amount_minor', '=', amount)] : []),
          ]),
        );
      }
      const preferred = filter.preferCustomer ?? null;
      if (preferred) q = q.orderBy((eb) => eb.case().when('oi.customer', '=', preferred).then(0).else(1).end());
      const rows = await q
        .orderBy('oi.customer')
        .orderBy('oi.doc_no')
        .orderBy('oi.item_num')
        .limit(filter.limit)
        .execute();
      return rows.map((r) => ({ ...openItemFromRow(r), customerName: r.name }));
    },
    async searchCustomers(text, companyCode, limit) {
      const lower = text.trim().toLowerCase();
      const like = `%${escapeLike(lower)}%`;
      const number = lower.replace(/^0+/, '');
      let q = db
        .selectFrom('customers')
        .select(['company_code', 'customer', 'name', 'city'])
        .where((eb) =>
          eb.or([
            sql<boolean>`lower(customer) like ${like} escape '\\'`,
            sql<boolean>`lower(name) like ${like} escape '\\'`,
            sql<boolean>`lower(city) like ${like} escape '\\'`,
          ]),
        );
      if (companyCode) q = q.where('company_code', '=', companyCode);
      const rows = await q
        .orderBy(
          sql`case when lower(ltrim(customer, '0')) = ${number} then 0 when lower(name) like ${`${escapeLike(lower)}%`} escape '\\' then 1 else 2 end`,
        )
        .orderBy('name')
        .orderBy('customer')
        .orderBy('company_code')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ companyCode: r.company_code, customer: r.customer, name: r.name, city: r.city }));
    },
    async openCredits(companyCode, customer, currency) {
      const rows = await db
        .selectFrom('open_items')
        .selectAll()
        .where('company_code', '=', companyCode)
        .where('customer', '=', customer)
        .where('currency', '=', currency)
        .where('status', '=', 'open')
        .where('amount_minor', '<', 0)
        .orderBy('doc_no')
        .orderBy('item_num')
        .execute();
      return rows.map(openItemFromRow);
    },
  };
}
