// OData V2 $batch bodies (multipart/mixed with application/http parts). Pure text work, used by
// the OData transport and by the sandbox's Gateway.

export interface HttpPart {
  method?: string;
  url?: string;
  status?: number;
  statusText?: string;
  headers: Record<string, string>;
  body: string;
}

/** A batch part: a single request/response, or a change set of several. */
export type BatchPart = { kind: 'single'; part: HttpPart } | { kind: 'changeset'; parts: HttpPart[] };

const CRLF = '\r\n';

export function boundaryOf(contentType: string | undefined): string | null {
  const m = /boundary=("?)([^";]+)\1/i.exec(contentType ?? '');
  return m ? m[2]! : null;
}

function splitParts(body: string, boundary: string): { headers: Record<string, string>; content: string }[] {
  const chunks = body.split(`--${boundary}`);
  const out: { headers: Record<string, string>; content: string }[] = [];
  for (const raw of chunks.slice(1)) {
    if (raw.startsWith('--')) break;
    const chunk = raw.replace(/^\r?\n/, '');
    const sep = /\r?\n\r?\n/.exec(chunk);
    const head = sep ? chunk.slice(0, sep.index) : chunk;
    const content = sep ? chunk.slice(sep.index + sep[0].length) : '';
    out.push({ headers: parseHeaders(head), content: content.replace(/\r?\n$/, '') });
  }
  return out;
}

function parseHeaders(text: string): Record<string, string> {
  const h: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) h[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return h;
}

/** An embedded HTTP message: "POST Entity HTTP/1.1" or "HTTP/1.1 201 Created", headers, body. */
function parseHttp(content: string): HttpPart {
  const sep = /\r?\n\r?\n/.exec(content);
  const head = sep ? content.slice(0, sep.index) : content;
  const body = sep ? content.slice(sep.index + sep[0].length).replace(/\r?\n$/, '') : '';
  const [first = '', ...rest] = head.split(/\r?\n/);
  const headers = parseHeaders(rest.join('\n'));
  const res = /^HTTP\/1\.\d (\d{3}) ?(.*)$/.exec(first);
  if (res) return { status: Number(res[1]), statusText: res[2], headers, body };
  const [method, url] = first.split(' ');
  return { method, url, headers, body };
}

export function parseBatch(body: string, boundary: string): BatchPart[] {
  return splitParts(body, boundary).map(({ headers, content }) => {
    const inner = boundaryOf(headers['content-type']);
    if (inner && /multipart\/mixed/i.test(headers['content-type'] ?? '')) {
      return { kind: 'changeset', parts: splitParts(content, inner).map((p) => parseHttp(p.content)) };
    }
    return { kind: 'single', part: parseHttp(content) };
  });
}

function formatHttp(p: HttpPart): string {
  const first =
    p.status !== undefined ? `HTTP/1.1 ${p.status} ${p.statusText ?? ''}`.trimEnd() : `${p.method} ${p.url} HTTP/1.1`;
  const headers = Object.entries(p.headers).map(([k, v]) => `${k}: ${v}`);
  return [first, ...headers, '', p.body].join(CRLF);
}

const envelope = (http: string): string =>
  ['Content-Type: application/http', 'Content-Transfer-Encoding: binary', '', http].join(CRLF);

export function formatBatch(parts: BatchPart[], boundary: string): string {
  let n = 0;
  const chunks = parts.map((p) => {
    if (p.kind === 'single') return envelope(formatHttp(p.part));
    const cs = `changeset_${boundary}_${++n}`;
    const inner = p.parts.map((x) => `--${cs}${CRLF}${envelope(formatHttp(x))}${CRLF}`).join('') + `--${cs}--`;
    return [`Content-Type: multipart/mixed; boundary=${cs}`, '', inner].join(CRLF);
  });
  return chunks.map((c) => `--${boundary}${CRLF}${c}${CRLF}`).join('') + `--${boundary}--${CRLF}`;
}
