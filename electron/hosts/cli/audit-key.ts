// `cleardesk audit key show|export|import` (docs/ARCHITECTURE.md, "The audit log"): the installation's audit key,
// which keys the hash chain, has to be backed up (without it the log cannot be verified or written to) and given to
// every instance that shares a team's PostgreSQL store. show says which key the log is keyed with and whether this
// host finds it; export writes it to an owner-only file; import keeps a key from such a file in the OS keychain,
// only when it is the key the log is keyed with. The key itself is never printed, and both are on the audit trail.
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AuditKeyStore } from '../../../shared/ports';
import { VaultError, keepAuditKey, sandboxAuditKeyFile, vaultAuditKeys, vaultForHost } from '../../secrets';
import { MIN_AUDIT_KEY_LENGTH, auditKeyId, readChain, type ChainMarker, type Store } from '../../store';
import { openExisting } from './audit';
import { createLogger } from '../log';
import { ConfigurationError, EXIT } from './errors';

/** What was asked cannot be done as asked (the file exists, is not a key): exit 2 with the reason. */
export class AuditKeyUsageError extends Error {
  override readonly name = 'AuditKeyUsageError';
  readonly exitCode = EXIT.usage;
}

interface KeyOptions {
  readonly dataDir: string;
}

export const keysOf = (dataDir: string): AuditKeyStore =>
  vaultAuditKeys(vaultForHost(process.env, createLogger()), process.env, {
    file: sandboxAuditKeyFile(dataDir),
    mayCreate: false,
  });

/** The chain's marker: which key the log is keyed with, or a sentence why there is none. */
async function markerOf(store: Store): Promise<ChainMarker> {
  const chain = await readChain(store.db);
  if (chain.kind === 'keyed') return chain.marker;
  if (chain.kind === 'damaged')
    throw new ConfigurationError(`The audit log's key record is damaged: ${chain.message} Run cleardesk audit verify.`);
  throw new ConfigurationError(
    `The audit log at ${store.location} is not keyed yet (plain SHA-256): it has no key to show, export or import. The next start of ClearDesk keys it.`,
  );
}

/** The key this host finds for the chain, checked against the chain's key id; null when it finds none. */
export async function foundKey(
  keys: AuditKeyStore,
  marker: ChainMarker,
): Promise<{ key: string; same: boolean } | null> {
  const secret = await keys.read(marker.chain);
  if (!secret) return null;
  const key = secret.reveal();
  return { key, same: auditKeyId(key) === marker.keyId };
}

/** Which key the log is keyed with, and whether this host finds it: one JSON object, no key in it. */
export async function runAuditKeyShow(opts: KeyOptions): Promise<void> {
  const store = await openExisting(opts.dataDir);
  try {
    const marker = await markerOf(store);
    const keys = keysOf(opts.dataDir);
    const found = await foundKey(keys, marker);
    process.stdout.write(
      `${JSON.stringify({
        chain: marker.chain,
        keyId: marker.keyId,
        keyedFrom: marker.keyedFrom,
        startedAt: marker.startedAt,
        lookedIn: keys.where(marker.chain),
        found: found === null ? 'none' : found.same ? 'this key' : `another key (key id ${auditKeyId(found.key)})`,
      })}\n`,
    );
    if (!found?.same) process.exitCode = EXIT.configuration;
  } finally {
    await store.close();
  }
}

/** Writes the log's key to an owner-only file (never over one, unless asked), after checking it is the log's. */
export async function runAuditKeyExport(
  opts: KeyOptions & { readonly out: string; readonly overwrite?: boolean; readonly user: string },
): Promise<void> {
  const target = resolve(opts.out);
  if (existsSync(target) && (!opts.overwrite || !statSync(target).isFile()))
    throw new AuditKeyUsageError(
      `${target} exists already; give a new file, or --overwrite to replace it (a key file is written owner-only).`,
    );
  const keys = keysOf(opts.dataDir);
  const store = await openExisting(opts.dataDir, { auditKeys: keys });
  try {
    const marker = await markerOf(store);
    const found = await foundKey(keys, marker);
    if (!found)
      throw new ConfigurationError(
        `No audit key was found for this log (chain ${marker.chain}, key id ${marker.keyId}) in ${keys.where(marker.chain)}: there is nothing to export here. Export it where ClearDesk runs with it.`,
      );
    if (!found.same)
      throw new ConfigurationError(
        `The audit key found in ${keys.where(marker.chain)} (key id ${auditKeyId(found.key)}) is not the one this log is keyed with (key id ${marker.keyId}); it is not exported.`,
      );
    // Written beside the target and renamed, owner-only from the first byte: never a half-written key file.
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, `${found.key}\n`, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, target);
    await store.repos.audit.append({
      actor: opts.user,
      action: 'audit.keyExported',
      subject: 'audit-key',
      detail: { chain: marker.chain, keyId: marker.keyId, file: target },
    });
    process.stdout.write(`${JSON.stringify({ chain: marker.chain, keyId: marker.keyId, file: target })}\n`);
  } finally {
    await store.close();
  }
}

/** Keeps the key in a file in the OS keychain, when it is the key the log is keyed with. */
export async function runAuditKeyImport(
  opts: KeyOptions & { readonly file: string; readonly user: string },
): Promise<void> {
  const source = resolve(opts.file);
  if (!existsSync(source) || !statSync(source).isFile())
    throw new AuditKeyUsageError(`${source} does not exist; give the file the key was exported to.`);
  const key = readFileSync(source, 'utf8').trim();
  if (key.length < MIN_AUDIT_KEY_LENGTH)
    throw new AuditKeyUsageError(
      `${source} does not hold an audit key (one line of at least ${MIN_AUDIT_KEY_LENGTH} characters, as cleardesk audit key export writes it).`,
    );
  const plain = await openExisting(opts.dataDir);
  let marker: ChainMarker;
  try {
    marker = await markerOf(plain);
  } finally {
    await plain.close();
  }
  if (auditKeyId(key) !== marker.keyId)
    throw new ConfigurationError(
      `The key in ${source} (key id ${auditKeyId(key)}) is not the one this audit log is keyed with (key id ${marker.keyId}); nothing was changed.`,
    );
  try {
    await keepAuditKey(vaultForHost(process.env, createLogger()), marker.chain, key);
  } catch (e) {
    // No keychain to keep it in (a headless host, one that does not answer): configuration to fix.
    if (e instanceof VaultError) throw new ConfigurationError(e.message, { cause: e });
    throw e;
  }
  const store = await openExisting(opts.dataDir, { auditKeys: keysOf(opts.dataDir) });
  try {
    await store.repos.audit.append({
      actor: opts.user,
      action: 'audit.keyImported',
      subject: 'audit-key',
      detail: { chain: marker.chain, keyId: marker.keyId, file: source },
    });
  } finally {
    await store.close();
  }
  process.stdout.write(`${JSON.stringify({ chain: marker.chain, keyId: marker.keyId, kept: 'OS keychain' })}\n`);
}
