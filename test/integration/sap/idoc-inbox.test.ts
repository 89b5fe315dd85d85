// The SAP simulator's inbound IDoc processing as ECC does it for ACC_DOCUMENT03: the IDoc XML is
// parsed by the simulator's own port, saved (50), made ready (64), passed to the application (62) and
// posted (53) or not (51, one status record per message). Nothing but 53, 68 and 70 is final: an IDoc in
// 64 waits for RBDAPP01, one in 51 is posted again by BD87 or RBDMANI2, and only RC1_IDOC_SET_STATUS
// (68) or deleting the IDoc stops SAP from posting it. The update task writes a 53 with its document.
import { afterEach, describe, expect, it } from 'vitest';
import { accDocument03Xml } from '../../../electron/connectors/sap/idoc/xml';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { receiveIdocXml } from '../../../electron/sandbox/sap/http/idoc-inbound';
import { seedLedger } from '../../../electron/sandbox/sap/seed';
import { money } from '../../../shared/money';
import { buildFiDocument, parseGlRules, postingReference } from '../../../shared/posting';
import glRules from '../../../resources/gl-rules.json';
import { testSeed } from './fixture';

const rules = parseGlRules(glRules);
const ledgers: SapLedger[] = [];
afterEach(() => {
  for (const l of ledgers.splice(0)) l.stop();
});

function ledger(): SapLedger {
  const l = new SapLedger();
  seedLedger(l, testSeed());
  ledgers.push(l);
  return l;
}

/** Sends one ACC_DOCUMENT03 for a payment through the simulator's XML port; returns its DOCNUM. */
function send(l: SapLedger, txn: number, date = '2026-11-20'): string {
  const doc = buildFiDocument(
    {
      kind: 'payment',
      companyCode: '1000',
      documentDate: date,
      postingDate: date,
      reference: postingReference(txn, 'payment'),
      customer: '0000100002',
      amount: money(1000, 'USD'),
      items: [],
      source: { transactionId: txn, invoiceId: '', paymentMethod: 'visa' },
    },
    { rules },
  );
  const xml = accDocument03Xml(doc, {
    MANDT: '100',
    SNDPRN: 'CLEARDESK',
    SNDPOR: 'CLEARDESK',
    RCVPRN: 'ECCCLNT100',
    RCVPOR: 'SAPECC',
  });
  const result = receiveIdocXml(l, xml, 'CLEARDESK');
  if ('error' in result) throw new Error(result.error);
  expect(result).toHaveLength(1);
  return result[0]!.DOCNUM;
}

const trail = (l: SapLedger, docnum: string): string[] =>
  l.edids.filter((s) => s.DOCNUM === docnum).map((s) => (s.STAMID ? `${s.STATUS} ${s.STAMID} ${s.STAMNO}` : s.STATUS));
const documents = (l: SapLedger, txn: number) =>
  [...l.documents.values()].filter((d) => d.header.XBLNR === postingReference(txn, 'payment'));

describe('inbound IDocs in the SAP simulator', () => {
  it('posts at once (50, 64, 62, 53 with the document key); a 53 is final', () => {
    const l = ledger();
    const docnum = send(l, 1);
    expect(trail(l, docnum)).toEqual(['50', '64', '62', '53 RW 605']);
    const [doc] = documents(l, 1);
    const posted = l.edids.find((s) => s.DOCNUM === docnum && s.STATUS === '53')!;
    expect(posted.STAPA2).toBe(`${doc!.header.BELNR}${doc!.header.BUKRS}${doc!.header.GJAHR}`);
    expect(l.idocs.reprocess(docnum)).toBe(0);
    expect(() => l.idocs.noFurtherProcessing(docnum)).toThrow(/status 53/);
    expect(documents(l, 1)).toHaveLength(1);
  });

  it('keeps an IDoc it could not post in 51 with the messages; BD87 posts it once the period is open', () => {
    const l = ledger();
    const { GJAHR, MONAT } = l.fiscalPeriodOf('1000', '20261120');
    l.closePeriod('1000', GJAHR, MONAT);
    const docnum = send(l, 2);
    expect(trail(l, docnum)).toEqual(['50', '64', '62', '51 RW 609', '51 F5 201']);
    expect(l.idocs.current(docnum)).toBe('51');
    // BD87 while the period is still closed: processed again, 51 again, nothing posted
    expect(l.idocs.reprocess(docnum)).toBe(1);
    expect(l.idocs.current(docnum)).toBe('51');
    expect(documents(l, 2)).toHaveLength(0);
    l.openPeriod('1000', GJAHR, MONAT);
    expect(l.idocs.reprocess()).toBe(1);
    expect(l.idocs.current(docnum)).toBe('53');
    expect(documents(l, 2)).toHaveLength(1);
    expect(l.idocs.reprocess()).toBe(0);
  });

  it('RBDMANI2, scheduled, posts a 51 by itself once its error is gone', async () => {
    const l = ledger();
    l.idocs.knobs.rbdmani2AfterMs = 30;
    const { GJAHR, MONAT } = l.fiscalPeriodOf('1000', '20261120');
    l.closePeriod('1000', GJAHR, MONAT);
    const docnum = send(l, 3);
    l.openPeriod('1000', GJAHR, MONAT);
    expect(l.idocs.current(docnum)).toBe('51');
    await expect.poll(() => l.idocs.current(docnum), { timeout: 2000, interval: 10 }).toBe('53');
    expect(documents(l, 3)).toHaveLength(1);
  });

  it('68 (RC1_IDOC_SET_STATUS) and deletion end it: SAP never posts the IDoc', () => {
    const l = ledger();
    const { GJAHR, MONAT } = l.fiscalPeriodOf('1000', '20261120');
    l.closePeriod('1000', GJAHR, MONAT);
    const given = send(l, 4);
    const deleted = send(l, 5);
    l.idocs.noFurtherProcessing(given);
    l.idocs.delete(deleted);
    l.openPeriod('1000', GJAHR, MONAT);
    expect(l.idocs.reprocess()).toBe(0);
    expect(l.idocs.reprocess(deleted)).toBe(0);
    expect(l.idocs.current(given)).toBe('68');
    expect(l.idocs.current(deleted)).toBeUndefined();
    expect(l.idocs.byReference('PT5P')).toEqual([]);
    expect([...documents(l, 4), ...documents(l, 5)]).toEqual([]);
    expect(() => l.idocs.noFurtherProcessing(given)).toThrow(/status 68/);
  });

  it('with "trigger by background program" an IDoc waits in 64 until RBDAPP01 runs, also after a restart', () => {
    const l = ledger();
    l.idocs.knobs.trigger = 'background';
    const docnum = send(l, 6);
    expect(trail(l, docnum)).toEqual(['50', '64']);
    // the sandbox keeps its state between runs: the IDoc's data records come back with it
    const again = ledger();
    again.restore(JSON.parse(JSON.stringify(l.snapshot())) as ReturnType<SapLedger['snapshot']>);
    expect(again.idocs.runRbdapp01()).toBe(1);
    expect(again.idocs.current(docnum)).toBe('53');
    expect(documents(again, 6)).toHaveLength(1);
    expect(again.idocs.runRbdapp01()).toBe(0);
  });

  it('the update task writes the document and the 53 together, later; meanwhile the IDoc cannot be set to 68', async () => {
    const l = ledger();
    l.updateTaskMs = 60;
    const docnum = send(l, 7);
    expect(l.idocs.current(docnum)).toBe('62');
    expect(documents(l, 7)).toHaveLength(0);
    expect(() => l.idocs.noFurtherProcessing(docnum)).toThrow(/only an IDoc SAP still works on/);
    expect(l.idocs.reprocess(docnum)).toBe(0);
    await expect.poll(() => l.idocs.current(docnum), { timeout: 2000, interval: 10 }).toBe('53');
    expect(documents(l, 7)).toHaveLength(1);
  });
});
