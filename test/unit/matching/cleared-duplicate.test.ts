// A second payment of an invoice SAP cleared already (issue 15, point 7): on account of the
// customer, flagged as a likely duplicate with the first payment or SAP's clearing named, never
// applied again and never automatic.
import { describe, expect, it } from 'vitest';
import type { OpenItem } from '../../../shared/domain';
import {
  type ClearedItem,
  clearedLookupKeys,
  DEFAULT_RULES,
  matchPayments,
  preparePrefixes,
} from '../../../shared/matching';
import { toDecimal } from '../../../shared/money';
import { ACME, GLOBEX, invoice, payment } from './helpers';

function cleared(item: OpenItem, document: string | null, date: string | null, paidBy: number | null): ClearedItem {
  return { ...item, clearing: { document, date, paidBy } };
}

const paidByUs = cleared(invoice('90001234', '100.00'), '1400000456', '2026-11-30', 100000123);
const paidInSap = cleared(invoice('90001234', '100.00'), '1400000456', '2026-11-30', null);
const other = invoice('90005555', '80.00');

describe('a payment listing an invoice cleared already beside an open one', () => {
  it('applies the open one and says the rest on account is likely the second payment of the cleared one', () => {
    const [p] = matchPayments({
      transactions: [payment('180.00', { invoiceId: '90001234/5555', vaultCustomerId: 'ACME01' })],
      openItems: [invoice('90005555', '80.00')],
      customers: [ACME],
      clearedItems: [paidByUs],
    });
    expect(p!.items.map((i) => i.item.BELNR)).toEqual(['0090005555']);
    expect(toDecimal(p!.onAccount)).toBe('100.00');
    expect(p!.tier).not.toBe('auto');
    expect(p!.reasons.join(' ')).toMatch(
      /likely duplicate of payment 100000123, which already paid invoice 90001234 .*: the 100\.00 USD left on account is likely that second payment/,
    );
  });
});

describe('a payment of an invoice already cleared in SAP', () => {
  it('names the payment that paid it when ClearDesk posted the clearing: on account, not automatic', () => {
    const [p] = matchPayments({
      transactions: [payment('100.00', { invoiceId: '90001234', vaultCustomerId: 'ACME01' })],
      openItems: [other],
      customers: [ACME],
      clearedItems: [paidByUs],
    });
    expect(p).toMatchObject({ case: 'duplicate', tier: 'suggest', customer: ACME.source.KUNNR, companyCode: '1000' });
    expect(p!.items).toEqual([]);
    expect(toDecimal(p!.onAccount)).toBe('100.00');
    expect(p!.reasons[0]).toBe(
      'likely duplicate of payment 100000123, which already paid invoice 90001234 (cleared in SAP by 1400000456 on 2026-11-30)',
    );
    expect(p!.reasons.join(' ')).toMatch(/post 100\.00 USD on account of 0000100001 \(Acme Corp\), or refund it/);
  });

  it("names SAP's clearing when it was not ClearDesk's", () => {
    const [p] = matchPayments({
      transactions: [payment('100.00', { invoiceId: 'INV-0090001234', vaultCustomerId: 'ACME01' })],
      openItems: [],
      customers: [ACME],
      clearedItems: [paidInSap],
    });
    expect(p).toMatchObject({ case: 'duplicate', tier: 'suggest', companyCode: '1000' });
    expect(p!.reasons[0]).toBe(
      'invoice 90001234 was already cleared in SAP by 1400000456 on 2026-11-30: likely a duplicate payment',
    );
  });

  it('without the clearing known, says it was cleared without inventing a document', () => {
    const [p] = matchPayments({
      transactions: [payment('100.00', { description: 'Invoice 90001234', vaultCustomerId: 'ACME01' })],
      openItems: [],
      customers: [ACME],
      clearedItems: [cleared(invoice('90001234', '100.00'), null, null, null)],
    });
    expect(p!.reasons[0]).toBe('invoice 90001234 was already cleared in SAP: likely a duplicate payment');
  });

  it('beats a guess by amount of an invoice it does not name, and says so', () => {
    const sameAmount = invoice('90007777', '100.00');
    const [p] = matchPayments({
      transactions: [payment('100.00', { invoiceId: '90001234', vaultCustomerId: 'ACME01' })],
      openItems: [sameAmount],
      customers: [ACME],
      clearedItems: [paidByUs],
    });
    expect(p).toMatchObject({ case: 'duplicate', tier: 'suggest' });
    expect(p!.items).toEqual([]);
    expect(p!.reasons.join(' ')).toMatch(/would also fit invoice 90007777 .* which the payment does not name/);
    // Without the cleared invoice the same payment takes the guess: the cleared item is what changed it.
    const [q] = matchPayments({
      transactions: [payment('100.00', { invoiceId: '90001234', vaultCustomerId: 'ACME01' })],
      openItems: [sameAmount],
      customers: [ACME],
    });
    expect(q!.case).not.toBe('duplicate');
    expect(q!.items).toHaveLength(1);
  });

  it('an unknown payer whose amount equals the cleared invoice, with no open candidate', () => {
    const [p] = matchPayments({
      transactions: [payment('100.00', { invoiceId: '90001234', billingName: 'Jordan Miles' })],
      openItems: [other],
      customers: [ACME],
      clearedItems: [paidInSap],
    });
    expect(p).toMatchObject({ case: 'duplicate', tier: 'suggest', customer: ACME.source.KUNNR });
    // Another amount from an unknown payer proves nothing: suspense as before.
    const [q] = matchPayments({
      transactions: [payment('60.00', { invoiceId: '90001234', billingName: 'Jordan Miles' })],
      openItems: [other],
      customers: [ACME],
      clearedItems: [paidInSap],
    });
    expect(q!.case).toBe('suspense');
  });

  it('a payment that also names an open invoice it pays is unaffected', () => {
    const open = invoice('90001235', '100.00');
    const [p] = matchPayments({
      transactions: [payment('100.00', { invoiceId: '90001234, 90001235', vaultCustomerId: 'ACME01' })],
      openItems: [open],
      customers: [ACME],
      clearedItems: [paidByUs],
    });
    expect(p!.case).toBe('exact');
    expect(p!.tier).toBe('auto');
    expect(p!.items.map((a) => a.item.BELNR)).toEqual(['0090001235']);
    expect(p!.reasons.join(' ')).not.toMatch(/duplicate/);
  });

  it("another customer's cleared invoice never makes a duplicate", () => {
    const globexCleared = cleared(
      invoice('90001234', '100.00', { customer: GLOBEX.source.KUNNR }),
      '1400000456',
      '2026-11-30',
      100000123,
    );
    const [p] = matchPayments({
      transactions: [payment('100.00', { invoiceId: '90001234', vaultCustomerId: 'ACME01' })],
      openItems: [other],
      customers: [ACME, GLOBEX],
      clearedItems: [globexCleared],
    });
    expect(p!.case).not.toBe('duplicate');
    expect(p!.reasons.join(' ')).not.toMatch(/duplicate|cleared in SAP/);
  });

  it('another currency, or a special G/L item, is no duplicate either', () => {
    const run = (item: ClearedItem) =>
      matchPayments({
        transactions: [payment('100.00', { invoiceId: '90001234', vaultCustomerId: 'ACME01' })],
        openItems: [],
        customers: [ACME],
        clearedItems: [item],
      })[0]!;
    expect(
      run(cleared(invoice('90001234', '100.00', { currency: 'EUR' }), '1400000456', '2026-11-30', null)).case,
    ).not.toBe('duplicate');
    expect(run({ ...paidInSap, specialGl: 'A' }).case).not.toBe('duplicate');
  });

  it('is never automatic, whatever the rules allow', () => {
    const rules = { ...DEFAULT_RULES, autoThreshold: 0.3, suggestThreshold: 0.3 };
    const [p] = matchPayments(
      {
        transactions: [payment('100.00', { invoiceId: '90001234', vaultCustomerId: 'ACME01' })],
        openItems: [],
        customers: [ACME],
        clearedItems: [paidByUs],
      },
      rules,
    );
    expect(p!.case).toBe('duplicate');
    expect(p!.tier).not.toBe('auto');
  });
});

describe('clearedLookupKeys', () => {
  it("is every number the run's sales name, normalised, once; refunds name none", () => {
    const prefixes = preparePrefixes(DEFAULT_RULES.referencePrefixes);
    const keys = clearedLookupKeys(
      [
        payment('1.00', { invoiceId: 'INV-0090001234', description: 'also 90001235/36' }),
        payment('1.00', { customerReferenceId: '90001234' }),
        payment('1.00', { kind: 'refund', invoiceId: '90009999' }),
      ],
      prefixes,
    );
    expect(keys).toEqual(expect.arrayContaining(['90001234', '90001235', '90001236']));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain('90009999');
  });
});
