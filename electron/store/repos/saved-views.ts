// Saved views of the review queue, per user (table saved_views, migration 0250). The view is kept as
// the JSON text the core gives; the core checks it when it reads it back.
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export interface SavedViewRow {
  readonly name: string;
  /** The view as JSON text. */
  readonly view: string;
  readonly updatedAt: string;
}

export interface SavedViewsRepository {
  /** The user's views by name. */
  list(owner: string): Promise<SavedViewRow[]>;
  /** Adds the view, or replaces the one of the same name. */
  save(owner: string, name: string, view: string, at: string): Promise<void>;
  /** False when the user had no view of that name. */
  remove(owner: string, name: string): Promise<boolean>;
}

export function savedViewsRepository(db: Kysely<Database>): SavedViewsRepository {
  return {
    async list(owner) {
      const rows = await db
        .selectFrom('saved_views')
        .select(['name', 'view', 'updated_at'])
        .where('owner', '=', owner)
        .orderBy('name')
        .execute();
      return rows.map((r) => ({ name: r.name, view: r.view, updatedAt: r.updated_at }));
    },
    async save(owner, name, view, at) {
      await db
        .insertInto('saved_views')
        .values({ owner, name, view, updated_at: at })
        .onConflict((c) => c.columns(['owner', 'name']).doUpdateSet({ view, updated_at: at }))
        .execute();
    },
    async remove(owner, name) {
      const r = await db
        .deleteFrom('saved_views')
        .where('owner', '=', owner)
        .where('name', '=', name)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
