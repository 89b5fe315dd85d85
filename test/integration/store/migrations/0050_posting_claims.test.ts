// Migration 0050: postings get a claim (which instance works on them, since when), empty by default.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf } from '../../../support/store-introspect';

describeEachDialect('migration 0050_posting_claims', (h) => {
  it('adds nullable claimed_by and claimed_at to postings, after every earlier migration', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, 4));
    expect((await columnsOf(store, 'postings')).map((c) => c.name)).not.toContain('claimed_by');
    await migrate(store, MIGRATIONS.slice(0, 5));
    const columns = await columnsOf(store, 'postings');
    expect(columns.filter((c) => c.name.startsWith('claimed_')).map((c) => [c.name, c.nullable])).toEqual([
      ['claimed_by', true],
      ['claimed_at', true],
    ]);
  });

  it('keeps postings written before it, unclaimed', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, 4));
    await store.db
      .insertInto('postings')
      .values({
        reference: 'PT1P',
        transaction_id: 1,
        event: 'payment',
        state: 'sending',
        company_code: '1000',
        document: '{}',
        belnr: null,
        gjahr: null,
        messages: '[]',
        attempts: 1,
        approved_by: 'clerk',
        created_at: '2026-11-25T00:00:00Z',
        updated_at: '2026-11-25T00:00:00Z',
      })
      .execute();
    await migrate(store);
    expect(await store.db.selectFrom('postings').select(['reference', 'claimed_by', 'claimed_at']).execute()).toEqual([
      { reference: 'PT1P', claimed_by: null, claimed_at: null },
    ]);
  });
});
