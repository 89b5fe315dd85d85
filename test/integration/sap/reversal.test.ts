// Reversing a posted document over RFC against the sandbox (docs/ARCHITECTURE.md, "Reversals"):
// BAPI_ACC_DOCUMENT_REV_POST with its own checks (the document exists, it is not reversed yet,
// a reason T041C defines, a posting date the reason allows, an open period, no cleared customer
// lines), the clearing reset first through the customer's reset RFC (FBRA), BKPF-STBLG/STJAH on
// both documents, and the next reference of a re-post found while the reversed one is not.
import { beforeEach, describe, expect, it } from 'vitest';
import { createRfcSapSystem, type RfcSapSystem } from '../../../electron/connectors/sap/rfc/rfc-system';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { createSandboxRfc, type SandboxRfc } from '../../../electron/sandbox/sap/rfc';
import { seedLedger } from '../../../electron/sandbox/sap/seed';
import { money } from '../../../shared/money';
import { type FiDocument, buildFiDocument, objKeyOf, parseGlRules, postingReference } from '../../../shared/posting';
import glRules from '../../../resources/gl-rules.json';
import { testSeed } from './fixture';

const rules = parseGlRules(glRules);
const connection = { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK', passwd: 'secret', lang: 'EN' };

function payment(
  txn: number,
  amount: number,
  opts: { sequence?: number; date?: string; items?: { ref: string; amount: number }[] } = {},
): FiDocument {
  return buildFiDocument(
    {
      kind: 'payment',
      companyCode: '1000',
      documentDate: opts.date ?? '2026-11-20',
      postingDate: opts.date ?? '2026-11-20',
      reference: postingReference(txn, 'payment', opts.sequence ?? 1),
      customer: '0000100001',
      amount: money(amount, 'USD'),
      items: (opts.items ?? []).map((i) => ({ assignment: i.ref, reference: i.ref, amount: money(i.amount, 'USD') })),
      source: { transactionId: txn, invoiceId: '', paymentMethod: 'visa' },
    },
    { rules },
  );
}

const said = (messages: readonly { ID: string; NUMBER: string; MESSAGE: string }[]) =>
  messages.map((m) => `${m.ID} ${m.NUMBER} ${m.MESSAGE}`);

describe('reversal over RFC against the sandbox', () => {
  let ledger: SapLedger;
  let sandbox: SandboxRfc;
  let sap: RfcSapSystem;

  beforeEach(() => {
    ledger = new SapLedger();
    seedLedger(ledger, testSeed());
    sandbox = createSandboxRfc(ledger, { users: { CLEARDESK: 'secret' } });
    sap = createRfcSapSystem(sandbox, connection, { today: () => '2026-11-25' });
  });

  async function posted(txn: number, opts: Parameters<typeof payment>[2] = {}) {
    const r = await sap.postDocument(payment(txn, 10000, opts));
    if (!r.ok) throw new Error(said(r.messages).join('; '));
    return r.key;
  }

  /** BAPI_ACC_DOCUMENT_REV_POST on a raw session, as a client that skips the reset would call it. */
  async function rawReversal(key: { BELNR: string; BUKRS: string; GJAHR: string }, over: Record<string, string> = {}) {
    const client = new sandbox.Client(connection);
    await client.open();
    const r = await client.call('BAPI_ACC_DOCUMENT_REV_POST', {
      REVERSAL: {
        OBJ_TYPE: 'BKPFF',
        OBJ_KEY: '$',
        OBJ_KEY_R: objKeyOf(key),
        COMP_CODE: key.BUKRS,
        REASON_REV: '01',
        ...over,
      },
      BUS_ACT: 'RFBU',
    });
    await client.call('BAPI_TRANSACTION_COMMIT', { WAIT: 'X' });
    await client.close();
    return r.RETURN as { TYPE: string; ID: string; NUMBER: string; MESSAGE: string }[];
  }

  it('posts the mirror document with SAP-derived posting keys and links both through STBLG/STJAH', async () => {
    const key = await posted(5001);
    expect(await sap.findReversal(key)).toBeNull();
    const reversed = await sap.reverseDocument(key, '01', '2026-11-20');
    expect(reversed).toMatchObject({ ok: true, clearingReset: [] });
    if (!reversed.ok) return;
    expect(reversed.key).not.toEqual(key);
    expect(await sap.findReversal(key)).toEqual(reversed.key);
    expect(await sap.findReversal(reversed.key)).toEqual(key);

    const original = ledger.document(key)!;
    const reversal = ledger.document(reversed.key)!;
    expect(reversal.header).toMatchObject({ XBLNR: 'PT5001P', STGRD: '01', BUDAT: '20261120' });
    // Debit and credit swapped, each posting key replaced by its reversal key (TBSL-STBSL).
    const keys = (d: typeof original) => d.lines.map((l) => `${l.BSCHL}${l.SHKZG}`);
    expect(keys(original)).toEqual(['40S', '15H']);
    expect(keys(reversal)).toEqual(['50H', '05S']);
    // The customer lines clear each other: the payment is no longer open on the account.
    const customerLine = original.lines.find((l) => l.KOART === 'D')!;
    expect(customerLine.AUGBL).toBe(reversed.key.BELNR);
    expect((await sap.getOpenItems('1000', '0000100001')).some((i) => i.reference === 'PT5001P')).toBe(false);
  });

  it('a reversed document no longer counts as posted: its reference finds nothing, the next reference finds the re-post', async () => {
    const key = await posted(5002);
    expect(await sap.findDocumentByReference('1000', 'PT5002P')).toEqual(key);
    const reversed = await sap.reverseDocument(key, '01', '2026-11-20');
    expect(reversed.ok).toBe(true);
    expect(await sap.findDocumentByReference('1000', 'PT5002P')).toBeNull();
    expect((await sap.findDocumentsByReferences('1000', ['PT5002P', 'PT5002P2'])).size).toBe(0);

    const again = await posted(5002, { sequence: 2 });
    expect(ledger.document(again)!.header.XBLNR).toBe('PT5002P2');
    const found = await sap.findDocumentsByReferences('1000', ['PT5002P', 'PT5002P2']);
    expect([...found]).toEqual([['PT5002P2', again]]);
  });

  it('refuses a second reversal with F5 806 and changes nothing', async () => {
    const key = await posted(5003);
    const first = await sap.reverseDocument(key, '01', '2026-11-20');
    expect(first.ok).toBe(true);
    const documents = ledger.documents.size;
    const second = await sap.reverseDocument(key, '01', '2026-11-20');
    expect(second.ok).toBe(false);
    expect(said(second.messages)).toEqual([
      'RW 609 Error in document: BKPFF $ ECCCLNT100',
      `F5 806 Document ${key.BELNR} 1000 2026 has already been reversed`,
    ]);
    expect(ledger.documents.size).toBe(documents);
  });

  it('refuses a document that does not exist with F5 151', async () => {
    const r = await sap.reverseDocument({ BELNR: '1400009999', BUKRS: '1000', GJAHR: '2026' }, '01', '2026-11-20');
    expect(r.ok).toBe(false);
    expect(said(r.messages)).toEqual([
      'RW 609 Error in document: BKPFF $ ECCCLNT100',
      'F5 151 Document 1400009999 1000 2026 does not exist',
    ]);
  });

  it('requires a reason T041C defines, and another posting date only under a reason that allows one', async () => {
    const key = await posted(5004);
    const none = await rawReversal(key, { REASON_REV: '' });
    expect(said(none)).toEqual([
      'RW 609 Error in document: BKPFF $ ECCCLNT100',
      'F5 154 Reason for reversal  is not defined',
    ]);
    expect(none[1]).toMatchObject({ PARAMETER: 'REVERSAL', FIELD: 'REASON_REV' });
    const unknown = await sap.reverseDocument(key, '99', '2026-11-20');
    expect(said(unknown.messages)[1]).toBe('F5 154 Reason for reversal 99 is not defined');

    const otherDate = await sap.reverseDocument(key, '01', '2026-11-24');
    expect(otherDate.ok).toBe(false);
    expect(said(otherDate.messages)[1]).toBe('F5 155 Reversal reason 01 does not allow an alternative posting date');
    expect(await sap.findReversal(key)).toBeNull();

    const closedPeriodReason = await sap.reverseDocument(key, '02', '2026-11-24');
    expect(closedPeriodReason.ok).toBe(true);
    if (closedPeriodReason.ok) expect(ledger.document(closedPeriodReason.key)!.header.BUDAT).toBe('20261124');
  });

  it('refuses a posting date in a closed period with F5 201', async () => {
    const key = await posted(5005, { date: '2026-02-10' });
    ledger.closePeriod('1000', '2026', '02');
    const r = await sap.reverseDocument(key, '01', '2026-02-10');
    expect(r.ok).toBe(false);
    expect(said(r.messages)[1]).toBe('F5 201 Posting period 002 2026 is not open');
    expect(await sap.findReversal(key)).toBeNull();
  });

  it('a payment that cleared its invoice: the bare BAPI is refused (F5 807), the connector resets the clearing first', async () => {
    const doc = payment(5006, 10000, { items: [{ ref: '90001234', amount: 10000 }] });
    const [invoice] = (await sap.getOpenItems('1000', '0000100001')).filter((i) => i.reference === '90001234');
    const cleared = await sap.postAndClear(doc, [
      { ITEMNO_ACC: doc.ACCOUNTRECEIVABLE[0]!.ITEMNO_ACC, KUNNR: '0000100001', ...invoice!.source },
    ]);
    if (!cleared.ok) throw new Error(said(cleared.messages).join('; '));
    const key = cleared.key;

    const refused = await rawReversal(key, { PSTNG_DATE: '20261120' });
    expect(said(refused)).toEqual([
      'RW 609 Error in document: BKPFF $ ECCCLNT100',
      `F5 807 Document ${key.BELNR} 1000 2026 contains cleared items; reverse the clearing first`,
    ]);
    expect(ledger.document(key)!.header.STBLG).toBe('');

    const reversed = await sap.reverseDocument(key, '01', '2026-11-20');
    expect(reversed.ok).toBe(true);
    // The payment was its own clearing document (the clearing RFC posts and clears in one step).
    expect(reversed.clearingReset).toEqual([key]);
    const open = await sap.getOpenItems('1000', '0000100001');
    expect(open.map((i) => i.reference).sort()).toEqual(['90001234', '90001235']);
    expect(ledger.document(key)!.header.STBLG).toBe(reversed.ok ? reversed.key.BELNR : '');
  });

  it('a payment on account that F.13 cleared: the F.13 clearing is reset, the invoice is open again', async () => {
    const key = await posted(5007, { items: [{ ref: '90001234', amount: 10000 }] });
    const [invoice] = ledger.findByReference('1000', '90001234');
    const invoiceLine = invoice!.lines.find((l) => l.KOART === 'D')!;
    const paymentLine = ledger.document(key)!.lines.find((l) => l.KOART === 'D')!;
    const f13 = ledger.clearOpenItems(
      '1000',
      [
        { BELNR: invoice!.header.BELNR, GJAHR: invoice!.header.GJAHR, BUZEI: invoiceLine.BUZEI },
        { BELNR: key.BELNR, GJAHR: key.GJAHR, BUZEI: paymentLine.BUZEI },
      ],
      '20261121',
      'BATCH',
    );
    expect(invoiceLine.AUGBL).toBe(f13.BELNR);

    const reversed = await sap.reverseDocument(key, '01', '2026-11-20');
    expect(reversed.ok).toBe(true);
    expect(reversed.clearingReset).toEqual([f13]);
    expect(invoiceLine.AUGBL).toBe('');
    expect(paymentLine.AUGBL).toBe(reversed.ok ? reversed.key.BELNR : 'x');
    const open = await sap.getOpenItems('1000', '0000100001');
    expect(open.find((i) => i.reference === '90001234')?.amount).toEqual(money(10000, 'USD'));
  });

  it("the reset RFC refuses a reversal's own clearing and a document that clears nothing", async () => {
    const key = await posted(5008);
    const reversed = await sap.reverseDocument(key, '01', '2026-11-20');
    if (!reversed.ok) throw new Error('reversal failed');
    const client = new sandbox.Client(connection);
    await client.open();
    const call = async (AUGBL: string) =>
      said(
        (await client.call('Z_CLEARDESK_RESET_CLEARING', { I_BUKRS: '1000', I_AUGBL: AUGBL, I_GJAHR: '2026' }))
          .RETURN as { ID: string; NUMBER: string; MESSAGE: string }[],
      );
    expect(await call(reversed.key.BELNR)).toEqual([
      `ZCLEARDESK 012 Clearing ${reversed.key.BELNR} 1000 2026 was made by a reversal and is not reset`,
    ]);
    expect(await call('1400009999')).toEqual([
      'ZCLEARDESK 011 Clearing document 1400009999 1000 2026 clears no customer items',
    ]);
    await expect(
      client.call('Z_CLEARDESK_RESET_CLEARING', { I_BUKRS: '1000', AUGBL: key.BELNR }),
    ).rejects.toMatchObject({
      key: 'RFC_INVALID_PARAMETER',
    });
    await client.close();
    expect(ledger.document(key)!.lines.find((l) => l.KOART === 'D')!.AUGBL).toBe(reversed.key.BELNR);
  });
});
