// What goes into the FI document (docs/ARCHITECTURE.md, "What goes into the FI document"), as the
// SAP simulator's own BAPI parser and ledger take it over RFC: the approver in USNAM and BKTXT,
// the settlement batch in the card clearing line's assignment, the card brand's G/L account, and
// the posting date in the company code's zone with the period cut-off SAP itself checks.
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocumentBuilder } from '../../../electron/core/posting/document';
import type { DocumentRequest } from '../../../electron/core/ports';
import { createRfcSapSystem, type RfcSapSystem } from '../../../electron/connectors/sap/rfc/rfc-system';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { createSandboxRfc } from '../../../electron/sandbox/sap/rfc';
import { seedLedger } from '../../../electron/sandbox/sap/seed';
import type { MatchProposal, OpenItem, PaymentTransaction } from '../../../shared/domain';
import { money } from '../../../shared/money';
import { type CompanyCalendar, type FiscalYearVariant, parseGlRules } from '../../../shared/posting';
import glRules from '../../../resources/gl-rules.json';
import { K4, shifted } from '../../unit/posting/variants';
import { testSeed } from './fixture';

const build = createDocumentBuilder({ rules: parseGlRules(glRules), assignmentFrom: 'invoice' });
const connection = { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK', passwd: 'secret', lang: 'EN' };
const LA = 'America/Los_Angeles';

/** A card sale PayTrace settled in batch 4711 at 20:30 Pacific on 20 November 2026 (04:30 UTC on the 21st). */
function sale(id: number, minor: number, over: Partial<PaymentTransaction> = {}): PaymentTransaction {
  return {
    source: { transaction_id: id },
    kind: 'sale',
    status: 'settled',
    batch: 4711,
    amount: money(minor, 'USD'),
    createdAt: { utc: '2026-11-20T22:00:00.000Z', original: '11/20/2026 14:00:00' },
    settledAt: { utc: '2026-11-21T04:30:00.000Z', original: '11/20/2026 20:30:00' },
    invoiceId: '90001234',
    customerReferenceId: '',
    description: '',
    vaultCustomerId: '',
    billingName: 'Acme Corp',
    email: '',
    maskedCard: '***********0005',
    cardBrand: 'AMEX',
    approvalCode: 'TAS123',
    originalTransactionId: null,
    ...over,
  };
}

function proposalFor(t: PaymentTransaction, companyCode: string, customer: string, items: OpenItem[]): MatchProposal {
  return {
    transactionId: t.source.transaction_id,
    tier: 'suggest',
    confidence: 900,
    customer,
    companyCode,
    items: items.map((i) => ({ item: i.source, amount: i.amount })),
    onAccount: money(0, 'USD'),
    reasons: [],
    rule: 'test',
  };
}

/** The simulator's T001B as a calendar: everything open but what the fixture closes (1000: 01/2026). */
function calendarOf(companyCode: string, variant: FiscalYearVariant, closed: { year: number; period: number }[]) {
  const intervals = [{ fromYear: 2000, fromPeriod: 1, toYear: 2099, toPeriod: 16 }].flatMap((all) =>
    closed.length === 0
      ? [all]
      : closed.flatMap((c) => [
          { ...all, toYear: c.year, toPeriod: c.period - 1 },
          { ...all, fromYear: c.year, fromPeriod: c.period + 1 },
        ]),
  );
  const calendar: CompanyCalendar = {
    companyCode,
    variant,
    periodVariant: companyCode,
    periodRules: [{ accountType: '+', fromAccount: '', toAccount: '', intervals }],
  };
  return calendar;
}

describe('the FI document as the SAP simulator takes it over RFC', () => {
  let ledger: SapLedger;
  let sap: RfcSapSystem;

  beforeEach(() => {
    ledger = new SapLedger();
    seedLedger(ledger, testSeed());
    sap = createRfcSapSystem(createSandboxRfc(ledger, { users: { CLEARDESK: 'secret' } }), connection, {
      today: () => '2026-11-25',
    });
  });

  async function request(t: PaymentTransaction, over: Partial<DocumentRequest> = {}): Promise<DocumentRequest> {
    const invoice = (await sap.getOpenItems('1000', '0000100001')).filter((i) => i.reference === '90001234');
    expect(invoice).toHaveLength(1);
    return {
      transaction: t,
      proposal: proposalFor(t, '1000', '0000100001', invoice),
      openItems: invoice,
      at: '2026-11-21T17:00:00.000Z',
      zone: LA,
      calendar: null,
      approver: { name: 'Dana Approver', sapUser: 'DAPPROVER' },
      ...over,
    };
  }

  it('the approver’s SAP user in USNAM, their name in BKTXT, the batch on the Amex clearing line, the Pacific date', async () => {
    const built = build(await request(sale(5001, 10000)));
    const result = await sap.postDocument(built.document, { check: true });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const doc = ledger.document(result.key)!;
    expect(doc.header).toMatchObject({
      USNAM: 'DAPPROVER',
      BKTXT: 'Appr. Dana Approver',
      BUDAT: '20261120', // settled 20:30 Pacific on the 20th, though UTC was on the 21st
      BLDAT: '20261120',
      MONAT: '11',
      XBLNR: 'PT5001P',
    });
    expect(doc.lines.map((l) => [l.KOART, l.HKONT, l.KUNNR, l.SHKZG, l.ZUONR])).toEqual([
      ['S', '0000113110', '', 'S', 'B4711-20261120'],
      ['D', '0000140000', '0000100001', 'H', '90001234'],
    ]);
    expect(built.notes[0]).toMatch(/PayTrace settled it on 2026-11-20 \(America\/Los_Angeles\)/);
  });

  it('without a SAP user mapped SAP writes the RFC user; the header still names the approver', async () => {
    const built = build(await request(sale(5002, 10000), { approver: { name: 'Robin Second', sapUser: null } }));
    const result = await sap.postDocument(built.document, { check: true });
    if (!result.ok) throw new Error(JSON.stringify(result.messages));
    expect(ledger.document(result.key)!.header).toMatchObject({ USNAM: 'CLEARDESK', BKTXT: 'Appr. Robin Second' });
  });

  it('period cut-off: settled on 31 January with January closed, SAP refuses the date; with the calendar it goes to 1 February', async () => {
    const january = sale(5003, 10000, {
      createdAt: { utc: '2026-01-31T20:00:00.000Z', original: '01/31/2026 12:00:00' },
      settledAt: { utc: '2026-02-01T05:00:00.000Z', original: '01/31/2026 21:00:00' },
    });
    // Without the calendar the date stands, and the simulator refuses it as SAP does (F5 201).
    const blind = build(await request(january, { at: '2026-02-02T17:00:00.000Z' }));
    expect(blind.document.DOCUMENTHEADER.PSTNG_DATE).toBe('20260131');
    const refused = await sap.postDocument(blind.document, { check: true });
    expect(refused.ok).toBe(false);
    expect(JSON.stringify(refused.messages)).toMatch(/"ID":"F5","NUMBER":"201"/);
    // With it, ClearDesk moves it to the first open period, and SAP agrees on that period.
    const built = build(
      await request(january, {
        at: '2026-02-02T17:00:00.000Z',
        calendar: calendarOf('1000', K4, [{ year: 2026, period: 1 }]),
      }),
    );
    expect(built.postingDate).toMatchObject({
      postingDate: '2026-02-01',
      valueDate: '2026-01-31',
      movedFrom: { fiscalYear: 2026, period: 1 },
      period: { fiscalYear: 2026, period: 2 },
    });
    const result = await sap.postDocument(built.document, { check: true });
    if (!result.ok) throw new Error(JSON.stringify(result.messages));
    expect(ledger.document(result.key)!.header).toMatchObject({ BUDAT: '20260201', MONAT: '02', GJAHR: '2026' });
  });

  it('a July-June company code: the period ClearDesk expects is the one SAP derives', async () => {
    const t = sale(5004, 4000, { invoiceId: '90002001' });
    const [invoice] = (await sap.getOpenItems('2000', '0000200001')).filter((i) => i.reference === '90002001');
    const built = build({
      ...(await request(t)),
      proposal: proposalFor(t, '2000', '0000200001', [invoice!]),
      openItems: [invoice!],
      calendar: calendarOf('2000', shifted('V6', 7), []),
    });
    expect(built.postingDate.period).toEqual({ fiscalYear: 2026, period: 5 });
    const result = await sap.postDocument(built.document, { check: true });
    if (!result.ok) throw new Error(JSON.stringify(result.messages));
    expect(ledger.document(result.key)!.header).toMatchObject({ BUDAT: '20261120', GJAHR: '2026', MONAT: '05' });
  });
});
