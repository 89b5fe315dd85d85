// An OData V2 $batch request as the sandbox Gateway reads it (MS-ODATA 2.2.7.6, SAP Gateway's
// "$batch Processing"): an ordered series of retrieve requests and change sets. Each retrieve
// request is an application/http part holding a GET; each change set is a multipart/mixed part of
// application/http parts holding creates, updates and deletes. Change sets are not nested and hold
// no GET. Every application/http part says Content-Transfer-Encoding: binary, and the HTTP request
// in it is a request line, header lines and an empty line, then the body.
import { BatchSyntaxError, type MimePart, mixedBoundary, readHeaders, splitMultipart } from './mime-parts';

export { BatchSyntaxError } from './mime-parts';

export interface BatchOperation {
  readonly method: string;
  /** As written: relative to the service root, or absolute. */
  readonly url: string;
  /** The embedded request's headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The part's Content-ID MIME header, which the answer repeats. */
  readonly contentId?: string;
}

export type BatchItem =
  | { readonly kind: 'retrieve'; readonly operation: BatchOperation }
  | { readonly kind: 'changeset'; readonly operations: readonly BatchOperation[] };

const RETRIEVE = new Set(['GET']);
const CHANGE = new Set(['POST', 'PUT', 'MERGE', 'PATCH', 'DELETE']);

/** The items of a $batch request, or a BatchSyntaxError saying what is wrong and where. */
export function parseBatchRequest(contentType: string | undefined, body: string): BatchItem[] {
  const boundary = mixedBoundary(contentType, 'The $batch request');
  return splitMultipart(body, boundary, 'The $batch body').map((part, i): BatchItem => {
    const where = `batch part ${i + 1} (line ${part.line})`;
    const type = mediaType(part, where);
    if (type === 'multipart/mixed') return { kind: 'changeset', operations: changeSet(part, where) };
    if (type !== 'application/http')
      throw new BatchSyntaxError(
        `${where} has Content-Type '${part.headers['content-type']}'; a batch part is application/http or a multipart/mixed change set`,
      );
    const operation = httpOperation(part, where);
    if (!RETRIEVE.has(operation.method))
      throw new BatchSyntaxError(
        `${where} is a ${operation.method} outside a change set; creates, updates and deletes go in a multipart/mixed change set`,
      );
    return { kind: 'retrieve', operation };
  });
}

function changeSet(part: MimePart, where: string): BatchOperation[] {
  const boundary = mixedBoundary(part.headers['content-type'], where);
  const inner = splitMultipart(part.content, boundary, `the change set in ${where}`, part.contentLine);
  if (inner.length === 0) throw new BatchSyntaxError(`the change set in ${where} has no requests`);
  return inner.map((p, j) => {
    const at = `request ${j + 1} (line ${p.line}) of the change set in ${where}`;
    const type = mediaType(p, at);
    if (type === 'multipart/mixed') throw new BatchSyntaxError(`${at} is a change set: change sets cannot be nested`);
    if (type !== 'application/http')
      throw new BatchSyntaxError(`${at} has Content-Type '${p.headers['content-type']}'; it must be application/http`);
    const operation = httpOperation(p, at);
    if (!CHANGE.has(operation.method))
      throw new BatchSyntaxError(
        `${at} is a ${operation.method}: a change set holds only POST, PUT, MERGE, PATCH and DELETE; send retrieve requests outside change sets`,
      );
    return operation;
  });
}

function mediaType(part: MimePart, where: string): string {
  const type = part.headers['content-type'];
  if (type === undefined) throw new BatchSyntaxError(`${where} has no Content-Type header`);
  return type.split(';')[0]!.trim().toLowerCase();
}

/** The HTTP request in an application/http part. */
function httpOperation(part: MimePart, where: string): BatchOperation {
  const encoding = part.headers['content-transfer-encoding'];
  if (encoding?.toLowerCase() !== 'binary')
    throw new BatchSyntaxError(
      `${where} has ${encoding === undefined ? 'no Content-Transfer-Encoding header' : `Content-Transfer-Encoding '${encoding}'`}; an application/http part must say Content-Transfer-Encoding: binary`,
    );
  const eol = part.content.indexOf('\r\n');
  const requestLine = eol < 0 ? part.content : part.content.slice(0, eol);
  const m = /^([A-Za-z]+) (\S+) HTTP\/1\.[01]$/.exec(requestLine);
  if (!m && /^[A-Za-z]+ \S.* HTTP\/1\.[01]$/.test(requestLine))
    throw new BatchSyntaxError(
      `${where} has spaces in its URL (${JSON.stringify(requestLine)}); percent-encode them as %20`,
    );
  if (!m)
    throw new BatchSyntaxError(
      `${where} does not start with an HTTP request line (METHOD url HTTP/1.1): found ${JSON.stringify(requestLine.slice(0, 60))}`,
    );
  const method = m[1]!;
  if (!RETRIEVE.has(method) && !CHANGE.has(method))
    throw new BatchSyntaxError(`${where} uses method '${method}'; use GET, POST, PUT, MERGE, PATCH or DELETE`);
  if (eol < 0)
    throw new BatchSyntaxError(`${where}: the request line is not followed by the empty line that ends the headers`);
  const { headers, content } = readHeaders(part.content.slice(eol + 2), `the HTTP request in ${where}`);
  return {
    method,
    url: m[2]!,
    headers,
    body: content,
    ...(part.headers['content-id'] !== undefined ? { contentId: part.headers['content-id'] } : {}),
  };
}
