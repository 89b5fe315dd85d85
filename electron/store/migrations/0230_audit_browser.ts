// The audit browser (repos/audit.ts, list) filters the log by actor, by subject (a payment is
// "paytrace:<id>"), by action and by time, newest first and a page at a time. One index per filter,
// each ending in seq, so a page is an index range read backwards from the cursor, not a scan of a
// log that only grows. (subject, seq) also serves forSubject, the detail panel's history.
import { sql } from 'kysely';
import type { Migration } from './types';

const INDEXES: readonly (readonly [string, readonly string[]])[] = [
  ['audit_log_by_actor', ['actor', 'seq']],
  ['audit_log_by_subject', ['subject', 'seq']],
  ['audit_log_by_action', ['action', 'seq']],
  ['audit_log_by_at', ['at', 'seq']],
];

export const auditBrowser: Migration = {
  name: '0230_audit_browser',
  async up(db) {
    for (const [name, columns] of INDEXES)
      await sql`create index ${sql.ref(name)} on audit_log (${sql.join(columns.map((c) => sql.ref(c)))})`.execute(db);
  },
};
