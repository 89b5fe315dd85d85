// Checking the audit chain end to end, the way an auditor would: recompute every hash from the
// stored fields and follow the prev_hash links. Reads in pages so a large log is not held in memory.
import type { Kysely } from 'kysely';
import type { AuditLogTable, Database } from './schema';
import { GENESIS_HASH, auditHash } from './audit-hash';

export interface AuditHead {
  seq: number;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Entries read before the first break (all of them when ok). */
  entries: number;
  /** The seq at which the chain first breaks, or null when intact. */
  brokenAt: number | null;
  message: string;
  /** The last entry read; store it outside the database to detect a later truncation. */
  head: AuditHead | null;
}

export interface VerifyOptions {
  /** A head recorded earlier (in an export, a report): the log must still contain it unchanged. */
  anchor?: AuditHead;
  pageSize?: number;
}

function hashOf(row: AuditLogTable): string | null {
  try {
    return auditHash(row);
  } catch {
    return null; // detail is not JSON any more: it was edited
  }
}

/** Why `row` does not continue the chain, or null when it does. */
function breakIn(row: AuditLogTable, expectedSeq: number, prevHash: string): string | null {
  if (row.seq !== expectedSeq) {
    return `Audit entry ${expectedSeq} is missing: the log goes from entry ${expectedSeq - 1} to entry ${row.seq}. Entries were removed.`;
  }
  if (row.prev_hash !== prevHash) {
    return `Audit entry ${row.seq} does not follow entry ${row.seq - 1}: its previous-hash link does not match. An entry was changed, removed or reordered at this point.`;
  }
  if (hashOf(row) !== row.hash) {
    return `Audit entry ${row.seq} (${row.action} on ${row.subject}) was changed after it was written: its content no longer matches its hash.`;
  }
  return null;
}

export async function verifyAudit(db: Kysely<Database>, options: VerifyOptions = {}): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 1000;
  const anchor = options.anchor;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let head: AuditHead | null = null;
  const broken = (seq: number, message: string): AuditVerification => ({
    ok: false,
    entries: expectedSeq - 1,
    brokenAt: seq,
    message,
    head,
  });

  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      const problem = breakIn(row, expectedSeq, prevHash);
      if (problem) return broken(row.seq === expectedSeq ? row.seq : expectedSeq, problem);
      if (anchor && row.seq === anchor.seq && row.hash !== anchor.hash) {
        return broken(
          row.seq,
          `Audit entry ${row.seq} differs from the recorded anchor: the log was rewritten from this entry on.`,
        );
      }
      head = { seq: row.seq, hash: row.hash };
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < pageSize) break;
  }

  const entries = expectedSeq - 1;
  if (anchor && entries < anchor.seq) {
    return broken(
      entries + 1,
      `The audit log ends at entry ${entries}, but entry ${anchor.seq} was recorded earlier: entries were removed from the end.`,
    );
  }
  return {
    ok: true,
    entries,
    brokenAt: null,
    message:
      entries === 0
        ? 'The audit log is empty.'
        : `The audit log is intact: ${entries} ${entries === 1 ? 'entry' : 'entries'}, last hash ${prevHash}.`,
    head,
  };
}
