// Runs a block of store tests on SQLite and on PostgreSQL (skipped with a reason when no server
// is configured). Every call to fresh() gives an empty database: a new file for SQLite, a new
// schema inside this file's own PostgreSQL database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import {
  migrate,
  openStore,
  type SqlDialect,
  type Store,
  type StoreOptions,
  type StoreServices,
} from '../../electron/store';
import { testAuditKeys } from './audit-key';
import { createPgTestDatabase, skipPg, type PgTestDatabase } from './pg';

export interface StoreHarness {
  readonly dialect: SqlDialect;
  /** Options for a new, empty database. */
  fresh(): Promise<StoreOptions>;
  /** Opens a store (with the test audit key unless `services` says otherwise); it is closed after the test. */
  open(options: StoreOptions, services?: StoreServices): Promise<Store>;
  /** fresh() + open() + migrate(). */
  migrated(): Promise<Store>;
}

function harness(
  dialect: SqlDialect,
  fresh: () => Promise<StoreOptions>,
): { h: StoreHarness; closeAll(): Promise<void> } {
  const opened: Store[] = [];
  const h: StoreHarness = {
    dialect,
    fresh,
    async open(options, services = { auditKeys: testAuditKeys() }) {
      const store = await openStore(options, services);
      opened.push(store);
      return store;
    },
    async migrated() {
      const store = await h.open(await fresh());
      await migrate(store);
      return store;
    },
  };
  return { h, closeAll: async () => void (await Promise.all(opened.splice(0).map((s) => s.close()))) };
}

export function describeEachDialect(title: string, body: (h: StoreHarness) => void): void {
  describe(`${title} [sqlite]`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cleardesk-store-'));
    let n = 0;
    const { h, closeAll } = harness('sqlite', async () => ({ kind: 'sqlite', file: join(dir, `db${++n}.sqlite`) }));
    afterEach(closeAll);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    body(h);
  });

  describe.skipIf(skipPg)(`${title} [postgres]`, () => {
    let database: PgTestDatabase;
    const { h, closeAll } = harness('postgres', async () => {
      const schema = `s_${randomBytes(5).toString('hex')}`;
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query(`create schema ${schema}`);
      await client.end();
      const url = new URL(database.url);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return { kind: 'postgres', url: url.toString(), poolSize: 4 };
    });
    beforeAll(async () => {
      database = await createPgTestDatabase();
    });
    afterEach(closeAll);
    afterAll(async () => {
      await closeAll();
      await database?.drop();
    });
    body(h);
  });
}
