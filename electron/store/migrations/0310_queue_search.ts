// The review queue's filter on an index (issue 12). Every payment has one search text: the fields the
// filter finds text in (transaction id, billing name, invoice, card brand, state reason, the live
// proposal's customer number and name, its open items' references and assignments, the posted SAP
// document), lower-cased as the filter compares them, one field per line; beside it the masked card's
// last four characters and a line break (card_end), so "ends with 76" is the indexed "76\n". No other
// card data. The view queue_search_source says what the
// text is; triggers on every table it reads write it again for the payments a change touches, so no
// repository has to remember it. Indexed for substring search: SQLite FTS5 with the trigram
// tokenizer (case-sensitive: the text is already lower-cased as lower() does it, so a match is exactly
// the LIKE it replaces), PostgreSQL pg_trgm with a GIN index (without the extension, the table is
// read whole: still one short text per payment instead of six tables).
// A later migration that rebuilds one of these tables (SQLite's way to drop a constraint) must create
// its triggers again.
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../dialect';
import type { Migration } from './types';

/** Between the fields of the search text; text the clerk typed with it in is filtered without the index. */
export const QUEUE_SEARCH_SEPARATOR = '\n';

const LIVE = `('open', 'approved')`;

/** What the search text of each payment is, in one dialect's SQL. */
function sourceView(dialect: SqlDialect): string {
  const nl = dialect === 'postgres' ? 'chr(10)' : 'char(10)';
  const agg = (x: string) => (dialect === 'postgres' ? `string_agg(${x}, chr(10))` : `group_concat(${x}, char(10))`);
  return `create view queue_search_source as select t.transaction_id as transaction_id, lower(
    cast(t.transaction_id as text) || ${nl} || t.billing_name || ${nl} || t.invoice_id || ${nl} || t.card_brand
    || ${nl} || coalesce(t.state_reason, '')
    || ${nl} || coalesce((select ${agg(`coalesce(p.customer, '') || ${nl} || coalesce(c.name, '')`)}
         from proposals p left join customers c on c.company_code = p.company_code and c.customer = p.customer
         where p.transaction_id = t.transaction_id and p.status in ${LIVE}), '')
    || ${nl} || coalesce((select ${agg(`oi.reference || ${nl} || oi.assignment`)}
         from proposals p join proposal_items pi on pi.proposal_id = p.id
         join open_items oi on oi.company_code = pi.company_code and oi.doc_no = pi.doc_no
           and oi.fisc_year = pi.fisc_year and oi.item_num = pi.item_num
         where p.transaction_id = t.transaction_id and p.status in ${LIVE}), '')
    || ${nl} || coalesce((select ${agg(`coalesce(po.belnr, '')`)} from postings po
         where po.transaction_id = t.transaction_id and po.event in ('payment', 'refund') and po.state = 'posted'), '')
  ) as text, ${dialect === 'postgres' ? 'right(t.masked_card, 4)' : 'substr(t.masked_card, -4)'} || ${nl} as card_end
  from transactions t`;
}

/**
 * The tables the text is read from, the columns of theirs it depends on, and which payments a row
 * of theirs touches (`R` is the row: OLD or NEW): one payment (`id`, an expression) or a set (`ids`,
 * a subquery). One payment is compared with `=` (or a list of two for an update): `IN (subquery)`
 * builds a temporary table each time a trigger runs, which made every ingested payment cost 100 µs.
 */
type Touched = { readonly id: string } | { readonly ids: string };
const WATCHED: readonly ({ table: string; columns: readonly string[] } & Touched)[] = [
  {
    table: 'transactions',
    columns: ['transaction_id', 'billing_name', 'invoice_id', 'card_brand', 'state_reason', 'masked_card'],
    id: 'R.transaction_id',
  },
  {
    table: 'proposals',
    columns: ['transaction_id', 'status', 'customer', 'company_code'],
    id: 'R.transaction_id',
  },
  {
    table: 'proposal_items',
    columns: ['proposal_id', 'company_code', 'doc_no', 'fisc_year', 'item_num'],
    id: '(select p.transaction_id from proposals p where p.id = R.proposal_id)',
  },
  {
    table: 'customers',
    columns: ['company_code', 'customer', 'name'],
    ids: `select p.transaction_id from proposals p
      where p.company_code = R.company_code and p.customer = R.customer and p.status in ${LIVE}`,
  },
  {
    table: 'open_items',
    columns: ['company_code', 'doc_no', 'fisc_year', 'item_num', 'reference', 'assignment'],
    ids: `select p.transaction_id from proposal_items pi join proposals p on p.id = pi.proposal_id
      where pi.company_code = R.company_code and pi.doc_no = R.doc_no and pi.fisc_year = R.fisc_year
        and pi.item_num = R.item_num and p.status in ${LIVE}`,
  },
  {
    table: 'postings',
    columns: ['transaction_id', 'event', 'state', 'belnr'],
    id: 'R.transaction_id',
  },
];

const rowOf = (expr: string, row: 'old' | 'new') => expr.replace(/\bR\./g, `${row}.`);

/** SQLite: the condition on a payment id `column` that picks the payments the row (or both rows of an update) touch. */
function touchedBy(t: Touched, rows: readonly ('old' | 'new')[], column: string): string {
  if ('id' in t)
    return rows.length === 1
      ? `${column} = ${rowOf(t.id, rows[0]!)}`
      : `${column} in (${rows.map((r) => rowOf(t.id, r)).join(', ')})`;
  return `${column} in (${rows.map((r) => rowOf(t.ids, r)).join(' union ')})`;
}

/** PostgreSQL: the ids the row touches, as an array. */
const touchedArray = (t: Touched, row: 'old' | 'new'): string =>
  'id' in t ? `array[${rowOf(t.id, row)}]` : `array(${rowOf(t.ids, row)})`;

/**
 * SQLite: the texts in a plain table keyed by payment (queue_search_text), which the watched tables'
 * triggers rewrite by primary key, and queue_search, an FTS5 index over it (external content), kept in
 * step by the plain table's own row triggers. FTS5 answers `rowid = x` from its index but reads every
 * row for `rowid IN (...)`, so the set-wise deletes go to the plain table, never to the index.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function sqliteSearch(db: Kysely<any>): Promise<void> {
  await sql`create table queue_search_text (transaction_id integer primary key, text text not null, card_end text not null)`.execute(
    db,
  );
  await sql`create virtual table queue_search using fts5(text, card_end, content = 'queue_search_text',
    content_rowid = 'transaction_id', tokenize = 'trigram case_sensitive 1')`.execute(db);
  const add = `insert into queue_search (rowid, text, card_end) values (new.transaction_id, new.text, new.card_end);`;
  const drop = `insert into queue_search (queue_search, rowid, text, card_end)
    values ('delete', old.transaction_id, old.text, old.card_end);`;
  await sql
    .raw(`create trigger queue_search_text_insert after insert on queue_search_text begin ${add} end`)
    .execute(db);
  await sql
    .raw(`create trigger queue_search_text_delete after delete on queue_search_text begin ${drop} end`)
    .execute(db);
  await sql
    .raw(`create trigger queue_search_text_update after update on queue_search_text begin ${drop} ${add} end`)
    .execute(db);
  const refresh = (t: Touched, rows: readonly ('old' | 'new')[]) => `
    delete from queue_search_text where ${touchedBy(t, rows, 'transaction_id')};
    insert into queue_search_text (transaction_id, text, card_end) select transaction_id, text, card_end
      from queue_search_source where ${touchedBy(t, rows, 'transaction_id')};`;
  for (const w of WATCHED) {
    const { table, columns } = w;
    const changed = columns.map((c) => `old.${c} is not new.${c}`).join(' or ');
    await sql
      .raw(`create trigger queue_search_${table}_insert after insert on ${table} begin ${refresh(w, ['new'])} end`)
      .execute(db);
    await sql
      .raw(
        `create trigger queue_search_${table}_update after update of ${columns.join(', ')} on ${table}
          when ${changed} begin ${refresh(w, ['old', 'new'])} end`,
      )
      .execute(db);
    await sql
      .raw(`create trigger queue_search_${table}_delete after delete on ${table} begin ${refresh(w, ['old'])} end`)
      .execute(db);
  }
  await sql`insert into queue_search_text (transaction_id, text, card_end)
    select transaction_id, text, card_end from queue_search_source`.execute(db);
}

/**
 * pg_trgm where the database has it or lets us create it: the schema it lives in, or null when it
 * cannot be had (the filter then reads queue_search whole). Tried under a savepoint, so a refusal
 * (no contrib package, no privilege) leaves the migration's transaction usable.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function trigramSchema(db: Kysely<any>): Promise<string | null> {
  const installed = async () =>
    (
      await sql<{ schema: string }>`select n.nspname as schema from pg_extension e
        join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db)
    ).rows[0]?.schema ?? null;
  const found = await installed();
  if (found) return found;
  // In public when allowed, so dropping some other schema never takes the extension (and these indexes) along.
  for (const where of [sql` schema public`, sql``]) {
    await sql`savepoint queue_search_trgm`.execute(db);
    try {
      await sql`create extension if not exists pg_trgm${where}`.execute(db);
      await sql`release savepoint queue_search_trgm`.execute(db);
      return await installed();
    } catch {
      await sql`rollback to savepoint queue_search_trgm`.execute(db);
    }
  }
  return null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function postgresSearch(db: Kysely<any>): Promise<void> {
  await sql`create table queue_search (transaction_id bigint primary key, text text not null, card_end text not null)`.execute(
    db,
  );
  const trgm = await trigramSchema(db);
  if (trgm)
    await sql`create index queue_search_trigram on queue_search using gin
      (text ${sql.id(trgm)}.gin_trgm_ops, card_end ${sql.id(trgm)}.gin_trgm_ops)`.execute(db);
  await sql`create function queue_search_refresh(ids bigint[]) returns void language sql as $$
      insert into queue_search (transaction_id, text, card_end)
        select s.transaction_id, s.text, s.card_end from queue_search_source s where s.transaction_id = any(ids)
        on conflict (transaction_id) do update set text = excluded.text, card_end = excluded.card_end;
      delete from queue_search q where q.transaction_id = any(ids)
        and not exists (select 1 from transactions t where t.transaction_id = q.transaction_id);
    $$`.execute(db);
  for (const w of WATCHED) {
    const { table, columns } = w;
    const changed = columns.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');
    await sql
      .raw(
        `create function queue_search_on_${table}() returns trigger language plpgsql as $$
        begin
          if tg_op <> 'INSERT' then perform queue_search_refresh(${touchedArray(w, 'old')}); end if;
          if tg_op <> 'DELETE' then perform queue_search_refresh(${touchedArray(w, 'new')}); end if;
          return null;
        end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger queue_search_${table}_insert_delete after insert or delete on ${table}
          for each row execute function queue_search_on_${table}()`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger queue_search_${table}_update after update on ${table}
          for each row when (${changed}) execute function queue_search_on_${table}()`,
      )
      .execute(db);
  }
  await sql`insert into queue_search (transaction_id, text, card_end)
    select transaction_id, text, card_end from queue_search_source`.execute(db);
}

export const queueSearch: Migration = {
  name: '0310_queue_search',
  async up(db, dialect) {
    // What the triggers look up: a customer's proposals, a payment's postings.
    await sql`create index proposals_by_customer on proposals (company_code, customer)`.execute(db);
    await sql`create index postings_by_transaction on postings (transaction_id)`.execute(db);
    await sql.raw(sourceView(dialect)).execute(db);
    if (dialect === 'sqlite') await sqliteSearch(db);
    else await postgresSearch(db);
  },
};
