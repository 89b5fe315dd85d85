// The head of the audit log: its last entry, as `cleardesk audit head` prints it and anchors record it. Read as
// stored, without verifying: verifying is audit-verify's, and an anchor of an unverified head still pins it.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema';
import { GENESIS_HASH } from './audit-hash';
import { readChain } from './audit-chain';

export interface AuditHeadRecord {
  /** The last entry's seq; 0 for an empty log. */
  readonly seq: number;
  /** Its hash; 64 zeros for an empty log. */
  readonly hash: string;
  /** When it was written; null for an empty log. */
  readonly at: string | null;
  /** The keyed chain's id, or null for a log from before migration 0070. */
  readonly chain: string | null;
}

export async function readAuditHead(db: Kysely<Database> | Transaction<Database>): Promise<AuditHeadRecord> {
  const last = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash', 'at'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const chain = await readChain(db);
  return {
    seq: Number(last?.seq ?? 0),
    hash: last?.hash ?? GENESIS_HASH,
    at: last?.at ?? null,
    chain: chain.kind === 'keyed' ? chain.marker.chain : null,
  };
}
