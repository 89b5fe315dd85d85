// Migration 0230: the audit browser's indexes, on a log that already holds entries (which stay, and verify).
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { appendAudit, migrate, verifyAudit, type Store } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';

const at = MIGRATIONS.findIndex((m) => m.name === '0230_audit_browser');

async function indexesOf(store: Store): Promise<string[]> {
  const rows =
    store.dialect === 'postgres'
      ? await sql<{ name: string }>`select indexname as name from pg_indexes
          where tablename = 'audit_log' and schemaname = current_schema()`.execute(store.db)
      : await sql<{ name: string }>`select name from sqlite_master
          where type = 'index' and tbl_name = 'audit_log'`.execute(store.db);
  return rows.rows.map((r) => r.name).filter((n) => n.startsWith('audit_log_by_'));
}

describeEachDialect('migration 0230_audit_browser', (h) => {
  it('indexes the log by actor, subject, action and time, keeping its entries', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    await appendAudit(
      store.db,
      { actor: 'clerk.anna', action: 'proposal.approved', subject: 'paytrace:1' },
      store.auditKeys,
    );
    expect(await indexesOf(store)).toEqual([]);
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    expect((await indexesOf(store)).sort()).toEqual([
      'audit_log_by_action',
      'audit_log_by_actor',
      'audit_log_by_at',
      'audit_log_by_subject',
    ]);
    expect(await verifyAudit(store.db, store.auditKeys)).toMatchObject({ ok: true, entries: 1 });
  });
});
