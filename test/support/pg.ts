// PostgreSQL for store tests. The test script starts a throwaway server and sets
// CLEARDESK_TEST_PG_URL (an admin URL); each test file gets its own fresh database, dropped after,
// so files can run in parallel without seeing each other's tables.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL_ENV = 'CLEARDESK_TEST_PG_URL';
export const pgAdminUrl: string | undefined = process.env[PG_URL_ENV]?.trim() || undefined;

/** For describe.skipIf: true when no server is configured. The reason is printed once per file. */
export const skipPg: boolean = !pgAdminUrl;
if (skipPg) {
  console.warn(
    `[skip] PostgreSQL store tests skipped: ${PG_URL_ENV} is not set (the test script sets it after starting a server).`,
  );
}

export interface PgTestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  if (!pgAdminUrl) throw new Error(`${PG_URL_ENV} is not set`);
  const client = new pg.Client({ connectionString: pgAdminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database with a random name; drop() removes it even if connections linger. */
export async function createPgTestDatabase(prefix = 'cleardesk_test'): Promise<PgTestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database "${name}"`));
  const url = new URL(pgAdminUrl!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}
