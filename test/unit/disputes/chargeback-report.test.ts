// The chargebacks report's grouping and totals (electron/core/reports/chargebacks.ts): per currency, by reason code,
// customer and month, open/won/lost in integer minor units, every grouping adding up to the total; JPY (no decimals)
// and KWD (three) printed in their exponent; a partial dispute counts what it disputes; a case that moved from open
// to won counts once, as won; the CSV guard neutralises formulas and masks card numbers.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkTieOut,
  summariseChargebacks,
  type ChargebackReportCase,
} from '../../../electron/core/reports/chargebacks';
import { chargebacksCsv } from '../../../electron/core/reports/csv';
import { chargebacksXlsx } from '../../../electron/core/reports/xlsx';
import { chargebacksPdf } from '../../../electron/core/reports/pdf';
import { DISPUTE_STATUSES } from '../../../shared/disputes';
import { containsPan } from '../../../shared/security';

const CTX = { generatedAt: '2026-12-01T09:00:00.000Z', generatedBy: 'mia' };
const RANGE = { from: '2026-10-01', to: '2026-11-30' };

const base: ChargebackReportCase = {
  processor: 'fiserv',
  caseNumber: 'CB-1',
  receivedDate: '2026-11-03',
  stage: 'chargeback',
  status: 'open',
  outcome: 'open',
  network: 'visa',
  reasonCode: '10.4',
  reasonMeaning: 'Other fraud: card-absent environment',
  amount: { minor: 10000, currency: 'USD' },
  fee: null,
  companyCode: '1000',
  customer: '0000100001',
  customerName: 'Acme Corp',
  transactionId: 501,
};

const c = (over: Partial<ChargebackReportCase>): ChargebackReportCase => {
  const merged = { ...base, ...over };
  const outcome =
    over.outcome ??
    (
      {
        open: 'open',
        pending: 'open',
        won: 'won',
        lost: 'lost',
        accepted: 'lost',
        expired: 'lost',
        closed: 'closed',
      } as const
    )[merged.status];
  return { ...merged, outcome };
};

const CASES: ChargebackReportCase[] = [
  c({ caseNumber: 'CB-1' }),
  // A partial dispute: 40.00 of a larger sale; the report counts what is disputed.
  c({
    caseNumber: 'CB-2',
    amount: { minor: 4000, currency: 'USD' },
    fee: { minor: 1500, currency: 'USD' },
    status: 'won',
  }),
  c({
    caseNumber: 'CB-3',
    receivedDate: '2026-10-20',
    status: 'accepted',
    network: 'mastercard',
    reasonCode: '4853',
    reasonMeaning: 'Cardholder dispute',
  }),
  c({
    caseNumber: 'CB-4',
    amount: { minor: 125000, currency: 'JPY' },
    reasonCode: '13.1',
    reasonMeaning: 'Merchandise/services not received',
    customer: '0000200001',
    customerName: 'Tokyo KK',
    companyCode: '2000',
    status: 'lost',
  }),
  c({
    caseNumber: 'CB-5',
    amount: { minor: 12345, currency: 'KWD' },
    fee: { minor: 1005, currency: 'KWD' },
    customer: null,
    customerName: '',
    companyCode: null,
    transactionId: null,
  }),
  c({ caseNumber: 'CB-6', receivedDate: '2026-09-30' }), // before the range
];

describe('the chargebacks report', () => {
  const report = summariseChargebacks(CASES, RANGE, CTX);

  it('totals per currency, open, won and lost, in minor units', () => {
    expect(report.cases.map((x) => x.caseNumber)).toEqual(['CB-3', 'CB-1', 'CB-2', 'CB-4', 'CB-5']);
    const usd = report.totals.find((t) => t.currency === 'USD')!;
    expect(usd.outcomes.open).toEqual({ count: 1, amount: { minor: 10000, currency: 'USD' } });
    expect(usd.outcomes.won).toEqual({ count: 1, amount: { minor: 4000, currency: 'USD' } });
    expect(usd.outcomes.lost).toEqual({ count: 1, amount: { minor: 10000, currency: 'USD' } });
    expect(usd.total).toEqual({ count: 3, amount: { minor: 24000, currency: 'USD' } });
    expect(usd.fees).toEqual({ minor: 1500, currency: 'USD' });
    expect(report.totals.map((t) => [t.currency, t.total.amount.minor])).toEqual([
      ['JPY', 125000],
      ['KWD', 12345],
      ['USD', 24000],
    ]);
  });

  it('groups by reason code with its network meaning, by customer and by month', () => {
    expect(report.byReason.map((g) => [g.currency, g.label, g.total.count])).toEqual([
      ['JPY', 'Visa 13.1: Merchandise/services not received', 1],
      ['KWD', 'Visa 10.4: Other fraud: card-absent environment', 1],
      ['USD', 'Mastercard 4853: Cardholder dispute', 1],
      ['USD', 'Visa 10.4: Other fraud: card-absent environment', 2],
    ]);
    expect(report.byCustomer.map((g) => [g.currency, g.key, g.label])).toEqual([
      ['JPY', '2000/0000200001', '0000200001 (2000) Tokyo KK'],
      ['KWD', '', 'No SAP customer (unmatched or not proposed)'],
      ['USD', '1000/0000100001', '0000100001 (1000) Acme Corp'],
    ]);
    expect(report.byMonth.map((g) => [g.currency, g.key, g.total.amount.minor])).toEqual([
      ['JPY', '2026-11', 125000],
      ['KWD', '2026-11', 12345],
      ['USD', '2026-10', 10000],
      ['USD', '2026-11', 14000],
    ]);
  });

  it('takes only the company code asked for', () => {
    const only = summariseChargebacks(CASES, { ...RANGE, companyCode: '2000' }, CTX);
    expect(only.cases.map((x) => x.caseNumber)).toEqual(['CB-4']);
    expect(only.query.companyCode).toBe('2000');
  });

  it('counts a case that moved from open to won once, as won', () => {
    const before = summariseChargebacks([c({ caseNumber: 'M-1', status: 'open' })], RANGE, CTX);
    const after = summariseChargebacks([c({ caseNumber: 'M-1', status: 'won' })], RANGE, CTX);
    expect(before.totals[0]!.outcomes.open.count).toBe(1);
    expect(after.totals[0]!.outcomes).toMatchObject({ open: { count: 0 }, won: { count: 1 } });
    expect(after.totals[0]!.total.count).toBe(1);
  });

  it('refuses a grouping that does not add up to the total', () => {
    const broken = {
      ...report,
      byMonth: report.byMonth.slice(1),
    };
    expect(() => checkTieOut(broken)).toThrow(/by month do not add up to the total in JPY/);
  });

  it('ties out for any cases (property)', () => {
    const arb = fc.record({
      minor: fc.integer({ min: 1, max: 10_000_000 }),
      currency: fc.constantFrom('USD', 'JPY', 'KWD'),
      status: fc.constantFrom(...DISPUTE_STATUSES),
      day: fc.integer({ min: 1, max: 60 }),
      reason: fc.constantFrom('10.4', '13.1', '4853'),
      customer: fc.constantFrom('0000100001', '0000100002', null),
      fee: fc.option(fc.integer({ min: 0, max: 5000 })),
    });
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 40 }), (rows) => {
        const cases = rows.map((r, i) =>
          c({
            caseNumber: `P-${i}`,
            status: r.status,
            amount: { minor: r.minor, currency: r.currency },
            fee: r.fee === null ? null : { minor: r.fee, currency: r.currency },
            receivedDate: new Date(Date.UTC(2026, 9, r.day)).toISOString().slice(0, 10),
            reasonCode: r.reason,
            customer: r.customer,
          }),
        );
        const rep = summariseChargebacks(cases, RANGE, CTX);
        for (const cur of ['USD', 'JPY', 'KWD']) {
          const mine = rep.cases.filter((x) => x.amount.currency === cur);
          const total = rep.totals.find((t) => t.currency === cur);
          expect(total?.total.amount.minor ?? 0).toBe(mine.reduce((s, x) => s + x.amount.minor, 0));
          for (const groups of [rep.byReason, rep.byCustomer, rep.byMonth])
            expect(groups.filter((g) => g.currency === cur).reduce((s, g) => s + g.total.amount.minor, 0)).toBe(
              total?.total.amount.minor ?? 0,
            );
        }
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a backwards range', () => {
    expect(() => summariseChargebacks(CASES, { from: '2026-11-30', to: '2026-10-01' }, CTX)).toThrow(/ends earlier/);
  });
});

describe('the chargebacks report files', () => {
  const PAN = '4111111111111111';
  const hostile = [
    ...CASES,
    c({ caseNumber: 'CB-9', customerName: '=HYPERLINK("http://x")', reasonMeaning: `card ${PAN} seen` }),
  ];
  const report = summariseChargebacks(hostile, RANGE, CTX);

  it('CSV: decimals in the currency exponent, formulas neutralised, no card number', () => {
    const text = chargebacksCsv(report).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('Total,JPY,0,0,0,0,1,125000,0,0,1,125000,0');
    expect(text).toContain('Total,KWD,1,12.345,0,0.000,0,0.000,0,0.000,1,12.345,1.005');
    expect(text).toContain('Total,USD,2,200.00,1,40.00,1,100.00,0,0.00,4,340.00,15.00');
    expect(text).toContain(`'=HYPERLINK`);
    expect(containsPan(text)).toBe(false);
  });

  it('XLSX: sheets per grouping, amounts numeric with the currency decimals', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await chargebacksXlsx(report)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Totals', 'By reason', 'By customer', 'By month', 'Cases']);
    const totals = wb.getWorksheet('Totals')!;
    const kwd = totals.getRow(3);
    expect(kwd.getCell(2).value).toBe('KWD');
    expect(kwd.getCell(4).value).toBe(12.345);
    expect(kwd.getCell(4).numFmt).toBe('#,##0.000;-#,##0.000');
    const jpy = totals.getRow(2);
    expect(jpy.getCell(8).value).toBe(125000);
    expect(jpy.getCell(8).numFmt).toBe('#,##0;-#,##0');
    const cases = wb.getWorksheet('Cases')!;
    expect(cases.rowCount).toBe(1 + report.cases.length);
    let all = '';
    wb.eachSheet((ws) => ws.eachRow((r) => (all += JSON.stringify(r.values))));
    expect(containsPan(all)).toBe(false);
  });

  it('PDF: a PDF with pages', async () => {
    const pdf = await chargebacksPdf(report);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/Type \/Page\b/);
  });
});
