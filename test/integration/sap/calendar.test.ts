// The company code's fiscal calendar read from SAP over RFC (T001, T009, T009B, T001B through the
// simulator's own RFC_READ_TABLE) and over OData (the Gateway service's calendar sets), and what the posting-date rule makes of it: a payment settled in
// a closed period posts on the first day of the next open one, and SAP (the simulator) accepts it;
// a document that ignores the calendar is refused by SAP (F5 201), per account type too.
import { afterEach, describe, expect, it } from 'vitest';
import { createRfcSapSystem, sapErpSystem, type RfcSapSystem } from '../../../electron/connectors/sap';
import { ODataSapSystem } from '../../../electron/connectors/sap/odata/odata-system';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { type SapHttpServer, startSapHttp } from '../../../electron/sandbox/sap/http/server';
import { CalendarCache } from '../../../electron/core/posting/context';
import { createSandboxRfc } from '../../../electron/sandbox/sap/rfc';
import { seedLedger } from '../../../electron/sandbox/sap/seed';
import { money } from '../../../shared/money';
import {
  buildFiDocument,
  decidePostingDate,
  fiscalPeriodOf,
  parseGlRules,
  periodClosedBy,
  periodEndDate,
  periodStartDate,
  postingReference,
} from '../../../shared/posting';
import glRules from '../../../resources/gl-rules.json';
import { testSeed } from './fixture';

const rules = parseGlRules(glRules);
const connection = { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK', passwd: 'secret', lang: 'EN' };

let sap: RfcSapSystem | null = null;
afterEach(async () => {
  await sap?.close();
  sap = null;
});

function world() {
  const ledger = new SapLedger({ now: () => new Date('2026-11-25T20:00:00Z') });
  seedLedger(ledger, testSeed());
  ledger.addCompanyCode({ BUKRS: '4000', WAERS: 'USD', BUTXT: 'ClearDesk FY April', PERIV: 'V3' });
  const rfc = createSandboxRfc(ledger, { users: { CLEARDESK: 'secret' } });
  sap = createRfcSapSystem(rfc, connection, { today: () => '2026-11-25' });
  return { ledger, sap };
}

function payment(txn: number, postingDate: string) {
  return buildFiDocument(
    {
      kind: 'payment',
      companyCode: '1000',
      documentDate: '2026-11-20',
      postingDate,
      reference: postingReference(txn, 'payment'),
      customer: '0000100001',
      amount: money(5000, 'USD'),
      items: [],
      source: { transactionId: txn, invoiceId: '', paymentMethod: 'visa' },
    },
    { rules },
  );
}

describe('the fiscal calendar over RFC', () => {
  it('reads a calendar-year variant (K4, no T009B rows) and the OB52 intervals of its posting-period variant', async () => {
    const { ledger, sap } = world();
    ledger.closePeriod('1000', 2026, 11);
    const calendar = await sap.postingCalendar('1000');
    expect(calendar).toMatchObject({
      companyCode: '1000',
      periodVariant: '1000',
      variant: { id: 'K4', calendarYear: true, periods: 12, specialPeriods: 4, periodEnds: [] },
    });
    // The fixture closed 01/2026 at seeding; closing 11/2026 too leaves two intervals (OB52 holds two).
    const plus = calendar.periodRules.find((r) => r.accountType === '+')!;
    expect(plus.intervals).toEqual([
      { fromYear: 2026, fromPeriod: 2, toYear: 2026, toPeriod: 10 },
      { fromYear: 2026, fromPeriod: 12, toYear: 9999, toPeriod: 16 },
    ]);
    expect(periodClosedBy(calendar, { fiscalYear: 2026, period: 11 })).toMatch(/every account type/);
    expect(periodClosedBy(calendar, { fiscalYear: 2026, period: 12 })).toBeNull();
    expect(periodClosedBy(calendar, { fiscalYear: 2026, period: 1 })).not.toBeNull();
  });

  it('reads non-calendar variants from T009B: V6 runs July to June, V3 April to March', async () => {
    const { sap } = world();
    const v6 = (await sap.postingCalendar('2000')).variant;
    expect(v6).toMatchObject({ id: 'V6', calendarYear: false, yearDependent: false });
    expect(v6.periodEnds).toHaveLength(12);
    expect(fiscalPeriodOf('2026-08-15', v6)).toEqual({ fiscalYear: 2026, period: 2 });
    expect(fiscalPeriodOf('2027-01-15', v6)).toEqual({ fiscalYear: 2026, period: 7 });

    const v3 = (await sap.postingCalendar('4000')).variant;
    expect(fiscalPeriodOf('2026-04-01', v3)).toEqual({ fiscalYear: 2026, period: 1 });
    expect(fiscalPeriodOf('2027-03-31', v3)).toEqual({ fiscalYear: 2026, period: 12 });
    expect(periodEndDate(v3, { fiscalYear: 2027, period: 11 })).toBe('2028-02-29');
    expect(periodStartDate(v3, { fiscalYear: 2027, period: 1 })).toBe('2027-04-01');
  });

  it('a payment settled in a closed period posts on the first day of the next open one, which SAP accepts; the old date SAP refuses', async () => {
    const { ledger, sap } = world();
    ledger.closePeriod('1000', 2026, 11);
    const calendar = await sap.postingCalendar('1000');
    const decision = decidePostingDate({
      settledAt: '2026-11-21T04:13:45.000Z',
      now: '2026-12-02T17:00:00.000Z',
      zone: 'America/Los_Angeles',
      calendar,
      accounts: [{ type: 'D', account: '0000100001' }],
    });
    expect(decision).toMatchObject({
      postingDate: '2026-12-01',
      valueDate: '2026-11-20',
      period: { fiscalYear: 2026, period: 12 },
      movedFrom: { fiscalYear: 2026, period: 11 },
    });
    expect(decision.note).toMatch(/Posted on 2026-12-01 in period 12\/2026: .* period 11\/2026, which SAP has closed/);

    // A client that ignored the calendar: SAP refuses, as it does.
    const wrong = await sap.postDocument(payment(7001, '2026-11-20'));
    expect(wrong.ok).toBe(false);
    expect(wrong.messages).toContainEqual(expect.objectContaining({ TYPE: 'E', ID: 'F5', NUMBER: '201' }));
    const right = await sap.postDocument(payment(7002, decision.postingDate));
    expect(right.ok).toBe(true);
    const doc = [...ledger.documents.values()].find((d) => d.header.XBLNR === 'PT7002P')!;
    expect(doc.header).toMatchObject({ BUDAT: '20261201', MONAT: '12', GJAHR: '2026' });
  });

  it('a period closed for customers only (T001B row D) is closed for a payment, and SAP says for which account type', async () => {
    const { ledger, sap } = world();
    ledger.closePeriod('1000', 2026, 11, 'D');
    const calendar = await sap.postingCalendar('1000');
    expect(calendar.periodRules.map((r) => r.accountType).sort()).toEqual(['+', 'D']);
    const p = { fiscalYear: 2026, period: 11 };
    expect(periodClosedBy(calendar, p)).toBeNull();
    expect(periodClosedBy(calendar, p, [{ type: 'S', account: '0000113100' }])).toBeNull();
    expect(periodClosedBy(calendar, p, [{ type: 'D', account: '100001' }])).toMatch(/account type D, account 100001/);

    const refused = await sap.postDocument(payment(7003, '2026-11-20'));
    expect(refused.ok).toBe(false);
    expect(refused.messages).toContainEqual(expect.objectContaining({ TYPE: 'E', ID: 'F5', NUMBER: '201' }));
    // Open for customers again: the same document posts (the '+' and S rows never closed it).
    ledger.openPeriod('1000', 2026, 11, 'D');
    expect((await sap.postDocument(payment(7004, '2026-11-20'))).ok).toBe(true);
  });

  it('the ERP port offers the calendar over every transport (IDoc through its OData companion)', async () => {
    const { sap } = world();
    expect(typeof sapErpSystem(sap, 'sandbox').postingCalendar).toBe('function');
    const odata = new ODataSapSystem({ url: 'http://127.0.0.1:1', user: 'u', password: 'p' });
    expect(typeof sapErpSystem(odata, 'odata').postingCalendar).toBe('function');
  });
});

describe('the fiscal calendar over OData', () => {
  const servers: SapHttpServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((x) => x.close()));
  });

  async function overOData(ledger: SapLedger, servicePath?: string) {
    const http = await startSapHttp({ ledger, users: { CLEARDESK: 'secret' } });
    servers.push(http);
    return new ODataSapSystem({
      url: http.url,
      user: 'CLEARDESK',
      password: 'secret',
      client: '100',
      ...(servicePath ? { servicePath } : {}),
    });
  }

  it('reads the same calendar as RFC reads from the tables: K4, V6, V3, closed for all and for customers only', async () => {
    const { ledger, sap } = world();
    ledger.closePeriod('1000', 2026, 11);
    ledger.closePeriod('2000', 2026, 5, 'D');
    const odata = await overOData(ledger);
    for (const cc of ['1000', '2000', '4000'])
      expect(await odata.postingCalendar(cc)).toEqual(await sap.postingCalendar(cc));
    const v6 = (await odata.postingCalendar('2000')).variant;
    expect(fiscalPeriodOf('2027-01-15', v6)).toEqual({ fiscalYear: 2026, period: 7 });
    await expect(odata.postingCalendar('9999')).rejects.toThrow(/Company code 9999 has no entry in T001/);
  });

  it('a payment in a closed period moves to the next open one and SAP accepts it over OData; the old date it refuses', async () => {
    const { ledger } = world();
    ledger.closePeriod('1000', 2026, 11);
    const odata = await overOData(ledger);
    const decision = decidePostingDate({
      settledAt: '2026-11-21T04:13:45.000Z',
      now: '2026-12-02T17:00:00.000Z',
      zone: 'America/Los_Angeles',
      calendar: await odata.postingCalendar('1000'),
      accounts: [{ type: 'D', account: '0000100001' }],
    });
    expect(decision.postingDate).toBe('2026-12-01');
    const wrong = await odata.postDocument(payment(7101, '2026-11-20'));
    expect(wrong.ok).toBe(false);
    expect(wrong.messages).toContainEqual(expect.objectContaining({ TYPE: 'E', ID: 'F5', NUMBER: '201' }));
    expect((await odata.postDocument(payment(7102, decision.postingDate))).ok).toBe(true);
  });

  it('a service without the calendar sets fails the read; the core then posts without a calendar (SAP decides)', async () => {
    const { ledger } = world();
    const odata = await overOData(ledger, '/sap/opu/odata/sap/ZOTHER_SRV/');
    const erp = sapErpSystem(odata, 'odata');
    await expect(erp.postingCalendar!('1000')).rejects.toThrow();
    const cache = new CalendarCache(erp, { now: () => new Date('2026-12-02T17:00:00Z') });
    expect(await cache.get('1000')).toBeNull();
  });
});
