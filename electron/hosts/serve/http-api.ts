// The API contract over HTTP: POST /api/<channel> (bearer token) and GET /api/events (SSE).
// Every request is validated against the channel's zod schema before the core sees it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { ZodError } from 'zod';
import { ApiError, type ApiErrorBody, channels, eventNames, isChannel } from '../../../shared/api';
import { redactCardText } from '../../../shared/security';
import type { Core } from '../../core/core';
import type { Actor } from '../../core/ports';
import type { Logger } from '../log';

const STATUS: Record<ApiErrorBody['code'], number> = {
  invalid_request: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

const MAX_BODY = 1024 * 1024;

/** A person using the browser host: the token in their link decides who the core sees. */
export interface Session {
  readonly token: string;
  readonly actor: Actor;
}

export interface ApiHandlerOptions {
  readonly core: Core;
  readonly sessions: readonly Session[];
  readonly log: Logger;
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** An error for the renderer. Its message may quote what was sent or stored, so card data is masked first. */
function fail(res: ServerResponse, code: ApiErrorBody['code'], message: string): void {
  send(res, STATUS[code], { ok: false, error: { code, message: redactCardText(message) } });
}

/** Requests from another site are refused: a page elsewhere must not drive a clerk's session. */
function crossSite(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    try {
      return new URL(origin).host !== req.headers.host;
    } catch {
      return true;
    }
  }
  return false;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ApiError('invalid_request', 'The request body is larger than 1 MB.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('invalid_request', 'The request body is not JSON.');
  }
}

/** The session whose token was given; every token is compared, so timing does not tell which one nearly matched. */
export function sessionFor(sessions: readonly Session[], given: string | null | undefined): Session | null {
  let found: Session | null = null;
  for (const s of sessions) if (tokenMatches(s.token, given) && !found) found = s;
  return found;
}

export function createApiHandler({ core, sessions, log }: ApiHandlerOptions) {
  const streams = new Set<ServerResponse>();
  for (const name of eventNames) {
    core.events.on(name, (payload) => {
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const s of streams) s.write(frame);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (crossSite(req)) return fail(res, 'forbidden', 'Cross-site requests are refused.');

    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return fail(res, 'invalid_request', 'Use GET for /api/events.');
      if (!sessionFor(sessions, url.searchParams.get('token')))
        return fail(res, 'forbidden', 'The session token was refused.');
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      streams.add(res);
      const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
      req.on('close', () => {
        clearInterval(ping);
        streams.delete(res);
      });
      return;
    }

    const channel = url.pathname.slice('/api/'.length);
    if (!isChannel(channel)) return fail(res, 'not_found', `There is no API channel "${channel}".`);
    if (req.method !== 'POST') return fail(res, 'invalid_request', `Use POST for /api/${channel}.`);
    const auth = req.headers.authorization ?? '';
    const session = sessionFor(sessions, auth.startsWith('Bearer ') ? auth.slice(7) : null);
    if (!session) return fail(res, 'forbidden', 'The session token was refused.');

    try {
      const body = await readJson(req);
      const request = channels[channel].request.parse(body);
      const data = await core.handle(channel, request as never, session.actor);
      send(res, 200, { ok: true, data });
    } catch (e) {
      if (e instanceof ApiError) return fail(res, e.code, e.message);
      if (e instanceof ZodError)
        return fail(
          res,
          'invalid_request',
          e.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '),
        );
      log.error('api.failed', { channel, error: e instanceof Error ? e.message : String(e) });
      return fail(res, 'internal', e instanceof Error ? e.message : String(e));
    }
  }

  return {
    handle,
    closeStreams(): void {
      for (const s of streams) s.end();
      streams.clear();
    },
  };
}
