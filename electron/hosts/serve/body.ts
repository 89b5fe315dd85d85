// The body of a request: an API call's JSON (at most 1 MB), or a webhook's raw bytes (which its signature
// covers) up to the limit the caller gives, read within the server's request timeout. Every way it can go
// wrong ends in an answer that names it, never in an exception that escapes.
import type { IncomingMessage } from 'node:http';

export const MAX_BODY = 1024 * 1024;

export type BodyResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly status: 400 | 413 | 415; readonly message: string }
  /** The client went away before sending it all: nobody is left to answer. */
  | { readonly ok: false; readonly status: 0; readonly message: string };

const tooLarge = (limit: number) =>
  ({
    ok: false,
    status: 413,
    message: `The request body is larger than ${limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MB` : `${limit / 1024} KB`}.`,
  }) as const;

export type RawBodyResult =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly status: 413; readonly message: string }
  | { readonly ok: false; readonly status: 0; readonly message: string };

function isJson(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json';
}

function parse(req: IncomingMessage, bytes: Buffer): BodyResult {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  // A form or text/plain body is what a cross-site form could send; the UI always sends JSON.
  if (!isJson(req.headers['content-type']))
    return { ok: false, status: 415, message: 'Send the request body as JSON (Content-Type: application/json).' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, message: 'The request body is not JSON.' };
  }
}

/** Past this much dropped body the host answers at once and lets the connection reset. */
const MAX_DRAIN = 16 * MAX_BODY;

/**
 * The body's bytes, at most `limit`. Stops keeping the body at the limit but reads (and drops) the rest
 * before answering, bounded by the server's request timeout and by MAX_DRAIN: a host that answers and
 * closes while the client is still sending resets the connection, and the client's kernel then throws the
 * 413 away unread.
 */
export function readRawBody(req: IncomingMessage, limit: number): Promise<RawBodyResult> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve(tooLarge(limit));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: RawBodyResult) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > Math.max(MAX_DRAIN, limit)) {
        settle(tooLarge(limit));
        req.resume();
      } else chunks.length = 0;
    };
    req.on('data', onData);
    req.on('end', () => settle(size > limit ? tooLarge(limit) : { ok: true, bytes: Buffer.concat(chunks) }));
    const gone = () =>
      settle({ ok: false, status: 0, message: 'The client closed the connection before sending the whole body.' });
    req.on('error', gone);
    req.on('close', gone);
  });
}

/** An API call's body: JSON, at most MAX_BODY. */
export async function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  const raw = await readRawBody(req, MAX_BODY);
  if (!raw.ok) return raw;
  return parse(req, raw.bytes);
}
