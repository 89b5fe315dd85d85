// A deeper check than opening does: opening reads only the header and the schema, so damage in a
// data page shows up later as a failing query. This reads every page and checks that every index
// matches its table (SQLite's integrity_check; quick_check would miss a damaged index), so it
// belongs in `cleardesk doctor` or after a crash, not on every start of a large file.
import { sql } from 'kysely';
import { StoreError } from './errors';
import type { Store } from './open';

export interface IntegrityReport {
  ok: boolean;
  /** SQLite's own findings, verbatim; empty when ok. */
  problems: string[];
  message: string;
}

export async function checkIntegrity(store: Store): Promise<IntegrityReport> {
  if (store.dialect === 'postgres') {
    return {
      ok: true,
      problems: [],
      message: `PostgreSQL at ${store.location} checks its own pages; nothing to do here.`,
    };
  }
  let problems: string[];
  try {
    problems = await integrityProblems(store);
  } catch (error) {
    // Damage bad enough to stop the check itself ("database disk image is malformed") is found
    // again table by table, so the message says where it is.
    problems = await locateDamage(store, error);
  }
  return problems.length === 0
    ? { ok: true, problems, message: `The database file ${store.location} passed SQLite's integrity check.` }
    : {
        ok: false,
        problems,
        message:
          `The database file ${store.location} is damaged (${problems.slice(0, 3).join('; ')}). ` +
          'Stop ClearDesk, keep a copy of the file, and restore the latest backup.',
      };
}

/** SQLite's findings for the whole file, or one table and its indexes; empty when sound. */
async function integrityProblems(store: Store, table?: string): Promise<string[]> {
  const result = table
    ? await sql<{ integrity_check: string }>`pragma integrity_check(${sql.id(table)})`.execute(store.db)
    : await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db);
  // SQLite may put several findings in one row, one per line, under a "*** in database main ***" heading.
  return result.rows
    .flatMap((r) => r.integrity_check.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== 'ok' && !line.startsWith('***'));
}

/** SQLite's own words for a failed statement (the store wraps them in a message for people). */
function sqliteText(error: unknown): string {
  const cause = error instanceof StoreError ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

async function locateDamage(store: Store, error: unknown): Promise<string[]> {
  const what = sqliteText(error);
  let tables: string[];
  try {
    const rows = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' order by name`.execute(store.db);
    tables = rows.rows.map((r) => r.name);
  } catch {
    return [what];
  }
  const found: string[] = [];
  for (const table of tables) {
    try {
      found.push(...(await integrityProblems(store, table)));
    } catch (e) {
      found.push(`${sqliteText(e)} in table ${table} or one of its indexes`);
    }
  }
  return found.length > 0 ? found : [what];
}
