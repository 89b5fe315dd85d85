// Who may do what (docs/ARCHITECTURE.md, "Where each rule lives"): roles are checked here, in the
// core, whatever the UI shows.
import { ApiError } from '../../shared/api';
import type { Actor, Role } from './ports';

/** Refuses (forbidden) unless the actor has one of `roles`. */
export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.some((r) => actor.roles.includes(r))) {
    throw new ApiError('forbidden', `${actor.name} may not do this; it needs the role ${roles.join(' or ')}.`);
  }
}
