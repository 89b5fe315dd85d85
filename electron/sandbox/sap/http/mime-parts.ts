// multipart/mixed bodies as RFC 2046 §5.1.1 defines them, for the sandbox Gateway's $batch. The
// sandbox's own reading, strict on purpose: a delimiter starts a line after CRLF, a part's headers
// end with an empty line, and line breaks are CRLF, so a sloppy batch writer is told where it went
// wrong instead of being guessed at.

/** A $batch body SAP would answer with 400; the message says what to fix and where. */
export class BatchSyntaxError extends Error {
  constructor(detail: string) {
    super(`The Data Services Request could not be understood due to malformed syntax: ${detail}`);
    this.name = 'BatchSyntaxError';
  }
}

export interface MimePart {
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly content: string;
  /** Lines (1-based, counted in the whole request body) where the part and its content start. */
  readonly line: number;
  readonly contentLine: number;
}

const CRLF = '\r\n';
// RFC 2046 bchars: 1 to 70 of them, the last not a space.
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The boundary of a "multipart/mixed; boundary=…" Content-Type; `what` names the body for messages. */
export function mixedBoundary(contentType: string | undefined, what: string): string {
  const [type = '', ...params] = (contentType ?? '').split(';');
  if (type.trim().toLowerCase() !== 'multipart/mixed')
    throw new BatchSyntaxError(`${what} has Content-Type '${contentType ?? ''}'; it must be multipart/mixed`);
  let boundary: string | null = null;
  for (const p of params) {
    const m = /^\s*([^=\s]+)\s*=\s*(?:"([^"]*)"|(\S*))\s*$/.exec(p);
    if (m && m[1]!.toLowerCase() === 'boundary') boundary = m[2] ?? m[3] ?? '';
  }
  if (boundary === null)
    throw new BatchSyntaxError(`${what} has Content-Type '${contentType}' without a boundary parameter`);
  if (!BOUNDARY.test(boundary))
    throw new BatchSyntaxError(
      `${what} has boundary '${boundary}', which is not a MIME boundary (1 to 70 letters, digits or '()+_,-./:=? )`,
    );
  return boundary;
}

/**
 * The body parts between "--boundary" delimiter lines. A preamble before the first delimiter and
 * an epilogue after the closing "--boundary--" are ignored, as RFC 2046 says. `firstLine` is the
 * line `body` starts on, when it is a part of a larger body.
 */
export function splitMultipart(body: string, boundary: string, what: string, firstLine = 1): MimePart[] {
  const dash = `--${boundary}`;
  const lineAt = (offset: number): number => firstLine + countLines(body, offset);
  const delimiter = CRLF + dash;
  let at = body.startsWith(dash) ? 0 : body.indexOf(delimiter);
  if (at < 0) {
    const loose = body.indexOf(dash);
    throw new BatchSyntaxError(
      loose < 0
        ? `${what} has no '${dash}' delimiter line`
        : `${what}: '${dash}' on line ${lineAt(loose)} does not start a line after CRLF`,
    );
  }
  if (at > 0) at += CRLF.length;
  const parts: MimePart[] = [];
  for (;;) {
    const afterDash = at + dash.length;
    if (body.startsWith('--', afterDash)) return parts; // the close delimiter
    if (afterDash >= body.length) throw new BatchSyntaxError(`${what} is not closed: '${dash}--' is missing`);
    const eol = /^[ \t]*\r\n/.exec(body.slice(afterDash, afterDash + 80));
    if (!eol) {
      const found = body[afterDash] === '\n' ? 'a bare LF' : JSON.stringify(body.slice(afterDash, afterDash + 12));
      throw new BatchSyntaxError(
        `${what}: the delimiter line '${dash}' on line ${lineAt(at)} must end with CRLF, not ${found}`,
      );
    }
    const start = afterDash + eol[0].length;
    const end = body.indexOf(delimiter, start);
    const content = end < 0 ? body.slice(start) : body.slice(start, end);
    const stray = content.indexOf(dash);
    if (stray >= 0)
      throw new BatchSyntaxError(
        `${what}: '${dash}' on line ${lineAt(start + stray)} does not start a line after CRLF; a delimiter needs a CRLF before it`,
      );
    if (end < 0) throw new BatchSyntaxError(`${what} is not closed: '${dash}--' is missing`);
    const { headers, content: inner } = readHeaders(content, `${what}, part ${parts.length + 1}`);
    const line = lineAt(start);
    parts.push({
      headers,
      content: inner,
      line,
      contentLine: line + countLines(content, content.length - inner.length),
    });
    at = end + CRLF.length;
  }
}

/**
 * "Name: value" lines up to the empty line that ends them (RFC 5322 / RFC 9112 field syntax,
 * without the obsolete line folding); `content` is everything after that empty line.
 */
export function readHeaders(text: string, where: string): { headers: Record<string, string>; content: string } {
  const end = text.startsWith(CRLF) ? 0 : text.indexOf(CRLF + CRLF);
  if (end < 0) throw new BatchSyntaxError(`${where}: its header lines are not ended by an empty line (CRLF CRLF)`);
  const headers: Record<string, string> = {};
  for (const line of end === 0 ? [] : text.slice(0, end).split(CRLF)) {
    if (/^[ \t]/.test(line)) throw new BatchSyntaxError(`${where}: folded header line '${line.trim()}'`);
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon);
    if (!TOKEN.test(name)) throw new BatchSyntaxError(`${where}: '${line}' is not a header line (Name: value)`);
    if (/[\r\n]/.test(line)) throw new BatchSyntaxError(`${where}: header '${name}' has a bare CR or LF in it`);
    const key = name.toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  return { headers, content: text.slice(end + (end === 0 ? CRLF.length : 2 * CRLF.length)) };
}

/** Line breaks in text before offset. */
function countLines(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}
