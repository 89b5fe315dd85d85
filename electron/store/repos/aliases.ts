// What clerks taught the matcher (table `match_aliases`, migration 0030): one row per alias id,
// the alias itself as JSON, who taught it and when.
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export interface StoredAliasRow {
  readonly id: string;
  readonly kind: string;
  /** The alias as JSON; the core validates it (a row a newer version wrote may not parse). */
  readonly payload: string;
  readonly learnedBy: string;
  readonly learnedAt: string;
}

export interface AliasesRepository {
  all(): Promise<StoredAliasRow[]>;
  get(id: string): Promise<StoredAliasRow | null>;
  /** Stores an alias; one with the same id is replaced (the newer lesson wins). */
  put(row: StoredAliasRow): Promise<void>;
  remove(id: string): Promise<void>;
}

const fromRow = (r: Database['match_aliases']): StoredAliasRow => ({
  id: r.id,
  kind: r.kind,
  payload: r.payload,
  learnedBy: r.learned_by,
  learnedAt: r.learned_at,
});

export function aliasesRepository(db: Kysely<Database>): AliasesRepository {
  return {
    async all() {
      return (await db.selectFrom('match_aliases').selectAll().orderBy('id').execute()).map(fromRow);
    },
    async get(id) {
      const row = await db.selectFrom('match_aliases').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async put(row) {
      const values = {
        id: row.id,
        kind: row.kind,
        payload: row.payload,
        learned_by: row.learnedBy,
        learned_at: row.learnedAt,
      };
      await db
        .insertInto('match_aliases')
        .values(values)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            kind: values.kind,
            payload: values.payload,
            learned_by: values.learned_by,
            learned_at: values.learned_at,
          }),
        )
        .execute();
    },
    async remove(id) {
      await db.deleteFrom('match_aliases').where('id', '=', id).execute();
    },
  };
}
