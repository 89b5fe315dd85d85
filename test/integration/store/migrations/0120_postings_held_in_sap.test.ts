// Migration 0120: postings keep the IDoc that carries them (number and last status seen) and when the
// last call's outcome became unknown; postings written before it read back with neither.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf } from '../../../support/store-introspect';

const at = MIGRATIONS.findIndex((m) => m.name === '0120_postings_held_in_sap');

describeEachDialect('migration 0120_postings_held_in_sap', (h) => {
  it('adds nullable idoc_number, idoc_status and outcome_unknown_at to postings, after every earlier migration', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    const before = (await columnsOf(store, 'postings')).map((c) => c.name);
    expect(before).not.toContain('idoc_number');
    expect(before).not.toContain('outcome_unknown_at');
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    const added = (await columnsOf(store, 'postings'))
      .filter((c) => ['idoc_number', 'idoc_status', 'outcome_unknown_at'].includes(c.name))
      .map((c) => [c.name, c.nullable]);
    expect(added).toEqual([
      ['idoc_number', true],
      ['idoc_status', true],
      ['outcome_unknown_at', true],
    ]);
  });

  it('keeps postings written before it, with no IDoc and no unknown outcome, and reads them through the repository', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
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
        claimed_by: null,
        claimed_at: null,
      })
      .execute();
    await migrate(store);
    const [unresolved] = await store.repos.postings.unresolved();
    expect(unresolved).toMatchObject({
      reference: 'PT1P',
      state: 'sending',
      idocNumber: null,
      idocStatus: null,
      outcomeUnknownAt: null,
    });
    // and the new columns take what the protocol writes
    await store.repos.postings.outcomeUnknown('PT1P', '2026-11-25T00:01:00Z');
    expect((await store.repos.postings.find(1, 'payment'))?.outcomeUnknownAt).toBe('2026-11-25T00:01:00Z');
    const pending = await store.repos.postings.markPending(
      'PT1P',
      { number: '0000000000000042', status: '51' },
      '[]',
      '2026-11-25T00:02:00Z',
    );
    expect(pending).toMatchObject({
      state: 'pending',
      idocNumber: '0000000000000042',
      idocStatus: '51',
      outcomeUnknownAt: null,
    });
  });
});
