// The built renderer (renderer/dist), read into memory once when the host starts. A request can
// only ever get one of the files found then, looked up by its exact path: no path is decoded or
// joined, so nothing outside the UI folder (or a symbolic link inside it) is reachable, and source
// maps are never among them. Served with the same strict CSP the desktop window uses.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../shared/api/csp';
import { securityHeaders } from './respond';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Source maps would hand out the UI's source; hidden files are nobody's business. */
const NEVER_SERVED = (name: string): boolean => name.startsWith('.') || name.endsWith('.map');

interface UiFile {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
  readonly cacheControl: string;
}

export type UiFiles = ReadonlyMap<string, UiFile>;

/** Every regular file under `root`, by its URL path (`/assets/index-abc.js`). */
export function loadUi(root: string): UiFiles {
  const files = new Map<string, UiFile>();
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir)) {
      if (NEVER_SERVED(name) || !/^[A-Za-z0-9._-]+$/.test(name)) continue;
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(path, `${prefix}${name}/`);
      else if (stat.isFile()) {
        const body = readFileSync(path);
        const ext = extname(name);
        files.set(`${prefix}${name}`, {
          body,
          type: TYPES[ext] ?? 'application/octet-stream',
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
          // index.html names the hashed assets of this build, so it must never be cached.
          cacheControl: ext === '.html' ? 'no-store' : 'public, max-age=3600',
        });
      }
    }
  };
  walk(root, '/');
  return files;
}

/** Answers GET/HEAD for a UI file; false when there is no such file. */
export function serveUi(
  files: UiFiles,
  path: string,
  req: { method?: string; headers: { 'if-none-match'?: string } },
  res: ServerResponse,
): boolean {
  const file = files.get(path === '/' ? '/index.html' : path);
  if (!file) return false;
  const headers = {
    ...securityHeaders,
    'Content-Type': file.type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'Cache-Control': file.cacheControl,
    ETag: file.etag,
  };
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, headers).end();
    return true;
  }
  res.writeHead(200, { ...headers, 'Content-Length': file.body.length });
  res.end(req.method === 'HEAD' ? undefined : file.body);
  return true;
}
