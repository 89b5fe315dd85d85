// The hash of an audit entry, shared by appending and verifying. Changing anything here breaks
// every existing chain: it is part of the on-disk format.
import { createHash } from 'node:crypto';
import type { AuditEvent } from '../../shared/domain';
import type { AuditLogTable } from './schema';
import { canonicalJson } from './canonical-json';

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 hex over canonical JSON of (seq, at, actor, action, subject, detail, prev_hash). */
export function auditHash(row: Omit<AuditLogTable, 'hash'>): string {
  const body = canonicalJson({
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    detail: JSON.parse(row.detail) as unknown,
    prev_hash: row.prev_hash,
  });
  return createHash('sha256').update(body, 'utf8').digest('hex');
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
