// Signing in and out of the browser host. The printed link (`/?token=...`) is traded once for a
// session cookie and a redirect to `/`, so the token never stays in the address bar or the history
// and the page itself never holds a secret.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log';
import { clearSessionCookie, cookieName, readCookie, setSessionCookie, type CookieOptions } from './cookies';
import { PAGES, sendPage } from './pages';
import { sendError, sendJson } from './respond';
import type { SessionStore } from './sessions';

export interface SignInOptions {
  readonly sessions: SessionStore;
  readonly cookie: CookieOptions;
  readonly log: Logger;
}

export function createSignIn({ sessions, cookie, log }: SignInOptions) {
  const sessionId = (req: IncomingMessage) => readCookie(req.headers.cookie, cookieName(cookie));

  return {
    /** The session this request's cookie belongs to; `touch` counts it as the person's activity. */
    sessionOf(req: IncomingMessage, touch: boolean) {
      return sessions.find(sessionId(req), touch);
    },

    redeem(req: IncomingMessage, res: ServerResponse, token: string): void {
      // Link checkers and previews that only look (HEAD) do not use the link up.
      if (req.method === 'HEAD') return sendPage(res, PAGES.link, true);
      // An <img> or a fetch on another page must not use a link up; only opening it as a page may.
      const dest = req.headers['sec-fetch-dest'];
      if (dest !== undefined && dest !== 'document') return sendPage(res, PAGES.linkNotAPage, false);
      const result = sessions.redeem(token);
      if (result.kind === 'used') {
        log.warn('session.link_reused', { user: result.actor.name });
        return sendPage(res, PAGES.linkUsed, false);
      }
      if (result.kind === 'unknown') {
        log.warn('session.link_refused', {});
        return sendPage(res, PAGES.linkUnknown, false);
      }
      // One browser holds one session: the one this link replaces ends (its open pages learn so).
      const previous = sessions.find(sessionId(req), false);
      if (previous) sessions.end(previous.key, 'replaced');
      log.info('session.started', { user: result.session.actor.name });
      res.writeHead(303, {
        Location: './',
        'Set-Cookie': setSessionCookie(result.id, cookie),
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'Content-Length': 0,
      });
      res.end();
    },

    signOut(req: IncomingMessage, res: ServerResponse): void {
      if (req.method !== 'POST')
        return sendError(res, 'invalid_request', 'Use POST to sign out.', { status: 405, headers: { Allow: 'POST' } });
      const session = sessions.find(sessionId(req), false);
      if (session) sessions.end(session.key, 'signed-out');
      sendJson(res, 200, { ok: true, data: null }, { 'Set-Cookie': clearSessionCookie(cookie) });
    },
  };
}
