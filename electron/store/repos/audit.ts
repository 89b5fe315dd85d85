// The audit trail (table `audit_log`) as the core reads and writes it: appended in the caller's
// transaction when there is one, verified end to end, listed per subject and per time range.
import type { Kysely } from 'kysely';
import { appendAudit, prepareAuditKey, type AuditInput } from '../audit-append';
import { readAuditHead, type AuditHeadRecord } from '../audit-head';
import type { AuditKeys } from '../audit-keys';
import { verifyAudit, type AuditVerification, type VerifyOptions } from '../audit-verify';
import type { AuditEntry } from '../records';
import type { Database } from '../schema';

export interface AuditRepository {
  append(input: AuditInput): Promise<void>;
  /** Reads (or, for a new keyed chain, makes) the audit key and checks it; throws StoreError when appending would fail. */
  prepareKey(): Promise<void>;
  verify(options?: VerifyOptions): Promise<AuditVerification>;
  /** The last entry as stored (seq 0 for an empty log), with the keyed chain's id: what an anchor records. */
  head(): Promise<AuditHeadRecord>;
  /** Every entry about one subject ("paytrace:123"), oldest first. */
  forSubject(subject: string): Promise<AuditEntry[]>;
  /** Entries written in [from, to) (ISO instants), oldest first. */
  between(from: string, to: string): Promise<AuditEntry[]>;
}

const toEntry = (a: Database['audit_log']): AuditEntry => ({
  seq: Number(a.seq),
  at: a.at,
  actor: a.actor,
  action: a.action,
  subject: a.subject,
  detail: JSON.parse(a.detail) as Record<string, unknown>,
});

export function auditRepository(db: Kysely<Database>, keys: AuditKeys | null): AuditRepository {
  return {
    async append(input) {
      await appendAudit(db, input, keys);
    },
    prepareKey: () => prepareAuditKey(db, keys),
    verify: (options) => verifyAudit(db, keys, options),
    head: () => readAuditHead(db),
    async forSubject(subject) {
      return (await db.selectFrom('audit_log').selectAll().where('subject', '=', subject).orderBy('seq').execute()).map(
        toEntry,
      );
    },
    async between(from, to) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('at', '>=', from)
        .where('at', '<', to)
        .orderBy('seq')
        .execute();
      return rows.map(toEntry);
    },
  };
}
