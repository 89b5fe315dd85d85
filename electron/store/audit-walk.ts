// Following the audit chain from its first entry to its last: each entry must have the next seq, link to the
// hash of the one before, and carry the hash of its own content: plain SHA-256 before the keyed chain starts,
// HMAC-SHA256 under the audit key from it on. Stops at the first entry that does not. The record of where the
// keyed chain starts must carry its seal under the key, or the start may have been moved.
import type { Kysely } from 'kysely';
import type { AuditLogTable, Database } from './schema';
import { GENESIS_HASH, auditChainSeal, auditHash, auditMac } from './audit-hash';
import type { ChainMarker } from './audit-chain';
import type { AuditKeys } from './audit-keys';

export interface WalkBreak {
  readonly problem: 'chain' | 'key';
  /** The first seq that fails. */
  readonly at: number;
  readonly message: string;
}

export interface Walk {
  /** Entries that passed, from the first. */
  readonly entries: number;
  readonly head: { seq: number; hash: string } | null;
  readonly break: WalkBreak | null;
}

function plainHashOf(row: AuditLogTable): string | null {
  try {
    return auditHash(row);
  } catch {
    return null; // detail is not JSON any more: it was edited
  }
}

function macOf(row: AuditLogTable, chain: string, key: string): string | null {
  try {
    return auditMac(row, chain, key);
  } catch {
    return null;
  }
}

const entryName = (row: AuditLogTable): string => `Audit entry ${row.seq} (${row.action} on ${row.subject})`;

/** Why `row` does not continue the chain, or null when it does. */
function linkBreak(row: AuditLogTable, expectedSeq: number, prevHash: string): string | null {
  if (row.seq !== expectedSeq) {
    return `Audit entry ${expectedSeq} is missing: the log goes from entry ${expectedSeq - 1} to entry ${row.seq}. Entries were removed.`;
  }
  if (row.prev_hash !== prevHash) {
    return `Audit entry ${row.seq} does not follow entry ${row.seq - 1}: its previous-hash link does not match. An entry was changed, removed or reordered at this point.`;
  }
  return null;
}

function plainBreak(row: AuditLogTable, marker: ChainMarker | null): string | null {
  if (plainHashOf(row) !== row.hash)
    return `${entryName(row)} was changed after it was written: its content no longer matches its hash.`;
  if (marker && row.seq === marker.keyedFrom - 1 && row.hash !== marker.startHash) {
    return (
      `${entryName(row)} is not the entry the keyed chain was started after: its hash differs from the one ` +
      'recorded when the chain was keyed (migration 0070). The log before the keyed chain was rewritten.'
    );
  }
  return null;
}

function keyedBreak(row: AuditLogTable, marker: ChainMarker, key: string): string | null {
  if (macOf(row, marker.chain, key) === row.hash) return null;
  if (plainHashOf(row) === row.hash) {
    return (
      `${entryName(row)} carries a plain SHA-256 hash, but entries from ${marker.keyedFrom} on are keyed ` +
      "(HMAC-SHA256 under this installation's audit key): the log was rebuilt from this entry on by someone " +
      'without the key.'
    );
  }
  return (
    `${entryName(row)} does not match its keyed hash (HMAC-SHA256 under this installation's audit key): it was ` +
    'changed after it was written, or the log was rewritten from this entry on by someone without the key.'
  );
}

const NO_KEYS = 'The audit key was not available to this check, so the keyed chain was not checked.';

/** The key to check the keyed chain with, or why it cannot be; the seal of its start checked with it. */
async function keyFor(
  marker: ChainMarker,
  keys: AuditKeys | null,
): Promise<{ key: string; sealBroken: string | null } | { problem: string }> {
  const found = keys ? await keys.forVerify(marker) : { problem: NO_KEYS };
  if ('problem' in found) return found;
  const sealBroken =
    auditChainSeal(marker, found.key) === marker.seal
      ? null
      : `The record of where the keyed chain starts (audit_chain: entry ${marker.keyedFrom}, started ` +
        `${marker.startedAt}) does not match its seal under the audit key: it was changed, so entries before the ` +
        'recorded start may have been rebuilt without the key. Restore the database from a backup.';
  return { key: found.key, sealBroken };
}

export async function walkChain(
  db: Kysely<Database>,
  marker: ChainMarker | null,
  keys: AuditKeys | null,
  pageSize: number,
): Promise<Walk> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let head: Walk['head'] = null;
  const keyed = marker ? await keyFor(marker, keys) : null;
  if (marker && keyed && 'key' in keyed && keyed.sealBroken)
    return { entries: 0, head: null, break: { problem: 'chain', at: marker.keyedFrom, message: keyed.sealBroken } };
  const stop = (problem: WalkBreak['problem'], at: number, message: string): Walk => ({
    entries: expectedSeq - 1,
    head,
    break: { problem, at, message },
  });

  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const raw of rows) {
      const row = { ...raw, seq: Number(raw.seq) };
      const link = linkBreak(row, expectedSeq, prevHash);
      if (link) return stop('chain', expectedSeq, link);
      if (marker && keyed && row.seq >= marker.keyedFrom) {
        if ('problem' in keyed) return stop('key', row.seq, keyed.problem);
        const problem = keyedBreak(row, marker, keyed.key);
        if (problem) return stop('chain', row.seq, problem);
      } else {
        const problem = plainBreak(row, marker);
        if (problem) return stop('chain', row.seq, problem);
      }
      head = { seq: row.seq, hash: row.hash };
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < pageSize) break;
  }

  const entries = expectedSeq - 1;
  if (marker && entries < marker.keyedFrom - 1) {
    return stop(
      'chain',
      entries + 1,
      `The audit log ends at entry ${entries}, but its keyed chain was started after entry ${marker.keyedFrom - 1} ` +
        `(on ${marker.startedAt}): entries were removed from the end.`,
    );
  }
  // No keyed entry yet, but the start cannot be vouched for without the key either.
  if (marker && keyed && 'problem' in keyed) return stop('key', marker.keyedFrom, keyed.problem);
  return { entries, head, break: null };
}
