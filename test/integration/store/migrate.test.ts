// Startup refuses a database whose applied migrations are not a prefix of the ones this version
// knows, and applies the missing ones each in its own transaction.
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { MIGRATIONS, StoreError, migrate, migrationStatus, type Migration } from '../../../electron/store';
import { describeEachDialect } from '../../support/store';
import { tablesOf } from '../../support/store-introspect';

const extra = (name: string, up: Migration['up'] = async () => undefined): Migration => ({ name, up });

describeEachDialect('migrate', (h) => {
  it('brings an empty database to the latest step, then has nothing left to do', async () => {
    const store = await h.open(await h.fresh());
    expect(await migrationStatus(store)).toEqual({ applied: [], pending: MIGRATIONS.map((m) => m.name) });
    expect(await migrate(store)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await migrate(store)).toEqual([]);
    expect(await migrationStatus(store)).toEqual({ applied: MIGRATIONS.map((m) => m.name), pending: [] });
  });

  it('applies only the missing steps to a database an older version migrated', async () => {
    const options = await h.fresh();
    const older = await h.open(options);
    await migrate(older, MIGRATIONS.slice(0, 1));
    const store = await h.open(options);
    expect(await migrate(store)).toEqual(MIGRATIONS.slice(1).map((m) => m.name));
  });

  it('refuses a database with a migration this version does not know (written by a newer version)', async () => {
    const options = await h.fresh();
    await migrate(await h.open(options), [...MIGRATIONS, extra('9990_from_the_future')]);
    const store = await h.open(options);
    const refusal = migrate(store);
    await expect(refusal).rejects.toBeInstanceOf(StoreError);
    await expect(refusal).rejects.toMatchObject({ code: 'unknown-migration' });
    await expect(refusal).rejects.toThrow(
      /has migration '9990_from_the_future' that this version of ClearDesk does not know; it was written by a newer version, or is not a ClearDesk database\. Use a matching version of ClearDesk or restore a backup\./,
    );
    await expect(migrationStatus(store)).rejects.toThrow(/9990_from_the_future/);
  });

  it('refuses a database whose migrations were applied in another order', async () => {
    const [a, b] = [extra('0010_a'), extra('0020_b')];
    const options = await h.fresh();
    await migrate(await h.open(options), [b, a]);
    await expect(migrate(await h.open(options), [a, b])).rejects.toThrow(
      /in an order this version of ClearDesk does not know: step 1 is '0020_b', expected '0010_a'/,
    );
  });

  it('refuses a database that has tables but no ClearDesk ledger, and leaves it as it was', async () => {
    const store = await h.open(await h.fresh());
    await sql`create table invoices (id integer primary key)`.execute(store.db);
    await expect(migrate(store)).rejects.toMatchObject({
      code: 'foreign',
      message: expect.stringMatching(/has tables \(invoices\) but no ClearDesk migration ledger/),
    });
    expect(await tablesOf(store)).toEqual(['invoices']);
  });

  it('rolls a failing migration back whole, ledger row included', async () => {
    const broken = extra('0030_broken', async (db) => {
      await sql`create table half_done (id integer)`.execute(db);
      throw new Error('disk full');
    });
    const store = await h.open(await h.fresh());
    await expect(migrate(store, [...MIGRATIONS, broken])).rejects.toThrow(
      /Migration '0030_broken' failed .* rolled back: disk full/,
    );
    expect(await tablesOf(store)).not.toContain('half_done');
    expect((await migrationStatus(store, [...MIGRATIONS, broken])).pending).toEqual(['0030_broken']);
  });

  it('lets two processes migrate the same database at once without applying a step twice', async () => {
    const options = await h.fresh();
    // On SQLite one process holds one connection, so the second store here stands for a second process.
    const [one, two] = [await h.open(options), await h.open(options)];
    if (h.dialect === 'sqlite') {
      await migrate(one);
      expect(await migrate(two)).toEqual([]);
      return;
    }
    const [a, b] = await Promise.all([migrate(one), migrate(two)]);
    expect([...a, ...b].sort()).toEqual(MIGRATIONS.map((m) => m.name).sort());
  });
});
