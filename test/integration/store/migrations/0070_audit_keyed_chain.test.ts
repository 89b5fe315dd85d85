// Migration 0070: the audit chain is keyed from the head on. Entries written before stay verifiable as plain
// SHA-256, entries after are HMAC-SHA256 under the installation's key, and audit_chain records (and seals) where
// the keyed chain starts. Without a key the migration is refused and the database stays at the step before.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import {
  GENESIS_HASH,
  appendAudit,
  auditHash,
  auditKeyId,
  auditMac,
  migrate,
  migrationStatus,
  verifyAudit,
  type Store,
} from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import type { AuditKeyStore } from '../../../../shared/ports';
import { TEST_AUDIT_KEY, testAuditKeys } from '../../../support/audit-key';
import { tamper } from '../../../support/audit-tamper';
import { describeEachDialect } from '../../../support/store';
import { columnsOf, tablesOf } from '../../../support/store-introspect';

const BEFORE = MIGRATIONS.slice(0, 6);

async function plainEntries(store: Store, n: number): Promise<void> {
  for (let i = 1; i <= n; i++)
    await appendAudit(store.db, { actor: 'clerk.anna', action: 'proposal.approved', subject: `paytrace:${i}` }, null);
}

describeEachDialect('migration 0070_audit_keyed_chain', (h) => {
  it('starts the keyed chain at the head of an existing log, whose entries stay verifiable as plain SHA-256', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, BEFORE);
    await plainEntries(store, 3);
    const before = await store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    await migrate(store);

    expect((await columnsOf(store, 'audit_chain')).map((c) => [c.name, c.nullable])).toEqual([
      ['chain_id', false],
      ['keyed_from', false],
      ['start_hash', false],
      ['started_at', false],
      ['key_id', false],
      ['seal', false],
    ]);
    const [chain] = await store.db.selectFrom('audit_chain').selectAll().execute();
    expect(chain).toMatchObject({ keyed_from: 3 + 1, start_hash: before[2]!.hash, key_id: auditKeyId(TEST_AUDIT_KEY) });
    expect(chain!.chain_id).toMatch(/^[0-9a-f]{16}$/);
    // The old entries are untouched and still carry the plain hash anyone can recompute.
    expect(await store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()).toEqual(before);
    for (const row of before) expect(row.hash).toBe(auditHash({ ...row, seq: Number(row.seq) }));

    const keyed = await appendAudit(
      store.db,
      { actor: 'sync', action: 'sync.completed', subject: 'sync:1' },
      store.auditKeys,
    );
    const row = await store.db.selectFrom('audit_log').selectAll().where('seq', '=', 4).executeTakeFirstOrThrow();
    expect(keyed).toMatchObject({ seq: 4, prevHash: before[2]!.hash });
    expect(keyed.hash).toBe(auditMac({ ...row, seq: 4 }, chain!.chain_id, TEST_AUDIT_KEY));
    expect(await verifyAudit(store.db, store.auditKeys)).toMatchObject({
      ok: true,
      entries: 4,
      keyedFrom: 4,
      message: expect.stringMatching(/intact: 4 entries.*Entries from 4 on are keyed/),
    });

    // The plain part rebuilt with plain hashes no longer links to the keyed chain that continues it.
    await tamper(store, async () => {
      let prev = GENESIS_HASH;
      for (const r of before) {
        const edited = { ...r, seq: Number(r.seq), actor: 'someone else', prev_hash: prev };
        prev = auditHash(edited);
        await sql`update audit_log set actor = 'someone else', prev_hash = ${edited.prev_hash}, hash = ${prev}
          where seq = ${edited.seq}`.execute(store.db);
      }
    });
    expect(await verifyAudit(store.db, store.auditKeys)).toMatchObject({
      ok: false,
      brokenAt: 3,
      message: expect.stringMatching(/is not the entry the keyed chain was started after/),
    });
  });

  it('starts an empty log keyed from its first entry, and makes the key when none is kept yet', async () => {
    const created: string[] = [];
    const base = testAuditKeys();
    let kept = false;
    const keys: AuditKeyStore = {
      where: base.where,
      read: async (chain) => (kept ? base.read(chain) : null),
      create: async (chain) => {
        created.push(chain);
        kept = true;
        return base.create(chain);
      },
    };
    const store = await h.open(await h.fresh(), { auditKeys: keys });
    await migrate(store);
    const [chain] = await store.db.selectFrom('audit_chain').selectAll().execute();
    expect(chain).toMatchObject({ keyed_from: 1, start_hash: GENESIS_HASH });
    expect(created).toEqual([chain!.chain_id]);
  });

  it('is refused without a key, leaving the database at 0060', async () => {
    const store = await h.open(await h.fresh(), { auditKeys: testAuditKeys(null) });
    await migrate(store, BEFORE);
    await plainEntries(store, 2);
    await expect(migrate(store)).rejects.toMatchObject({
      code: 'audit-key-missing',
      message: expect.stringMatching(/could not keep a new one: this test keeps no audit key/),
    });
    expect((await migrationStatus(store)).applied.at(-1)).toBe(BEFORE.at(-1)!.name);
    expect((await migrationStatus(store)).pending[0]).toBe('0070_audit_keyed_chain');
    expect(await tablesOf(store)).not.toContain('audit_chain');
    expect(await verifyAudit(store.db, null)).toMatchObject({ ok: true, entries: 2, keyedFrom: null });
  });

  it('refuses to change or delete the record of where the keyed chain starts', async () => {
    const store = await h.migrated();
    await expect(sql`update audit_chain set keyed_from = 99`.execute(store.db)).rejects.toThrow(/audit_chain is fixed/);
    await expect(sql`delete from audit_chain`.execute(store.db)).rejects.toThrow(/audit_chain is fixed/);
    if (h.dialect === 'postgres')
      await expect(sql`truncate audit_chain`.execute(store.db)).rejects.toThrow(/audit_chain is fixed/);
    expect(await store.db.selectFrom('audit_chain').select('keyed_from').execute()).toEqual([{ keyed_from: 1 }]);
  });
});
