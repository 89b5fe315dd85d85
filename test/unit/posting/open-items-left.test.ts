// What of an open item is left to a payment (electron/core/posting/context.ts `openItemsLeft`): the invoice less its
// partial payments in SAP (lines that refer to it, REBZG/REBZJ/REBZZ) and less what other live proposals take of
// it, never past zero; and which line a REBZG names (shared/mapping `invoiceRefOf`).
import { describe, expect, it } from 'vitest';
import { openItemsLeft } from '../../../electron/core/posting/context';
import type { OpenItem, OpenItemRef } from '../../../shared/domain';
import { invoiceRefOf } from '../../../shared/mapping';
import { money } from '../../../shared/money';

const item = (BELNR: string, BUZEI: string, minor: number, invoiceRef: OpenItemRef | null = null): OpenItem => ({
  source: { BUKRS: '1000', BELNR, GJAHR: '2026', BUZEI },
  customer: '0000100001',
  amount: money(minor, 'USD'),
  reference: invoiceRef ? `PT${BELNR}P` : `9${BELNR.slice(-7)}`,
  assignment: '',
  documentType: invoiceRef ? 'DZ' : 'DR',
  postingDate: '2026-11-01',
  documentDate: '2026-11-01',
  dueDate: null,
  text: '',
  cashDiscount: { days1: 10, percent1: 2000, days2: 0, percent2: 0 },
  invoiceRef,
});
const amounts = (items: readonly OpenItem[]) => items.map((i) => i.amount.minor);

describe('openItemsLeft', () => {
  const invoice = item('1800000004', '001', 500000);
  const instalment = item('1400000001', '001', -100000, { BELNR: '1800000004', GJAHR: '2026', BUZEI: '001' });

  it('nets an invoice with the lines that refer to it, and leaves the lines themselves as they are', () => {
    const left = openItemsLeft([invoice, instalment], new Map());
    expect(amounts(left)).toEqual([400000, -100000]);
    // With its terms: SAP copied them into the instalment's line, so the discount at clearing is of what is left.
    expect(left[0]!.cashDiscount).toEqual(invoice.cashDiscount);
    // And what SAP holds open of it, for the reasons a clerk reads ("4,000.00 USD left of 5,000.00 USD").
    expect(left[0]!.leftOf).toEqual(invoice.amount);
    expect(left[1]!.leftOf).toBeUndefined();
  });

  it("subtracts other proposals' claims as well, never past zero", () => {
    expect(amounts(openItemsLeft([invoice, instalment], new Map([['1000/1800000004/2026/001', 150000]])))).toEqual([
      250000, -100000,
    ]);
    expect(amounts(openItemsLeft([invoice, instalment], new Map([['1000/1800000004/2026/001', 450000]])))).toEqual([
      0, -100000,
    ]);
  });

  it('an item nothing takes is the same object', () => {
    const other = item('1800000005', '001', 25000);
    expect(openItemsLeft([other], new Map())[0]).toBe(other);
  });

  it('a reference with the document only nets against its one item, and against neither of two', () => {
    const byDocument = item('1400000002', '001', -100000, { BELNR: '1800000004', GJAHR: '', BUZEI: '' });
    expect(amounts(openItemsLeft([invoice, byDocument], new Map()))).toEqual([400000, -100000]);
    const second = item('1800000004', '002', 300000);
    expect(amounts(openItemsLeft([invoice, second, byDocument], new Map()))).toEqual([500000, 300000, -100000]);
  });

  it("another customer's line or another company code's invoice is not netted", () => {
    const stranger = { ...instalment, customer: '0000100002' };
    expect(amounts(openItemsLeft([invoice, stranger], new Map()))).toEqual([500000, -100000]);
    const elsewhere = { ...invoice, source: { ...invoice.source, BUKRS: '2000' } };
    expect(amounts(openItemsLeft([elsewhere, instalment], new Map()))).toEqual([500000, -100000]);
  });
});

describe('invoiceRefOf', () => {
  it("reads REBZG/REBZJ/REBZZ; blanks, zeros and 'V' name no item", () => {
    expect(invoiceRefOf('1800000004', '2026', '001')).toEqual({ BELNR: '1800000004', GJAHR: '2026', BUZEI: '001' });
    expect(invoiceRefOf('  18000004', '0000', '000')).toEqual({ BELNR: '0018000004', GJAHR: '', BUZEI: '' });
    expect(invoiceRefOf('1800000004', '2026', '1')).toEqual({ BELNR: '1800000004', GJAHR: '2026', BUZEI: '001' });
    expect(invoiceRefOf('')).toBeNull();
    expect(invoiceRefOf('V')).toBeNull();
  });
});
