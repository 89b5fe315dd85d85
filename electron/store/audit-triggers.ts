// Are the database's own guards of the audit log still in place? Migrations 0020 and 0070 made audit_log and
// audit_chain refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL); someone who drops or disables a trigger is
// preparing to rewrite history, so verifying says so even when the chain itself still holds.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';
import { dialectOf, type SqlDialect } from './dialect';

interface Expected {
  readonly table: 'audit_log' | 'audit_chain';
  readonly name: string;
  /** What the definition must say (the events it fires on). */
  readonly definition: RegExp;
}

const EXPECTED: Record<SqlDialect, readonly Expected[]> = {
  sqlite: [
    { table: 'audit_log', name: 'audit_log_no_update', definition: /before\s+update\s+on\s+audit_log/i },
    { table: 'audit_log', name: 'audit_log_no_delete', definition: /before\s+delete\s+on\s+audit_log/i },
    { table: 'audit_chain', name: 'audit_chain_no_update', definition: /before\s+update\s+on\s+audit_chain/i },
    { table: 'audit_chain', name: 'audit_chain_no_delete', definition: /before\s+delete\s+on\s+audit_chain/i },
  ],
  postgres: [
    {
      table: 'audit_log',
      name: 'audit_log_no_update_delete',
      definition: /before (delete or update|update or delete)/i,
    },
    { table: 'audit_log', name: 'audit_log_no_truncate', definition: /before truncate/i },
    {
      table: 'audit_chain',
      name: 'audit_chain_no_update_delete',
      definition: /before (delete or update|update or delete)/i,
    },
    { table: 'audit_chain', name: 'audit_chain_no_truncate', definition: /before truncate/i },
  ],
};

interface Found {
  readonly name: string;
  readonly definition: string;
  /** False for a PostgreSQL trigger that was disabled (ALTER TABLE ... DISABLE TRIGGER). */
  readonly enabled: boolean;
  /** The body that refuses the change: SQLite's raise(abort) or the PostgreSQL function's source. */
  readonly refuses: boolean;
}

async function found(db: Kysely<Database>, dialect: SqlDialect, table: string): Promise<Found[]> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master
      where type = 'trigger' and tbl_name = ${table}`.execute(db);
    return rows.map((r) => ({
      name: r.name,
      definition: r.sql ?? '',
      enabled: true,
      refuses: /raise\s*\(\s*abort/i.test(r.sql ?? ''),
    }));
  }
  const { rows } = await sql<{ name: string; definition: string; enabled: string; source: string }>`
    select t.tgname as name, pg_get_triggerdef(t.oid) as definition, t.tgenabled as enabled, p.prosrc as source
    from pg_trigger t join pg_proc p on p.oid = t.tgfoid
    where t.tgrelid = to_regclass(${table}) and not t.tgisinternal`.execute(db);
  return rows.map((r) => ({
    name: r.name,
    definition: r.definition,
    enabled: r.enabled !== 'D',
    refuses: /raise\s+exception/i.test(r.source),
  }));
}

/**
 * What is wrong with the append-only triggers, one sentence per trigger; empty when all are in place.
 * `tables` are the audit tables this database has (audit_chain only from migration 0070 on).
 */
export async function missingAuditTriggers(
  db: Kysely<Database>,
  tables: readonly Expected['table'][],
): Promise<string[]> {
  const dialect = dialectOf(db);
  const problems: string[] = [];
  for (const table of tables) {
    const present = new Map((await found(db, dialect, table)).map((f) => [f.name, f]));
    for (const want of EXPECTED[dialect].filter((e) => e.table === table)) {
      const f = present.get(want.name);
      if (!f) problems.push(`trigger ${want.name} on ${table} is missing (dropped)`);
      else if (!f.enabled) problems.push(`trigger ${want.name} on ${table} is disabled`);
      else if (!f.refuses || !want.definition.test(f.definition))
        problems.push(`trigger ${want.name} on ${table} was replaced by one that no longer refuses changes`);
    }
  }
  return problems;
}
