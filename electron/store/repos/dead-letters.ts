// The dead-letter queue (table `dead_letters`): what could not be processed, kept with the reason
// so nothing disappears. Payloads come from outside, so card data is masked before anything is
// written (see ../dead-letters.ts).
import { sql, type Kysely, type Selectable } from 'kysely';
import { redactCardText } from '../../../shared/security';
import { addDeadLetter, type DeadLetterInput } from '../dead-letters';
import type { DeadLetterRecord, DeadLetterSource } from '../records';
import type { Database } from '../schema';

export interface DeadLettersRepository {
  /** Adds a dead letter and returns its id. */
  add(input: DeadLetterInput): Promise<number>;
  /** The unresolved letter of this source and key, if any. */
  findOpen(source: DeadLetterSource, sourceKey: string): Promise<number | null>;
  /** Unresolved letters of a source whose key starts with `prefix`. */
  openWithKeyPrefix(source: DeadLetterSource, prefix: string): Promise<{ id: number; sourceKey: string }[]>;
  /** Resolves the unresolved letters of this source and key. */
  resolve(source: DeadLetterSource, sourceKey: string, at: string): Promise<void>;
  resolveIds(ids: readonly number[], at: string): Promise<void>;
  /** The newest letters first. */
  recent(limit: number): Promise<DeadLetterRecord[]>;
  get(id: number): Promise<DeadLetterRecord | null>;
  /** How many letters wait for someone (unresolved), whatever their source. */
  countOpen(): Promise<number>;
  /**
   * A person resolves one letter with a reason (card data masked). False when it was resolved
   * already (by someone else meanwhile, or by ClearDesk): nothing is changed then.
   */
  resolveByHand(id: number, by: string, reason: string, at: string): Promise<boolean>;
}

const toRecord = (d: Selectable<Database['dead_letters']>): DeadLetterRecord => ({
  id: Number(d.id),
  source: d.source as DeadLetterSource,
  sourceKey: d.source_key,
  error: d.error,
  createdAt: d.created_at,
  resolvedAt: d.resolved_at,
  resolvedBy: d.resolved_by ?? null,
  resolution: d.resolution ?? null,
});

export function deadLettersRepository(db: Kysely<Database>): DeadLettersRepository {
  return {
    add: (input) => addDeadLetter(db, input),
    async findOpen(source, sourceKey) {
      const row = await db
        .selectFrom('dead_letters')
        .select('id')
        .where('source', '=', source)
        .where('source_key', '=', sourceKey)
        .where('resolved_at', 'is', null)
        .executeTakeFirst();
      return row ? Number(row.id) : null;
    },
    async openWithKeyPrefix(source, prefix) {
      const rows = await db
        .selectFrom('dead_letters')
        .select(['id', 'source_key'])
        .where('source', '=', source)
        .where(sql<boolean>`substr(${sql.ref('source_key')}, 1, ${prefix.length}) = ${prefix}`)
        .where('resolved_at', 'is', null)
        .execute();
      return rows.map((r) => ({ id: Number(r.id), sourceKey: r.source_key ?? '' }));
    },
    async resolve(source, sourceKey, at) {
      await db
        .updateTable('dead_letters')
        .set({ resolved_at: at })
        .where('source', '=', source)
        .where('source_key', '=', sourceKey)
        .where('resolved_at', 'is', null)
        .execute();
    },
    async resolveIds(ids, at) {
      if (ids.length === 0) return;
      await db
        .updateTable('dead_letters')
        .set({ resolved_at: at })
        .where('id', 'in', [...ids])
        .execute();
    },
    async recent(limit) {
      const rows = await db.selectFrom('dead_letters').selectAll().orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toRecord);
    },
    async get(id) {
      const row = await db.selectFrom('dead_letters').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async countOpen() {
      const row = await db
        .selectFrom('dead_letters')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('resolved_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async resolveByHand(id, by, reason, at) {
      const result = await db
        .updateTable('dead_letters')
        .set({ resolved_at: at, resolved_by: by, resolution: redactCardText(reason) })
        .where('id', '=', id)
        .where('resolved_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
