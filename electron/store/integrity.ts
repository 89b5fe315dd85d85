// A deeper check than opening does: opening reads only the header and the schema, so damage in a
// data page shows up later as a failing query. This reads every page and checks that every index
// matches its table (SQLite's integrity_check; quick_check would miss a damaged index), so it
// belongs in `cleardesk doctor` or after a crash, not on every start of a large file.
import { sql } from 'kysely';
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
    const result = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db);
    // SQLite may put several findings in one row, one per line, under a "*** in database main ***" heading.
    problems = result.rows
      .flatMap((r) => r.integrity_check.split('\n'))
      .map((line) => line.trim())
      .filter((line) => line !== '' && line !== 'ok' && !line.startsWith('***'));
  } catch (error) {
    problems = [error instanceof Error ? error.message : String(error)];
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
