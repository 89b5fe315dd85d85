// Appending to the audit trail: append-only and hash-chained. Each entry's hash covers its own fields and the
// previous entry's hash, so editing, removing or reordering any entry breaks every later link.
// Triggers (migration 0020) stop UPDATE/DELETE; the chain catches what gets past them.
import type { Kysely, Transaction } from 'kysely';
import type { AuditEvent } from '../../shared/domain';
import { redactCardData } from '../../shared/security';
import type { AuditLogTable, Database } from './schema';
import { canonicalJson } from './canonical-json';
import { dialectOf } from './dialect';
import { LOCK_KEYS, lockForTransaction } from './pg-locks';
import { StoreError, causeText } from './errors';
import { GENESIS_HASH, auditHash, toAuditEvent } from './audit-hash';

export interface AuditInput {
  actor: string;
  action: string;
  subject: string;
  detail?: Record<string, unknown>;
  /** Defaults to now; tests pass a fixed instant. */
  at?: string;
}

type Db = Kysely<Database> | Transaction<Database>;

async function appendIn(trx: Transaction<Database>, input: AuditInput): Promise<AuditEvent> {
  // Serialise appenders: seq = max + 1 must not be computed twice for the same seq.
  await lockForTransaction(trx, dialectOf(trx), LOCK_KEYS.audit);
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const unhashed = {
    seq: (last?.seq ?? 0) + 1,
    at: input.at ?? new Date().toISOString(),
    actor: input.actor,
    action: input.action,
    subject: redactCardData(input.subject) as string,
    // Card data never enters the log, even if a caller slips; masking happens before hashing.
    detail: canonicalJson(redactCardData(input.detail ?? {})),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const row: AuditLogTable = { ...unhashed, hash: auditHash(unhashed) };
  await trx.insertInto('audit_log').values(row).execute();
  return toAuditEvent(row);
}

/**
 * Appends one entry. Pass the caller's transaction to make the entry part of the change it
 * records (both commit or neither does); pass the Kysely instance to append on its own.
 */
export async function appendAudit(db: Db, input: AuditInput): Promise<AuditEvent> {
  try {
    if (db.isTransaction) return await appendIn(db as Transaction<Database>, input);
    return await db.transaction().execute((trx) => appendIn(trx, input));
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
