// Dispatch: OAuth, the bearer check, and the v1 method table.
import { SimValidationError, validationEnvelope } from './codes';
import type { Body } from './request';
import { exportRoutes } from './routes-exports';
import { transactionRoutes } from './routes-transactions';
import { vaultRoutes } from './routes-vault';
import type { PayTraceSimulator } from './simulator';

export interface RouteContext {
  readonly username: string;
  readonly ip: string;
  readonly at: number;
}

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  /** A transaction export (subject to the truncated/empty export faults). */
  readonly exported?: boolean;
}

export type Routes = Readonly<Record<string, (sim: PayTraceSimulator, body: Body, ctx: RouteContext) => Reply>>;

const v1: Routes = { ...transactionRoutes, ...exportRoutes, ...vaultRoutes };

export const EXPORT_PATHS = new Set([
  '/v1/transactions/export/by_id',
  '/v1/transactions/export/by_date_range',
  '/v1/batches/transaction_list',
]);

const INVALID_GRANT = {
  error: 'invalid_grant',
  error_description:
    'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
};

export function route(
  sim: PayTraceSimulator,
  path: string,
  body: Body,
  authorization: string | undefined,
  ip: string,
): Reply {
  if (path === '/oauth/token') {
    if (body.grant_type !== 'password')
      return {
        status: 400,
        body: {
          error: 'unsupported_grant_type',
          error_description: 'The authorization grant type is not supported by the authorization server.',
        },
      };
    const token = sim.tokens.issue(body.username, body.password);
    return token ? { status: 200, body: token } : { status: 400, body: INVALID_GRANT };
  }
  if (path === '/v1/ping') return { status: 200, body: { success: true, response_code: 1, status_message: 'pong' } };
  const handler = v1[path];
  if (!handler)
    return {
      status: 404,
      body: { success: false, response_code: 1, status_message: `No such method: POST ${path}`, errors: {} },
    };
  const username = sim.tokens.check(authorization);
  if (username === null)
    return { status: 401, body: { error: 'invalid_token', error_description: 'The access token is invalid' } };
  const at = sim.now();
  try {
    return handler(sim, body, { username, ip, at });
  } catch (e) {
    if (e instanceof SimValidationError)
      return { status: sim.validationHttpStatus, body: validationEnvelope(e.errors) };
    throw e;
  }
}
