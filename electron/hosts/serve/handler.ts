// Every request to the browser host goes through here, and every one gets an answer: nothing a
// client sends (a URL, a header, a method, a body) can throw past this function and stop the host.
// Order: the Host header (DNS rebinding), the request line, then the route.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../../core/core';
import type { Logger } from '../log';
import { crossSite } from './cross-site';
import type { createEventStreams } from './events';
import { createApiCalls } from './http-api';
import { PAGES, sendPage } from './pages';
import { parseTarget } from './request-target';
import { sendError, sendText } from './respond';
import type { createSignIn } from './sign-in';
import { serveUi, type UiFiles } from './static';
import { createDisputeWebhook, WEBHOOK_PATH, type DisputeWebhookOptions } from './webhook';

export interface HandlerOptions {
  readonly core: Core;
  readonly log: Logger;
  readonly ui: UiFiles;
  readonly signIn: ReturnType<typeof createSignIn>;
  readonly events: ReturnType<typeof createEventStreams>;
  readonly hostAllowed: (host: string | undefined) => boolean;
  /** The signed dispute webhook; without it, its path is not found. */
  readonly webhooks?: DisputeWebhookOptions;
}

/** Requests the page makes by itself (reloads after an event) say so, and do not keep a session alive. */
export const BACKGROUND_HEADER = 'x-cleardesk-background';
/** The person the page was opened as; a browser that signed in as someone else since is refused. */
export const PAGE_USER_HEADER = 'x-cleardesk-user';

const METHODS = new Set(['GET', 'HEAD', 'POST']);

const NOT_SIGNED_IN =
  'You are not signed in, or your session ended (signed out, idle for too long, your user disabled, or ClearDesk restarted). Open a new link from whoever runs ClearDesk.';

function pageUserMismatch(req: IncomingMessage, name: string): boolean {
  const header = req.headers[PAGE_USER_HEADER];
  if (typeof header !== 'string') return false;
  try {
    return decodeURIComponent(header) !== name;
  } catch {
    return true;
  }
}

export function createRequestHandler({ core, log, ui, signIn, events, hostAllowed, webhooks }: HandlerOptions) {
  const call = createApiCalls({ core, log });
  const webhook = webhooks ? createDisputeWebhook(core, log, webhooks) : null;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // HTTP/1.1 without Host never gets here (Node refuses it); HTTP/1.0 may omit it.
    if (!req.headers.host) return sendText(res, 400, 'A Host header is required.');
    if (!hostAllowed(req.headers.host))
      return sendText(
        res,
        403,
        'ClearDesk does not answer to this host name. Use the link it printed, or let it answer to the name (--allow-host).',
      );
    const parsed = parseTarget(req.url);
    if (!parsed.ok) return sendText(res, parsed.status, parsed.status === 414 ? 'URL too long' : 'Bad request');
    const method = req.method ?? '';
    if (!METHODS.has(method)) return sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD, POST' });
    const { path, query } = parsed.target;

    // Signed instead of signed-in: no session cookie, everything else as for the API.
    if (path.startsWith(WEBHOOK_PATH) && webhook) {
      if (method !== 'POST')
        return sendError(res, 'invalid_request', 'Use POST to deliver dispute cases.', {
          status: 405,
          headers: { Allow: 'POST' },
        });
      if (crossSite(req)) return sendError(res, 'forbidden', 'Cross-site requests are refused.');
      return webhook(req, res, path.slice(WEBHOOK_PATH.length));
    }
    if (path.startsWith('/api/')) {
      if (crossSite(req)) return sendError(res, 'forbidden', 'Cross-site requests are refused.');
      const session = await signIn.sessionOf(req, path !== '/api/events' && req.headers[BACKGROUND_HEADER] !== '1');
      if (!session) return sendError(res, 'unauthenticated', NOT_SIGNED_IN);
      if (pageUserMismatch(req, session.actor.name))
        return sendError(
          res,
          'unauthenticated',
          `This browser has signed in as ${session.actor.name} since this page was opened. Reload the page to continue as ${session.actor.name}.`,
        );
      if (path === '/api/events') {
        if (method !== 'GET')
          return sendError(res, 'invalid_request', 'Use GET for /api/events.', {
            status: 405,
            headers: { Allow: 'GET' },
          });
        return events.open(req, res, session.key);
      }
      return call(req, res, path.slice('/api/'.length), session.actor);
    }
    if (path === '/auth/sign-out') {
      if (crossSite(req)) return sendError(res, 'forbidden', 'Cross-site requests are refused.');
      return signIn.signOut(req, res);
    }
    if (method === 'POST') return sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    const token = query.get('token');
    if (path === '/' && token !== null) return signIn.redeem(req, res, token);
    if (path === '/auth/ended') return sendPage(res, PAGES.ended, method === 'HEAD');
    if (!serveUi(ui, path, req, res)) sendText(res, 404, 'Not found');
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch((e: unknown) => {
      log.error('host.failed', { error: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent) sendText(res, 500, 'ClearDesk could not answer this request; the error is in its log.');
      else res.destroy();
    });
  };
}
