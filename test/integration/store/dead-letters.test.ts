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

describeEachDialect('dead letters resolved by hand', (h) => {
  it('counts what waits, resolves one letter once with who and why (card data masked), and leaves the rest', async () => {
    const store = await h.migrated();
    const letters = store.repos.deadLetters;
    expect(await letters.countOpen()).toBe(0);
    const a = await letters.add({ source: 'posting', sourceKey: 'PT7P', error: 'E F5 808', payload: {}, at: 't0' });
    const b = await letters.add({ source: 'paytrace', sourceKey: '8', error: 'bad amount', payload: {}, at: 't0' });
    const c = await letters.add({ source: 'paytrace', sourceKey: '9', error: 'bad amount', payload: {}, at: 't0' });
    expect(await letters.countOpen()).toBe(3);

    expect(await letters.resolveByHand(b, 'mia.clerk', 'Re-keyed in PayTrace, card 4111 1111 1111 1111', 't1')).toBe(
      true,
    );
    expect(await letters.get(b)).toMatchObject({
      id: b,
      resolvedAt: 't1',
      resolvedBy: 'mia.clerk',
      resolution: 'Re-keyed in PayTrace, card ************1111',
    });
    // Once resolved it stays as the first person left it.
    expect(await letters.resolveByHand(b, 'ben.approver', 'again', 't2')).toBe(false);
    expect(await letters.get(b)).toMatchObject({ resolvedAt: 't1', resolvedBy: 'mia.clerk' });
    // ClearDesk's own resolution (a later posting) records no person.
    await letters.resolve('posting', 'PT7P', 't3');
    expect(await letters.get(a)).toMatchObject({ resolvedAt: 't3', resolvedBy: null, resolution: null });
    expect(await letters.resolveByHand(a, 'mia.clerk', 'late', 't4')).toBe(false);

    expect(await letters.countOpen()).toBe(1);
    expect(await letters.get(c)).toMatchObject({ resolvedAt: null, resolvedBy: null });
    expect(await letters.get(c + 100)).toBeNull();
  });
});
