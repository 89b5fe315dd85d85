import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  aliasId,
  DEFAULT_RULES,
  learnFromCorrection,
  matchPayments,
  mergeAliases,
  paidBeforeAliases,
  parseRules,
  removeAlias,
  RulesError,
} from '../../../shared/matching';
import { parseMoney } from '../../../shared/money';
import { ACME, GLOBEX, invoice, payment } from './helpers';

describe('rules are data', () => {
  it('resources/matching-rules.json is valid and equals the built-in defaults', () => {
    const file = JSON.parse(readFileSync(new URL('../../../resources/matching-rules.json', import.meta.url), 'utf8'));
    expect(parseRules(file)).toEqual(DEFAULT_RULES);
  });

  it('a bad rules file names every problem with its path', () => {
    const bad = { ...DEFAULT_RULES, autoThreshold: 2, stages: [{ id: 'exact-key', mode: 'sometimes' }] };
    expect(() => parseRules(bad)).toThrow(RulesError);
    try {
      parseRules(bad);
    } catch (e) {
      expect((e as Error).message).toMatch(/autoThreshold/);
      expect((e as Error).message).toMatch(/stages\.0\.mode/);
    }
  });

  it('a rules file that still sets a card-fee share is refused, saying why', () => {
    const older = { ...DEFAULT_RULES, cardFee: { maxBasisPoints: 400, gl: '0000479000' } };
    expect(() => parseRules(older)).toThrow(
      /cardFee: is no longer read\. PayTrace never takes a card fee out of a sale/,
    );
  });

  it('an exact-key stage set to suggest never posts automatically', () => {
    const rules = parseRules({
      ...DEFAULT_RULES,
      stages: DEFAULT_RULES.stages.map((s) => (s.id === 'exact-key' ? { ...s, mode: 'suggest' } : s)),
    });
    const [p] = matchPayments(
      { transactions: [payment('100.00', { invoiceId: '90001234' })], openItems: [invoice('90001234', '100.00')] },
      rules,
    );
    expect(p!.tier).toBe('suggest');
  });
});

describe('learning from clerks', () => {
  it('a clerk assigning "ACME CORP" to customer 0000100001 teaches the billing name, and the next run uses it', () => {
    const t = payment('250.00', { billingName: 'ACME HOLDINGS CORP' });
    const items = [invoice('90001235', '250.00', { customer: ACME.source.KUNNR })];
    const [before] = matchPayments({ transactions: [t], openItems: items, customers: [ACME, GLOBEX] });
    expect(before!.case).toBe('suspense');
    const learned = learnFromCorrection(before!, [{ item: items[0]!, amount: parseMoney('250.00', 'USD') }], t);
    expect(learned).toContainEqual({
      kind: 'billingName',
      value: 'ACME HOLDINGS',
      KUNNR: ACME.source.KUNNR,
      learnedFrom: t.source.transaction_id,
    });
    const [after] = matchPayments({
      transactions: [payment('250.00', { billingName: 'Acme Holdings Corp.' })],
      openItems: items,
      customers: [ACME, GLOBEX],
      aliases: learned,
    });
    expect(after!.items).toHaveLength(1);
    expect(after!.reasons[0]).toMatch(/as a clerk taught/);
  });

  it("a shared card: the history's customer has no open item to pay, the payment's own words name one that has", () => {
    // As the app sees the master: SAP's KNA1 holds no vault ids. CARD99 paid Globex before; this payment's billing
    // address is Acme's, and only Acme has an open item of 300.00 (no invoice number was typed).
    const customers = [
      { ...ACME, vaultIds: [] },
      { ...GLOBEX, vaultIds: [] },
    ];
    const history = paidBeforeAliases([{ vaultId: 'CARD99', KUNNR: GLOBEX.source.KUNNR, payment: 914 }]);
    const t = payment('300.00', {
      vaultCustomerId: 'CARD99',
      billingName: 'Pat Lee',
      billingAddress: { street: '1 Main Street', city: 'Portland', zip: '97201' },
    });
    const acme = invoice('90003101', '300.00', { customer: ACME.source.KUNNR });
    const [p] = matchPayments({ transactions: [t], openItems: [acme], customers, aliases: history });
    expect(p!.customer).toBe(ACME.source.KUNNR);
    expect(p!.items.map((i) => i.item.BELNR)).toEqual([acme.source.BELNR]);
    expect(p!.tier).toBe('suggest');
    expect(p!.reasons.join(' ')).toContain(
      'PayTrace vault id CARD99 paid the invoices of 0000100002 (Globex LLC) before, which has no open item this payment fits: a card that pays for more than one customer',
    );
    // Where the history's customer has an open item the payment fits, the history stands (it is the stronger word).
    const globex = invoice('90003102', '300.00', { customer: GLOBEX.source.KUNNR });
    const [q] = matchPayments({ transactions: [t], openItems: [acme, globex], customers, aliases: history });
    expect(q!.customer).toBe(GLOBEX.source.KUNNR);
    expect(q!.tier).toBe('suggest');
  });

  it('a vault id whose approved payments went to one customer names that customer; one that paid two names neither', () => {
    // As the app sees the master: SAP's KNA1 holds no vault ids.
    const customers = [
      { ...ACME, vaultIds: [] },
      { ...GLOBEX, vaultIds: [] },
    ];
    const items = [
      invoice('90003001', '250.00', { customer: ACME.source.KUNNR }),
      invoice('90003002', '250.00', { customer: GLOBEX.source.KUNNR }),
    ];
    const run = (aliases: Parameters<typeof matchPayments>[0]['aliases']) =>
      matchPayments({
        transactions: [payment('250.00', { vaultCustomerId: 'CARD77', billingName: 'J SMITH' })],
        openItems: items,
        customers,
        aliases,
      })[0]!;
    expect(run([]).customer).toBeNull();

    const history = paidBeforeAliases([
      { vaultId: 'CARD77', KUNNR: ACME.source.KUNNR, payment: 880 },
      { vaultId: 'CARD77', KUNNR: ACME.source.KUNNR, payment: 912 },
      { vaultId: 'CARD99', KUNNR: ACME.source.KUNNR, payment: 913 },
      { vaultId: 'CARD99', KUNNR: GLOBEX.source.KUNNR, payment: 914 },
      { vaultId: ' ', KUNNR: GLOBEX.source.KUNNR, payment: 915 },
    ]);
    expect(history).toEqual([{ kind: 'paidBefore', value: 'CARD77', KUNNR: ACME.source.KUNNR, learnedFrom: 912 }]);
    const known = run(history);
    expect(known.customer).toBe(ACME.source.KUNNR);
    expect(known.items.map((i) => i.item.BELNR)).toEqual([items[0]!.source.BELNR]);
    // Below a certain payer: suggested, never automatic by itself (a shared card may have paid once).
    expect(known.tier).toBe('suggest');
    expect(known.reasons.join(' ')).toMatch(
      /PayTrace vault id CARD77, which paid this customer's invoices before \(payment 912 was approved\)/,
    );

    // The exact e-mail SAP's master holds wins over the history: the card may pay for another company now.
    const otherCompany = matchPayments({
      transactions: [payment('250.00', { vaultCustomerId: 'CARD77', email: GLOBEX.email! })],
      openItems: items,
      customers,
      aliases: history,
    })[0]!;
    expect(otherCompany.customer).toBe(GLOBEX.source.KUNNR);
    // A vault id that is an SAP number without its zeros is that customer's, whatever the history says.
    const byNumber = matchPayments({
      transactions: [payment('250.00', { vaultCustomerId: '100001' })],
      openItems: items,
      customers,
      aliases: paidBeforeAliases([{ vaultId: '100001', KUNNR: GLOBEX.source.KUNNR, payment: 916 }]),
    })[0]!;
    expect(byNumber.customer).toBe(ACME.source.KUNNR);
    // A clerk's lesson wins over the history; SAP's master (a vault id it holds) over both.
    const taught = { kind: 'vaultId' as const, value: 'CARD77', KUNNR: GLOBEX.source.KUNNR, learnedFrom: 950 };
    expect(run([...history, taught]).customer).toBe(GLOBEX.source.KUNNR);
    const inMaster = matchPayments({
      transactions: [payment('250.00', { vaultCustomerId: 'CARD77' })],
      openItems: items,
      customers: [customers[0]!, { ...customers[1]!, vaultIds: ['CARD77'] }],
      aliases: history,
    })[0]!;
    expect(inMaster.customer).toBe(GLOBEX.source.KUNNR);
  });

  it('an invoice-number habit becomes a prefix rule: WEB-1234 means 90001234', () => {
    const t = payment('100.00', { invoiceId: 'WEB-1234' });
    const items = [invoice('90001234', '100.00')];
    const [before] = matchPayments({ transactions: [t], openItems: items });
    const learned = learnFromCorrection(before!, [{ item: items[0]!, amount: parseMoney('100.00', 'USD') }], t);
    expect(learned).toContainEqual({
      kind: 'referencePrefix',
      from: 'WEB',
      to: '9000',
      learnedFrom: t.source.transaction_id,
    });
    const [after] = matchPayments({
      transactions: [payment('100.00', { invoiceId: 'web 1234' })],
      openItems: items,
      aliases: learned,
    });
    expect(after!.items).toHaveLength(1);
    expect(after!.tier).toBe('suggest');
  });

  it('a typo teaches nothing about prefixes', () => {
    const t = payment('100.00', { invoiceId: '90002234' });
    expect(
      learnFromCorrection(
        { customer: '0000100001', items: [] },
        [{ item: invoice('90001234', '100.00'), amount: parseMoney('100.00', 'USD') }],
        t,
      ),
    ).toEqual([]);
  });

  it('aliases are plain data: merged by id (newest wins) and removed by id', () => {
    const a = { kind: 'vaultId' as const, value: 'V1', KUNNR: '0000000001', learnedFrom: 1 };
    const b = { ...a, KUNNR: '0000000002', learnedFrom: 2 };
    const merged = mergeAliases([a], [b]);
    expect(merged).toEqual([b]);
    expect(removeAlias(merged, aliasId(b))).toEqual([]);
  });
});
