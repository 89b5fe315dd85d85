// Migration 0030: a table for what clerks taught the matcher, one row per alias id.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { initial } from '../../../../electron/store/migrations/0010_initial';
import { auditAppendOnly } from '../../../../electron/store/migrations/0020_audit_append_only';
import { matchAliases } from '../../../../electron/store/migrations/0030_match_aliases';
import { describeEachDialect } from '../../../support/store';
import { columnsOf, tablesOf } from '../../../support/store-introspect';

const alias = (
  over: Partial<{ id: string; kind: string; payload: string; learned_by: string; learned_at: string }> = {},
) => ({
  id: 'billingName:GLOBEX PURCHASING',
  kind: 'billingName',
  payload: JSON.stringify({ kind: 'billingName', value: 'GLOBEX PURCHASING', KUNNR: '0000100002', learnedFrom: 7001 }),
  learned_by: 'mia.clerk',
  learned_at: '2026-11-25T20:00:00.000Z',
  ...over,
});

describeEachDialect('migration 0030_match_aliases', (h) => {
  it('adds match_aliases on top of 0010 and 0020, every column NOT NULL', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, [initial, auditAppendOnly, matchAliases]);
    expect(await tablesOf(store)).toContain('match_aliases');
    const columns = await columnsOf(store, 'match_aliases');
    expect(columns.map((c) => c.name)).toEqual(['id', 'kind', 'payload', 'learned_by', 'learned_at']);
    expect(columns.filter((c) => c.nullable)).toEqual([]);
  });

  it('keeps one row per alias id: learning the same alias again must update, not add', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, [initial, auditAppendOnly, matchAliases]);
    await store.db.insertInto('match_aliases').values(alias()).execute();
    await expect(
      store.db
        .insertInto('match_aliases')
        .values(alias({ learned_by: 'someone else' }))
        .execute(),
    ).rejects.toThrow(/unique|primary key/i);
    await store.db
      .insertInto('match_aliases')
      .values(alias({ id: 'referencePrefix:WEB', kind: 'referencePrefix' }))
      .execute();
    expect(await store.db.selectFrom('match_aliases').select('id').orderBy('id').execute()).toEqual([
      { id: 'billingName:GLOBEX PURCHASING' },
      { id: 'referencePrefix:WEB' },
    ]);
  });

  if (h.dialect === 'sqlite') {
    it('is a STRICT table', async () => {
      const store = await h.open(await h.fresh());
      await migrate(store, [initial, auditAppendOnly, matchAliases]);
      await expect(
        store.db
          .insertInto('match_aliases')
          .values(alias({ payload: Buffer.from('{}') as unknown as string }))
          .execute(),
      ).rejects.toThrow(/cannot store BLOB value in TEXT column/);
    });
  }
});
