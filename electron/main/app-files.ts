// Which file of the built renderer an app:// URL names, or null. A malformed escape (`%E0%A4%A`)
// must not throw out of the protocol handler, `..` must not climb out of the folder (nor into a
// sibling whose name starts the same), and source maps are never handed out: the rules the browser
// host keeps (electron/hosts/serve/static.ts), for the desktop window.
import { join, sep } from 'node:path';

export function rendererFile(rendererDir: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.endsWith('.map')) return null;
  const file = join(rendererDir, decoded);
  return file.startsWith(rendererDir + sep) ? file : null;
}
