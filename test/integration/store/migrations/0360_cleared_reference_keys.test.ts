// Migration 0360: each open item's reference keyed as the cleared look-up finds it, for rows stored before
// it the same key shared/matching `storedReferenceKey` gives the rows written after, on both dialects.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { storedReferenceKey } from '../../../../shared/matching/keys';
import { describeEachDialect } from '../../../support/store';
import { columnsOf } from '../../../support/store-introspect';
import { openItemRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0360_cleared_reference_keys');

const REFERENCES = [
  '90001234',
  'INV-90001234',
  'inv 0090005555',
  'Rechnung#90007777',
  'Invoice No. 90008888',
  'PO-77',
  '2026/INV/5567',
  'ABC',
  '',
  'a\\b:c_0.12',
];

describeEachDialect('migration 0360_cleared_reference_keys', (h) => {
  it('keys the references stored before it as storedReferenceKey does', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    expect((await columnsOf(store, 'open_items')).map((c) => c.name)).not.toContain('reference_key');
    await store.db
      .insertInto('open_items')
      .values(
        REFERENCES.map((reference, i) => openItemRow({ doc_no: String(1800000000 + i), reference, status: 'cleared' })),
      )
      .execute();
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    const rows = await store.db
      .selectFrom('open_items')
      .select(['reference', 'reference_key'])
      .orderBy('doc_no')
      .execute();
    expect(rows.map((r) => [r.reference, r.reference_key])).toEqual(REFERENCES.map((r) => [r, storedReferenceKey(r)]));
    expect(rows.slice(0, 5).map((r) => r.reference_key)).toEqual([
      '90001234',
      '90001234',
      '90005555',
      '90007777',
      '90008888',
    ]);
  });
});
