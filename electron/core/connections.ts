// The admin's connections (docs/ARCHITECTURE.md, "Security"): only an admin sees, tests or saves
// them; a save is audited with what changed, never the password. Where they are kept and how they
// are tried is the host's (the ConnectionAdmin port): this core may run without one (tests, the CLI).
import { ApiError, type ConnectionInput, type ConnectionsStatus, type ConnectionTest } from '../../shared/api';
import type { Clock, ConnectionAdmin } from '../../shared/ports';
import type { Repositories } from '../store';
import { requireRole } from './authorization';
import type { Actor } from './ports';

function adminOf(actor: Actor, admin: ConnectionAdmin | undefined): ConnectionAdmin {
  requireRole(actor, 'admin');
  if (!admin)
    throw new ApiError(
      'unavailable',
      'This ClearDesk cannot change its connections from here: use `cleardesk connect` where it runs.',
    );
  return admin;
}

export const connectionsStatus = (actor: Actor, admin: ConnectionAdmin | undefined): Promise<ConnectionsStatus> =>
  adminOf(actor, admin).status();

export const testConnection = (
  actor: Actor,
  admin: ConnectionAdmin | undefined,
  input: ConnectionInput,
): Promise<ConnectionTest> => adminOf(actor, admin).test(input);

export async function saveConnection(
  store: Repositories,
  clock: Clock,
  actor: Actor,
  admin: ConnectionAdmin | undefined,
  input: ConnectionInput,
): Promise<ConnectionsStatus> {
  const connections = adminOf(actor, admin);
  // What was saved before (the status names no password); a profile that cannot be read is none.
  const before = await connections.status().then(
    (s) => s[input.system],
    () => null,
  );
  const status = await connections.save(input);
  // Every setting before and after (none is secret: the password goes to the keychain, and only whether it changed
  // is said), as a settings change is audited.
  const previous = before?.source === 'profile' ? (before.settings as Record<string, unknown> | null) : null;
  const after = input.settings as Record<string, unknown>;
  const changed = [...new Set([...Object.keys(previous ?? {}), ...Object.keys(after)])].filter(
    (k) => JSON.stringify(previous?.[k] ?? null) !== JSON.stringify(after[k] ?? null),
  );
  await store.audit.append({
    actor: actor.name,
    action: 'connection.saved',
    subject: `connection:${status.profile}:${input.system}`,
    detail: {
      system: input.system,
      changed,
      before: previous,
      after,
      passwordChanged: input.password !== undefined,
    },
    at: clock.now().toISOString(),
  });
  return status;
}

export const firstRunDone = (actor: Actor, admin: ConnectionAdmin | undefined): Promise<ConnectionsStatus> =>
  adminOf(actor, admin).firstRunDone();
