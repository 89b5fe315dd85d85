// The SAP simulator's own $batch reading and writing. It accepts what the OData connector writes
// and writes what the connector reads, and it refuses batches a sloppy client might send that the
// connector's lenient reader would take: the simulator can disagree with a wrong client.
import { describe, expect, it } from 'vitest';
import { formatBatch, parseBatch } from '../../../electron/connectors/sap/odata/multipart';
import { BatchSyntaxError, parseBatchRequest } from '../../../electron/sandbox/sap/http/batch';
import { formatBatchResponse } from '../../../electron/sandbox/sap/http/batch-response';

const CT = 'multipart/mixed; boundary=batch_1';
/** Lines joined with CRLF, as a careful client writes them. */
const crlf = (...lines: string[]): string => lines.join('\r\n');

const changeSetPost = (entity = '{"CompanyCode":"1000"}'): string =>
  crlf(
    '--batch_1',
    'Content-Type: multipart/mixed; boundary=changeset_1',
    '',
    '--changeset_1',
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    'Content-ID: 1',
    '',
    'POST AccountingDocuments HTTP/1.1',
    'Content-Type: application/json',
    '',
    entity,
    '--changeset_1--',
    '',
    '--batch_1--',
    '',
  );

const refusal = (contentType: string | undefined, body: string): string => {
  try {
    parseBatchRequest(contentType, body);
  } catch (e) {
    expect(e).toBeInstanceOf(BatchSyntaxError);
    return (e as Error).message;
  }
  throw new Error('the batch was accepted');
};

describe('the sandbox reads $batch requests', () => {
  it('reads what the OData connector writes: a change set and a retrieve request', () => {
    const body = formatBatch(
      [
        {
          kind: 'changeset',
          parts: [
            {
              method: 'POST',
              url: 'AccountingDocuments',
              headers: { 'content-type': 'application/json' },
              body: '{"a":1}',
            },
          ],
        },
        {
          kind: 'single',
          part: { method: 'GET', url: 'Currencies?$filter=Currency%20eq%20%27USD%27', headers: {}, body: '' },
        },
      ],
      'batch_x1',
    );
    expect(parseBatchRequest('multipart/mixed; boundary=batch_x1', body)).toEqual([
      {
        kind: 'changeset',
        operations: [
          {
            method: 'POST',
            url: 'AccountingDocuments',
            headers: { 'content-type': 'application/json' },
            body: '{"a":1}',
          },
        ],
      },
      {
        kind: 'retrieve',
        operation: { method: 'GET', url: 'Currencies?$filter=Currency%20eq%20%27USD%27', headers: {}, body: '' },
      },
    ]);
  });

  it('reads a hand-written batch: quoted boundary, preamble, padding, Content-ID, epilogue', () => {
    const body = crlf(
      'This preamble is ignored.',
      '--batch_1  ',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'GET OpenItems?$top=1 HTTP/1.1',
      'Accept: application/json',
      '',
      '',
      changeSetPost('{"b":2}'),
    ).replace('--batch_1--\r\n', '--batch_1--\r\nand an epilogue');
    const items = parseBatchRequest('Multipart/Mixed;boundary="batch_1"', body);
    expect(items).toEqual([
      {
        kind: 'retrieve',
        operation: { method: 'GET', url: 'OpenItems?$top=1', headers: { accept: 'application/json' }, body: '' },
      },
      {
        kind: 'changeset',
        operations: [
          {
            method: 'POST',
            url: 'AccountingDocuments',
            headers: { 'content-type': 'application/json' },
            body: '{"b":2}',
            contentId: '1',
          },
        ],
      },
    ]);
  });
});

describe('the sandbox refuses malformed $batch requests the connector would read anyway', () => {
  it('a boundary without the CRLF before it', () => {
    const body = changeSetPost().replace('}\r\n--changeset_1--', '}--changeset_1--');
    expect(parseBatch(body, 'batch_1')[0]).toMatchObject({ kind: 'changeset' }); // the lenient reader takes it
    expect(refusal(CT, body)).toMatch(/'--changeset_1' on line 12 does not start a line after CRLF/);
    expect(refusal(CT, body)).toMatch(/the change set in batch part 1 \(line 2\)/);
  });

  it('bare LF line breaks', () => {
    const body = changeSetPost().replace(/\r\n/g, '\n');
    expect(parseBatch(body, 'batch_1')).toHaveLength(1);
    expect(refusal(CT, body)).toMatch(/delimiter line '--batch_1' on line 1 must end with CRLF, not a bare LF/);
  });

  it('a change set without Content-Type', () => {
    const body = changeSetPost().replace('Content-Type: multipart/mixed; boundary=changeset_1\r\n', 'X-Note: cs\r\n');
    expect(refusal(CT, body)).toMatch(/batch part 1 \(line 2\) has no Content-Type header/);
  });

  it('a part without an HTTP request line', () => {
    const body = changeSetPost().replace('POST AccountingDocuments HTTP/1.1\r\n', '');
    expect(parseBatch(body, 'batch_1')[0]).toMatchObject({ kind: 'changeset' });
    expect(refusal(CT, body)).toMatch(
      /request 1 \(line 5\) of the change set in batch part 1 \(line 2\) does not start with an HTTP request line \(METHOD url HTTP\/1.1\): found "Content-Type: application\/json"/,
    );
  });

  it('a request line not followed by the empty line that ends the headers, as SAP refuses it', () => {
    const body = crlf(
      '--batch_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'GET Currencies HTTP/1.1',
      '--batch_1--',
    );
    expect(refusal(CT, body)).toMatch(/batch part 1 \(line 2\): the request line is not followed by the empty line/);
    const headersOnly = body.replace('HTTP/1.1', 'HTTP/1.1\r\nAccept: application/json');
    expect(refusal(CT, headersOnly)).toMatch(/header lines are not ended by an empty line \(CRLF CRLF\)/);
  });

  it('spaces in a URL, which the lenient reader would cut off at the first one', () => {
    const body = crlf(
      '--batch_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      "GET Currencies?$filter=Currency eq 'USD' HTTP/1.1",
      '',
      '',
      '--batch_1--',
    );
    expect(parseBatch(body, 'batch_1')[0]).toMatchObject({ part: { url: 'Currencies?$filter=Currency' } });
    expect(refusal(CT, body)).toMatch(/batch part 1 \(line 2\) has spaces in its URL .*; percent-encode them as %20/);
  });

  it('a part without Content-Transfer-Encoding: binary', () => {
    const body = changeSetPost().replace('Content-Transfer-Encoding: binary\r\n', '');
    expect(refusal(CT, body)).toMatch(
      /has no Content-Transfer-Encoding header; .* must say Content-Transfer-Encoding: binary/,
    );
  });

  it('a GET inside a change set, and a POST outside one', () => {
    const get = changeSetPost().replace('POST AccountingDocuments', 'GET AccountingDocuments');
    expect(refusal(CT, get)).toMatch(/is a GET: a change set holds only POST, PUT, MERGE, PATCH and DELETE/);
    const post = crlf(
      '--batch_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'POST AccountingDocuments HTTP/1.1',
      '',
      '{}',
      '--batch_1--',
    );
    expect(refusal(CT, post)).toMatch(/batch part 1 \(line 2\) is a POST outside a change set/);
  });

  it('a nested change set, and an empty one', () => {
    const nested = changeSetPost().replace(
      '--changeset_1\r\nContent-Type: application/http',
      '--changeset_1\r\nContent-Type: multipart/mixed; boundary=inner',
    );
    expect(refusal(CT, nested)).toMatch(/is a change set: change sets cannot be nested/);
    const empty = crlf('--batch_1', 'Content-Type: multipart/mixed; boundary=cs', '', '--cs--', '--batch_1--');
    expect(refusal(CT, empty)).toMatch(/the change set in batch part 1 \(line 2\) has no requests/);
  });

  it('a lower-case method, a header line without a colon, a batch that is never closed', () => {
    expect(refusal(CT, changeSetPost().replace('POST Acc', 'post Acc'))).toMatch(/uses method 'post'/);
    expect(
      refusal(CT, changeSetPost().replace('Content-Type: application/json', 'Content-Type application/json')),
    ).toMatch(/'Content-Type application\/json' is not a header line \(Name: value\)/);
    expect(refusal(CT, changeSetPost().replace('\r\n--batch_1--\r\n', ''))).toMatch(
      /is not closed: '--batch_1--' is missing/,
    );
  });

  it('a request whose Content-Type is not multipart/mixed with a usable boundary', () => {
    expect(refusal('application/json', changeSetPost())).toMatch(
      /Content-Type 'application\/json'; it must be multipart\/mixed/,
    );
    expect(refusal('multipart/mixed', changeSetPost())).toMatch(/without a boundary parameter/);
    expect(refusal(undefined, changeSetPost())).toMatch(/it must be multipart\/mixed/);
    expect(refusal('multipart/mixed; boundary=a;b', changeSetPost())).toMatch(/no '--a' delimiter line/);
    expect(refusal(`multipart/mixed; boundary=${'x'.repeat(71)}`, '')).toMatch(/not a MIME boundary/);
  });

  it("says what SAP says first, so the message reads like Gateway's", () => {
    expect(refusal(CT, 'nothing')).toMatch(
      /^The Data Services Request could not be understood due to malformed syntax: /,
    );
  });
});

describe('the sandbox writes $batch responses', () => {
  const created = { status: 201, headers: { 'content-type': 'application/json' }, body: '{"d":{"x":"é"}}' };
  const failed = { status: 400, headers: { 'content-type': 'application/json' }, body: '{"error":{}}' };
  const text = formatBatchResponse(
    [
      { kind: 'changeset', answers: [{ ...created, contentId: '1' }] },
      { kind: 'single', answer: failed },
      { kind: 'single', answer: { status: 404, headers: {}, body: '' } },
    ],
    'batch_r',
  );

  it('that the OData connector reads, with status lines and lengths', () => {
    const parts = parseBatch(text, 'batch_r');
    expect(parts).toEqual([
      {
        kind: 'changeset',
        parts: [
          {
            status: 201,
            statusText: 'Created',
            headers: { 'content-type': 'application/json', 'content-length': '16' },
            body: created.body,
          },
        ],
      },
      {
        kind: 'single',
        part: {
          status: 400,
          statusText: 'Bad Request',
          headers: { 'content-type': 'application/json', 'content-length': '12' },
          body: failed.body,
        },
      },
      { kind: 'single', part: { status: 404, statusText: 'Not Found', headers: { 'content-length': '0' }, body: '' } },
    ]);
  });

  it('with every delimiter at the start of a line, a change-set boundary that does not extend the outer one, and the Content-ID repeated', () => {
    expect(text.startsWith('--batch_r\r\n')).toBe(true);
    expect(text.endsWith('\r\n--batch_r--\r\n')).toBe(true);
    expect(text.split('--batch_r').length - 1).toBe(4);
    expect(text.match(/(?<!\r\n)--(batch_r|changesetresponse_1_batch_r)/g)).toEqual(['--batch_r']); // only the very first
    expect(text).toContain('boundary=changesetresponse_1_batch_r\r\n\r\n--changesetresponse_1_batch_r\r\n');
    expect(text).toContain('Content-ID: 1\r\n\r\nHTTP/1.1 201 Created\r\n');
  });
});
