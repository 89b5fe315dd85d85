// Migration 0020: the audit log refuses UPDATE and DELETE in the database itself.
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { appendAudit, migrate } from '../../../../electron/store';
import { initial } from '../../../../electron/store/migrations/0010_initial';
import { auditAppendOnly } from '../../../../electron/store/migrations/0020_audit_append_only';
import { describeEachDialect } from '../../../support/store';

describeEachDialect('migration 0020_audit_append_only', (h) => {
  it('applies on top of 0010 and still lets entries be appended', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, [initial, auditAppendOnly]);
    // Before 0070 the log is not keyed: entries are appended without a key.
    await appendAudit(store.db, { actor: 'clerk', action: 'proposal.approved', subject: 'paytrace:1' }, null);
    await appendAudit(store.db, { actor: 'clerk', action: 'proposal.approved', subject: 'paytrace:2' }, null);
    expect(await store.db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).toEqual([
      { seq: 1 },
      { seq: 2 },
    ]);
  });

  it('refuses to change or delete an audit entry, even with raw SQL', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, [initial, auditAppendOnly]);
    await appendAudit(
      store.db,
      { actor: 'clerk', action: 'transaction.parked', subject: 'paytrace:1', detail: { reason: 'call customer' } },
      null,
    );
    await expect(store.db.updateTable('audit_log').set({ actor: 'someone else' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(store.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set detail = '{}' where seq = 1`.execute(store.db)).rejects.toThrow(
      /append-only/,
    );
    if (h.dialect === 'postgres')
      await expect(sql`truncate audit_log`.execute(store.db)).rejects.toThrow(/append-only/);
    const [row] = await store.db.selectFrom('audit_log').select(['actor', 'detail']).execute();
    expect(row).toEqual({ actor: 'clerk', detail: '{"reason":"call customer"}' });
  });
});
