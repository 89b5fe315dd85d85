// The posting builder: FI documents from approved matches, balanced by construction.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SAP_CURRENCIES, fromBapiAmount, money } from '../../../shared/money';
import {
  type PostingInput,
  appliedItemsFromMatch,
  buildFiDocument,
  documentBalance,
  parseGlRules,
  parsePostingReference,
  postingReference,
  previewLines,
  PostingInputError,
} from '../../../shared/posting';
import glRules from '../../../resources/gl-rules.json';

const rules = parseGlRules(glRules);

const base = (over: Partial<PostingInput> = {}): PostingInput => ({
  kind: 'payment',
  companyCode: '1000',
  documentDate: '2026-11-20',
  postingDate: '2026-11-21',
  reference: 'PT123456P',
  customer: '0000100001',
  amount: money(10000, 'USD'),
  items: [],
  source: { transactionId: 123456, invoiceId: 'INV-7', paymentMethod: 'visa' },
  ...over,
});

describe('buildFiDocument', () => {
  it('a payment of 100.00 for invoice 90001234 posts card clearing 100.00 / customer -100.00; the clearing line carries the settlement batch', () => {
    const doc = buildFiDocument(
      base({
        items: [{ assignment: '90001234', reference: '90001234', amount: money(10000, 'USD') }],
        settlement: { batch: 4711, date: '2026-11-20' },
        approver: { name: 'Dana Approver', sapUser: 'DAPPROVER' },
      }),
      { rules },
    );
    expect(doc.DOCUMENTHEADER).toMatchObject({
      DOC_TYPE: 'DZ',
      COMP_CODE: '1000',
      DOC_DATE: '20261120',
      PSTNG_DATE: '20261121',
      REF_DOC_NO: 'PT123456P',
      BUS_ACT: 'RFBU',
      USERNAME: 'DAPPROVER',
      HEADER_TXT: 'Appr. Dana Approver',
    });
    expect(previewLines(doc).map((l) => [l.kind, l.account, l.amount.minor, l.assignment])).toEqual([
      ['gl', '0000113100', 10000, 'B4711-20261120'],
      ['customer', '0000100001', -10000, '90001234'],
    ]);
    expect(doc.CURRENCYAMOUNT.map((c) => c.AMT_DOCCUR)).toEqual(['100.00', '-100.00']);
  });

  it('without a mapped SAP user USERNAME is empty (SAP writes the RFC user) and the header names the approver; SAP derives the period from the posting date', () => {
    const doc = buildFiDocument(base({ approver: { name: 'Maximilian Alexander Schulzenberg', sapUser: null } }), {
      rules,
    });
    expect(doc.DOCUMENTHEADER.USERNAME).toBe('');
    expect(doc.DOCUMENTHEADER.HEADER_TXT).toBe('Appr. M. A. Schulzenberg');
    expect(doc.DOCUMENTHEADER.HEADER_TXT.length).toBeLessThanOrEqual(25);
    expect(doc.DOCUMENTHEADER).not.toHaveProperty('FIS_PERIOD');
    expect(doc.DOCUMENTHEADER).not.toHaveProperty('FISC_YEAR');
  });

  it('an overpayment leaves the rest on account; no card fee is estimated, and the Amex rule picks the account', () => {
    const doc = buildFiDocument(
      base({
        amount: money(20000, 'USD'),
        source: { transactionId: 9, invoiceId: '', paymentMethod: 'amex' },
        items: [{ assignment: 'A1', reference: 'R1', amount: money(15000, 'USD') }],
      }),
      { rules, assignmentFrom: 'transaction_id' },
    );
    expect(previewLines(doc).map((l) => [l.kind, l.account, l.amount.minor, l.assignment])).toEqual([
      ['gl', '0000113110', 20000, 'UNSETTLED 20261120'],
      ['customer', '0000100001', -15000, '9'],
      ['customer', '0000100001', -5000, '9'],
    ]);
  });

  it('a payment that nets a credit memo against its invoice clears both: customer -120.00 for the invoice, +20.00 for the credit', () => {
    const doc = buildFiDocument(
      base({
        items: [
          { assignment: '91200001', reference: '91200001', amount: money(12000, 'USD') },
          { assignment: '91200001', reference: '91200002', amount: money(-2000, 'USD') },
        ],
      }),
      { rules },
    );
    expect(previewLines(doc).map((l) => [l.kind, l.amount.minor, l.assignment])).toEqual([
      ['gl', 10000, 'UNSETTLED 20261120'],
      ['customer', -12000, '91200001'],
      ['customer', 2000, '91200001'],
    ]);
    expect(documentBalance(doc).get('USD')).toBe(0n);
    expect(() =>
      buildFiDocument(
        base({ kind: 'refund', items: [{ assignment: '', reference: 'CM1', amount: money(-10000, 'USD') }] }),
        { rules },
      ),
    ).toThrow(PostingInputError);
  });

  it('a fee rule with basisPoints is refused: fees come only from a processor statement', () => {
    expect(() =>
      parseGlRules({
        rules: [{ companyCode: '*', transactionType: 'fee', paymentMethod: '*', account: '479000', basisPoints: 290 }],
      }),
    ).toThrow(/basisPoints.*no longer read/);
  });

  it('a refund debits the customer against the credits it clears and credits the card clearing account', () => {
    const doc = buildFiDocument(
      base({
        kind: 'refund',
        reference: postingReference(123456, 'refund'),
        settlement: { batch: 12, date: '2026-11-22' },
        items: [
          { assignment: 'PT99P', reference: 'PT99P', amount: money(3000, 'USD') },
          { assignment: '90001234', reference: '90001234', amount: money(7000, 'USD') },
        ],
      }),
      { rules },
    );
    expect(previewLines(doc).map((l) => [l.kind, l.amount.minor, l.assignment])).toEqual([
      ['customer', 3000, 'PT99P'],
      ['customer', 7000, '90001234'],
      ['gl', -10000, 'B12-20261122'],
    ]);
  });

  it('refuses a refund whose credits do not add up to it: the rest would stay an open debit', () => {
    const refund = (items: PostingInput['items']) =>
      buildFiDocument(base({ kind: 'refund', reference: postingReference(123456, 'refund'), items }), { rules });
    expect(() => refund([])).toThrow(/none was given/);
    expect(() => refund([{ assignment: 'A', reference: 'R', amount: money(9999, 'USD') }])).toThrow(/add up to 9999/);
  });

  it('a payment nobody can be matched to goes to suspense without a customer line', () => {
    const doc = buildFiDocument(base({ kind: 'suspense', customer: null }), { rules });
    expect(doc.ACCOUNTRECEIVABLE).toEqual([]);
    expect(doc.ACCOUNTGL.map((g) => g.GL_ACCOUNT)).toEqual(['0000113100', '0000113999']);
    expect(doc.DOCUMENTHEADER.DOC_TYPE).toBe('SA');
  });

  it('refuses items that exceed the payment, and a reference longer than XBLNR', () => {
    expect(() =>
      buildFiDocument(base({ items: [{ assignment: 'A', reference: 'R', amount: money(10001, 'USD') }] }), { rules }),
    ).toThrow(PostingInputError);
    expect(() => buildFiDocument(base({ reference: 'X'.repeat(17) }), { rules })).toThrow(/16 characters/);
  });

  it('sends JPY without decimals and CNY under the SAP key RMB when the table says so', () => {
    const jpy = buildFiDocument(base({ amount: money(12000, 'JPY') }), { rules });
    expect(jpy.CURRENCYAMOUNT[0]).toMatchObject({ CURRENCY: 'JPY', AMT_DOCCUR: '12000' });
    const kwd = buildFiDocument(base({ amount: money(12345, 'KWD') }), { rules });
    expect(kwd.CURRENCYAMOUNT[0]!.AMT_DOCCUR).toBe('12.345');
  });

  it('always balances, and every amount reads back to the Money it came from (property)', () => {
    const currency = fc.constantFrom('USD', 'JPY', 'KWD', 'EUR');
    fc.assert(
      fc.property(
        currency,
        fc.integer({ min: 1, max: 1e11 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 6 }),
        fc.constantFrom('visa', 'amex', 'discover'),
        (cur, total, weights, brand) => {
          const parts = weights.map((w) =>
            Math.max(1, Math.floor((total * w) / (weights.reduce((a, b) => a + b, 0) * 2 || 1))),
          );
          const applied = parts.reduce((a, b) => a + b, 0) <= total ? parts : [];
          const input = base({
            amount: money(total, cur),
            source: { transactionId: 1, invoiceId: 'I', paymentMethod: brand },
            items: applied.map((p, i) => ({ assignment: `A${i}`, reference: `R${i}`, amount: money(p, cur) })),
          });
          const doc = buildFiDocument(input, { rules });
          for (const v of documentBalance(doc).values()) expect(v).toBe(0n);
          const lines = previewLines(doc);
          expect(lines.reduce((a, l) => a + l.amount.minor, 0)).toBe(0);
          for (const c of doc.CURRENCYAMOUNT)
            expect(fromBapiAmount(c.AMT_DOCCUR, c.CURRENCY, DEFAULT_SAP_CURRENCIES).currency).toBe(cur);
          expect(lines.filter((l) => l.kind === 'customer').reduce((a, l) => a - l.amount.minor, 0)).toBe(total);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('postingReference', () => {
  it('is deterministic, unique per event and at most 16 characters', () => {
    expect(postingReference(123456789, 'payment')).toBe('PT123456789P');
    expect(postingReference(123456789, 'refund')).toBe('PT123456789R');
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 18n }), (id) => {
        const ref = postingReference(id.toString(), 'chargeback');
        expect(ref.length).toBeLessThanOrEqual(16);
        expect(ref).toBe(postingReference(id.toString(), 'chargeback'));
      }),
    );
  });

  it('numbers a re-post after a reversal (PT<id>P2, ...) and reads every reference back to its id, event and sequence', () => {
    expect(postingReference(123456789, 'payment', 1)).toBe('PT123456789P');
    expect(postingReference(123456789, 'payment', 2)).toBe('PT123456789P2');
    expect(parsePostingReference('PT123456789P2')).toEqual({
      transactionId: '123456789',
      event: 'payment',
      sequence: 2,
    });
    expect(parsePostingReference('PT123456789P')).toEqual({
      transactionId: '123456789',
      event: 'payment',
      sequence: 1,
    });
    // "1" is never written, so "PT1P1" is no reference of ours (it would collide with PT1P).
    expect(parsePostingReference('PT1P1')).toBeNull();
    expect(() => postingReference(1, 'payment', 0)).toThrow(RangeError);
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.integer({ min: 1, max: 999 }),
        fc.constantFrom('payment', 'refund', 'reversal') as fc.Arbitrary<'payment' | 'refund' | 'reversal'>,
        (id, sequence, event) => {
          let ref: string;
          try {
            ref = postingReference(id.toString(), event, sequence);
          } catch (e) {
            // Only a long id with a high sequence runs out of room, and it says so.
            expect(id >= 10n ** 12n || sequence >= 100).toBe(true);
            expect(String(e)).toMatch(/has no 16-character reference left/);
            return;
          }
          expect(ref.length).toBeLessThanOrEqual(16);
          expect(parsePostingReference(ref)).toEqual({ transactionId: id.toString(), event, sequence });
        },
      ),
    );
  });
});

describe('residual items (a customer deduction, SAP residual processing)', () => {
  const deduction = (over: Partial<PostingInput> = {}): PostingInput =>
    base({
      amount: money(8000, 'USD'),
      items: [
        { assignment: '90001234', reference: '90001234', amount: money(8000, 'USD'), residual: money(2000, 'USD') },
      ],
      residualReason: 'D01',
      ...over,
    });

  it('clears the invoice in full and posts the deduction again on the customer with its reason code; no G/L write-off', () => {
    const doc = buildFiDocument(deduction(), { rules });
    const amount = (no: string) => doc.CURRENCYAMOUNT.find((c) => c.ITEMNO_ACC === no)!.AMT_DOCCUR;
    expect(doc.ACCOUNTGL.map((g) => [g.GL_ACCOUNT, amount(g.ITEMNO_ACC)])).toEqual([['0000113100', '80.00']]);
    expect(doc.ACCOUNTRECEIVABLE.map((a) => [a.ITEM_TEXT, amount(a.ITEMNO_ACC)])).toEqual([
      ['PayTrace 123456 payment 90001234', '-100.00'],
      ['PayTrace 123456 residual of 90001234', '20.00'],
    ]);
    expect(doc.EXTENSION2).toEqual([
      { STRUCTURE: 'ZCLEARDESK_RSTGR', VALUEPART1: `${doc.ACCOUNTRECEIVABLE[1]!.ITEMNO_ACC}D01` },
    ]);
    expect(documentBalance(doc).get('USD')).toBe(0n);
    // Without a reason code: the same lines, nothing in EXTENSION2.
    expect(buildFiDocument(deduction({ residualReason: undefined }), { rules }).EXTENSION2).toBeUndefined();
  });

  it('refuses a reason code SAP cannot hold and a residual on anything but an invoice a payment pays', () => {
    expect(() => buildFiDocument(deduction({ residualReason: 'DEDU' }), { rules })).toThrow(PostingInputError);
    expect(() =>
      buildFiDocument(
        deduction({
          items: [{ assignment: 'x', reference: 'x', amount: money(8000, 'USD'), residual: money(-5, 'USD') }],
        }),
        { rules },
      ),
    ).toThrow(/residual item/);
  });

  it("the matcher's deduction proposal leaves what it does not pay as the item's residual; a partial payment does not", () => {
    const item = {
      source: { BUKRS: '1000', BELNR: '0090001234', GJAHR: '2026', BUZEI: '001' },
      customer: '0000100001',
      amount: money(10000, 'USD'),
      reference: '90001234',
      assignment: '90001234',
      documentType: 'DR',
      postingDate: '2026-11-01',
      documentDate: '2026-11-01',
      dueDate: null,
      text: '',
    };
    const proposal = (rule: string) => ({
      transactionId: 1,
      tier: 'suggest' as const,
      confidence: 0.85,
      customer: '0000100001',
      companyCode: '1000',
      items: [{ item: item.source, amount: money(8000, 'USD') }],
      onAccount: money(0, 'USD'),
      reasons: [],
      rule,
    });
    expect(appliedItemsFromMatch(proposal('scored/deduction'), [item])[0]!.residual).toEqual(money(2000, 'USD'));
    expect(appliedItemsFromMatch(proposal('exact-key/partial'), [item])[0]!.residual).toBeUndefined();
  });
});
