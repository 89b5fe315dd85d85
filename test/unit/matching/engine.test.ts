import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, matchPayments, parseRules } from '../../../shared/matching';
import { toDecimal } from '../../../shared/money';
import { ACME, GLOBEX, invoice, payment } from './helpers';

const applied = (p: ReturnType<typeof matchPayments>[number]) =>
  p.items.map((i) => `${i.item.BELNR}=${toDecimal(i.amount)}`);

describe('stage 1: exact keys', () => {
  it('a payment of 100.00 for invoice 90001234 clears the open item of 100.00 automatically', () => {
    const [p] = matchPayments({
      transactions: [payment('100.00', { invoiceId: '90001234' })],
      openItems: [invoice('90001234', '100.00')],
    });
    expect(p!.tier).toBe('auto');
    expect(applied(p!)).toEqual(['0090001234=100.00']);
    expect(toDecimal(p!.onAccount)).toBe('0.00');
    expect(p!.reasons.join(' ')).toMatch(/90001234 in PayTrace's invoice field.*reference \(XBLNR\).*amount equal/);
  });

  it('reads "INV-0090001234" as invoice 90001234', () => {
    const [p] = matchPayments({
      transactions: [payment('100.00', { invoiceId: 'INV-0090001234' })],
      openItems: [invoice('90001234', '100.00')],
    });
    expect(p!.tier).toBe('auto');
  });

  it('finds a PO number in the assignment (ZUONR)', () => {
    const [p] = matchPayments({
      transactions: [payment('100.00', { customerReferenceId: 'PO4711' })],
      openItems: [invoice('90001234', '100.00', { assignment: 'PO4711' })],
    });
    expect(applied(p!)).toEqual(['0090001234=100.00']);
    expect(p!.reasons[0]).toMatch(/assignment \(ZUONR\)/);
  });

  it('a partial payment applies what was paid and leaves the rest open, for a clerk to confirm', () => {
    const [p] = matchPayments({
      transactions: [payment('40.00', { invoiceId: '90001234' })],
      openItems: [invoice('90001234', '100.00')],
    });
    expect(p!.tier).toBe('suggest');
    expect(applied(p!)).toEqual(['0090001234=40.00']);
    expect(p!.reasons.join(' ')).toMatch(/60.00 USD stays open/);
  });

  it('an overpayment clears the invoice and leaves the remainder on account', () => {
    const [p] = matchPayments({
      transactions: [payment('120.00', { invoiceId: '90001234' })],
      openItems: [invoice('90001234', '100.00')],
    });
    expect(applied(p!)).toEqual(['0090001234=100.00']);
    expect(toDecimal(p!.onAccount)).toBe('20.00');
  });

  it('a card fee deducted within the fee percentage clears the invoice with a write-off to the fee account', () => {
    const [p] = matchPayments({
      transactions: [payment('97.00', { invoiceId: '90001234' })],
      openItems: [invoice('90001234', '100.00')],
    });
    expect(p!.case).toBe('card-fee');
    expect(applied(p!)).toEqual(['0090001234=97.00']);
    expect(p!.writeOff).toEqual({
      amount: { minor: 300, currency: 'USD' },
      gl: DEFAULT_RULES.cardFee.gl,
      why: 'card-fee',
    });
  });

  it('one payment listing three invoices clears all three', () => {
    const items = [invoice('90001234', '10.00'), invoice('90001235', '20.00'), invoice('90001236', '30.00')];
    const [p] = matchPayments({
      transactions: [payment('60.00', { invoiceId: '90001234, 90001235, 90001236' })],
      openItems: items,
    });
    expect(p!.tier).toBe('auto');
    expect(applied(p!)).toHaveLength(3);
  });

  it('a pending (unsettled) sale is never posted automatically', () => {
    const [p] = matchPayments({
      transactions: [payment('100.00', { invoiceId: '90001234', status: 'pending' })],
      openItems: [invoice('90001234', '100.00')],
    });
    expect(p!.tier).toBe('suggest');
    expect(p!.reasons.join(' ')).toMatch(/pending settlement/);
  });

  it("an invoice number of one customer paid by another customer's card is only suggested", () => {
    const [p] = matchPayments({
      transactions: [payment('100.00', { invoiceId: '90001234', vaultCustomerId: 'GLOBEX' })],
      openItems: [invoice('90001234', '100.00', { customer: ACME.source.KUNNR })],
      customers: [ACME, GLOBEX],
    });
    expect(p!.tier).toBe('suggest');
    expect(p!.reasons.join(' ')).toMatch(/another customer/);
  });
});

describe('stages 2 and 3: customer, then amount', () => {
  const items = [invoice('90001234', '100.00'), invoice('90001235', '250.00'), invoice('90001236', '75.50')];

  it('no invoice number, but the vault id names the customer and one open item has the amount', () => {
    const [p] = matchPayments({
      transactions: [payment('250.00', { vaultCustomerId: 'ACME01' })],
      openItems: items,
      customers: [ACME],
    });
    expect(p!.tier).toBe('suggest');
    expect(applied(p!)).toEqual(['0090001235=250.00']);
    expect(p!.reasons[0]).toMatch(/vault id ACME01/);
  });

  it('a mistyped invoice number is resolved by customer and amount', () => {
    const [p] = matchPayments({
      transactions: [payment('75.50', { invoiceId: '90001263', billingName: 'ACME CORP.' })],
      openItems: items,
      customers: [ACME],
    });
    expect(applied(p!)).toEqual(['0090001236=75.50']);
    expect(p!.reasons.join(' ')).toMatch(/looks like 90001236/);
  });

  it('several invoices adding up to the payment (subset sum)', () => {
    const [p] = matchPayments({
      transactions: [payment('175.50', { email: 'AP@acme.example' })],
      openItems: items,
      customers: [ACME],
    });
    expect(p!.case).toBe('multi');
    expect(applied(p!).sort()).toEqual(['0090001234=100.00', '0090001236=75.50']);
  });

  it('nothing fits: on account of the known customer', () => {
    const [p] = matchPayments({
      transactions: [payment('999.99', { vaultCustomerId: 'ACME01' })],
      openItems: items,
      customers: [ACME],
    });
    expect(p!.case).toBe('on-account');
    expect(p!.customer).toBe(ACME.source.KUNNR);
    expect(toDecimal(p!.onAccount)).toBe('999.99');
  });

  it('an unknown payer goes to suspense (tier none by default, suggest if the rules say so)', () => {
    const t = payment('42.00', { billingName: 'Jordan Miles' });
    const [p] = matchPayments({ transactions: [t], openItems: items, customers: [ACME] });
    expect(p).toMatchObject({ case: 'suspense', tier: 'none', customer: null });
    const rules = parseRules({
      ...DEFAULT_RULES,
      stages: DEFAULT_RULES.stages.map((s) => (s.id === 'suspense' ? { ...s, mode: 'suggest' } : s)),
    });
    expect(matchPayments({ transactions: [t], openItems: items, customers: [ACME] }, rules)[0]!.tier).toBe('suggest');
  });
});

describe('one run, each open item once', () => {
  it('the same invoice paid twice: the earlier payment gets it, the later one is flagged as a duplicate on account', () => {
    const first = payment('100.00', {
      invoiceId: '90001234',
      createdAt: { utc: '2025-03-03T17:00:00.000Z', original: '' },
    });
    const second = payment('100.00', {
      invoiceId: '90001234',
      createdAt: { utc: '2025-03-03T17:05:00.000Z', original: '' },
    });
    const [b, a] = matchPayments({ transactions: [second, first], openItems: [invoice('90001234', '100.00')] });
    expect(a!.tier).toBe('auto');
    expect(b!.case).toBe('duplicate');
    expect(b!.items).toHaveLength(0);
    expect(b!.reasons[0]).toMatch(
      new RegExp(`^likely duplicate of payment ${first.source.transaction_id}, which already paid`),
    );
  });

  it('two instalments of one invoice both apply', () => {
    const ps = matchPayments({
      transactions: [payment('40.00', { invoiceId: '90001234' }), payment('60.00', { invoiceId: '90001234' })],
      openItems: [invoice('90001234', '100.00')],
    });
    expect(ps.map((p) => applied(p))).toEqual([['0090001234=40.00'], ['0090001234=60.00']]);
  });
});

describe('what is not a payment', () => {
  it.each([
    ['declined', { status: 'declined' as const }, /declined/],
    ['voided', { status: 'voided' as const }, /voided/],
    ['authorization only', { kind: 'authorization' as const, status: 'authorized' as const }, /authorization only/],
  ])('%s: tier none with the reason', (_name, o, reason) => {
    const [p] = matchPayments({
      transactions: [payment('100.00', { invoiceId: '90001234', ...o })],
      openItems: [invoice('90001234', '100.00')],
    });
    expect(p!.tier).toBe('none');
    expect(p!.items).toHaveLength(0);
    expect(p!.reasons[0]).toMatch(reason);
  });

  it('a refund points at the sale it refunds (same invoice and card) and debits its customer', () => {
    const sale = payment('100.00', {
      invoiceId: '90001234',
      createdAt: { utc: '2025-03-01T17:00:00.000Z', original: '' },
    });
    const refund = payment('30.00', {
      kind: 'refund',
      invoiceId: '90001234',
      createdAt: { utc: '2025-03-04T17:00:00.000Z', original: '' },
    });
    const [, r] = matchPayments({ transactions: [sale, refund], openItems: [invoice('90001234', '100.00')] });
    expect(r).toMatchObject({
      case: 'refund',
      tier: 'suggest',
      relatedTransactionId: sale.source.transaction_id,
      customer: '0000100001',
    });
    expect(toDecimal(r!.onAccount)).toBe('-30.00');
  });

  it('a transaction id seen twice in one input is matched once', () => {
    const t = payment('100.00', { invoiceId: '90001234' });
    const [a, b] = matchPayments({ transactions: [t, t], openItems: [invoice('90001234', '100.00')] });
    expect(a!.tier).toBe('auto');
    expect(b).toMatchObject({ tier: 'none', case: 'bad-record' });
  });
});

describe('currencies', () => {
  it('a JPY payment clears a JPY invoice of company code 2000 and never a USD one', () => {
    const items = [invoice('JP-A10023', '125000', { BUKRS: '2000', currency: 'JPY' }), invoice('JP-A10023', '1250.00')];
    const [p] = matchPayments({
      transactions: [payment('125000', { invoiceId: 'jp-a10023', currency: 'JPY' })],
      openItems: items,
    });
    expect(p!.items.map((i) => i.item.BUKRS)).toEqual(['2000']);
    expect(toDecimal(p!.items[0]!.amount)).toBe('125000');
  });
});
