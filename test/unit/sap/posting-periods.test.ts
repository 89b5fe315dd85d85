// The SAP simulator's posting-period variants (T001B as OB52 keeps them): two intervals per row,
// a closed period splits them, periods closed out of order close what lies before, and a ledger
// saved by an older version (closed periods as a list) comes back as T001B rows.
import { describe, expect, it } from 'vitest';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { PostingPeriodVariants, t009bRows } from '../../../electron/sandbox/sap/posting-periods';

const intervals = (v: PostingPeriodVariants, mkoar = '+') => {
  const r = v.rows.find((x) => x.MKOAR === mkoar)!;
  return [`${r.FRYE1}/${r.FRPE1}-${r.TOYE1}/${r.TOPE1}`, `${r.FRYE2}/${r.FRPE2}-${r.TOYE2}/${r.TOPE2}`];
};

describe('T001B in the simulator', () => {
  it('closes and opens periods within two intervals per row', () => {
    const v = new PostingPeriodVariants();
    v.ensure('1000');
    expect(intervals(v)).toEqual(['1990/001-9999/016', '0000/000-0000/000']);
    v.close('1000', 2026, 1);
    expect(intervals(v)).toEqual(['1990/001-2025/016', '2026/002-9999/016']);
    expect(v.closedFor('1000', 2026, 1)).toBe('+');
    expect(v.closedFor('1000', 2026, 2)).toBeNull();
    // A third gap: what lies before closes too (periods are closed in order).
    v.close('1000', 2026, 11);
    expect(intervals(v)).toEqual(['2026/002-2026/010', '2026/012-9999/016']);
    expect(v.closedFor('1000', 2025, 5)).toBe('+');
    v.open('1000', 2026, 11);
    expect(intervals(v)).toEqual(['2026/002-9999/016', '0000/000-0000/000']);
    v.close('1000', 2026, 11);
    expect(() => v.open('1000', 2024, 3)).toThrow(/two intervals/);
  });

  it('a row for customers (D) closes their lines only, over its account range', () => {
    const v = new PostingPeriodVariants();
    v.ensure('1000');
    v.close('1000', 2026, 11, 'D');
    expect(v.closedFor('1000', 2026, 11)).toBeNull();
    expect(v.closedFor('1000', 2026, 11, [{ type: 'S', account: '113100' }])).toBeNull();
    expect(v.closedFor('1000', 2026, 11, [{ type: 'D', account: '0000100001' }])).toBe('D');
  });

  it('T009B of V3 (April to March): January is period 10 of the year before, February ends on day 29', () => {
    const v3 = t009bRows().filter((r) => r.PERIV === 'V3');
    expect(v3).toHaveLength(12);
    expect(v3.find((r) => r.BUMON === '01')).toMatchObject({ POPER: '010', RELJR: '-1' });
    expect(v3.find((r) => r.BUMON === '02')).toMatchObject({ BUTAG: '29', POPER: '011' });
    expect(v3.find((r) => r.BUMON === '04')).toMatchObject({ POPER: '001', RELJR: '0' });
    expect(t009bRows().some((r) => r.PERIV === 'K4')).toBe(false);
  });

  it('a snapshot of an older version (closed periods as a list) restores into T001B', () => {
    const ledger = new SapLedger();
    ledger.addCompanyCode({ BUKRS: '1000', WAERS: 'USD' });
    const old = { ...ledger.snapshot(), t001b: undefined, closedPeriods: ['1000|2026|03'] };
    ledger.restore(old);
    expect(ledger.isPeriodOpen('1000', '2026', '03')).toBe(false);
    expect(ledger.isPeriodOpen('1000', '2026', '04')).toBe(true);
    const again = new SapLedger();
    again.addCompanyCode({ BUKRS: '1000', WAERS: 'USD' });
    again.restore(ledger.snapshot());
    expect(again.isPeriodOpen('1000', '2026', '03')).toBe(false);
  });
});
