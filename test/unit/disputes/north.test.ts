// North's chargeback records to ClearDesk's dispute case (shared/disputes/north.ts, the one owner of North's field
// names): stages and statuses by North's words, amounts exactly in minor units, only the card's last four, and a
// word or value it cannot read rejected with its reason, never guessed.
import { describe, expect, it } from 'vitest';
import { northDisputeCase, type NorthRecordContext } from '../../../shared/disputes';

const ctx: NorthRecordContext = { merchantId: '900100200300', state: 'open', currency: 'USD' };

const record = {
  caseNumber: 'NCB000001234',
  stage: 'First Chargeback',
  status: 'Open',
  reasonCode: '13.1',
  reasonDescription: 'Merchandise/Services Not Received',
  cardBrand: 'Visa',
  disputeAmount: '1250.10',
  transactionAmount: '1300.00',
  currency: 'USD',
  receivedDate: '2026-11-25',
  transactionDate: '2026-11-20T18:22:01Z',
  replyByDate: '2026-11-30',
  cardNumber: '411111******1111',
  arn: '74872713125731259073219',
  authCode: 'A1B2C3',
  invoiceNumber: 'INV-9001',
  gatewayTransactionId: 5001,
};

const ok = (r: unknown, c: NorthRecordContext = ctx) => {
  const out = northDisputeCase(r, c);
  if (!out.ok) throw new Error(out.reason);
  return out.dispute;
};
const reason = (r: unknown, c: NorthRecordContext = ctx) => {
  const out = northDisputeCase(r, c);
  if (out.ok) throw new Error('expected a rejection');
  return out.reason;
};

describe('northDisputeCase', () => {
  it('maps every field of a record', () => {
    expect(ok(record)).toEqual({
      processor: 'north',
      caseNumber: 'NCB000001234',
      stage: 'chargeback',
      stageRaw: 'First Chargeback',
      status: 'open',
      statusRaw: 'Open',
      network: 'visa',
      reasonCode: '13.1',
      reasonMeaning: expect.stringMatching(/not received/i),
      reasonDescription: 'Merchandise/Services Not Received',
      amount: { minor: 125_010, currency: 'USD' },
      originalAmount: { minor: 130_000, currency: 'USD' },
      impact: 'debit',
      receivedDate: '2026-11-25',
      transactionDate: '2026-11-20',
      dueDate: '2026-11-30',
      cardLast4: '1111',
      arn: '74872713125731259073219',
      merchantReference: 'INV-9001',
      transactionId: 5001,
      authCode: 'A1B2C3',
      merchantId: '900100200300',
    });
  });

  it("reads North's stage and status words, and the state asked when the record names no status", () => {
    expect(ok({ ...record, stage: 'Representment', status: 'Pending' })).toMatchObject({
      stage: 'representment',
      status: 'pending',
    });
    expect(ok({ ...record, stage: 'Pre-Arbitration', status: 'Won' })).toMatchObject({
      stage: 'pre-arbitration',
      status: 'won',
      impact: 'credit',
    });
    expect(ok({ ...record, stage: 'Request For Clarity' })).toMatchObject({ stage: 'retrieval', impact: 'unknown' });
    const { status: _s, ...noStatus } = record;
    expect(ok(noStatus, { ...ctx, state: 'closed' })).toMatchObject({ status: 'closed', statusRaw: 'closed' });
  });

  it('rejects a stage or status word it does not know, with the word', () => {
    expect(reason({ ...record, stage: 'Mystery Stage' })).toBe(
      'stage "Mystery Stage" is not a dispute stage ClearDesk knows',
    );
    expect(reason({ ...record, status: 'Frobnicated' })).toBe(
      'status "Frobnicated" is not a dispute status ClearDesk knows',
    );
    expect(reason({ ...record, stage: '' })).toBe('stage is missing');
  });

  it('reads amounts exactly in the currency, a JSON number by its digits; refuses what it cannot read', () => {
    expect(ok({ ...record, disputeAmount: 0.29, transactionAmount: 19.99 }).amount).toEqual({
      minor: 29,
      currency: 'USD',
    });
    expect(ok({ ...record, currency: 'JPY', disputeAmount: '1200', transactionAmount: null }).amount).toEqual({
      minor: 1200,
      currency: 'JPY',
    });
    expect(ok({ ...record, currency: undefined }, { ...ctx, currency: 'CAD' }).amount.currency).toBe('CAD');
    expect(reason({ ...record, disputeAmount: '12.345' })).toMatch(/^disputeAmount "12.345" cannot be read as USD/);
    expect(reason({ ...record, disputeAmount: '-5.00' })).toMatch(/disputeAmount .* negative/);
    expect(reason({ ...record, disputeAmount: undefined })).toBe('disputeAmount is missing');
    expect(reason({ ...record, currency: 'dollars' })).toMatch(/currency/);
  });

  it('refuses a date that is not a calendar date, and a transaction id that is not one', () => {
    expect(reason({ ...record, replyByDate: '2026-02-30' })).toMatch(/replyByDate "2026-02-30"/);
    expect(reason({ ...record, receivedDate: '11/25/2026' })).toMatch(/receivedDate/);
    expect(reason({ ...record, gatewayTransactionId: 'abc' })).toMatch(/gatewayTransactionId/);
    expect(reason('not an object')).toBe('the record is not an object');
  });

  it('keeps only the last four digits of a card and masks card numbers in any text', () => {
    const d = ok({ ...record, cardNumber: '4111111111111111', reasonDescription: 'card 4111 1111 1111 1111 cvv 123' });
    expect(d.cardLast4).toBe('1111');
    expect(JSON.stringify(d)).not.toContain('4111111111111111');
    expect(d.reasonDescription).not.toMatch(/4111 1111 1111 1111|123/);
    const bad = northDisputeCase({ caseNumber: '4111111111111111', stage: 'x' }, ctx);
    expect(bad.ref).not.toContain('4111111111111111');
  });
});
