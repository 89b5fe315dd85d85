// Which file an app:// request may read: the renderer's build folder and nothing else. Pure, apart
// from Electron, so hostile paths can be fed to it in unit tests; electron/main/index.ts serves the
// file it names. A request is refused before any file is opened: malformed escapes and characters no
// file of the build has (NUL, control characters, backslashes, colons) with 400, anything that would
// leave the folder with 404, like a file that is not there.
import nodePath from 'node:path';

export const APP_SCHEME = 'app';
/** The one host of our pages; the window loads app://renderer/index.html. */
export const APP_HOST = 'renderer';
export const APP_START_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export type AppFile =
  | { readonly ok: true; readonly file: string }
  | { readonly ok: false; readonly status: 400 | 404; readonly reason: string };

/** The path functions used; node:path by default, path.win32 in tests of Windows paths. */
type PathApi = Pick<typeof nodePath, 'resolve' | 'relative' | 'isAbsolute' | 'sep'>;

// A backslash is a separator on Windows and a colon names a drive or an NTFS stream there; the
// build's file names have neither, so refusing them everywhere keeps one rule for every platform.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
const FORBIDDEN = /[\u0000-\u001f\u007f\\:]/;

/** Whether a frame's URL is one of our own pages (app://renderer/...). */
export function isOwnPage(frameUrl: string): boolean {
  try {
    const url = new URL(frameUrl);
    return url.protocol === `${APP_SCHEME}:` && url.hostname.toLowerCase() === APP_HOST;
  } catch {
    return false;
  }
}

/** The file under `root` that `requestUrl` asks for, or why it is refused. */
export function resolveAppFile(requestUrl: string, root: string, path: PathApi = nodePath): AppFile {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (!isOwnPage(requestUrl)) return { ok: false, status: 404, reason: 'not one of our pages' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-escape' };
  }
  if (FORBIDDEN.test(decoded)) return { ok: false, status: 400, reason: 'character not allowed in a path' };
  const wanted = decoded === '' || decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = path.resolve(root);
  const file = path.resolve(base, wanted);
  // path.relative, not file.startsWith(root): "/app/dist-evil" starts with "/app/dist" too.
  const rel = path.relative(base, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel))
    return { ok: false, status: 404, reason: 'outside the renderer folder' };
  // Source maps are never handed out, as the browser host does not (the build makes none either).
  if (rel.endsWith('.map')) return { ok: false, status: 404, reason: 'source maps are not served' };
  return { ok: true, file };
}
