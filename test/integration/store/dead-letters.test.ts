// What cannot be processed goes to the dead-letter queue, with card data masked first.
import { expect, it } from 'vitest';
import { addDeadLetter } from '../../../electron/store';
import { containsPan } from '../../../shared/security';
import { describeEachDialect } from '../../support/store';

describeEachDialect('dead-letter queue', (h) => {
  it('keeps the record and the error, with the card number masked', async () => {
    const store = await h.migrated();
    const id = await addDeadLetter(store.db, {
      source: 'paytrace',
      sourceKey: '105968532',
      error: 'amount "12,34" is not a number (card 4111111111111111)',
      payload: { transaction_id: 105968532, amount: '12,34', cc: '4111-1111-1111-1111', big: 10n },
      at: '2026-11-25T20:00:00.000Z',
    });
    const row = await store.db.selectFrom('dead_letters').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      source: 'paytrace',
      source_key: '105968532',
      created_at: '2026-11-25T20:00:00.000Z',
      resolved_at: null,
    });
    expect(containsPan(row.error) || containsPan(row.payload)).toBe(false);
    expect(JSON.parse(row.payload)).toEqual({
      transaction_id: 105968532,
      amount: '12,34',
      cc: '************1111',
      big: '10',
    });
    expect(await addDeadLetter(store.db, { source: 'import', error: 'row 3: no amount', payload: ['a'] })).toBe(id + 1);
  });
});
