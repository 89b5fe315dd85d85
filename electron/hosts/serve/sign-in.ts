// Signing in and out of the browser host. The printed link (`/?token=...`) is traded once for a
// session cookie and a redirect to `/`, so the token never stays in the address bar or the history
// and the page itself never holds a secret.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log';
import { clearSessionCookie, cookieName, readCookie, setSessionCookie, type CookieOptions } from './cookies';
import { PAGES, sendPage } from './pages';
import { sendError, sendJson } from './respond';
import type { Session, SessionStore } from './sessions';
import type { Actor } from '../../core/ports';

/** The person as they are now, if they may sign in (the store's users); null: disabled or gone. */
export type UserDirectory = (name: string) => Promise<Actor | null>;

export interface SignInOptions {
  readonly sessions: SessionStore;
  readonly users: UserDirectory;
  readonly cookie: CookieOptions;
  readonly log: Logger;
}

export function createSignIn({ sessions, users, cookie, log }: SignInOptions) {
  const sessionId = (req: IncomingMessage) => readCookie(req.headers.cookie, cookieName(cookie));

  /** The session with the person's roles as they are now; a disabled (or removed) person's session ends. */
  const recheck = async (session: Session): Promise<Session | null> => {
    const actor = await users(session.actor.name);
    if (!actor) {
      sessions.end(session.key, 'disabled');
      return null;
    }
    session.actor = actor;
    return session;
  };

  return {
    /** The session this request's cookie belongs to, if its person may still sign in; `touch` counts it as activity. */
    async sessionOf(req: IncomingMessage, touch: boolean): Promise<Session | null> {
      const session = sessions.find(sessionId(req), touch);
      return session ? recheck(session) : null;
    },

    /** An admin changed this person: their sessions end at once if disabled, else take the new roles. */
    async recheckUser(name: string): Promise<void> {
      for (const session of sessions.sessionsOf(name)) await recheck(session);
    },

    async redeem(req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
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
      // The link was made for someone who may since have been disabled: the store decides, now.
      if (!(await recheck(result.session))) {
        log.warn('session.link_refused', { user: result.session.actor.name, why: 'disabled' });
        return sendPage(res, PAGES.userDisabled, false);
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
