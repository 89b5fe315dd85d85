// The few pages the host itself writes: what a person sees when a link cannot sign them in, or
// when their session ended. Plain HTML with one inline style allowed by its hash, and nothing else.
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { securityHeaders } from './respond';

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d2733}' +
  'h1{font-size:1.4rem}code{background:#eef1f4;padding:0 .25rem;border-radius:3px}';

const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface Page {
  readonly status: number;
  readonly title: string;
  /** Trusted HTML: written here, never from a request. */
  readonly body: string;
}

const ASK =
  'Ask whoever runs ClearDesk for a new link: <code>cleardesk serve</code> prints one per person when it starts.';

export const PAGES = {
  /** What a HEAD of a link sees: looking at a link does not use it up. */
  link: { status: 200, title: 'Sign in to ClearDesk', body: '<p>Open this link in your browser to sign in.</p>' },
  linkNotAPage: {
    status: 403,
    title: 'Open this link as a page',
    body: '<p>A ClearDesk link signs in only when it is opened in the browser, not when another page loads it.</p>',
  },
  linkUsed: {
    status: 410,
    title: 'This link was already used',
    body: `<p>Each ClearDesk link signs in once, and this one has been used. ${ASK}</p><p>If this browser is already signed in, <a href="/">open ClearDesk</a>.</p>`,
  },
  linkUnknown: {
    status: 401,
    title: 'This link is not valid',
    body: `<p>The link has expired, was made by an earlier run of ClearDesk, or was copied incompletely. ${ASK}</p>`,
  },
  userDisabled: {
    status: 403,
    title: 'This user is disabled',
    body: '<p>An admin has disabled the ClearDesk user this link was made for. Ask an admin of ClearDesk if this is a mistake.</p>',
  },
  ended: {
    status: 200,
    title: 'You are signed out',
    body: `<p>Your ClearDesk session has ended: you signed out, it was idle for too long, or ClearDesk was restarted. To continue, open a new link. ${ASK}</p>`,
  },
} satisfies Record<string, Page>;

export function sendPage(res: ServerResponse, page: Page, head: boolean, extra: Record<string, string> = {}): void {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${page.title} · ClearDesk</title><style>${STYLE}</style></head>` +
    `<body><h1>${page.title}</h1>${page.body}</body></html>`;
  res.writeHead(page.status, {
    ...securityHeaders,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': PAGE_CSP,
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(html),
    ...extra,
  });
  res.end(head ? undefined : html);
}
