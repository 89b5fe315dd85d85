// What the database really has, asked of the database itself (not of Kysely's introspector,
// which on PostgreSQL lists every schema and so every other test's tables too).
import { sql } from 'kysely';
import type { Store } from '../../electron/store';

export interface ColumnInfo {
  name: string;
  type: string;
  nullable: boolean;
}

export async function columnsOf(store: Store, table: string): Promise<ColumnInfo[]> {
  if (store.dialect === 'sqlite') {
    const r = await sql<{
      name: string;
      type: string;
      notnull: number;
      pk: number;
    }>`select name, type, "notnull", pk from pragma_table_info(${table})`.execute(store.db);
    // An INTEGER PRIMARY KEY is NOT NULL in effect even though pragma says notnull = 0.
    return r.rows.map((c) => ({ name: c.name, type: c.type.toLowerCase(), nullable: c.notnull === 0 && c.pk === 0 }));
  }
  const r = await sql<{ name: string; type: string; nullable: string }>`
    select column_name as name, data_type as type, is_nullable as nullable from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(store.db);
  return r.rows.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable === 'YES' }));
}

export async function tablesOf(store: Store): Promise<string[]> {
  const r =
    store.dialect === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(
          store.db,
        )
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema() order by table_name`.execute(
          store.db,
        );
  return r.rows.map((t) => t.name);
}

/** The names of a table's indexes (those its primary key and unique constraints make left out). */
export async function indexesOf(store: Store, table: string): Promise<string[]> {
  const r =
    store.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = ${table}
          and name not like 'sqlite_autoindex_%' order by name`.execute(store.db)
      : await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema()
          and tablename = ${table} and indexname not like '%_pkey' order by indexname`.execute(store.db);
  return r.rows.map((i) => i.name);
}

/** The queue's stored search texts, by payment (the plain table on SQLite, the indexed table on PostgreSQL). */
export async function queueSearchTexts(store: Store): Promise<Map<number, string>> {
  const table = store.dialect === 'postgres' ? sql.table('queue_search') : sql.table('queue_search_text');
  const rows = await sql<{
    id: number | string;
    text: string;
  }>`select transaction_id as id, text from ${table}`.execute(store.db);
  return new Map(rows.rows.map((r) => [Number(r.id), r.text]));
}
