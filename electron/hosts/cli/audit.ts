// `cleardesk audit head` and `cleardesk audit verify` (docs/ARCHITECTURE.md, "The audit log"). head prints the
// log's last entry as one JSON object to keep outside ClearDesk; verify checks the chain (plain SHA-256 before the
// keyed chain, HMAC under the installation's key from it on) and the append-only triggers, and holds the log
// against an anchor: a file given with --anchor (head JSON, anchor file, journal export), or else the newest anchor
// in the anchor folder when one is configured. Exit 6 when the log does not hold, and the audit alert is raised.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { systemClock } from '../../../shared/ports';
import { Alerts } from '../../core/alerts/alerts';
import { AnchorFileError, readAuditHeadFile } from '../../core/audit/read-head';
import { sandboxAuditKeyFile, vaultAuditKeys, vaultForHost } from '../../secrets';
import {
  DATABASE_URL_ENV,
  SQLITE_FILE_NAME,
  migrationStatus,
  openStoreFromEnv,
  readAuditHead,
  verifyAudit,
  type AuditAnchorRef,
  type Store,
  type StoreServices,
} from '../../store';
import { alertMailSource } from '../alert-mail';
import { anchorDirOf, checkAnchorDir, folderAnchors } from '../audit-anchors';
import { createLogger } from '../log';
import { ConfigurationError, EXIT } from './errors';

/** The anchor file cannot be read: exit 2 with the reason (a usage error, not a broken log). */
export class AnchorUsageError extends Error {
  override readonly name = 'AnchorUsageError';
  readonly exitCode = EXIT.usage;
}

export async function openExisting(dataDir: string, services: StoreServices = {}): Promise<Store> {
  if (!process.env[DATABASE_URL_ENV]?.trim() && !existsSync(join(dataDir, SQLITE_FILE_NAME))) {
    throw new ConfigurationError(
      `There is no ClearDesk store in ${dataDir} (no ${SQLITE_FILE_NAME}). Pass the --data-dir ClearDesk uses, or set ${DATABASE_URL_ENV} for a team database.`,
    );
  }
  const store = await openStoreFromEnv(dataDir, process.env, services);
  try {
    if ((await migrationStatus(store)).applied.length === 0)
      throw new ConfigurationError(`The store at ${store.location} holds no ClearDesk data yet.`);
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

export async function runAuditHeadCommand(opts: { dataDir: string }): Promise<void> {
  const store = await openExisting(opts.dataDir);
  try {
    const head = await readAuditHead(store.db);
    process.stdout.write(`${JSON.stringify({ seq: head.seq, hash: head.hash, at: head.at, chain: head.chain })}\n`);
  } finally {
    await store.close();
  }
}

async function anchorFromFile(file: string): Promise<AuditAnchorRef> {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile())
    throw new AnchorUsageError(`The anchor file ${path} does not exist; give the file the head was kept in.`);
  try {
    return await readAuditHeadFile(readFileSync(path), path);
  } catch (error) {
    if (error instanceof AnchorFileError) throw new AnchorUsageError(error.message);
    throw error;
  }
}

/** The anchor to hold the log against, and a sentence saying which, or none. */
async function chosenAnchor(opts: {
  dataDir: string;
  anchor?: string;
  anchorDir?: string;
}): Promise<{ anchor: AuditAnchorRef | null; said: string | null }> {
  if (opts.anchor) {
    const anchor = await anchorFromFile(opts.anchor);
    return { anchor, said: `Held against ${resolve(opts.anchor)} (entry ${anchor.seq}).` };
  }
  const dir = anchorDirOf(opts.anchorDir, process.env);
  if (!dir) return { anchor: null, said: null };
  const anchors = folderAnchors(checkAnchorDir(dir, opts.dataDir));
  const [latest] = await anchors.list(1);
  if (!latest) return { anchor: null, said: `No anchor in ${anchors.location} yet.` };
  return { anchor: latest, said: `Held against the newest anchor in ${anchors.location} (entry ${latest.seq}).` };
}

/**
 * A log that does not hold raises the audit alert (docs/ARCHITECTURE.md, "Alerts"), as the Audit screen's check
 * does: e-mailed once per window (kept in the store), recorded in the alert history. What the command prints and
 * its exit code stay as they are: an alert that cannot be raised is only logged.
 */
async function raiseAuditAlert(
  store: Store,
  result: { ok: boolean; message: string; brokenAt: number | null },
  profile: string,
): Promise<void> {
  const log = createLogger();
  try {
    const alerts = new Alerts({
      store: store.repos,
      clock: systemClock,
      mail: alertMailSource({ env: process.env, vault: () => vaultForHost(process.env, log), profile }),
    });
    await alerts.afterAuditVerified(result);
  } catch (e) {
    log.error('alerts.failed', { error: e instanceof Error ? e.message : String(e) });
  }
}

export async function runAuditVerifyCommand(opts: {
  dataDir: string;
  anchor?: string;
  anchorDir?: string;
  profile?: string;
}) {
  const { anchor, said } = await chosenAnchor(opts);
  const auditKeys = vaultAuditKeys(vaultForHost(process.env, createLogger()), process.env, {
    file: sandboxAuditKeyFile(opts.dataDir),
    mayCreate: false,
  });
  const store = await openExisting(opts.dataDir, { auditKeys });
  try {
    const result = await verifyAudit(store.db, store.auditKeys, anchor ? { anchor } : {});
    process.stdout.write(`${result.message}\n`);
    if (said) process.stdout.write(`${said}\n`);
    if (!result.ok) {
      process.exitCode = EXIT.auditBroken;
      await raiseAuditAlert(store, result, opts.profile ?? 'default');
    }
  } finally {
    await store.close();
  }
}
