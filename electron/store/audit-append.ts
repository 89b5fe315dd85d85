// Appending to the audit trail: append-only and hash-chained. Each entry's hash covers its own fields and the
// previous entry's hash, so editing, removing or reordering any entry breaks every later link. From the keyed
// chain's start (migration 0070) the hash is an HMAC under the installation's audit key (audit-keys.ts), and an
// entry is never written without it: no silent fall-back to a hash anyone could recompute.
// Triggers (migrations 0020, 0070) stop UPDATE/DELETE; the chain catches what gets past them.
import type { Kysely, Transaction } from 'kysely';
import type { AuditEvent } from '../../shared/domain';
import { redactCardData } from '../../shared/security';
import type { AuditLogTable, Database } from './schema';
import { canonicalJson } from './canonical-json';
import { dialectOf } from './dialect';
import { LOCK_KEYS, lockForTransaction } from './pg-locks';
import { StoreError, causeText } from './errors';
import { GENESIS_HASH, auditHash, auditMac, toAuditEvent } from './audit-hash';
import { readChain } from './audit-chain';
import type { AuditKeys } from './audit-keys';

export interface AuditInput {
  actor: string;
  action: string;
  subject: string;
  detail?: Record<string, unknown>;
  /** Defaults to now; tests pass a fixed instant. */
  at?: string;
}

type Db = Kysely<Database> | Transaction<Database>;

/** The hash `row` gets: plain before the keyed chain (or without one), else the HMAC under the chain's key. */
async function hashFor(
  trx: Transaction<Database>,
  row: Omit<AuditLogTable, 'hash'>,
  keys: AuditKeys | null,
): Promise<string> {
  const chain = await readChain(trx);
  if (chain.kind === 'plain') return auditHash(row);
  if (chain.kind === 'damaged') throw new StoreError('audit-append-failed', chain.message);
  const { marker } = chain;
  if (row.seq < marker.keyedFrom) {
    throw new StoreError(
      'audit-append-failed',
      `The audit log ends at entry ${row.seq - 1}, but its keyed chain starts at entry ${marker.keyedFrom}: entries ` +
        'were removed. Nothing more is appended; run `cleardesk audit verify` and restore the database from a backup.',
    );
  }
  if (!keys) {
    throw new StoreError(
      'audit-key-missing',
      `The audit log is keyed from entry ${marker.keyedFrom} on, but this store was opened without access to the ` +
        'audit key, so nothing can be appended to it. Open ClearDesk through its hosts (they pass the key).',
    );
  }
  return auditMac(row, marker.chain, await keys.forAppend(marker));
}

async function appendIn(trx: Transaction<Database>, input: AuditInput, keys: AuditKeys | null): Promise<AuditEvent> {
  // Serialise appenders: seq = max + 1 must not be computed twice for the same seq.
  await lockForTransaction(trx, dialectOf(trx), LOCK_KEYS.audit);
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const unhashed = {
    seq: Number(last?.seq ?? 0) + 1,
    at: input.at ?? new Date().toISOString(),
    actor: input.actor,
    action: input.action,
    subject: redactCardData(input.subject) as string,
    // Card data never enters the log, even if a caller slips; masking happens before hashing.
    detail: canonicalJson(redactCardData(input.detail ?? {})),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const row: AuditLogTable = { ...unhashed, hash: await hashFor(trx, unhashed, keys) };
  await trx.insertInto('audit_log').values(row).execute();
  return toAuditEvent(row);
}

/**
 * Makes sure entries can be appended: for a keyed log, the key is read and checked against the one the chain was
 * keyed with. Hosts call it on start, so a missing or wrong key stops ClearDesk before any work instead of at its
 * first audit entry.
 */
export async function prepareAuditKey(db: Db, keys: AuditKeys | null): Promise<void> {
  const chain = await readChain(db);
  if (chain.kind === 'damaged') throw new StoreError('audit-append-failed', chain.message);
  if (chain.kind === 'plain') return;
  if (!keys) {
    throw new StoreError(
      'audit-key-missing',
      'The audit log is keyed, but this store was opened without access to the audit key.',
    );
  }
  await keys.forAppend(chain.marker);
}

/**
 * Appends one entry. Pass the caller's transaction to make the entry part of the change it
 * records (both commit or neither does); pass the Kysely instance to append on its own.
 * `keys` is the store's (Store.auditKeys); null only for a log that is not keyed yet.
 */
export async function appendAudit(db: Db, input: AuditInput, keys: AuditKeys | null): Promise<AuditEvent> {
  try {
    if (db.isTransaction) return await appendIn(db as Transaction<Database>, input, keys);
    return await db.transaction().execute((trx) => appendIn(trx, input, keys));
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError(
      'audit-append-failed',
      `Could not write the audit entry '${input.action}' on ${input.subject}: ${causeText(error)}. ` +
        'The change it records was not committed; retry, and if it persists check the database connection.',
      { cause: error },
    );
  }
}
