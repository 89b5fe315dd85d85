// The hash of an audit entry, shared by appending and verifying. Changing anything here breaks
// every existing chain: it is part of the on-disk format.
//
// Two kinds: entries written before migration 0070 carry a plain SHA-256, which anyone can recompute; from the
// keyed chain's start on (audit-chain.ts) they carry an HMAC-SHA256 under the installation's audit key, which
// someone holding only the database cannot recompute. Both cover the same canonical body.
import { createHash, createHmac } from 'node:crypto';
import type { AuditEvent } from '../../shared/domain';
import type { AuditLogTable } from './schema';
import { canonicalJson } from './canonical-json';

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

type Unhashed = Omit<AuditLogTable, 'hash'>;

/** Canonical JSON of (seq, at, actor, action, subject, detail, prev_hash), plus the chain id for keyed entries. */
function body(row: Unhashed, chain?: string): string {
  return canonicalJson({
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    detail: JSON.parse(row.detail) as unknown,
    prev_hash: row.prev_hash,
    // Binding the chain's id means a keyed entry cannot be replayed into another log that shares the key.
    ...(chain === undefined ? {} : { chain }),
  });
}

/** SHA-256 hex over the canonical body: entries before the keyed chain starts. */
export function auditHash(row: Unhashed): string {
  return createHash('sha256').update(body(row), 'utf8').digest('hex');
}

/** HMAC-SHA256 hex under `key` over the canonical body with the chain id: entries of the keyed chain. */
export function auditMac(row: Unhashed, chain: string, key: string): string {
  return createHmac('sha256', key).update(body(row, chain), 'utf8').digest('hex');
}

/** What the seal of the keyed chain's start covers (audit_chain's fixed columns). */
export interface ChainStart {
  readonly chain: string;
  readonly keyedFrom: number;
  readonly startHash: string;
  readonly startedAt: string;
  readonly keyId: string;
}

/**
 * HMAC-SHA256 under the key over where the keyed chain starts: without the key, nobody can move the start past
 * the head and pass a log rebuilt with plain hashes off as one that was never keyed.
 */
export function auditChainSeal(start: ChainStart, key: string): string {
  const body = canonicalJson({
    chain: start.chain,
    keyed_from: start.keyedFrom,
    start_hash: start.startHash,
    started_at: start.startedAt,
    key_id: start.keyId,
  });
  return createHmac('sha256', key).update(`cleardesk audit chain start ${body}`, 'utf8').digest('hex');
}

/**
 * A short public name of a key (recorded in audit_chain.key_id), so a wrong key is told apart from a changed
 * entry. Derived with the key itself, so it reveals nothing of it.
 */
export function auditKeyId(key: string): string {
  return createHmac('sha256', key).update('cleardesk audit key id', 'utf8').digest('hex').slice(0, 16);
}

export function toAuditEvent(row: AuditLogTable): AuditEvent {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
