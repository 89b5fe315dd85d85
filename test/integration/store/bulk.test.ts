// insertRows: many rows inside the caller's transaction, one prepared INSERT per row on SQLite and
// multi-row INSERTs on PostgreSQL; a bad row fails the whole transaction and leaves nothing behind.
import { expect, it } from 'vitest';
import { insertRows } from '../../../electron/store';
import { describeEachDialect } from '../../support/store';

const COLUMNS = [
  'company_code',
  'customer',
  'name',
  'email',
  'street',
  'city',
  'postal_code',
  'country',
  'synced_at',
] as const;
const customer = (i: number, name = `Customer ${i}`): string[] => [
  '1000',
  String(100_000 + i).padStart(10, '0'),
  name,
  `ap${i}@example.com`,
  '1 Main St',
  'Portland',
  '97201',
  'US',
  '2026-11-25T08:00:00.000Z',
];

describeEachDialect('bulk insert', (h) => {
  it('writes every row with its values in column order, more rows than one PostgreSQL statement binds', async () => {
    const { db } = await h.migrated();
    const rows = Array.from({ length: 7_500 }, (_, i) =>
      customer(i, i === 4_321 ? 'O\'Brien "Tools" \u00e9\u00e8 \u{1F4B3}' : `Customer ${i}`),
    );
    await db.transaction().execute((trx) => insertRows(trx, 'customers', COLUMNS, rows));
    const stored = await db.selectFrom('customers').selectAll().orderBy('customer').execute();
    expect(stored).toHaveLength(7_500);
    expect(stored.map((r) => COLUMNS.map((c) => r[c]))).toEqual(rows);
  });

  it('does nothing for no rows', async () => {
    const { db } = await h.migrated();
    await insertRows(db, 'customers', COLUMNS, []);
    expect(await db.selectFrom('customers').selectAll().execute()).toEqual([]);
  });

  it('a duplicate key fails the statement and the transaction: none of the rows stay, the earlier ones neither', async () => {
    const { db } = await h.migrated();
    await insertRows(db, 'customers', COLUMNS, [customer(1)]);
    const rows = [customer(2), customer(3), customer(1)];
    await expect(
      db.transaction().execute(async (trx) => {
        await insertRows(trx, 'customers', COLUMNS, [customer(9)]);
        await insertRows(trx, 'customers', COLUMNS, rows);
      }),
    ).rejects.toThrow(/unique|duplicate/i);
    expect((await db.selectFrom('customers').select('customer').execute()).map((r) => r.customer)).toEqual([
      customer(1)[1],
    ]);
  });

  it('outside a transaction it takes its own: a duplicate among the rows leaves none of them', async () => {
    const { db } = await h.migrated();
    await insertRows(db, 'customers', COLUMNS, [customer(1)]);
    await expect(
      insertRows(db, 'customers', COLUMNS, [customer(2), customer(3), customer(1), customer(4)]),
    ).rejects.toThrow(/unique|duplicate/i);
    expect((await db.selectFrom('customers').select('customer').execute()).map((r) => r.customer)).toEqual([
      customer(1)[1],
    ]);
  });

  it('refuses a row whose value count does not match the columns, before writing anything', async () => {
    const { db } = await h.migrated();
    await expect(insertRows(db, 'customers', COLUMNS, [customer(1), customer(2).slice(1)])).rejects.toThrow(
      /has 8 values for 9 columns/,
    );
    expect(await db.selectFrom('customers').selectAll().execute()).toEqual([]);
  });
});
