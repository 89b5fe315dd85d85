// `cleardesk backup` and `cleardesk restore`: a consistent copy of the desktop's SQLite store, and
// putting one back. Both print one JSON object on stdout; both are on the audit trail (the backup
// in the store it copied, the restore in the store it brought back).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sandboxAuditKeyFile, vaultAuditKeys, vaultForHost } from '../../secrets';
import {
  DATABASE_URL_ENV,
  SQLITE_FILE_NAME,
  StoreError,
  migrate,
  migrationStatus,
  openStoreFromEnv,
  restoreSqlite,
} from '../../store';
import { createLogger } from '../log';
import { ConfigurationError, EXIT } from './errors';

/** The store with the installation's audit key, so the entries these commands write join the keyed chain. */
const openWithKey = (dataDir: string) =>
  openStoreFromEnv(dataDir, process.env, {
    auditKeys: vaultAuditKeys(vaultForHost(process.env, createLogger()), process.env, {
      file: sandboxAuditKeyFile(dataDir),
      mayCreate: false,
    }),
  });

/** A problem with what was asked (the target exists, no such file): exit 2 with the reason. */
export class BackupUsageError extends Error {
  override readonly name = 'BackupUsageError';
  readonly exitCode = EXIT.usage;
}

function refusePostgres(what: string): void {
  if (process.env[DATABASE_URL_ENV]?.trim()) {
    throw new StoreError(
      'unsupported',
      `${DATABASE_URL_ENV} points ClearDesk at PostgreSQL: ${what} it with the server's own tools (pg_dump / pg_restore, or your hosting's snapshots). ` +
        "ClearDesk's backup and restore handle the desktop's SQLite file.",
    );
  }
}

export async function runBackupCommand(opts: { dataDir: string; out: string; user: string }): Promise<void> {
  refusePostgres('back up');
  const target = resolve(opts.out);
  if (existsSync(target)) {
    throw new BackupUsageError(`${target} exists already; ClearDesk does not overwrite a file. Choose a new name.`);
  }
  if (!existsSync(join(opts.dataDir, SQLITE_FILE_NAME))) {
    throw new ConfigurationError(`There is no ClearDesk store in ${opts.dataDir} (no ${SQLITE_FILE_NAME}) to back up.`);
  }
  const store = await openWithKey(opts.dataDir);
  try {
    await migrationStatus(store);
    const facts = await store.backup(target);
    await store.repos.audit.append({
      actor: opts.user,
      action: 'store.backedUp',
      subject: 'store',
      detail: { file: facts.file, bytes: facts.bytes, sha256: facts.sha256, auditHead: facts.auditHead },
    });
    process.stdout.write(`${JSON.stringify(facts)}\n`);
  } finally {
    await store.close();
  }
}

export async function runRestoreCommand(opts: { dataDir: string; file: string; user: string }): Promise<void> {
  refusePostgres('restore');
  const backup = resolve(opts.file);
  if (!existsSync(backup)) throw new BackupUsageError(`There is no backup file ${backup}.`);
  const storeFile = join(opts.dataDir, SQLITE_FILE_NAME);
  const at = new Date().toISOString();
  const outcome = restoreSqlite(storeFile, backup, at);
  // Brought up to this version's schema, and the restore recorded in the store it brought back.
  const store = await openWithKey(opts.dataDir);
  try {
    await migrate(store);
    await store.repos.audit.append({
      actor: opts.user,
      action: 'store.restored',
      subject: 'store',
      detail: {
        from: backup,
        sha256: outcome.restored.sha256,
        backupAuditHead: outcome.restored.auditHead,
        previousStoreKeptAt: outcome.previous,
      },
      at,
    });
  } finally {
    await store.close();
  }
  process.stdout.write(
    `${JSON.stringify({
      restored: backup,
      store: storeFile,
      previous: outcome.previous,
      auditHead: outcome.restored.auditHead,
      next: 'Run a sync: what happened after the backup comes back from PayTrace and SAP, and every posting is looked up in SAP before it is sent, so none is posted twice.',
    })}\n`,
  );
}
