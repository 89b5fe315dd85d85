// The body of the sandbox Gateway's $batch answer (202, multipart/mixed): one part per retrieve
// request and per change set, in request order. A change set that succeeded is answered by a change
// set holding one response per request; one that failed by a single application/http part holding
// the error, as SAP Gateway does (nothing of it was applied).
import { STATUS_CODES } from 'node:http';

export interface BatchAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Repeated from the request part, so the client can pair answers with requests. */
  readonly contentId?: string;
}

export type BatchResponseItem =
  | { readonly kind: 'single'; readonly answer: BatchAnswer }
  | { readonly kind: 'changeset'; readonly answers: readonly BatchAnswer[] };

const CRLF = '\r\n';

/** The multipart/mixed body; the caller sends `boundary` in the response's Content-Type. */
export function formatBatchResponse(items: readonly BatchResponseItem[], boundary: string): string {
  const parts = items.map((item, i) => {
    if (item.kind === 'single') return httpPart(item.answer);
    // Its own boundary, which does not start with the outer one (RFC 2046 forbids that).
    const inner = `changesetresponse_${i + 1}_${boundary}`;
    return [`Content-Type: multipart/mixed; boundary=${inner}`, '', multipart(item.answers.map(httpPart), inner)].join(
      CRLF,
    );
  });
  return `${multipart(parts, boundary)}${CRLF}`;
}

/** "--b CRLF part CRLF --b CRLF part CRLF --b--": each delimiter starts a line. */
function multipart(parts: readonly string[], boundary: string): string {
  return parts.map((p) => `--${boundary}${CRLF}${p}${CRLF}`).join('') + `--${boundary}--`;
}

function httpPart(a: BatchAnswer): string {
  const mime = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (a.contentId !== undefined) mime.push(`Content-ID: ${a.contentId}`);
  const statusLine = `HTTP/1.1 ${a.status} ${STATUS_CODES[a.status] ?? ''}`.trimEnd();
  const headers = Object.entries({ ...a.headers, 'content-length': String(Buffer.byteLength(a.body)) }).map(
    ([k, v]) => `${k}: ${v}`,
  );
  return [...mime, '', statusLine, ...headers, '', a.body].join(CRLF);
}
