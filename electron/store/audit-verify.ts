// Checking the audit log end to end, the way an auditor would (docs/ARCHITECTURE.md, "The audit log"): recompute
// every hash from the stored fields (plain SHA-256 before the keyed chain, HMAC under the audit key from it on),
// follow the prev_hash links, hold the log against an anchor kept outside the database when one is given, and
// check that the database's append-only triggers are still in place. Reads in pages so a large log is not held
// in memory. Every finding is reported, in that order; the first decides `problem` and `brokenAt`.
import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { readChain } from './audit-chain';
import { walkChain } from './audit-walk';
import { checkAnchor, type AuditAnchorRef } from './audit-anchor-check';
import { missingAuditTriggers } from './audit-triggers';
import type { AuditKeys } from './audit-keys';

export interface AuditHead {
  seq: number;
  hash: string;
}

/** What a failed verification found first. */
export type AuditProblem = 'chain' | 'key' | 'anchor' | 'triggers';

export interface AuditVerification {
  ok: boolean;
  /** Entries read before the first break (all of them when the chain holds). */
  entries: number;
  /** The seq at which the log first fails (a chain break, or where it parts from the anchor), or null. */
  brokenAt: number | null;
  /** Every finding, in sentences a person can act on; the intact summary when ok. */
  message: string;
  /** The last entry read; store it outside the database to detect a later truncation. */
  head: AuditHead | null;
  problem: AuditProblem | null;
  /** The first keyed entry (HMAC-SHA256), or null for a log from before migration 0070. */
  keyedFrom: number | null;
  /** The anchor the log was held against, if one was given. */
  anchor: AuditAnchorRef | null;
}

export interface VerifyOptions {
  /** A head recorded earlier (an anchor file, an export): the log must still contain it unchanged. */
  anchor?: AuditAnchorRef;
  pageSize?: number;
}

const plural = (n: number): string => `${n} ${n === 1 ? 'entry' : 'entries'}`;

export async function verifyAudit(
  db: Kysely<Database>,
  keys: AuditKeys | null,
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  const chain = await readChain(db);
  const marker = chain.kind === 'keyed' ? chain.marker : null;
  const findings: { problem: AuditProblem; at: number | null; message: string }[] = [];

  if (chain.kind === 'damaged') findings.push({ problem: 'chain', at: null, message: chain.message });
  const walk = await walkChain(db, marker, keys, options.pageSize ?? 1000);
  if (walk.break) findings.push(walk.break);
  const anchor = options.anchor ?? null;
  if (anchor) {
    const parted = await checkAnchor(db, marker, anchor);
    if (parted) findings.push({ problem: 'anchor', ...parted });
  }
  const triggers = await missingAuditTriggers(
    db,
    chain.kind === 'plain' ? ['audit_log'] : ['audit_log', 'audit_chain'],
  );
  if (triggers.length > 0) {
    findings.push({
      problem: 'triggers',
      at: null,
      message:
        `The database no longer guards the audit log: ${triggers.join('; ')}. Until the append-only triggers are ` +
        'back, the database does not refuse changes to the log. Find out who removed them, then restore the ' +
        'database from a backup or re-create them as migrations 0020 and 0070 do.',
    });
  }

  const base = { entries: walk.entries, head: walk.head, keyedFrom: marker?.keyedFrom ?? null, anchor };
  const first = findings[0];
  if (first) {
    return {
      ...base,
      ok: false,
      brokenAt: first.at,
      problem: first.problem,
      message: findings.map((f) => f.message).join(' '),
    };
  }
  const parts = [
    walk.entries === 0
      ? 'The audit log is empty.'
      : `The audit log is intact: ${plural(walk.entries)}, last hash ${walk.head?.hash ?? ''}.`,
  ];
  if (marker && walk.entries >= marker.keyedFrom)
    parts.push(`Entries from ${marker.keyedFrom} on are keyed (HMAC-SHA256) and match this installation's key.`);
  if (anchor && anchor.seq > 0) parts.push(`It still holds entry ${anchor.seq} of the anchor, unchanged.`);
  else if (anchor) parts.push('The anchor was taken of an empty log, so it vouches for nothing yet.');
  return { ...base, ok: true, brokenAt: null, problem: null, message: parts.join(' ') };
}
