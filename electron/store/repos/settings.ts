// Settings an admin changed (table `settings`, migration 0090): one JSON value per key, with who
// changed it last and when. The core validates what it reads and audits every change.
import type { Kysely } from 'kysely';
import type { SettingRecord } from '../records';
import type { Database } from '../schema';

export interface SettingsRepository {
  get(key: string): Promise<SettingRecord | null>;
  put(key: string, value: unknown, by: string, at: string): Promise<void>;
}

export function settingsRepository(db: Kysely<Database>): SettingsRepository {
  return {
    async get(key) {
      const row = await db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
      if (!row) return null;
      let value: unknown = null;
      try {
        value = JSON.parse(row.value);
      } catch {
        value = null; // the core treats an unreadable setting as unset, and says so
      }
      return { key: row.key, value, updatedBy: row.updated_by, updatedAt: row.updated_at };
    },
    async put(key, value, by, at) {
      const text = JSON.stringify(value);
      await db
        .insertInto('settings')
        .values({ key, value: text, updated_by: by, updated_at: at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: text, updated_by: by, updated_at: at }))
        .execute();
    },
  };
}
