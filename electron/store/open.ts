// Opening the store: SQLite on the desktop, PostgreSQL when a team shares one queue.
// Opening does not migrate; call migrate(store) next (it also refuses a newer database).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from './schema';
import type { SqlDialect } from './dialect';
import { StoreError, causeText, describePostgresUrl } from './errors';
import { openSqliteFile } from './sqlite-open';
import { immediateSqliteDialect } from './sqlite-dialect';
import { createPostgresPool } from './postgres-pool';
import { repositoriesOf, type Repositories } from './repos';
import { backupSqlite, type BackupFacts } from './backup';
import type { AuditKeyStore } from '../../shared/ports';
import { AuditKeys } from './audit-keys';

export type StoreOptions = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolSize?: number };

/** What the store needs from outside the database. */
export interface StoreServices {
  /**
   * Where the audit chain's key is kept (the OS keychain or the environment; electron/secrets). Without it the
   * store still reads, but appends to a keyed audit log are refused and its keyed entries cannot be verified.
   */
  readonly auditKeys?: AuditKeyStore;
}

export interface Store {
  /** Kysely over the database, for the store's own code, hosts' maintenance and tests; the core gets `repos`. */
  readonly db: Kysely<Database>;
  /** Every query ClearDesk runs, as typed functions (see repos/index.ts). */
  readonly repos: Repositories;
  /** The audit key as the store uses it, for the store's own functions called outside `repos`; null without one. */
  readonly auditKeys: AuditKeys | null;
  readonly dialect: SqlDialect;
  /** Where the data lives, for messages: the file path, or the URL without its password. */
  readonly location: string;
  /** A consistent copy of the SQLite store in a new file, checked (PostgreSQL: the server's own tools). */
  backup(target: string): Promise<BackupFacts>;
  close(): Promise<void>;
}

export const DATABASE_URL_ENV = 'CLEARDESK_DATABASE_URL';
export const SQLITE_FILE_NAME = 'cleardesk.sqlite';

export async function openStore(options: StoreOptions, services: StoreServices = {}): Promise<Store> {
  const keys = services.auditKeys ? new AuditKeys(services.auditKeys) : null;
  return options.kind === 'sqlite'
    ? openSqliteStore(options.file, keys)
    : openPostgresStore(options.url, keys, options.poolSize);
}

/** PostgreSQL when CLEARDESK_DATABASE_URL is set, else `<dataDir>/cleardesk.sqlite`. */
export async function openStoreFromEnv(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
  services: StoreServices = {},
): Promise<Store> {
  const url = env[DATABASE_URL_ENV]?.trim();
  if (url) return openStore({ kind: 'postgres', url }, services);
  mkdirSync(dataDir, { recursive: true });
  return openStore({ kind: 'sqlite', file: join(dataDir, SQLITE_FILE_NAME) }, services);
}

function openSqliteStore(file: string, auditKeys: AuditKeys | null): Store {
  const raw = openSqliteFile(file);
  const db = new Kysely<Database>({ dialect: immediateSqliteDialect(raw) });
  return {
    db,
    repos: repositoriesOf(db, auditKeys),
    auditKeys,
    dialect: 'sqlite',
    location: file,
    backup: (target) => backupSqlite(raw, file, target),
    close: () => db.destroy(),
  };
}

async function openPostgresStore(url: string, auditKeys: AuditKeys | null, poolSize?: number): Promise<Store> {
  const location = describePostgresUrl(url);
  const pool = createPostgresPool(url, poolSize);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    // Fail here, with the server named, rather than at the first query somewhere in sync.
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new StoreError(
      'connect-failed',
      `Could not connect to PostgreSQL at ${location}: ${causeText(error)}. ` +
        `Check that the server is running and that ${DATABASE_URL_ENV} has the right host, database, user and password.`,
      { cause: error },
    );
  }
  return {
    db,
    repos: repositoriesOf(db, auditKeys),
    auditKeys,
    dialect: 'postgres',
    location,
    backup: async () => {
      throw new StoreError(
        'unsupported',
        `The store is the PostgreSQL database at ${location}: back it up with the server's own tools (pg_dump, or your ` +
          "hosting's snapshots) and restore it with pg_restore. ClearDesk's backup and restore handle the desktop's SQLite file.",
      );
    },
    close: () => db.destroy(),
  };
}
