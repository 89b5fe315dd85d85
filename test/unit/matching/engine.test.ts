import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../shared/domain';
import {
  DEFAULT_RULES,
  PENDING_SETTLEMENT_NOTE,
  matchPayments,
  parseRules,
  promotedOnSettlement,
} from '../../../shared/matching';
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

  it('a payment 3 % short is a partial payment, never a card fee written off (PayTrace takes no fee from a sale)', () => {
    const [p] = matchPayments({
      transactions: [payment('97.00', { invoiceId: '90001234' })],
      openItems: [invoice('90001234', '100.00')],
    });
    expect(p!.case).toBe('partial');
    expect(p!.tier).toBe('suggest');
    expect(applied(p!)).toEqual(['0090001234=97.00']);
    expect(p!.writeOff).toBeNull();
    expect(p!.reasons.join(' ')).toContain('partial payment: 97.00 USD of 100.00 USD, 3.00 USD stays open');
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

  it('a proposal that waited only for settlement is automatic once the sale settled, and no other', () => {
    const [pending] = matchPayments({
      transactions: [payment('100.00', { invoiceId: '90001234', status: 'pending' })],
      openItems: [invoice('90001234', '100.00')],
    });
    expect(promotedOnSettlement(pending!, { status: 'pending' })).toBeNull();
    const promoted = promotedOnSettlement(pending!, { status: 'settled' });
    expect(promoted).toEqual({
      ...pending,
      tier: 'auto',
      reasons: pending!.reasons.filter((r) => r !== PENDING_SETTLEMENT_NOTE),
    });
    // The same match seen settled at once: the same proposal.
    const [settled] = matchPayments({
      transactions: [payment('100.00', { invoiceId: '90001234', status: 'settled' })],
      openItems: [invoice('90001234', '100.00')],
    });
    expect(promoted).toEqual({ ...settled, transactionId: pending!.transactionId });
    // A suggestion for its own reasons stays one.
    const [other] = matchPayments({
      transactions: [payment('100.00', { invoiceId: '90001234', vaultCustomerId: 'GLOBEX' })],
      openItems: [invoice('90001234', '100.00', { customer: ACME.source.KUNNR })],
      customers: [ACME, GLOBEX],
    });
    expect(other!.tier).toBe('suggest');
    expect(promotedOnSettlement(other!, { status: 'settled' })).toBeNull();
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

  it('no invoice number, but the vault id names the customer and one open item has the amount: automatic', () => {
    const [p] = matchPayments({
      transactions: [payment('250.00', { vaultCustomerId: 'ACME01', description: 'Online payment' })],
      openItems: items,
      customers: [ACME],
    });
    expect(p!.tier).toBe('auto');
    expect(applied(p!)).toEqual(['0090001235=250.00']);
    expect(p!.reasons[0]).toMatch(/vault id ACME01/);
    expect(p!.reasons.join(' ')).toMatch(/payer is certain and no other open item of the customer or its group/);
    // The rules decide: left out (older rules files) or 'suggest', a clerk confirms it.
    const { soleAmount: _off, ...older } = DEFAULT_RULES;
    for (const rules of [parseRules(older), parseRules({ ...DEFAULT_RULES, soleAmount: 'suggest' })]) {
      const [q] = matchPayments(
        { transactions: [payment('250.00', { vaultCustomerId: 'ACME01' })], openItems: items, customers: [ACME] },
        rules,
      );
      expect(q!.tier).toBe('suggest');
      expect(applied(q!)).toEqual(['0090001235=250.00']);
    }
    // Still never a sale that can be voided.
    const [pending] = matchPayments({
      transactions: [payment('250.00', { vaultCustomerId: 'ACME01', status: 'pending' })],
      openItems: items,
      customers: [ACME],
    });
    expect(pending!.tier).toBe('suggest');
  });

  it('without an invoice number only a certain payer, a silent payment and an amount unique in the group go automatic', () => {
    const branch = { ...GLOBEX, headOffice: ACME.source.KUNNR, group: 'ACME' };
    const head = { ...ACME, group: 'ACME' };
    const peer: Customer = {
      source: { KUNNR: '0000100003', BUKRS: '1000' },
      name: 'Initech Inc',
      email: 'ap@initech.example',
      group: 'ACME',
    };
    const tier = (t: ReturnType<typeof payment>, openItems = items, customers: Customer[] = [head, branch, peer]) =>
      matchPayments({ transactions: [t], openItems, customers })[0]!;
    // A branch or a group member with an open item of the same amount: a clerk looks.
    const inBranch = [...items, invoice('90009999', '250.00', { customer: branch.source.KUNNR })];
    expect(tier(payment('250.00', { vaultCustomerId: 'ACME01' }), inBranch).tier).toBe('suggest');
    const inPeer = [...items, invoice('90009998', '250.00', { customer: peer.source.KUNNR, BUKRS: '2000' })];
    expect(tier(payment('250.00', { vaultCustomerId: 'ACME01' }), inPeer).tier).toBe('suggest');
    // Known by name only (no vault id, no e-mail address of its own): a likeness, not an identity, even when no
    // other open item of any customer is for the amount.
    expect(tier(payment('250.00', { billingName: 'Acme Corp' })).tier).toBe('suggest');
    // A certain payer is not held back by an item of the amount outside its group.
    const elsewhere = [...items, invoice('90008888', '250.00', { customer: '0000100009' })];
    expect(tier(payment('250.00', { vaultCustomerId: 'ACME01' }), elsewhere).tier).toBe('auto');
    // An invoice dated after the payment did not exist when the customer paid: a prepayment, a clerk places it.
    const later = [invoice('90001240', '250.00', { documentDate: '2025-03-06', postingDate: '2025-03-06' })];
    expect(tier(payment('250.00', { vaultCustomerId: 'ACME01' }), later).tier).toBe('suggest');
    // "ACME" is ACME Corp's name less its legal form, and how Acme Logistics starts: no one, unless typed in full.
    const logistics: Customer = { source: { KUNNR: '0000100007', BUKRS: '1000' }, name: 'Acme Logistics GmbH' };
    expect(tier(payment('640.00', { billingName: 'ACME' }), items, [ACME, logistics]).customer).toBeNull();
    expect(tier(payment('640.00', { billingName: 'Acme Corp.' }), items, [ACME, logistics]).customer).toBe(
      ACME.source.KUNNR,
    );
    // By its mail domain only, and a domain two customers share: no payer at all.
    const twin: Customer = { source: peer.source, name: peer.name, email: 'billing@acme.example' };
    expect(tier(payment('250.00', { email: 'jane@acme.example' }), items, [ACME, twin]).customer).toBeNull();
    // A number the payment names that is no open item (a PO, an old invoice): a clerk looks.
    expect(tier(payment('250.00', { vaultCustomerId: 'ACME01', description: 'Order 4711' })).tier).toBe('suggest');
    expect(tier(payment('250.00', { vaultCustomerId: 'ACME01', invoiceId: '90001299' })).tier).toBe('suggest');
    // The exact e-mail address on file is certain.
    expect(tier(payment('250.00', { email: 'AP@acme.example' })).tier).toBe('auto');
    // The head office pays the only item of its group for the amount, at a branch.
    const atBranch = [invoice('90007777', '310.00', { customer: branch.source.KUNNR }), ...items];
    const paid = tier(payment('310.00', { vaultCustomerId: 'ACME01' }), atBranch);
    expect(paid.tier).toBe('auto');
    expect(paid.customer).toBe(branch.source.KUNNR);
  });

  it('two payments of the run wanting the one item of their amount: neither is automatic', () => {
    const ps = matchPayments({
      transactions: [
        payment('250.00', { vaultCustomerId: 'ACME01' }),
        payment('250.00', { vaultCustomerId: 'ACME01', createdAt: { utc: '2025-03-03T18:00:00.000Z', original: '' } }),
      ],
      openItems: items,
      customers: [ACME],
    });
    expect(ps.map((p) => p.tier)).toEqual(['suggest', 'suggest']);
    expect(applied(ps[0]!)).toEqual(['0090001235=250.00']);
    expect(ps[0]!.reasons.join(' ')).toMatch(/another payment in this run could pay the same item/);
    expect(ps[1]!.reasons.join(' ')).toMatch(/likely duplicate of payment/);
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

describe('a number one digit off, and the amount of the neighbouring invoice exactly', () => {
  const items = [invoice('91213095', '1234.56'), invoice('91213096', '1250.00')];
  it('suggests the invoice of exactly the amount, names why, and keeps the typed one as the alternative', () => {
    const [p] = matchPayments({
      transactions: [payment('1234.56', { invoiceId: '91213096' })],
      openItems: items,
      customers: [ACME],
    });
    expect(p!.tier).toBe('suggest');
    expect(applied(p!)).toEqual(['0091213095=1234.56']);
    expect(p!.writeOff ?? null).toBeNull();
    expect(p!.reasons.join(' ')).toMatch(
      /but that is for 1,250\.00 USD; invoice 91213095 .* is for exactly 1,234\.56 USD: likely a mistyped number, a clerk confirms/,
    );
  });

  it('a part payment of the typed invoice with no neighbour of its amount stays on the typed one', () => {
    const [p] = matchPayments({
      transactions: [payment('1000.00', { invoiceId: '91213096' })],
      openItems: items,
      customers: [ACME],
    });
    expect(applied(p!)).toEqual(['0091213096=1000.00']);
  });
});

describe('a number typed that the payment cannot pay', () => {
  it('says so: an invoice open in another currency, or a credit of the payer', () => {
    const [eur, credit] = matchPayments({
      transactions: [
        payment('1200.00', { invoiceId: '91213095', vaultCustomerId: 'ACME01', currency: 'EUR' }),
        payment('75.00', { invoiceId: '91250020', vaultCustomerId: 'ACME01' }),
      ],
      openItems: [
        invoice('91213095', '1200.00'),
        { ...invoice('91250020', '75.00', { documentType: 'DG' }), amount: { minor: -7500, currency: 'USD' } },
      ],
      customers: [ACME],
    });
    expect(eur!.reasons.join(' ')).toContain(
      "invoice 91213095 in PayTrace's invoice field is open in USD (invoice 91213095 (1000/0091213095/2025, 1,200.00 USD)), and the payment is in EUR: not applied to it",
    );
    expect(credit!.reasons.join(' ')).toMatch(
      /91250020 in PayTrace's invoice field is an open credit of the payer, .* not an invoice: a payment does not clear it/,
    );
  });
});

describe('a payer no one knows, a number a digit off, an amount found once', () => {
  const stranger = { invoiceId: '91213094', billingName: 'J. Miller', email: 'jm1962@gmail.com' };
  it('suggests the one open item of any customer for the amount, with its customer: never automatic', () => {
    const [p] = matchPayments({
      transactions: [payment('1234.56', stranger)],
      openItems: [invoice('91213095', '1234.56'), invoice('91213096', '1250.00')],
      customers: [ACME],
    });
    expect(p!.tier).toBe('suggest');
    expect(p!.customer).toBe(ACME.source.KUNNR);
    expect(applied(p!)).toEqual(['0091213095=1234.56']);
    expect(p!.reasons.join(' ')).toMatch(
      /invoice 91213094 in PayTrace's invoice field is not an open item, and the payer is unknown .* is the only open item of any customer for exactly 1,234\.56 USD: likely a mistyped number; a clerk confirms the payer/,
    );
  });

  it('two items of the amount, or a number further off: suspense, as before', () => {
    const twice = matchPayments({
      transactions: [payment('1234.56', stranger)],
      openItems: [invoice('91213095', '1234.56'), invoice('91219999', '1234.56', { customer: '0000100002' })],
      customers: [ACME],
    })[0]!;
    expect(twice.case).toBe('suspense');
    const far = matchPayments({
      transactions: [payment('1234.56', { ...stranger, invoiceId: '91218894' })],
      openItems: [invoice('91213095', '1234.56')],
      customers: [ACME],
    })[0]!;
    expect(far.case).toBe('suspense');
  });
});

describe('one number typed, and the amount of that invoice and exactly one more', () => {
  it("suggests both (the second the customer's only item of what is over), the overpayment second", () => {
    const items = [invoice('91213095', '1200.00'), invoice('91213096', '850.50'), invoice('91213099', '400.00')];
    const [p] = matchPayments({
      transactions: [payment('2050.50', { invoiceId: '91213095' })],
      openItems: items,
      customers: [ACME],
    });
    expect(p!.tier).toBe('suggest');
    expect(applied(p!)).toEqual(['0091213095=1200.00', '0091213096=850.50']);
    expect(toDecimal(p!.onAccount)).toBe('0.00');
    expect(p!.reasons.join(' ')).toMatch(
      /850\.50 USD more than that invoice is exactly invoice 91213096 .* a clerk confirms/,
    );
    // Two items of what is over: nothing tells which, the rest stays on account.
    const [q] = matchPayments({
      transactions: [payment('2050.50', { invoiceId: '91213095' })],
      openItems: [...items, invoice('91213097', '850.50')],
      customers: [ACME],
    });
    expect(applied(q!)).toEqual(['0091213095=1200.00']);
    expect(toDecimal(q!.onAccount)).toBe('850.50');
  });
});

describe("an invoice number typed that is another customer's open item", () => {
  it("is named as the other's, not called unknown, and the payer's own item of the amount is suggested", () => {
    const [p] = matchPayments({
      transactions: [payment('1200.00', { vaultCustomerId: 'ACME01', invoiceId: '91213059' })],
      openItems: [invoice('91213059', '990.00', { customer: '0000100002' }), invoice('91213095', '1200.00')],
      customers: [ACME, GLOBEX],
    });
    expect(p!.tier).toBe('suggest');
    expect(applied(p!)).toEqual(['0091213095=1200.00']);
    expect(p!.reasons.join(' ')).toMatch(
      /invoice 91213059 in PayTrace's invoice field is an open item of 0000100002 \(Globex LLC\), not of this payer: not applied to it/,
    );
    expect(p!.reasons.join(' ')).not.toMatch(/91213059 .* is not an open item/);
  });
});

describe('tolerance: within both limits, the lower applies (SAP tolerance groups, OBA3)', () => {
  // Shipped: 1.00 USD and 2 %.
  const fit = (pay: string, open: string) =>
    matchPayments({
      transactions: [payment(pay, { invoiceId: '90001234' })],
      openItems: [invoice('90001234', open)],
    })[0]!;

  it('0.50 short on 60,000.00 is written off; 50.00 short is a deduction left open, not a payment difference', () => {
    expect(fit('59999.50', '60000.00')).toMatchObject({ writeOff: { why: 'tolerance', amount: { minor: 50 } } });
    const deducted = fit('59950.00', '60000.00');
    expect(deducted.writeOff ?? null).toBeNull();
    expect(deducted.reasons.join(' ')).not.toMatch(/within tolerance/);
  });

  it('on a small invoice the percentage is the lower limit: 0.50 short on 30.00 is within it, on 20.00 it is not', () => {
    expect(fit('29.50', '30.00')).toMatchObject({ writeOff: { why: 'tolerance' } });
    expect(fit('19.50', '20.00').writeOff?.why).not.toBe('tolerance');
  });
});

describe('no invoice number: an invoice less an open credit of the customer', () => {
  const memo = (ref: string, amount: string, assignment = ref) => ({
    ...invoice(ref, amount, { assignment }),
    documentType: 'DG',
  });
  const run = (pay: string, items: ReturnType<typeof invoice>[], o: Parameters<typeof payment>[1] = {}) =>
    matchPayments({
      transactions: [payment(pay, { vaultCustomerId: 'ACME01', ...o })],
      openItems: items,
      customers: [ACME],
    })[0]!;

  it('970.00 for an invoice of 1,000.00 and a credit of 30.00: both cleared, suggested, nothing written off', () => {
    const p = run('970.00', [
      invoice('91213501', '1000.00'),
      memo('91250011', '-30.00'),
      invoice('91213502', '640.00'),
    ]);
    expect(p.tier).toBe('suggest');
    expect(applied(p)).toEqual(['0091213501=1000.00', '0091250011=-30.00']);
    expect(p.writeOff ?? null).toBeNull();
    expect(toDecimal(p.onAccount)).toBe('0.00');
    expect(p.reasons.join(' ')).toMatch(
      /less the open credit .*91250011.* of the same customer \(not named: check it\) is 970\.00 USD: both are cleared/,
    );
  });

  it('a credit of 27.35 is not taken for a card fee: the customer would get its value twice', () => {
    const p = run('972.65', [invoice('91213501', '1000.00'), memo('91250012', '-27.35')]);
    expect(applied(p)).toEqual(['0091213501=1000.00', '0091250012=-27.35']);
    expect(p.writeOff ?? null).toBeNull();
  });

  it('the credit issued for the invoice (its assignment) among two that fit', () => {
    const p = run('970.00', [
      invoice('91213501', '1000.00'),
      invoice('91213503', '1000.00', { BELNR: '0091213503' }),
      memo('91250013', '-30.00', '91213503'),
    ]);
    expect(applied(p)).toEqual(['0091213503=1000.00', '0091250013=-30.00']);
    expect(p.reasons.join(' ')).toMatch(/issued for this invoice \(its assignment\)/);
  });

  it('two invoices that each make the amount with the credit, and nothing says which: no netting offered', () => {
    const p = run('970.00', [
      invoice('91213501', '1000.00'),
      invoice('91213504', '1000.00', { BELNR: '0091213504' }),
      memo('91250014', '-30.00', 'RMA-7'),
    ]);
    expect(p.tier).not.toBe('auto');
    expect(applied(p)).not.toContain('0091250014=-30.00');
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
      new RegExp(
        `^likely duplicate of payment ${first.source.transaction_id}, which this run proposes for invoice 90001234 .*: neither is posted yet$`,
      ),
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
  it('matches a transaction id given twice only the first time, whatever the id', () => {
    // Ids that share their low or their high 32 bits, and ids no table slot can hold (a bad record's).
    const ids = [2 ** 32 + 7, 7, 2 ** 33 + 7, 2 ** 32 + 8, -1, 0, 1.5];
    const transactions = [...ids, ...ids].map((id, k) =>
      payment('100.00', { source: { transaction_id: id }, invoiceId: `9000${1000 + (k % ids.length)}` }),
    );
    const openItems = ids.map((_, k) => invoice(`9000${1000 + k}`, '100.00'));
    const out = matchPayments({ transactions, openItems });
    expect(out.slice(0, ids.length).map((p) => p.case)).toEqual(ids.map(() => 'exact'));
    for (const p of out.slice(ids.length)) {
      expect(p.case).toBe('bad-record');
      expect(p.reasons[0]).toBe(
        `transaction ${p.transactionId} appears more than once in the input; only the first is matched`,
      );
    }
  });

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

  describe('a refund pays out an open credit of the customer', () => {
    const sale = payment('100.00', {
      invoiceId: '90001234',
      createdAt: { utc: '2025-03-01T17:00:00.000Z', original: '' },
    });
    const refundOf = (o: Parameters<typeof payment>[1] = {}) =>
      payment('30.00', { kind: 'refund', createdAt: { utc: '2025-03-04T17:00:00.000Z', original: '' }, ...o });
    const credit = (ref: string, amount: string, postingDate: string, assignment = ref) => ({
      ...invoice(ref, amount, { postingDate, assignment }),
      documentType: 'DG',
    });
    const run = (refund: ReturnType<typeof payment>, credits: ReturnType<typeof credit>[]) =>
      matchPayments({ transactions: [sale, refund], openItems: [invoice('90001234', '100.00'), ...credits] })[1]!;

    it('the credit memo for the refunded invoice: proposed against it, nothing on account', () => {
      const r = run(refundOf({ invoiceId: '90001234' }), [credit('91200001', '-30.00', '2025-03-03', '90001234')]);
      expect(r).toMatchObject({ case: 'refund', tier: 'suggest', companyCode: '1000' });
      expect(applied(r)).toEqual(['0091200001=-30.00']);
      expect(toDecimal(r.onAccount)).toBe('0.00');
      expect(r.reasons.join(' ')).toMatch(/pays out 30.00 USD of credit memo 0091200001 for invoice 90001234/);
    });

    it('the credit the refund names, not an older one of the same amount', () => {
      const r = run(refundOf({ description: 'Refund per credit 91200002' }), [
        credit('91200009', '-30.00', '2025-02-01', 'RMA1'),
        credit('91200002', '-30.00', '2025-03-03', 'RMA2'),
      ]);
      expect(applied(r)).toEqual(['0091200002=-30.00']);
      expect(r.confidence).toBe(0.9);
      expect(r.reasons.join(' ')).toMatch(/which the refund names/);
    });

    it('two credits of the amount and no name: the oldest offered, both named, a clerk decides', () => {
      const r = run(refundOf(), [
        credit('91200004', '-30.00', '2025-03-02', 'RMA4'),
        credit('91200003', '-30.00', '2025-02-02', 'RMA3'),
      ]);
      expect(applied(r)).toEqual(['0091200003=-30.00']);
      expect(r.tier).toBe('suggest');
      expect(r.confidence).toBeLessThanOrEqual(0.6);
      expect(r.reasons.join(' ')).toMatch(
        /2 open credits .* 91200003, 91200004; the oldest is offered, a clerk decides/,
      );
    });

    it('no open credit: nothing is matched, and the reason says what to do', () => {
      const r = run(refundOf(), [credit('91200005', '-12.00', '2025-03-02', 'RMA5')]);
      expect(r.items).toEqual([]);
      expect(toDecimal(r.onAccount)).toBe('-30.00');
      expect(r.confidence).toBeLessThanOrEqual(0.3);
      expect(r.reasons.join(' ')).toMatch(/no open credit of .* post the credit memo in SAP/);
    });

    it('two refunds of one run never pay out the same credit twice', () => {
      const a = refundOf({ description: 'CM 91200006' });
      const b = refundOf({ description: 'CM 91200006' });
      const [, ra, rb] = matchPayments({
        transactions: [sale, a, b],
        openItems: [invoice('90001234', '100.00'), credit('91200006', '-30.00', '2025-03-03', 'RMA6')],
      });
      expect(applied(ra!)).toEqual(['0091200006=-30.00']);
      expect(rb!.items).toEqual([]);
    });
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

describe("a payer the customer master does not know, learned from the run's sure matches", () => {
  // Vault id V-7731 and ap@initech.example are in no customer's master data.
  const items = [
    invoice('90004001', '410.00'),
    invoice('90004002', '615.00'),
    invoice('90005001', '120.00', { customer: '0000100002', BELNR: '0090005001' }),
    invoice('90005002', '615.00', { customer: '0000100002', BELNR: '0090005002' }),
  ];
  const sure = (o: Parameters<typeof payment>[1]) => payment('410.00', { invoiceId: '90004001', ...o });
  const later = { utc: '2025-03-03T18:00:00.000Z', original: '' };

  it("the vault id that paid Acme's invoice by number makes its next payment Acme's, and says so", () => {
    const ps = matchPayments({
      transactions: [
        sure({ vaultCustomerId: 'V-7731' }),
        payment('615.00', { vaultCustomerId: 'V-7731', createdAt: later }),
      ],
      openItems: items,
      customers: [ACME, GLOBEX],
    });
    expect(ps[0]!.tier).toBe('auto');
    const p = ps[1]!;
    expect(p.customer).toBe('0000100001');
    expect(applied(p)).toEqual(['0090004002=615.00']);
    expect(p.reasons.join(' ')).toMatch(/vault id V-7731, which paid that customer's invoices by number in this run/);
  });

  it('learns an e-mail address too, when the later payment has no vault id', () => {
    const ps = matchPayments({
      transactions: [
        sure({ email: 'ap@initech.example' }),
        payment('615.00', { email: 'AP@initech.example', createdAt: later }),
      ],
      openItems: items,
      customers: [ACME, GLOBEX],
    });
    expect(ps[1]!.customer).toBe('0000100001');
    expect(ps[1]!.reasons.join(' ')).toMatch(/which paid that customer's invoices by number in this run/);
  });

  it('learns nothing from a vault id whose sure matches paid two customers', () => {
    const ps = matchPayments({
      transactions: [
        sure({ vaultCustomerId: 'V-7731' }),
        payment('120.00', { invoiceId: '90005001', vaultCustomerId: 'V-7731' }),
        payment('615.00', { vaultCustomerId: 'V-7731', createdAt: later }),
      ],
      openItems: items,
      customers: [ACME, GLOBEX],
    });
    expect(ps.slice(0, 2).map((p) => p.tier)).toEqual(['auto', 'auto']);
    // 615.00 is open at both customers: with the payer unknown, neither is said to be the payer's.
    expect(ps[2]!.reasons.join(' ')).not.toMatch(/in this run/);
    expect(ps[2]!.tier).not.toBe('auto');
  });
});

describe('an amount equal to two open items of the customer', () => {
  it('is suggested as one of them, both named, before an item it would pay short', () => {
    const [p] = matchPayments({
      transactions: [payment('10850.68', { vaultCustomerId: 'ACME01', description: 'Monthly payment' })],
      openItems: [
        invoice('91200294', '11139.14', { documentDate: '2025-01-10' }),
        invoice('91200605', '10850.68', { documentDate: '2025-01-28' }),
        invoice('91200606', '10850.68', { documentDate: '2025-02-28' }),
      ],
      customers: [ACME],
    });
    expect(p!.tier).toBe('suggest');
    expect(applied(p!)).toEqual(['0091200605=10850.68']);
    expect(p!.writeOff).toBeNull();
    expect(p!.reasons.join(' ')).toMatch(/ambiguous, not automatic: 2 open items for 10,850\.68 USD/);
    expect(p!.reasons.join(' ')).toMatch(/91200606/);
  });
});

describe('two payments of the run, two open items of their amount', () => {
  it('each payment takes one of them, oldest first; neither is called a duplicate', () => {
    const ps = matchPayments({
      transactions: [
        payment('250.00', { vaultCustomerId: 'ACME01' }),
        payment('250.00', { vaultCustomerId: 'ACME01', createdAt: { utc: '2025-03-03T18:00:00.000Z', original: '' } }),
        payment('250.00', { vaultCustomerId: 'ACME01', createdAt: { utc: '2025-03-03T19:00:00.000Z', original: '' } }),
      ],
      openItems: [
        invoice('90001235', '250.00', { documentDate: '2025-02-01' }),
        invoice('90001240', '250.00', { documentDate: '2025-02-05' }),
        invoice('90001241', '100.00'),
      ],
      customers: [ACME],
    });
    expect(ps.map((p) => p.tier)).toEqual(['suggest', 'suggest', 'suggest']);
    expect(applied(ps[0]!)).toEqual(['0090001235=250.00']);
    expect(applied(ps[1]!)).toEqual(['0090001240=250.00']);
    expect(ps[1]!.case).not.toBe('duplicate');
    expect(ps[1]!.reasons.join(' ')).toMatch(
      /invoice 90001235 .*of the same amount, is paid by payment \d+ in this run/,
    );
    expect(ps[1]!.reasons.join(' ')).not.toMatch(/likely duplicate/);
    // The third finds both taken: that one likely pays one of them again.
    expect(ps[2]!.case).toBe('duplicate');
    expect(applied(ps[2]!)).toEqual([]);
    expect(ps[2]!.reasons.join(' ')).toMatch(/likely duplicate of payment/);
  });
});
