// Requests from another site are refused: a page elsewhere must not drive a clerk's session. The
// SameSite=Strict cookie already keeps it out; these checks hold even for a browser that ignores it.
import type { IncomingMessage } from 'node:http';

export function crossSite(req: IncomingMessage): boolean {
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
