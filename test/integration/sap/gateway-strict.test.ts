// The sandbox Gateway over HTTP answers a malformed $batch or a malformed Edm.DateTime with 400
// and an OData V2 error body that says what to fix, as SAP does, instead of guessing.
import axios, { type AxiosInstance } from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SapSandbox, SERVICE_PATH, startSapSandbox } from '../../../electron/sandbox/sap';
import { testSeed } from './fixture';

let sandbox: SapSandbox;
let http: AxiosInstance;
let token = '';
let cookie = '';

beforeAll(async () => {
  sandbox = await startSapSandbox({ seed: testSeed(), users: { CLEARDESK: 's3cret' } });
  http = axios.create({
    baseURL: `${sandbox.url}${SERVICE_PATH}/`,
    auth: { username: 'CLEARDESK', password: 's3cret' },
    validateStatus: () => true,
    transformResponse: (d: unknown) => d,
    responseType: 'text',
  });
  const res = await http.get('', { headers: { 'x-csrf-token': 'Fetch' } });
  token = String(res.headers['x-csrf-token']);
  cookie = String(res.headers['set-cookie']?.[0]?.split(';')[0]);
});

afterAll(async () => {
  await sandbox.close();
});

const post = (path: string, body: string, contentType: string) =>
  http.post(path, body, { headers: { 'content-type': contentType, 'x-csrf-token': token, cookie } });

const message = (body: string): string =>
  (JSON.parse(body) as { error: { message: { value: string } } }).error.message.value;

describe('the sandbox Gateway is strict where SAP is', () => {
  it('answers a $batch with a boundary glued to the body with 400 and where it went wrong', async () => {
    const body = [
      '--b1',
      'Content-Type: multipart/mixed; boundary=cs1',
      '',
      '--cs1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'POST AccountingDocuments HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{}--cs1--',
      '--b1--',
    ].join('\r\n');
    const res = await post('$batch', body, 'multipart/mixed; boundary=b1');
    expect(res.status).toBe(400);
    expect(message(res.data as string)).toMatch(
      /malformed syntax: .*'--cs1' on line 11 does not start a line after CRLF/,
    );
  });

  it('answers a $batch that is not multipart/mixed with 400', async () => {
    const res = await post('$batch', '{}', 'application/json');
    expect(res.status).toBe(400);
    expect(message(res.data as string)).toMatch(/Content-Type 'application\/json'; it must be multipart\/mixed/);
  });

  it('answers a DATS sent where an Edm.DateTime belongs with 400 naming the property, and posts nothing', async () => {
    const before = sandbox.ledger.documents.size;
    const res = await post(
      'AccountingDocuments',
      JSON.stringify({ CompanyCode: '1000', DocumentType: 'DZ', PostingDate: '20261120', Items: [] }),
      'application/json',
    );
    expect(res.status).toBe(400);
    expect(message(res.data as string)).toMatch(/Property 'PostingDate' has invalid value "20261120"/);
    expect(sandbox.ledger.documents.size).toBe(before);
  });

  it("answers a ReverseDocument whose PostingDate is not a datetime'…' literal with 400", async () => {
    const q = new URLSearchParams({
      CompanyCode: "'1000'",
      DocumentNumber: "'0100000000'",
      FiscalYear: "'2026'",
      Reason: "'01'",
      PostingDate: "'2026-11-20'",
    });
    const res = await post(`ReverseDocument?${q.toString()}`, '{}', 'application/json');
    expect(res.status).toBe(400);
    expect(message(res.data as string)).toMatch(/Parameter 'PostingDate' has invalid value '2026-11-20'/);
  });
});
