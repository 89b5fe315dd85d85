// The browser host's users (table users, migration 0320): a name unique without case (the key is
// shared/domain's personKey, the four-eyes rules' comparison), roles, active or disabled, who
// created and last changed them and when. What an admin may change is the core's rule
// (electron/core/users.ts); this only reads and writes.
import type { Kysely } from 'kysely';
import { ROLES, type Role } from '../../../shared/api/users';
import { personKey } from '../../../shared/domain';
import type { Database, UsersTable } from '../schema';

export interface UserRecord {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly active: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly changedBy: string;
  readonly changedAt: string;
}

export interface UsersRepository {
  /** Every user, active or not, in the order of their names without case. */
  list(): Promise<UserRecord[]>;
  /** The user with this name, compared without case; null when there is none. */
  get(name: string): Promise<UserRecord | null>;
  /** Adds an active user; false (and nothing written) when the name, without case, is taken. */
  add(name: string, roles: readonly Role[], by: string, at: string): Promise<boolean>;
  /** Changes roles and/or the state of the user with this name; null when there is none. */
  update(
    name: string,
    change: { readonly roles?: readonly Role[]; readonly active?: boolean },
    by: string,
    at: string,
  ): Promise<UserRecord | null>;
}

/** Roles in one order (clerk, approver, admin), each once, as the column keeps them. */
const rolesText = (roles: readonly Role[]): string => ROLES.filter((r) => roles.includes(r)).join(',');

function recordOf(row: UsersTable): UserRecord {
  return {
    name: row.name,
    // A role this version does not know (a newer one wrote it) is left out, never granted.
    roles: row.roles.split(',').filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    active: Number(row.active) === 1,
    createdBy: row.created_by,
    createdAt: row.created_at,
    changedBy: row.changed_by,
    changedAt: row.changed_at,
  };
}

export function usersRepository(db: Kysely<Database>): UsersRepository {
  const get = async (name: string) => {
    const row = await db.selectFrom('users').selectAll().where('name_key', '=', personKey(name)).executeTakeFirst();
    return row ? recordOf(row) : null;
  };
  return {
    async list() {
      const rows = await db.selectFrom('users').selectAll().orderBy('name_key').execute();
      return rows.map(recordOf);
    },
    get,
    async add(name, roles, by, at) {
      const r = await db
        .insertInto('users')
        .values({
          name_key: personKey(name),
          name: name.trim(),
          roles: rolesText(roles),
          active: 1,
          created_by: by,
          created_at: at,
          changed_by: by,
          changed_at: at,
        })
        .onConflict((c) => c.column('name_key').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async update(name, change, by, at) {
      const r = await db
        .updateTable('users')
        .set({
          ...(change.roles ? { roles: rolesText(change.roles) } : {}),
          ...(change.active === undefined ? {} : { active: change.active ? 1 : 0 }),
          changed_by: by,
          changed_at: at,
        })
        .where('name_key', '=', personKey(name))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0 ? get(name) : null;
    },
  };
}
