// The posting a dispute case's stage implies (shared/disputes/posting.ts), and the FI document the builder
// makes of it: every stage and status under each rule, a partial dispute, the processor's fee, JPY.
import { describe, expect, it } from 'vitest';
import {
  type ChargebackLedger,
  type ChargebackRule,
  DISPUTE_STAGES,
  DISPUTE_STATUSES,
  NOTHING_POSTED,
  chargebackRuleOf,
  disputeWebhookBatch,
  postingFor,
} from '../../../shared/disputes';
import { type Money, money } from '../../../shared/money';
import { buildFiDocument, documentBalance, parseGlRules, postingReference } from '../../../shared/posting';
import glRules from '../../../resources/gl-rules.json';

const rules = parseGlRules(glRules);
const REOPEN = { method: 'reopen', lost: 'customer-owes' } as const;
const REOPEN_WRITE_OFF = { method: 'reopen', lost: 'write-off' } as const;
const GL = { method: 'chargeback-gl', lost: 'customer-owes' } as const;
const GL_WRITE_OFF = { method: 'chargeback-gl', lost: 'write-off' } as const;
const ALL_RULES = [REOPEN, REOPEN_WRITE_OFF, GL, GL_WRITE_OFF];

const usd = (minor: number): Money => money(minor, 'USD');
const facts = (stage: string, status: string, amount = usd(12500), fee: Money | null = null) =>
  ({ stage, status, amount, fee }) as Parameters<typeof postingFor>[0];
const standing = (method: 'reopen' | 'chargeback-gl', amount = usd(12500)): ChargebackLedger => ({
  chargeback: { method, amount },
  lossPosted: false,
});

/** The lines as "account amount" for reading. */
const lines = (step: ReturnType<typeof postingFor>): string[] =>
  step.step === 'post' ? step.lines.map((l) => `${l.account} ${l.amount.minor}`) : [];

describe('postingFor: every stage and status under every rule', () => {
  for (const rule of ALL_RULES)
    for (const stage of DISPUTE_STAGES)
      for (const status of DISPUTE_STATUSES)
        for (const ledger of [NOTHING_POSTED, standing(rule.method)])
          it(`${rule.method}/${rule.lost}: ${stage} ${status}, ${ledger.chargeback ? 'chargeback standing' : 'nothing posted'}`, () => {
            const step = postingFor(facts(stage, status), rule, ledger);
            expect(step.why.length).toBeGreaterThan(10);
            if (stage === 'retrieval') return expect(step.step).toBe('none');
            if (status === 'won') return expect(step.step).toBe(ledger.chargeback ? 'reverse' : 'none');
            const lost = status === 'lost' || status === 'accepted' || status === 'expired';
            if (lost && !ledger.chargeback) {
              expect(step).toMatchObject({ step: 'post', event: 'chargeback', method: rule.method });
              return;
            }
            if (lost) {
              if (rule.method === 'reopen' && rule.lost === 'customer-owes') return expect(step.step).toBe('none');
              expect(step).toMatchObject({ step: 'post', event: 'write-off' });
              return;
            }
            if (stage === 'representment' || ledger.chargeback) return expect(step.step).toBe('none');
            expect(step).toMatchObject({ step: 'post', event: 'chargeback', method: rule.method });
            // Every document balances.
            if (step.step === 'post') expect(step.lines.reduce((s, l) => s + l.amount.minor, 0)).toBe(0);
          });
});

describe('postingFor: the lines', () => {
  it('a first chargeback under "reopen" debits the customer and credits the card clearing account', () => {
    const step = postingFor(facts('chargeback', 'open'), REOPEN, NOTHING_POSTED);
    expect(lines(step)).toEqual(['customer 12500', 'card-clearing -12500']);
  });

  it('a sale posted on account: the same debit on the customer, said as taking back the on-account credit', () => {
    const reopened = postingFor(facts('chargeback', 'open'), REOPEN, NOTHING_POSTED);
    const taken = postingFor(facts('chargeback', 'open'), REOPEN, { ...NOTHING_POSTED, saleOnAccount: true });
    expect(lines(taken)).toEqual(lines(reopened));
    if (taken.step !== 'post' || reopened.step !== 'post') throw new Error('both post');
    expect([reopened.lines[0]!.text, taken.lines[0]!.text]).toEqual([
      'chargeback, receivable reopened',
      'chargeback, on-account reversed',
    ]);
    expect(taken.why).toBe(
      'A first chargeback: the processor took the money back. The sale was posted on account: that credit is taken back from the customer.',
    );
    // Under the chargeback G/L nothing is said of the customer.
    const gl = postingFor(facts('chargeback', 'open'), GL, { ...NOTHING_POSTED, saleOnAccount: true });
    expect(gl.step === 'post' && gl.why).toMatch(/goes to the chargeback G\/L\.$/);
  });

  it('under "chargeback G/L" it debits the chargeback G/L instead', () => {
    const step = postingFor(facts('chargeback', 'open'), GL, NOTHING_POSTED);
    expect(lines(step)).toEqual(['chargeback-gl 12500', 'card-clearing -12500']);
  });

  it("the processor's fee is its own line to the fee G/L; the clearing account gives both", () => {
    const step = postingFor(facts('chargeback', 'open', usd(12500), usd(1500)), REOPEN, NOTHING_POSTED);
    expect(lines(step)).toEqual(['customer 12500', 'fee-gl 1500', 'card-clearing -14000']);
    expect(step).toMatchObject({ amount: usd(12500) });
  });

  it('a fee of zero adds no line', () => {
    expect(lines(postingFor(facts('chargeback', 'open', usd(500), usd(0)), REOPEN, NOTHING_POSTED))).toEqual([
      'customer 500',
      'card-clearing -500',
    ]);
  });

  it('a partial dispute posts what it disputes, not the sale', () => {
    const partial = { ...facts('chargeback', 'open', usd(4000)), originalAmount: usd(12500) };
    expect(lines(postingFor(partial, REOPEN, NOTHING_POSTED))).toEqual(['customer 4000', 'card-clearing -4000']);
  });

  it('pre-arbitration and arbitration post the chargeback only when none stands', () => {
    for (const stage of ['pre-arbitration', 'arbitration'])
      expect(lines(postingFor(facts(stage, 'open'), REOPEN, NOTHING_POSTED))).toEqual([
        'customer 12500',
        'card-clearing -12500',
      ]);
    expect(postingFor(facts('pre-arbitration', 'open'), REOPEN, standing('reopen')).step).toBe('none');
  });

  it('a representment waits; won reverses the standing chargeback', () => {
    expect(postingFor(facts('representment', 'pending'), REOPEN, standing('reopen')).step).toBe('none');
    expect(postingFor(facts('representment', 'won'), REOPEN, standing('reopen')).step).toBe('reverse');
  });

  it('lost under "write-off" writes the reopened receivable off; under "customer owes" nothing is posted', () => {
    expect(lines(postingFor(facts('chargeback', 'lost'), REOPEN_WRITE_OFF, standing('reopen')))).toEqual([
      'write-off-gl 12500',
      'customer -12500',
    ]);
    expect(postingFor(facts('chargeback', 'lost'), REOPEN, standing('reopen')).step).toBe('none');
  });

  it('lost after the chargeback G/L: written off from it, or moved to the customer who owes it', () => {
    expect(lines(postingFor(facts('arbitration', 'lost'), GL_WRITE_OFF, standing('chargeback-gl')))).toEqual([
      'write-off-gl 12500',
      'chargeback-gl -12500',
    ]);
    expect(lines(postingFor(facts('arbitration', 'lost'), GL, standing('chargeback-gl')))).toEqual([
      'customer 12500',
      'chargeback-gl -12500',
    ]);
  });

  it('the loss takes the amount the chargeback posted and the method it was posted by, whatever the rule says now', () => {
    const step = postingFor(facts('chargeback', 'lost', usd(9999)), GL_WRITE_OFF, standing('reopen', usd(4000)));
    expect(lines(step)).toEqual(['write-off-gl 4000', 'customer -4000']);
  });

  it('a loss posted already, or won after it, posts nothing more', () => {
    const both = { ...standing('reopen'), lossPosted: true };
    expect(postingFor(facts('chargeback', 'lost'), REOPEN_WRITE_OFF, both).step).toBe('none');
    expect(postingFor(facts('chargeback', 'won'), REOPEN_WRITE_OFF, both)).toMatchObject({ step: 'none' });
  });

  it('a fee in another currency than the case is refused', () => {
    expect(() => postingFor(facts('chargeback', 'open', usd(100), money(5, 'EUR')), REOPEN, NOTHING_POSTED)).toThrow(
      /EUR/,
    );
  });
});

describe('chargebackRuleOf', () => {
  const set: ChargebackRule[] = [
    { companyCode: '*', method: 'chargeback-gl', lost: 'write-off' },
    { companyCode: '2000', method: 'reopen', lost: 'write-off' },
  ];
  it("the company code's own rule, else '*', else reopen and the customer owes", () => {
    expect(chargebackRuleOf(set, '2000')).toEqual({ method: 'reopen', lost: 'write-off' });
    expect(chargebackRuleOf(set, '1000')).toEqual({ method: 'chargeback-gl', lost: 'write-off' });
    expect(chargebackRuleOf([], '1000')).toEqual({ method: 'reopen', lost: 'customer-owes' });
  });
});

describe('the FI document of a chargeback step', () => {
  const doc = (step: ReturnType<typeof postingFor>, clearingAccount?: string) => {
    if (step.step !== 'post') throw new Error(step.why);
    return buildFiDocument(
      {
        kind: 'chargeback',
        companyCode: '1000',
        documentDate: '2026-11-25',
        postingDate: '2026-11-25',
        reference: postingReference(4711, step.event),
        customer: '0000100001',
        amount: step.amount,
        settlement: { batch: 88, date: '2026-11-20' },
        chargebackLines: step.lines,
        ...(clearingAccount ? { clearingAccount } : {}),
        source: { transactionId: 4711, invoiceId: '90001234', paymentMethod: 'visa' },
      },
      { rules },
    );
  };

  it('reopen with a fee: customer debit (DA, PT<sale>C), fee G/L debit with its cost centre, clearing credit with the settlement batch', () => {
    const d = doc(postingFor(facts('chargeback', 'open', usd(12500), usd(1500)), REOPEN, NOTHING_POSTED));
    expect(d.DOCUMENTHEADER).toMatchObject({ DOC_TYPE: 'DA', REF_DOC_NO: 'PT4711C' });
    expect(d.ACCOUNTRECEIVABLE).toEqual([expect.objectContaining({ CUSTOMER: '0000100001', ALLOC_NMBR: '90001234' })]);
    expect(d.ACCOUNTGL.map((g) => [g.GL_ACCOUNT, g.ALLOC_NMBR, g.COSTCENTER ?? ''])).toEqual([
      ['0000479000', '90001234', '0000004100'],
      ['0000113100', 'B88-20261120', ''],
    ]);
    expect(d.CURRENCYAMOUNT.map((c) => c.AMT_DOCCUR)).toEqual(['125.00', '15.00', '-140.00']);
    expect([...documentBalance(d).values()]).toEqual([0n]);
  });

  it("the clearing line goes to the account the sale's posting used when given", () => {
    const d = doc(postingFor(facts('chargeback', 'open'), GL, NOTHING_POSTED), '0000113110');
    expect(d.ACCOUNTGL.map((g) => g.GL_ACCOUNT)).toEqual(['0000113190', '0000113110']);
  });

  it('JPY has no decimals: 12,000 yen and a 1,500 yen fee', () => {
    const step = postingFor(
      facts('chargeback', 'open', money(12000, 'JPY'), money(1500, 'JPY')),
      REOPEN,
      NOTHING_POSTED,
    );
    const d = doc(step);
    expect(d.CURRENCYAMOUNT.map((c) => [c.CURRENCY, c.AMT_DOCCUR])).toEqual([
      ['JPY', '12000'],
      ['JPY', '1500'],
      ['JPY', '-13500'],
    ]);
  });

  it('the write-off of a lost case: PT<sale>W, write-off G/L debit, customer credit', () => {
    const d = doc(postingFor(facts('chargeback', 'lost'), REOPEN_WRITE_OFF, standing('reopen')));
    expect(d.DOCUMENTHEADER.REF_DOC_NO).toBe('PT4711W');
    expect(d.ACCOUNTGL.map((g) => g.GL_ACCOUNT)).toEqual(['0000880000']);
    expect(d.CURRENCYAMOUNT.map((c) => c.AMT_DOCCUR)).toEqual(['125.00', '-125.00']);
  });
});

describe("the processor's fee from the signed webhook", () => {
  it('is read as a decimal string into minor units of the case currency, and posted on its own line', () => {
    const batch = disputeWebhookBatch(
      {
        cases: [
          { caseNumber: 'W-1', stage: 'CBK1', amount: '125.00', fee: '15.00', currency: 'USD' },
          { caseNumber: 'W-2', stage: 'CBK1', amount: '12000', fee: '1500', currency: 'JPY' },
          { caseNumber: 'W-3', stage: 'CBK1', amount: '10.00', fee: '-1.00', currency: 'USD' },
          { caseNumber: 'W-4', stage: 'CBK1', amount: '10.00', currency: 'USD' },
        ],
      },
      'north',
      'delivery',
    );
    expect(batch.cases.map((c) => [c.dispute.caseNumber, c.dispute.fee])).toEqual([
      ['W-1', usd(1500)],
      ['W-2', money(1500, 'JPY')],
      ['W-4', null],
    ]);
    expect(batch.rejected).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/fee -1.00 is negative/) }),
    ]);
    expect(lines(postingFor(batch.cases[1]!.dispute, REOPEN, NOTHING_POSTED))).toEqual([
      'customer 12000',
      'fee-gl 1500',
      'card-clearing -13500',
    ]);
  });
});
