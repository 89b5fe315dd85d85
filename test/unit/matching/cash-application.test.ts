// The senior clerk's cases (issue 15), one by one: what the engine proposes and the sentence a clerk reads.
import { describe, expect, it } from 'vitest';
import type { OpenItem } from '../../../shared/domain';
import { DEFAULT_RULES, matchPayments, numberLists, referenceKeys } from '../../../shared/matching';
import { ACME, invoice, payment } from './helpers';

const TERMS_2_10_NET_30 = { days1: 10, percent1: 2000, days2: 0, percent2: 0 };
const withTerms = (ref: string, amount: string, o: Parameters<typeof invoice>[2] = {}): OpenItem => ({
  ...invoice(ref, amount, o),
  baselineDate: '2025-02-28',
  documentDate: '2025-02-28',
  dueDate: '2025-03-30',
  cashDiscount: TERMS_2_10_NET_30,
});
/** PayTrace's local time on the given March day. */
const onMarch = (day: number) => ({
  utc: `2025-03-${String(day).padStart(2, '0')}T17:00:00.000Z`,
  original: `3/${day}/2025 9:00:00 AM`,
});

describe('cash discount by the item terms', () => {
  it('earned within DSCT_DAYS1: clears the invoice with the discount to the cash-discount account, automatically', () => {
    const [p] = matchPayments({
      transactions: [payment('980.00', { invoiceId: '91200001', createdAt: onMarch(3) })],
      openItems: [withTerms('91200001', '1000.00')],
      customers: [ACME],
    });
    expect(p!.case).toBe('discount');
    expect(p!.tier).toBe('auto');
    expect(p!.items[0]!.amount.minor).toBe(98000);
    expect(p!.items[0]!.writeOff!.minor).toBe(2000);
    expect(p!.writeOff).toMatchObject({ why: 'discount', gl: '0000880010' });
    expect(p!.reasons).toContain(
      '2% discount earned (20.00 USD): paid 3 days after the baseline date 2025-02-28, terms 2/10 net 30; discount to G/L 0000880010',
    );
  });

  it('a discount the customer worked out a cent short (24.69 of 2 % of 1,234.75) is the discount, not a card fee', () => {
    const [p] = matchPayments({
      transactions: [payment('1210.06', { invoiceId: '91200001', createdAt: onMarch(3) })],
      openItems: [withTerms('91200001', '1234.75')],
      customers: [ACME],
    });
    expect(p!.case).toBe('discount');
    expect(p!.tier).toBe('suggest'); // a cent off the terms: a clerk confirms
    expect(p!.writeOff).toMatchObject({ why: 'discount', amount: { minor: 2469 } });
    expect(p!.reasons.join(' ')).toMatch(/2% discount earned \(24\.69 USD\)/);
  });

  it('two invoices listed, each less its 2 % within the period: both cleared, each with its own discount', () => {
    const items = [withTerms('91213301', '5000.00'), withTerms('91213302', '2500.00')];
    const [p] = matchPayments({
      transactions: [payment('7350.00', { invoiceId: '91213301/02', createdAt: onMarch(7) })],
      openItems: items,
      customers: [ACME],
    });
    expect(p!.case).toBe('discount');
    expect(p!.items.map((i) => [i.item.BELNR, i.amount.minor, i.writeOff?.minor])).toEqual([
      ['0091213301', 490000, 10000],
      ['0091213302', 245000, 5000],
    ]);
    expect(p!.writeOff).toMatchObject({ why: 'discount', amount: { minor: 15000 } });
    expect(p!.reasons.join(' ')).toMatch(
      /2 invoices, each less the cash discount its terms grant, total 7,350\.00 USD/,
    );
    // After the period the same payment earns nothing: applied oldest first, the rest stays open, nothing written off.
    const [late] = matchPayments({
      transactions: [payment('7350.00', { invoiceId: '91213301/02', createdAt: onMarch(20) })],
      openItems: items,
      customers: [ACME],
    });
    expect(late!.case).not.toBe('discount');
    expect(late!.writeOff ?? null).toBeNull();
  });

  it('after the period the same difference is a short payment: nothing written off, the rest stays open', () => {
    const [p] = matchPayments({
      transactions: [payment('980.00', { invoiceId: '91200001', createdAt: onMarch(20) })],
      openItems: [withTerms('91200001', '1000.00')],
      customers: [ACME],
    });
    expect(p!.case).toBe('short-pay');
    expect(p!.tier).toBe('suggest');
    expect(p!.writeOff).toBeNull();
    expect(p!.items[0]!.writeOff).toBeUndefined();
    expect(p!.reasons.join(' ')).toContain('a short payment, not an earned discount; 20.00 USD stays open');
  });

  it('2 % taken on day 15 of 2/10, 1/20 net 30: the 1 % still earned is granted, the other 1 % is a residual item', () => {
    const [p] = matchPayments({
      transactions: [payment('4900.00', { invoiceId: '91200001', createdAt: onMarch(15) })],
      openItems: [
        { ...withTerms('91200001', '5000.00'), cashDiscount: { days1: 10, percent1: 2000, days2: 20, percent2: 1000 } },
      ],
      customers: [ACME],
    });
    expect(p!.case).toBe('short-pay');
    expect(p!.tier).toBe('suggest');
    // 4,900.00 paid and 50.00 granted; the invoice is cleared and 50.00 is posted again as a residual item.
    expect(p!.items.map((a) => [a.amount.minor, a.writeOff?.minor ?? 0])).toEqual([[490000, 5000]]);
    expect(p!.writeOff).toMatchObject({ why: 'discount', amount: { minor: 5000 } });
    expect(p!.reasons.join(' ')).toContain(
      '2% discount taken 5 days after its period ended (paid 15 days after the baseline date 2025-02-28); within 20 days 1% (50.00 USD) is still earned: granted, discount to',
    );
    expect(p!.reasons.join(' ')).toContain(
      'the invoice is cleared and 50.00 USD stays open as a residual item on the customer',
    );
    // On day 25 neither level is earned: a short payment, nothing granted, all 100.00 open.
    const [late] = matchPayments({
      transactions: [payment('4900.00', { invoiceId: '91200001', createdAt: onMarch(25) })],
      openItems: [
        { ...withTerms('91200001', '5000.00'), cashDiscount: { days1: 10, percent1: 2000, days2: 20, percent2: 1000 } },
      ],
      customers: [ACME],
    });
    expect(late!.case).toBe('short-pay');
    expect(late!.writeOff).toBeNull();
    expect(late!.reasons.join(' ')).toContain('a short payment, not an earned discount; 100.00 USD stays open');
  });

  it('a late discount within tolerance (0.80 of 40.00) is written off as a payment difference, not left open', () => {
    const [p] = matchPayments({
      transactions: [payment('39.20', { invoiceId: '91200001', createdAt: onMarch(20) })],
      openItems: [withTerms('91200001', '40.00')],
      customers: [ACME],
    });
    expect(p!.case).toBe('tolerance');
    expect(p!.writeOff).toMatchObject({ why: 'tolerance', amount: { minor: 80 }, gl: DEFAULT_RULES.writeOffGl });
    expect(p!.reasons.join(' ')).toMatch(
      /2% discount taken \d+ days after the discount period ended .*: not earned, but 0\.80 USD is within tolerance: difference to G\/L 0000880000/,
    );
  });

  it('works in JPY and KWD, to the yen and the fils', () => {
    const [jpy, kwd] = matchPayments({
      transactions: [
        payment('240038', { invoiceId: '72400001', currency: 'JPY', createdAt: onMarch(5) }),
        payment('172.171', { invoiceId: '65100001', currency: 'KWD', createdAt: onMarch(5) }),
      ],
      openItems: [
        withTerms('72400001', '244937', { currency: 'JPY', BUKRS: '2000' }),
        withTerms('65100001', '175.685', { currency: 'KWD', BUKRS: '3000' }),
      ],
      customers: [ACME],
    });
    expect(jpy!.case).toBe('discount');
    expect(jpy!.items[0]!.writeOff!.minor).toBe(4899);
    expect(kwd!.case).toBe('discount');
    expect(kwd!.items[0]!.writeOff!.minor).toBe(3514);
  });
});

describe('deductions', () => {
  it('a round third or half short is a partial payment, not a deduction left as a residual', () => {
    const [p] = matchPayments({
      transactions: [payment('1975.25', { invoiceId: '91213110' })],
      openItems: [invoice('91213110', '2975.25')],
      customers: [ACME],
    });
    expect(p!.case).toBe('partial');
    expect(p!.reasons.join(' ')).toContain('1,000.00 USD stays open');
  });

  it('a round-amount deduction is not a card fee: the rest stays open as a residual, nothing is written off', () => {
    const [p] = matchPayments({
      transactions: [payment('1950.00', { invoiceId: '91200002', description: '91200002 less 50.00 damaged goods' })],
      openItems: [invoice('91200002', '2000.00')],
      customers: [ACME],
    });
    expect(p!.case).toBe('deduction');
    expect(p!.tier).toBe('suggest');
    expect(p!.writeOff).toBeNull();
    expect(p!.items[0]!.amount.minor).toBe(195000);
    expect(p!.reasons.join(' ')).toContain('a customer deduction, not a card fee');
  });

  it('a percentage-like difference is a partial payment: the rest stays open, nothing is written off', () => {
    const [p] = matchPayments({
      transactions: [payment('1941.37', { invoiceId: '91200003' })],
      openItems: [invoice('91200003', '2000.00')],
      customers: [ACME],
    });
    expect(p!.case).toBe('partial');
    expect(p!.writeOff).toBeNull();
    expect(p!.reasons.join(' ')).toContain('58.63 USD stays open');
  });
});

describe('credit memos and duplicates', () => {
  const memo = (ref: string, amount: string, forInvoice: string): OpenItem => ({
    ...invoice(ref, amount, { assignment: forInvoice }),
    amount: { minor: -Math.round(Number(amount) * 100), currency: 'USD' },
    documentType: 'DG',
  });

  it('an invoice less the credit memo issued for it clears both, automatically', () => {
    const [p] = matchPayments({
      transactions: [payment('800.00', { invoiceId: '91200010', description: 'Invoice 91200010 less credit' })],
      openItems: [invoice('91200010', '1000.00'), memo('91200011', '200.00', '91200010')],
      customers: [ACME],
    });
    expect(p!.case).toBe('credit-memo');
    expect(p!.tier).toBe('auto');
    expect(p!.items.map((i) => [i.item.BELNR, i.amount.minor])).toEqual([
      ['0091200010', 100000],
      ['0091200011', -20000],
    ]);
    expect(p!.reasons.at(-1)).toBe(
      '1,000.00 USD less the open credit invoice 91200011 (1000/0091200011/2025, -200.00 USD) issued for this invoice (its assignment) is 800.00 USD: both are cleared',
    );
  });

  it('an unnamed credit of the customer that happens to fit is only suggested', () => {
    const [p] = matchPayments({
      transactions: [payment('800.00', { invoiceId: '91200010' })],
      openItems: [invoice('91200010', '1000.00'), memo('91200011', '200.00', 'RETURN 7')],
      customers: [ACME],
    });
    expect(p!.case).toBe('credit-memo');
    expect(p!.tier).toBe('suggest');
  });

  it('a second payment of a paid invoice goes on account, naming the payment that paid it', () => {
    const [, second] = matchPayments({
      transactions: [
        payment('100.00', { invoiceId: '91200020', source: { transaction_id: 100000123 } }),
        payment('100.00', { invoiceId: '91200020', source: { transaction_id: 100000124 } }),
      ],
      openItems: [invoice('91200020', '100.00')],
      customers: [ACME],
    });
    expect(second!.case).toBe('duplicate');
    expect(second!.tier).not.toBe('auto');
    expect(second!.items).toEqual([]);
    expect(second!.reasons[0]).toMatch(
      /^likely duplicate of payment 100000123, which this run proposes for invoice 91200020/,
    );
  });
});

describe('who paid', () => {
  const SUMMIT = {
    source: { KUNNR: '0000200034', BUKRS: '1000' },
    name: 'Summit Tooling Inc',
    email: 'ap@summittooling.example',
  };
  const HEAD = { source: { KUNNR: '0000200040', BUKRS: '1000' }, name: 'Cedar Foods Corp', group: 'G200040' };
  const BRANCH = {
    source: { KUNNR: '0000200041', BUKRS: '1000' },
    name: 'Cedar Foods West LLC',
    headOffice: '0000200040',
    group: 'G200040',
  };
  const customers = [SUMMIT, HEAD, BRANCH];
  const own = (ref: string, amount: string, customer = '0000200034'): OpenItem => invoice(ref, amount, { customer });

  it('a vault id that is the SAP number without its leading zeros', () => {
    const [p] = matchPayments({
      transactions: [payment('123.45', { vaultCustomerId: '200034', billingName: 'Jordan Miles' })],
      openItems: [own('91200100', '123.45')],
      customers,
    });
    expect(p!.customer).toBe('0000200034');
    expect(p!.items).toHaveLength(1);
    expect(p!.reasons[0]).toBe(
      'customer 0000200034 (Summit Tooling Inc) by PayTrace vault id 200034, which is the SAP customer number without its leading zeros',
    );
  });

  it("a billing name with more words, and another mailbox of the customer's own domain; never a public mail domain", () => {
    const [byName, byDomain, publicMail] = matchPayments({
      transactions: [
        payment('123.45', { billingName: 'Summit Tooling Inc - Accounts Payable' }),
        payment('234.56', { email: 'accounts.payable@summittooling.example', billingName: 'Jordan Miles' }),
        payment('345.67', { email: 'summit.tooling@gmail.com', billingName: 'Jordan Miles' }),
      ],
      openItems: [own('91200101', '123.45'), own('91200102', '234.56'), own('91200103', '345.67')],
      customers: [
        ...customers,
        { ...SUMMIT, source: { KUNNR: '0000200099', BUKRS: '1000' }, name: 'Other', email: 'x@gmail.com' },
      ],
    });
    expect(byName!.customer).toBe('0000200034');
    expect(byDomain!.customer).toBe('0000200034');
    expect(publicMail!.customer).toBeNull();
  });

  it("a head office paying its branch's invoice by number posts to the branch, automatically", () => {
    const [p] = matchPayments({
      transactions: [payment('500.00', { invoiceId: '91200200', billingName: 'Cedar Foods Corp' })],
      openItems: [own('91200200', '500.00', '0000200041')],
      customers,
    });
    expect(p!.customer).toBe('0000200041');
    expect(p!.tier).toBe('auto');
    expect(p!.reasons.at(-1)).toBe(
      'paid by 0000200040 (Cedar Foods Corp), the head office of 0000200041 (Cedar Foods West LLC) (KNB1-KNRZE)',
    );
  });

  it("without a number, the branch's only item of the amount is suggested", () => {
    const [p] = matchPayments({
      transactions: [payment('500.00', { billingName: 'Cedar Foods Corp' })],
      openItems: [own('91200200', '500.00', '0000200041'), own('91200201', '77.00', '0000200040')],
      customers,
    });
    expect(p!.customer).toBe('0000200041');
    expect(p!.tier).toBe('suggest');
    expect(p!.items.map((i) => i.item.BELNR)).toEqual(['0091200200']);
  });
});

describe('references as people type them', () => {
  it('lists with any separator, and abbreviated lists', () => {
    expect(numberLists('91213095/96/97')).toEqual(['91213095', '91213096', '91213097']);
    expect(numberLists('Inv 91213099/100')).toEqual(['91213099', '91213100']);
    expect(numberLists('91213095 and 91213096 & 91213097')).toEqual(['91213095', '91213096', '91213097']);
    expect(numberLists('paid 03/01/2025')).toEqual([]);
    expect(referenceKeys('91213095/96', ['INV'])).toContain('91213096');
    // A single digit counting down is an instalment of the number before it, not invoice 91213091.
    expect(numberLists('91213095/1')).toEqual(['91213095']);
    expect(numberLists('91213095/2 and 91213097')).toEqual(['91213095', '91213097']);
  });

  it('full-width digits (a Japanese keyboard), other scripts around the number, and a prefix no rule names', () => {
    const prefixes = ['INV'];
    expect(referenceKeys('請求書番号：９１２１６２００', prefixes)).toEqual(['91216200']);
    expect(referenceKeys('Zahlung für Rechnung 91213095', prefixes)).toContain('91213095');
    expect(referenceKeys('FAT-91213097', prefixes)).toEqual(['FAT91213097', '91213097']);
    expect(referenceKeys('Factura FAT-91213097', prefixes)).toContain('91213097');
    const [p] = matchPayments({
      transactions: [payment('88000', { currency: 'JPY', description: '請求書番号：９１２１６２００' })],
      openItems: [
        invoice('91216150', '88000', { currency: 'JPY', documentDate: '2025-01-10' }),
        invoice('91216200', '88000', { currency: 'JPY', documentDate: '2025-02-10' }),
      ],
      customers: [ACME],
    });
    expect(p!.items.map((i) => i.item.BELNR)).toEqual(['0091216200']);
  });

  it('invoices listed in the description, of the payer, adding up to the cent, post automatically', () => {
    const [p] = matchPayments({
      transactions: [payment('300.00', { description: 'Invoices 91213095 & 91213096 & 91213097' })],
      openItems: [invoice('91213095', '100.00'), invoice('91213096', '120.00'), invoice('91213097', '80.00')],
      customers: [ACME],
    });
    expect(p!.case).toBe('multi');
    expect(p!.tier).toBe('auto');
    // One of them another customer's: a clerk decides.
    const [mixed] = matchPayments({
      transactions: [payment('300.00', { description: 'Invoices 91213095 & 91213096 & 91213097' })],
      openItems: [
        invoice('91213095', '100.00'),
        invoice('91213096', '120.00'),
        invoice('91213097', '80.00', { customer: '0000200002' }),
      ],
      customers: [ACME],
    });
    expect(mixed!.tier).not.toBe('auto');
  });

  it('"91213095/1", half of 95 paid, with 91213091 open too: applied to 95 alone, the rest stays open', () => {
    const [p] = matchPayments({
      transactions: [payment('600.00', { invoiceId: '91213095/1' })],
      openItems: [invoice('91213091', '480.00'), invoice('91213095', '1200.00')],
      customers: [ACME],
    });
    expect(p!.tier).toBe('suggest');
    expect(p!.writeOff).toBeNull();
    expect(p!.items.map((i) => [i.item.BELNR, i.amount.minor])).toEqual([['0091213095', 60000]]);
  });

  it('an abbreviated list of one customer that adds up is applied automatically', () => {
    const [p] = matchPayments({
      transactions: [payment('300.00', { invoiceId: '91213095/96/97' })],
      openItems: [invoice('91213095', '100.00'), invoice('91213096', '120.00'), invoice('91213097', '80.00')],
      customers: [ACME],
    });
    expect(p!.case).toBe('multi');
    expect(p!.tier).toBe('auto');
    expect(p!.items).toHaveLength(3);
  });
});

describe('ambiguity is said', () => {
  it('two open invoices of the amount and no number: the oldest suggested, both named, never automatic', () => {
    const [p] = matchPayments({
      transactions: [payment('250.00', { vaultCustomerId: 'ACME01' })],
      openItems: [
        invoice('91200301', '250.00', { documentDate: '2025-01-10', postingDate: '2025-01-10' }),
        invoice('91200302', '250.00', { documentDate: '2025-02-10', postingDate: '2025-02-10' }),
      ],
      customers: [ACME],
    });
    expect(p!.tier).not.toBe('auto');
    expect(p!.items.map((i) => i.item.BELNR)).toEqual(['0091200301']);
    expect(p!.reasons.at(-1)).toBe(
      'ambiguous, not automatic: 2 open items for 250.00 USD and no invoice number that tells them apart: invoice 91200301 (1000/0091200301/2025, 250.00 USD) and invoice 91200302 (1000/0091200302/2025, 250.00 USD); the oldest first: invoice 91200301 (1000/0091200301/2025, 250.00 USD)',
    );
  });
});
