// Who may do what (docs/ARCHITECTURE.md, "Where each rule lives"): roles are checked here, in the
// core, whatever the UI shows.
import { ApiError } from '../../shared/api';
import type { Actor, Role } from './ports';

/** Why the actor may not act, unless they have one of `roles` (then null): for a bulk action's per-row refusal. */
export function roleRefusal(actor: Actor, ...roles: Role[]): string | null {
  return roles.some((r) => actor.roles.includes(r))
    ? null
    : `${actor.name} may not do this; it needs the role ${roles.join(' or ')}.`;
}

/** Refuses (forbidden) unless the actor has one of `roles`. */
export function requireRole(actor: Actor, ...roles: Role[]): void {
  const refusal = roleRefusal(actor, ...roles);
  if (refusal) throw new ApiError('forbidden', refusal);
}
