// The audit trail (table `audit_log`) as the core reads and writes it: appended in the caller's
// transaction when there is one, verified end to end, listed per subject and per time range.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { appendAudit, prepareAuditKey, type AuditInput } from '../audit-append';
import { readAuditHead, type AuditHeadRecord } from '../audit-head';
import type { AuditKeys } from '../audit-keys';
import { verifyAudit, type AuditVerification, type VerifyOptions } from '../audit-verify';
import type { AuditEntry, AuditListQuery, AuditPage } from '../records';
import type { Database } from '../schema';
import { paymentSubject } from './transitions';

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
  /**
   * The audit browser's page: the entries matching every filter given, newest first, before the cursor,
   * with how many match in all. Each filter is an index of 0230 ending in seq.
   */
  list(query: AuditListQuery): Promise<AuditPage>;
  /** Every actor and every action in the log, sorted (what the browser's filters offer). */
  facets(): Promise<{ actors: string[]; actions: string[] }>;
}

/** `%text%` for LIKE, with LIKE's own characters escaped (escape '\\'). */
const containing = (text: string): string => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The distinct values of an indexed column, one index probe each (a loose index scan; both dialects). */
async function distinctOf(db: Kysely<Database>, column: 'actor' | 'action'): Promise<string[]> {
  const c = sql.ref(column);
  const rows = await sql<{ v: string | null }>`with recursive d(v) as (
      select min(${c}) from audit_log
      union all
      select (select min(${c}) from audit_log where ${c} > d.v) from d where d.v is not null
    ) select v from d where v is not null`.execute(db);
  return rows.rows.map((r) => r.v as string);
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
    async list(query) {
      // One index serves the page, the most selective filter's: a payment, then a person, then an action,
      // then the time range. The others are read as expressions (`col || ''`), which no index serves, so
      // neither dialect's planner (SQLite has no statistics) walks a large action's index to find one person.
      const lead = (['subject', 'actor', 'action', 'at'] as const).find(
        (c) =>
          (c === 'subject' && query.transactionId !== undefined) ||
          (c === 'actor' && query.actor !== undefined) ||
          (c === 'action' && query.action !== undefined) ||
          (c === 'at' && (query.from !== undefined || query.to !== undefined)),
      );
      const col = (c: 'subject' | 'actor' | 'action' | 'at') => (c === lead ? sql.ref(c) : sql`(${sql.ref(c)} || '')`);
      const where = (before: number | undefined): Expression<SqlBool>[] => {
        const c: Expression<SqlBool>[] = [];
        if (query.actor !== undefined) c.push(sql<SqlBool>`${col('actor')} = ${query.actor}`);
        if (query.transactionId !== undefined)
          c.push(sql<SqlBool>`${col('subject')} = ${paymentSubject(query.transactionId)}`);
        if (query.action !== undefined) c.push(sql<SqlBool>`${col('action')} = ${query.action}`);
        if (query.from !== undefined) c.push(sql<SqlBool>`${col('at')} >= ${query.from}`);
        if (query.to !== undefined) c.push(sql<SqlBool>`${col('at')} < ${query.to}`);
        if (query.text !== undefined && query.text !== '') {
          const like = containing(query.text);
          c.push(sql<SqlBool>`(lower(subject) like ${like} escape '\\' or lower(detail) like ${like} escape '\\')`);
        }
        if (before !== undefined) c.push(sql<SqlBool>`seq < ${before}`);
        return c;
      };
      const and = (c: Expression<SqlBool>[]) =>
        c.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.join(c, sql` and `)}`;
      // One more than the page tells whether an older page exists.
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where(and(where(query.before)))
        .orderBy('seq', 'desc')
        .limit(query.limit + 1)
        .execute();
      const counted = await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
        .where(and(where(undefined)))
        .executeTakeFirstOrThrow();
      const page = rows.slice(0, query.limit).map(toEntry);
      return {
        entries: page,
        total: Number(counted.n),
        nextBefore: rows.length > query.limit ? page[page.length - 1]!.seq : null,
      };
    },
    async facets() {
      return { actors: await distinctOf(db, 'actor'), actions: await distinctOf(db, 'action') };
    },
  };
}
