// The RFC transport against the sandbox's node-rfc stand-in: posting, commit/rollback on one
// session, SAP's messages verbatim, dropped connections, RFC_INVALID_PARAMETER.
import { beforeEach, describe, expect, it } from 'vitest';
import { createRfcSapSystem, type RfcSapSystem } from '../../../electron/connectors/sap/rfc/rfc-system';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { createSandboxRfc, type SandboxRfc } from '../../../electron/sandbox/sap/rfc';
import { seedLedger } from '../../../electron/sandbox/sap/seed';
import { money } from '../../../shared/money';
import { type FiDocument, buildFiDocument, parseGlRules, postingReference } from '../../../shared/posting';
import glRules from '../../../resources/gl-rules.json';
import { testSeed } from './fixture';

const rules = parseGlRules(glRules);
const connection = { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK', passwd: 'secret', lang: 'EN' };

function payment(
  txn: number,
  amount: number,
  opts: { customer?: string; companyCode?: string; date?: string; items?: { ref: string; amount: number }[] } = {},
): FiDocument {
  return buildFiDocument(
    {
      kind: 'payment',
      companyCode: opts.companyCode ?? '1000',
      documentDate: opts.date ?? '2026-11-20',
      postingDate: opts.date ?? '2026-11-20',
      reference: postingReference(txn, 'payment'),
      customer: opts.customer ?? '0000100001',
      amount: money(amount, 'USD'),
      items: (opts.items ?? []).map((i) => ({ assignment: i.ref, reference: i.ref, amount: money(i.amount, 'USD') })),
      source: { transactionId: txn, invoiceId: '', paymentMethod: 'visa' },
    },
    { rules },
  );
}

describe('RFC transport over the sandbox', () => {
  let ledger: SapLedger;
  let sandbox: SandboxRfc;
  let sap: RfcSapSystem;

  beforeEach(() => {
    ledger = new SapLedger();
    seedLedger(ledger, testSeed());
    sandbox = createSandboxRfc(ledger, { users: { CLEARDESK: 'secret' } });
    sap = createRfcSapSystem(sandbox, connection, { today: () => '2026-11-25' });
  });

  it('a payment of 100.00 for invoice 90001234 posts bank 100.00 / customer -100.00 and is found by its reference', async () => {
    const result = await sap.postDocument(payment(1001, 10000, { items: [{ ref: '90001234', amount: 10000 }] }), {
      check: true,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.key).toEqual({ BELNR: '1400000001', BUKRS: '1000', GJAHR: '2026' });
    expect(result.messages[0]).toMatchObject({
      TYPE: 'S',
      ID: 'RW',
      NUMBER: '605',
      MESSAGE: 'Document posted successfully: BKPFF 140000000110002026 ECCCLNT100',
    });
    expect(await sap.findDocumentByReference('1000', 'PT1001P')).toEqual(result.key);
    const items = await sap.getOpenItems('1000', '0000100001');
    const credit = items.find((i) => i.source.BELNR === '1400000001');
    expect(credit).toMatchObject({
      amount: { minor: -10000, currency: 'USD' },
      assignment: '90001234',
      reference: 'PT1001P',
      documentType: 'DZ',
    });
  });

  it('reads open items of every customer when none is given, and the customers', async () => {
    const customers = await sap.listCustomers('1000');
    expect(customers.map((c) => c.source.KUNNR)).toEqual(['0000100001', '0000100002']);
    expect(customers[0]!.name).toBe('Acme Corp');
    const items = await sap.getOpenItems('1000');
    expect(items.map((i) => i.reference).sort()).toEqual(['90001234', '90001235', '90001236']);
    expect(items.find((i) => i.reference === '90001236')!.amount).toEqual({ minor: 7550, currency: 'USD' });
  });

  it('reads JPY amounts with 0 decimals from the BAPI and TCURX', async () => {
    const [item] = await sap.getOpenItems('3000', '0000300001');
    expect(item!.amount).toEqual({ minor: 12000, currency: 'JPY' });
    const table = await sap.readCurrencies();
    expect(table.lookup('JPY').decimals).toBe(0);
    expect(table.lookup('KWD').decimals).toBe(3);
    expect(table.isoFor('RMB')).toBe('CNY');
  });

  it('a closed period fails with RW 609 then F5 201, verbatim, and nothing is posted', async () => {
    const result = await sap.postDocument(payment(1002, 5000, { date: '2026-01-15' }));
    expect(result.ok).toBe(false);
    expect(result.messages.map((m) => `${m.TYPE} ${m.ID} ${m.NUMBER} ${m.MESSAGE}`)).toEqual([
      'E RW 609 Error in document: BKPFF $ ECCCLNT100',
      'E F5 201 Posting period 001 2026 is not open',
    ]);
    expect(await sap.findDocumentByReference('1000', 'PT1002P')).toBeNull();
  });

  it('an unknown customer fails with F5 102 as SAP writes it', async () => {
    const result = await sap.postDocument(payment(1003, 5000, { customer: '0000999999' }));
    expect(result.ok).toBe(false);
    expect(result.messages[1]).toEqual({
      TYPE: 'E',
      ID: 'F5',
      NUMBER: '102',
      MESSAGE: 'Customer 999999 is not defined in company code 1000',
    });
  });

  it('an unbalanced document fails with F5 702', async () => {
    const doc = payment(1004, 5000);
    doc.CURRENCYAMOUNT[0]!.AMT_DOCCUR = '60.00';
    const result = await sap.postDocument(doc);
    expect(result.ok).toBe(false);
    expect(result.messages.map((m) => `${m.ID} ${m.NUMBER}`)).toEqual(['RW 609', 'F5 702']);
  });

  it('a fiscal year running July-June puts November 2026 in period 05 of 2026', async () => {
    const r = await sap.postDocument(payment(1005, 4000, { companyCode: '2000', customer: '0000200001' }));
    expect(r.ok && r.key).toEqual({ BELNR: '1400000001', BUKRS: '2000', GJAHR: '2026' });
    expect(ledger.document({ BUKRS: '2000', BELNR: '1400000001', GJAHR: '2026' })!.header.MONAT).toBe('05');
  });

  it('a connection dropped after POST and before COMMIT leaves nothing posted', async () => {
    sandbox.faults.dropAt('before-commit');
    await expect(sap.postDocument(payment(1006, 5000))).rejects.toMatchObject({
      name: 'SapCallError',
      communication: true,
    });
    expect(await sap.findDocumentByReference('1000', 'PT1006P')).toBeNull();
    expect(ledger.documents.size).toBe(5);
  });

  it('a POST whose answer is lost leaves nothing posted', async () => {
    sandbox.faults.dropAt('post-before-return');
    await expect(sap.postDocument(payment(1007, 5000))).rejects.toMatchObject({ communication: true });
    expect(await sap.findDocumentByReference('1000', 'PT1007P')).toBeNull();
  });

  it('a COMMIT whose answer is lost has posted: the reference finds the document', async () => {
    sandbox.faults.dropAt('after-commit');
    await expect(sap.postDocument(payment(1008, 5000))).rejects.toMatchObject({ communication: true });
    expect(await sap.findDocumentByReference('1000', 'PT1008P')).toEqual({
      BELNR: '1400000001',
      BUKRS: '1000',
      GJAHR: '2026',
    });
  });

  it('rejects a field the structure lacks with RFC_INVALID_PARAMETER, like node-rfc', async () => {
    const client = new sandbox.Client(connection);
    await client.open();
    const doc = payment(1009, 5000);
    const header = { ...doc.DOCUMENTHEADER, PARTIAL_REV: 'X' };
    await expect(client.call('BAPI_ACC_DOCUMENT_POST', { ...doc, DOCUMENTHEADER: header })).rejects.toEqual({
      name: 'RfcLibError',
      group: 5,
      code: 20,
      codeString: 'RFC_INVALID_PARAMETER',
      key: 'RFC_INVALID_PARAMETER',
      message: "field 'PARTIAL_REV' not found",
    });
    await client.close();
  });

  it('uncommitted work is lost on rollback and on a dropped session', async () => {
    const client = new sandbox.Client(connection);
    await client.open();
    const r = await client.call('BAPI_ACC_DOCUMENT_POST', { ...payment(1010, 5000) });
    expect((r.RETURN as { NUMBER: string }[])[0]!.NUMBER).toBe('605');
    await client.call('BAPI_TRANSACTION_ROLLBACK', {});
    await client.call('BAPI_TRANSACTION_COMMIT', { WAIT: 'X' });
    expect(ledger.findByReference('1000', 'PT1010P')).toHaveLength(0);
    await client.call('BAPI_ACC_DOCUMENT_POST', { ...payment(1011, 5000) });
    client.dropConnection();
    await expect(client.call('BAPI_TRANSACTION_COMMIT', { WAIT: 'X' })).rejects.toMatchObject({
      codeString: 'RFC_COMMUNICATION_FAILURE',
      code: 1,
    });
    await client.call('BAPI_TRANSACTION_COMMIT', { WAIT: 'X' });
    expect(ledger.findByReference('1000', 'PT1011P')).toHaveLength(0);
    await client.close();
  });

  it('reverses a document: the reversal clears the payment line, and the reference no longer finds it', async () => {
    const posted = await sap.postDocument(payment(1012, 5000));
    if (!posted.ok) throw new Error('post failed');
    const reversed = await sap.reverseDocument(posted.key, '01', '2026-11-20');
    expect(reversed.ok && reversed.key.BELNR).toBe('1400000002');
    expect(await sap.findDocumentByReference('1000', 'PT1012P')).toBeNull();
    const again = await sap.reverseDocument(posted.key, '01', '2026-11-20');
    expect(again.ok).toBe(false);
    const open = await sap.getOpenItems('1000', '0000100001');
    expect(open.some((i) => i.reference === 'PT1012P')).toBe(false);
  });

  it('posts and clears through the clearing RFC: the invoice moves from BSID to BSAD', async () => {
    const doc = payment(1013, 10000, { items: [{ ref: '90001234', amount: 10000 }] });
    const [invoice] = (await sap.getOpenItems('1000', '0000100001')).filter((i) => i.reference === '90001234');
    const cleared = await sap.postAndClear(doc, [
      { ITEMNO_ACC: doc.ACCOUNTRECEIVABLE[0]!.ITEMNO_ACC, KUNNR: '0000100001', ...invoice!.source },
    ]);
    expect(cleared.ok).toBe(true);
    const open = await sap.getOpenItems('1000', '0000100001');
    expect(open.map((i) => i.reference)).toEqual(['90001235']);
  });

  it('a deduction leaves a residual item with its reason code: the invoice cleared, 20.00 open again on the customer', async () => {
    const doc = buildFiDocument(
      {
        kind: 'payment',
        companyCode: '1000',
        documentDate: '2026-11-20',
        postingDate: '2026-11-20',
        reference: postingReference(1014, 'payment'),
        customer: '0000100001',
        amount: money(8000, 'USD'),
        items: [
          { assignment: '90001234', reference: '90001234', amount: money(8000, 'USD'), residual: money(2000, 'USD') },
        ],
        residualReason: 'D01',
        source: { transactionId: 1014, invoiceId: '90001234', paymentMethod: 'visa' },
      },
      { rules },
    );
    expect(doc.EXTENSION2).toEqual([
      { STRUCTURE: 'ZCLEARDESK_RSTGR', VALUEPART1: `${doc.ACCOUNTRECEIVABLE[1]!.ITEMNO_ACC}D01` },
    ]);
    const [invoice] = (await sap.getOpenItems('1000', '0000100001')).filter((i) => i.reference === '90001234');
    const cleared = await sap.postAndClear(doc, [
      { ITEMNO_ACC: doc.ACCOUNTRECEIVABLE[0]!.ITEMNO_ACC, KUNNR: '0000100001', ...invoice!.source },
    ]);
    expect(cleared.ok).toBe(true);
    if (!cleared.ok) return;
    // SAP's ledger: the invoice's line and the payment's credit of 100.00 are cleared; the residual is open.
    const posted = ledger.document(cleared.key)!;
    const customer = posted.lines.filter((l) => l.KOART === 'D');
    expect(customer.map((l) => [l.SHKZG, l.WRBTR.minor, l.RSTGR ?? '', l.AUGBL !== ''])).toEqual([
      ['H', 10000, '', true],
      ['S', 2000, 'D01', false],
    ]);
    const open = await sap.getOpenItems('1000', '0000100001');
    expect(open.filter((i) => i.reference === '90001234')).toEqual([]);
    expect(open.filter((i) => i.reference === 'PT1014P').map((i) => i.amount)).toEqual([money(2000, 'USD')]);
  });

  it('a reason code for a G/L line is refused (ZCLEARDESK 004), and nothing is posted', async () => {
    const doc = payment(1015, 10000, { items: [{ ref: '90001234', amount: 10000 }] });
    const bad: FiDocument = {
      ...doc,
      EXTENSION2: [{ STRUCTURE: 'ZCLEARDESK_RSTGR', VALUEPART1: `${doc.ACCOUNTGL[0]!.ITEMNO_ACC}D01` }],
    };
    const result = await sap.postDocument(bad, { check: false });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.messages.map((m) => `${m.ID} ${m.NUMBER}`)).toContain('ZCLEARDESK 004');
    expect(await sap.findDocumentByReference('1000', 'PT1015P')).toBeNull();
  });

  it('a missing password is refused at logon like SAP does', async () => {
    const bad = createRfcSapSystem(sandbox, { ...connection, passwd: 'wrong' });
    await expect(bad.getOpenItems('1000', '0000100001')).rejects.toMatchObject({ name: 'SapCallError' });
  });
});
