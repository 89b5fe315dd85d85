// The audit log refuses UPDATE and DELETE in the database itself, so no code path (or a person
// with a SQL console and no intent to drop triggers) can rewrite history. The hash chain is the
// second line: it still shows an edit made after someone dropped these triggers.
import { sql } from 'kysely';
import type { Migration } from './types';

export const AUDIT_APPEND_ONLY_MESSAGE = 'audit_log is append-only: entries cannot be changed or deleted';

export const auditAppendOnly: Migration = {
  name: '0020_audit_append_only',
  async up(db, dialect) {
    if (dialect === 'sqlite') {
      await sql`create trigger audit_log_no_update before update on audit_log
        begin select raise(abort, ${sql.raw(`'${AUDIT_APPEND_ONLY_MESSAGE}'`)}); end`.execute(db);
      await sql`create trigger audit_log_no_delete before delete on audit_log
        begin select raise(abort, ${sql.raw(`'${AUDIT_APPEND_ONLY_MESSAGE}'`)}); end`.execute(db);
      return;
    }
    await sql`create function audit_log_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception ${sql.raw(`'${AUDIT_APPEND_ONLY_MESSAGE}'`)} using errcode = 'insufficient_privilege';
      end $$`.execute(db);
    await sql`create trigger audit_log_no_update_delete before update or delete on audit_log
      for each row execute function audit_log_refuse_change()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_refuse_change()`.execute(db);
  },
};
