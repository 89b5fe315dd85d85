// The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it),
// Secure over TLS. Cookies do not keep ports apart, so the name carries the port: two hosts on
// 127.0.0.1 do not sign each other out.

export interface CookieOptions {
  readonly port: number;
  readonly secure: boolean;
}

/** `__Host-` makes the browser refuse it unless Secure, for path / and without a Domain. */
export function cookieName({ port, secure }: CookieOptions): string {
  return `${secure ? '__Host-' : ''}cleardesk-${port}`;
}

const VALUE = /^[A-Za-z0-9_-]{16,128}$/;

/** The named cookie's value, or null; anything that is not one of our values is ignored. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header || header.length > 8192) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    if (VALUE.test(value)) return value;
  }
  return null;
}

function attributes({ secure }: CookieOptions): string {
  return `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** No Max-Age: the browser drops it when it closes; the host ends it sooner when idle. */
export function setSessionCookie(value: string, options: CookieOptions): string {
  return `${cookieName(options)}=${value}; ${attributes(options)}`;
}

export function clearSessionCookie(options: CookieOptions): string {
  return `${cookieName(options)}=; Max-Age=0; ${attributes(options)}`;
}
