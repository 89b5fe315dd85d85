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
  const status = await adminOf(actor, admin).save(input);
  const s = input.settings;
  const where = input.system === 'paytrace' ? { url: input.settings.baseUrl } : sapWhere(input.settings);
  await store.audit.append({
    actor: actor.name,
    action: 'connection.saved',
    subject: `connection:${status.profile}:${input.system}`,
    detail: {
      system: input.system,
      ...where,
      user: 'username' in s ? s.username : s.user,
      passwordChanged: input.password !== undefined,
    },
    at: clock.now().toISOString(),
  });
  return status;
}

function sapWhere(s: Extract<ConnectionInput, { system: 'sap' }>['settings']): Record<string, unknown> {
  return {
    transport: s.transport,
    ...(s.url ? { url: s.url } : {}),
    ...(s.ashost ? { ashost: s.ashost } : {}),
    ...(s.dest ? { dest: s.dest } : {}),
    ...(s.mshost ? { mshost: s.mshost } : {}),
    client: s.client,
    companyCodes: s.companyCodes,
  };
}

export const firstRunDone = (actor: Actor, admin: ConnectionAdmin | undefined): Promise<ConnectionsStatus> =>
  adminOf(actor, admin).firstRunDone();
