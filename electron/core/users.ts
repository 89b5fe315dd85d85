// The browser host's users (docs/ARCHITECTURE.md, "Security"): only an admin lists, adds, changes,
// disables or enables them, or issues a sign-in link; every change is audited (user.added,
// user.changed, user.disabled, user.enabled, user.link-issued, never the token). An admin cannot
// disable themselves, and no change may leave no active admin. The tokens are the host's (the
// SignInLinks port); the host asks `activeUser` on every link exchange and session check.
import { ApiError, type Role, type User, type UserLink, type UserSave } from '../../shared/api';
import { samePerson } from '../../shared/domain';
import type { Clock, SignInLinks } from '../../shared/ports';
import type { Repositories, UserRecord } from '../store';
import { requireRole } from './authorization';
import type { Actor } from './ports';

/** Who `--user` flags act as on the audit trail. */
export const SERVE_OPERATOR = 'system:serve';

const subject = (name: string) => `user:${name}`;
const view = (u: UserRecord): User => ({ ...u, roles: [...u.roles] });
const sameRoles = (a: readonly Role[], b: readonly Role[]) => a.length === b.length && a.every((r) => b.includes(r));
const isActiveAdmin = (u: { active: boolean; roles: readonly Role[] }) => u.active && u.roles.includes('admin');

/** Refuses a change that would leave no active admin: someone must be able to manage users. */
async function keepAnAdmin(tx: Repositories, before: UserRecord, after: { active: boolean; roles: readonly Role[] }) {
  if (!isActiveAdmin(before) || isActiveAdmin(after)) return;
  const others = (await tx.users.list()).filter((u) => isActiveAdmin(u) && !samePerson(u.name, before.name));
  if (others.length === 0)
    throw new ApiError(
      'conflict',
      `${before.name} is the last active admin; give another user the admin role first, so someone can still manage users.`,
    );
}

export async function listUsers(store: Repositories, actor: Actor): Promise<User[]> {
  requireRole(actor, 'admin');
  return (await store.users.list()).map(view);
}

export async function saveUser(store: Repositories, clock: Clock, actor: Actor, req: UserSave): Promise<User> {
  requireRole(actor, 'admin');
  const roles = [...new Set(req.roles)];
  return store.transaction(async (tx) => {
    const at = clock.now().toISOString();
    const existing = await tx.users.get(req.name);
    if (req.add) {
      if (existing)
        throw new ApiError('conflict', `There is already a user ${existing.name} (names compare without case).`);
      await tx.users.add(req.name, roles, actor.name, at);
      await tx.audit.append({
        actor: actor.name,
        action: 'user.added',
        subject: subject(req.name),
        detail: { roles },
        at,
      });
      return view((await tx.users.get(req.name))!);
    }
    if (!existing) throw new ApiError('not_found', `There is no user ${req.name}.`);
    if (sameRoles(existing.roles, roles)) return view(existing);
    await keepAnAdmin(tx, existing, { active: existing.active, roles });
    const changed = await tx.users.update(existing.name, { roles }, actor.name, at);
    await tx.audit.append({
      actor: actor.name,
      action: 'user.changed',
      subject: subject(existing.name),
      detail: { from: [...existing.roles], to: roles },
      at,
    });
    return view(changed!);
  });
}

export async function setUserActive(
  store: Repositories,
  clock: Clock,
  actor: Actor,
  name: string,
  active: boolean,
): Promise<User> {
  requireRole(actor, 'admin');
  if (!active && samePerson(actor.name, name))
    throw new ApiError('conflict', 'You cannot disable yourself; another admin can.');
  return store.transaction(async (tx) => {
    const existing = await tx.users.get(name);
    if (!existing) throw new ApiError('not_found', `There is no user ${name}.`);
    if (existing.active === active) return view(existing);
    await keepAnAdmin(tx, existing, { active, roles: existing.roles });
    const at = clock.now().toISOString();
    const changed = await tx.users.update(existing.name, { active }, actor.name, at);
    await tx.audit.append({
      actor: actor.name,
      action: active ? 'user.enabled' : 'user.disabled',
      subject: subject(existing.name),
      detail: {},
      at,
    });
    return view(changed!);
  });
}

/** A new one-time link for an active user, from the host; the audit entry never holds the token. */
export async function issueLink(
  store: Repositories,
  clock: Clock,
  actor: Actor,
  links: SignInLinks | undefined,
  name: string,
): Promise<UserLink> {
  requireRole(actor, 'admin');
  if (!links)
    throw new ApiError('unavailable', 'Sign-in links are made by the browser host (`cleardesk serve`), not here.');
  const user = await store.users.get(name);
  if (!user) throw new ApiError('not_found', `There is no user ${name}.`);
  if (!user.active) throw new ApiError('conflict', `${user.name} is disabled; enable them before issuing a link.`);
  const url = links.issue({ name: user.name, roles: user.roles });
  await store.audit.append({
    actor: actor.name,
    action: 'user.link-issued',
    subject: subject(user.name),
    detail: {},
    at: clock.now().toISOString(),
  });
  return { name: user.name, url };
}

/** The user as they are now, if they may sign in (active, with at least one role); else null. */
export async function activeUser(store: Repositories, name: string): Promise<Actor | null> {
  const user = await store.users.get(name);
  return user && user.active && user.roles.length > 0 ? { name: user.name, roles: user.roles } : null;
}

/**
 * `cleardesk serve --user` at start: adds each person, or sets their roles to those given (the flag
 * wins for roles); a user an admin disabled stays disabled. Audited as `system:serve`.
 */
export async function seedUsers(store: Repositories, clock: Clock, actors: readonly Actor[]): Promise<void> {
  await store.transaction(async (tx) => {
    const at = clock.now().toISOString();
    for (const a of actors) {
      const existing = await tx.users.get(a.name);
      const roles = [...a.roles];
      if (!existing) {
        await tx.users.add(a.name, roles, SERVE_OPERATOR, at);
        const detail = { roles, source: '--user' };
        await tx.audit.append({ actor: SERVE_OPERATOR, action: 'user.added', subject: subject(a.name), detail, at });
      } else if (!sameRoles(existing.roles, roles)) {
        await tx.users.update(existing.name, { roles }, SERVE_OPERATOR, at);
        const detail = { from: [...existing.roles], to: roles, source: '--user' };
        await tx.audit.append({
          actor: SERVE_OPERATOR,
          action: 'user.changed',
          subject: subject(existing.name),
          detail,
          at,
        });
      }
    }
  });
}
