// One ledger, three transports (RFC, OData, IDoc): each posts, reads back, reverses and clears,
// and failures come back with SAP's messages verbatim.
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSapSystem } from '../../../electron/connectors/sap/factory';
import type { SapConfig } from '../../../electron/connectors/sap/config';
import type { SapSystem } from '../../../electron/connectors/sap/types';
import { type SapSandbox, startSapSandbox } from '../../../electron/sandbox/sap';
import { money } from '../../../shared/money';
import { type FiDocument, buildFiDocument, parseGlRules, postingReference } from '../../../shared/posting';
import glRules from '../../../resources/gl-rules.json';
import { testSeed } from './fixture';
import { HeldInSapError, type PostingTarget } from '../../../shared/ports';
import type { SapMessage } from '../../../shared/domain';

const rules = parseGlRules(glRules);
let sandbox: SapSandbox;
const systems: Record<string, SapSystem> = {};

function payment(
  txn: number,
  minor: number,
  opts: { date?: string; customer?: string; items?: { ref: string; minor: number }[] } = {},
): FiDocument {
  return buildFiDocument(
    {
      kind: 'payment',
      companyCode: '1000',
      documentDate: opts.date ?? '2026-11-20',
      postingDate: opts.date ?? '2026-11-20',
      reference: postingReference(txn, 'payment'),
      customer: opts.customer ?? '0000100002',
      amount: money(minor, 'USD'),
      items: (opts.items ?? []).map((i) => ({ assignment: i.ref, reference: i.ref, amount: money(i.minor, 'USD') })),
      source: { transactionId: txn, invoiceId: '', paymentMethod: 'mastercard' },
    },
    { rules },
  );
}

beforeAll(async () => {
  sandbox = await startSapSandbox({ seed: testSeed(), users: { CLEARDESK: 's3cret' } });
  const base: Omit<SapConfig, 'transport'> = {
    rfc: { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK' },
    url: sandbox.url,
    client: '100',
    user: 'CLEARDESK',
    password: 's3cret',
    companyCodes: ['1000'],
  };
  systems.rfc = await createSapSystem({ ...base, transport: 'rfc' }, { rfc: sandbox.rfc });
  systems.odata = await createSapSystem({ ...base, transport: 'odata' });
  systems.idoc = await createSapSystem({ ...base, transport: 'idoc' }, { idoc: { pollMs: 20, statusTimeoutMs: 2000 } });
});

it('every transport is a PostingTarget for the exactly-once poster', () => {
  const targets: PostingTarget<FiDocument>[] = Object.values(systems);
  expect(targets).toHaveLength(3);
});

/**
 * SAP's refusal of a document. Over RFC and OData it is the answer; an IDoc SAP could not post is not
 * refused but kept in status 51 for BD87 or RBDMANI2 to post later: held in SAP, with the same messages.
 */
async function refusal(name: 'rfc' | 'odata' | 'idoc', doc: FiDocument): Promise<{ messages: readonly SapMessage[] }> {
  if (name !== 'idoc') {
    const result = await systems[name]!.postDocument(doc);
    expect(result.ok).toBe(false);
    return result;
  }
  const thrown: unknown = await systems.idoc!.postDocument(doc).then(
    () => null,
    (e: unknown) => e,
  );
  expect(thrown).toBeInstanceOf(HeldInSapError);
  const held = (thrown as HeldInSapError).held;
  expect(held.status).toBe('51');
  return { messages: held.messages };
}

afterAll(async () => {
  for (const s of Object.values(systems)) await s.close();
  await sandbox.close();
});

describe.each([
  ['rfc', 2001],
  ['odata', 3001],
  ['idoc', 4001],
] as const)('the %s transport', (name, txn) => {
  it('posts a payment on account, finds it by reference and among the open items, then reverses it', async () => {
    const sap = systems[name]!;
    const posted = await sap.postDocument(payment(txn, 2500));
    expect(posted.ok).toBe(true);
    if (!posted.ok) return;
    expect(posted.key.BUKRS).toBe('1000');
    expect(await sap.findDocumentByReference('1000', `PT${txn}P`)).toEqual(posted.key);
    const items = await sap.getOpenItems('1000', '0000100002');
    expect(items.find((i) => i.reference === `PT${txn}P`)).toMatchObject({
      amount: { minor: -2500, currency: 'USD' },
      documentType: 'DZ',
    });

    const reversed = await sap.reverseDocument(posted.key, '01', '2026-11-20');
    expect(reversed).toMatchObject({ ok: true, clearingReset: [] });
    if (!reversed.ok) return;
    expect(await sap.findReversal(posted.key)).toEqual(reversed.key);
    expect((await sap.getOpenItems('1000', '0000100002')).some((i) => i.reference === `PT${txn}P`)).toBe(false);
    // A reversed document is not a posting SAP holds any more: its reference finds nothing.
    expect(await sap.findDocumentByReference('1000', `PT${txn}P`)).toBeNull();
    const again = await sap.reverseDocument(posted.key, '01', '2026-11-20');
    expect(again.messages.map((m) => `${m.ID} ${m.NUMBER}`)).toEqual(['RW 609', 'F5 806']);
  });

  it('refuses a posting into a closed period with RW 609 and F5 201, verbatim', async () => {
    const result = await refusal(name, payment(txn + 1, 1000, { date: '2026-01-10' }));
    expect(result.messages.map((m) => `${m.ID} ${m.NUMBER} ${m.MESSAGE}`)).toEqual([
      'RW 609 Error in document: BKPFF $ ECCCLNT100',
      'F5 201 Posting period 001 2026 is not open',
    ]);
    expect(await systems[name]!.findDocumentByReference('1000', `PT${txn + 1}P`)).toBeNull();
  });

  it('carries a residual item’s reason code (RSTGR) to SAP, which keeps it on that customer line', async () => {
    const base = payment(txn + 3, 8000, { items: [{ ref: '90009999', minor: 8000 }] });
    const doc = buildFiDocument(
      {
        kind: 'payment',
        companyCode: '1000',
        documentDate: '2026-11-20',
        postingDate: '2026-11-20',
        reference: base.DOCUMENTHEADER.REF_DOC_NO,
        customer: '0000100002',
        amount: money(8000, 'USD'),
        items: [
          { assignment: '90009999', reference: '90009999', amount: money(8000, 'USD'), residual: money(2000, 'USD') },
        ],
        residualReason: 'D01',
        source: { transactionId: txn + 3, invoiceId: '', paymentMethod: 'mastercard' },
      },
      { rules },
    );
    const posted = await systems[name]!.postDocument(doc);
    expect(posted.ok).toBe(true);
    if (!posted.ok) return;
    const lines = sandbox.ledger.document(posted.key)!.lines.filter((l) => l.KOART === 'D');
    expect(lines.map((l) => [l.SHKZG, l.WRBTR.minor, l.RSTGR ?? ''])).toEqual([
      ['H', 10000, ''],
      ['S', 2000, 'D01'],
    ]);
  });

  it('refuses an unknown customer with F5 102', async () => {
    const result = await refusal(name, payment(txn + 2, 1000, { customer: '0000100077' }));
    expect(result.messages[1]).toMatchObject({
      ID: 'F5',
      NUMBER: '102',
      MESSAGE: 'Customer 100077 is not defined in company code 1000',
    });
  });
});

describe('clearing and the Gateway details', () => {
  it('clears invoice 90001236 of 75.50 with a payment of 75.50 over RFC and OData (partial first)', async () => {
    const [invoice] = (await systems.odata!.getOpenItems('1000', '0000100002')).filter(
      (i) => i.reference === '90001236',
    );
    const partial = payment(5001, 5000, { items: [{ ref: '90001236', minor: 5000 }] });
    const line = (doc: FiDocument) => doc.ACCOUNTRECEIVABLE[0]!.ITEMNO_ACC;
    expect(
      (
        await systems.odata!.postAndClear(partial, [
          { ITEMNO_ACC: line(partial), KUNNR: '0000100002', ...invoice!.source },
        ])
      ).ok,
    ).toBe(true);
    expect((await systems.rfc!.getOpenItems('1000', '0000100002')).some((i) => i.reference === '90001236')).toBe(true);
    // The partial payment's line refers to the invoice (REBZG/REBZJ/REBZZ), as both read it.
    for (const sap of [systems.rfc!, systems.odata!])
      expect((await sap.getOpenItems('1000', '0000100002')).find((i) => i.reference === 'PT5001P')?.invoiceRef).toEqual(
        {
          BELNR: invoice!.source.BELNR,
          GJAHR: invoice!.source.GJAHR,
          BUZEI: invoice!.source.BUZEI,
        },
      );
    expect(invoice!.invoiceRef).toBeNull();
    const rest = payment(5002, 2550, { items: [{ ref: '90001236', minor: 2550 }] });
    expect(
      (await systems.rfc!.postAndClear(rest, [{ ITEMNO_ACC: line(rest), KUNNR: '0000100002', ...invoice!.source }])).ok,
    ).toBe(true);
    const open = await systems.odata!.getOpenItems('1000', '0000100002');
    expect(open.some((i) => i.reference === '90001236' || i.reference === 'PT5001P' || i.reference === 'PT5002P')).toBe(
      false,
    );
  });

  it('reverses a payment that cleared its invoice over OData: ResetClearing first, then the invoice is open again', async () => {
    const odata = systems.odata!;
    const [invoice] = (await odata.getOpenItems('1000', '0000100001')).filter((i) => i.reference === '90001235');
    const doc = payment(5003, 25000, { customer: '0000100001', items: [{ ref: '90001235', minor: 25000 }] });
    const posted = await odata.postAndClear(doc, [
      { ITEMNO_ACC: doc.ACCOUNTRECEIVABLE[0]!.ITEMNO_ACC, KUNNR: '0000100001', ...invoice!.source },
    ]);
    if (!posted.ok) throw new Error('post and clear failed');
    expect((await odata.getOpenItems('1000', '0000100001')).some((i) => i.reference === '90001235')).toBe(false);
    const reversed = await odata.reverseDocument(posted.key, '01', '2026-11-20');
    expect(reversed).toMatchObject({ ok: true, clearingReset: [posted.key] });
    const open = await systems.rfc!.getOpenItems('1000', '0000100001');
    expect(open.find((i) => i.reference === '90001235')?.amount).toEqual(money(25000, 'USD'));
    expect(open.some((i) => i.reference === 'PT5003P')).toBe(false);
  });

  it('answers 403 "CSRF token validation failed" without a token, and the client fetches a new one after expiry', async () => {
    const res = await axios.post(
      `${sandbox.url}/sap/opu/odata/sap/ZCLEARDESK_FIAR_SRV/AccountingDocuments`,
      {},
      { auth: { username: 'CLEARDESK', password: 's3cret' }, validateStatus: () => true },
    );
    expect(res.status).toBe(403);
    expect(res.headers['x-csrf-token']).toBe('Required');
    expect(res.data).toBe('CSRF token validation failed');
    sandbox.http.expireCsrfTokens();
    expect((await systems.odata!.postDocument(payment(6001, 100))).ok).toBe(true);
  });

  it('a wrong password is a logon failure, not a business error', async () => {
    const bad = await createSapSystem({
      transport: 'odata',
      rfc: {},
      url: sandbox.url,
      client: '100',
      user: 'CLEARDESK',
      password: 'nope',
      companyCodes: ['1000'],
    });
    await expect(bad.listCustomers('1000')).rejects.toMatchObject({
      name: 'SapCallError',
      communication: false,
      message: expect.stringMatching(/RFC_LOGON_FAILURE: Logon failed: check the SAP user, password and client/),
    });
  });

  it('records IDoc status 51 with the messages and 53 with the document key', () => {
    const statuses = new Set(sandbox.ledger.edidc.map((c) => c.STATUS));
    expect(statuses).toEqual(new Set(['53', '51']));
    const failed = sandbox.ledger.edidc.find((c) => c.STATUS === '51')!;
    expect(
      sandbox.ledger.edids
        .filter((s) => s.DOCNUM === failed.DOCNUM && s.STATUS === '51')
        .map((s) => `${s.STAMID} ${s.STAMNO}`),
    ).toEqual(['RW 609', 'F5 201']);
  });
});

describe('what SAP holds under references, IDoc status first', () => {
  it('answers many references in one $batch: 53 posted with its key, 51 held with its messages, reversed or none absent', async () => {
    const idoc = systems.idoc!;
    const posted = await idoc.postDocument(payment(4003, 1200));
    expect(posted.ok).toBe(true);
    const found = await idoc.referencesInSap!('1000', ['PT4003P', 'PT4002P', 'PT4999P', 'PT4001P']);
    expect(found.get('PT4003P')).toMatchObject({
      state: 'posted',
      key: await systems.rfc!.findDocumentByReference('1000', 'PT4003P'),
      idoc: { status: '53' },
    });
    // PT4001P was posted by its IDoc (53) and reversed since: SAP holds no posting under it any more.
    expect(found.has('PT4001P')).toBe(false);
    expect(found.get('PT4002P')).toMatchObject({ state: 'held', held: { status: '51' } });
    const held = found.get('PT4002P');
    if (held?.state !== 'held') throw new Error('expected PT4002P held');
    expect(held.held.messages.map((m) => `${m.ID} ${m.NUMBER}`)).toEqual(['RW 609', 'F5 201']);
    expect(found.has('PT4999P')).toBe(false);
    // one reference alone takes the single read, with the same answer
    expect((await idoc.referencesInSap!('1000', ['PT4002P'])).get('PT4002P')).toEqual(held);
  });
});
