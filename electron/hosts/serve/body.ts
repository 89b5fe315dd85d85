// The body of an API request: JSON only, at most 1 MB, read within the server's request timeout.
// Every way it can go wrong ends in an answer that names it, never in an exception that escapes.
import type { IncomingMessage } from 'node:http';

export const MAX_BODY = 1024 * 1024;

export type BodyResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly status: 400 | 413 | 415; readonly message: string }
  /** The client went away before sending it all: nobody is left to answer. */
  | { readonly ok: false; readonly status: 0; readonly message: string };

const TOO_LARGE = { ok: false, status: 413, message: 'The request body is larger than 1 MB.' } as const;

function isJson(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json';
}

function parse(req: IncomingMessage, chunks: Buffer[]): BodyResult {
  const text = Buffer.concat(chunks).toString('utf8');
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
 * Stops keeping the body at the limit but reads (and drops) the rest before answering, bounded by
 * the server's request timeout and by MAX_DRAIN: a host that answers and closes while the client is
 * still sending resets the connection, and the client's kernel then throws the 413 away unread.
 */
export function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > MAX_BODY) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
      else if (size > MAX_DRAIN) {
        settle(TOO_LARGE);
        req.resume();
      } else chunks.length = 0;
    };
    req.on('data', onData);
    req.on('end', () => settle(size > MAX_BODY ? TOO_LARGE : parse(req, chunks)));
    const gone = () =>
      settle({ ok: false, status: 0, message: 'The client closed the connection before sending the whole body.' });
    req.on('error', gone);
    req.on('close', gone);
  });
}
