// Which sale a dispute case disputes: by PayTrace transaction id, by merchant reference, by card last four +
// amount + transaction date window, by the ARN of an already matched case; otherwise candidates and reasons.
import { describe, expect, it } from 'vitest';
import { matchDispute, reasonCode, type DisputeCase, type DisputeSale } from '../../../shared/disputes';

const usd = (minor: number) => ({ minor, currency: 'USD' });

const dispute = (over: Partial<DisputeCase> = {}): DisputeCase => ({
  processor: 'north',
  caseNumber: 'C-1',
  stage: 'chargeback',
  stageRaw: 'Chargeback',
  status: 'open',
  statusRaw: 'Open',
  network: 'visa',
  reasonCode: '10.4',
  reasonMeaning: 'Other fraud: card-absent environment',
  reasonDescription: '',
  amount: usd(12500),
  originalAmount: null,
  impact: 'debit',
  receivedDate: '2026-11-30',
  transactionDate: '2026-11-20',
  dueDate: '2026-12-20',
  cardLast4: '5454',
  arn: '',
  merchantReference: '',
  transactionId: null,
  authCode: '',
  merchantId: '',
  ...over,
});

const sale = (id: number, over: Partial<DisputeSale> = {}): DisputeSale => ({
  transactionId: id,
  amount: usd(12500),
  createdAtUtc: '2026-11-20T18:00:00.000Z',
  invoiceId: '',
  customerReferenceId: '',
  maskedCard: '************5454',
  approvalCode: 'TAS123',
  ...over,
});

describe('matchDispute', () => {
  it('takes the transaction id the report names', () => {
    const m = matchDispute(dispute({ transactionId: 7 }), [sale(6), sale(7)]);
    expect(m).toMatchObject({ state: 'matched', transactionId: 7, method: 'transaction-id' });
  });

  it('takes the sale whose invoice (one of a list) or customer reference is the merchant reference', () => {
    const sales = [sale(1, { invoiceId: '90100050, 90100049' }), sale(2, { invoiceId: '90100051' })];
    expect(matchDispute(dispute({ merchantReference: '90100049' }), sales)).toMatchObject({
      state: 'matched',
      transactionId: 1,
      method: 'merchant-reference',
    });
    expect(
      matchDispute(dispute({ merchantReference: 'po-77' }), [sale(3, { customerReferenceId: 'PO-77' })]),
    ).toMatchObject({
      transactionId: 3,
      method: 'merchant-reference',
    });
  });

  it('uses card, amount (the original amount of a partial dispute) and the date window', () => {
    const sales = [
      sale(1, { amount: usd(30000), createdAtUtc: '2026-11-22T10:00:00.000Z' }),
      sale(2, { amount: usd(30000), createdAtUtc: '2026-11-10T10:00:00.000Z' }),
      sale(3, { amount: usd(30000), maskedCard: '************1111', createdAtUtc: '2026-11-20T10:00:00.000Z' }),
    ];
    const m = matchDispute(dispute({ amount: usd(7500), originalAmount: usd(30000) }), sales);
    expect(m).toMatchObject({ state: 'matched', transactionId: 1, method: 'card-amount-date' });
  });

  it('leaves two equal sales on one card unmatched, with both as candidates and the reason', () => {
    const m = matchDispute(dispute(), [sale(1), sale(2, { createdAtUtc: '2026-11-21T09:00:00.000Z' })]);
    expect(m.state).toBe('unmatched');
    if (m.state !== 'unmatched') return;
    expect(m.candidates.map((c) => c.transactionId)).toEqual([1, 2]);
    expect(m.candidates[0]!.why).toContain('card ending 5454');
    expect(m.reasons.join(' ')).toContain('2 sales on card ending 5454');
  });

  it('picks between equal sales by the authorisation code', () => {
    const m = matchDispute(dispute({ authCode: 'tas999' }), [sale(1), sale(2, { approvalCode: 'TAS999' })]);
    expect(m).toMatchObject({ state: 'matched', transactionId: 2 });
  });

  it('falls back on the sale of an already matched case with the same ARN', () => {
    const m = matchDispute(dispute({ cardLast4: '', arn: '74872713125731259073219' }), [], 42);
    expect(m).toMatchObject({ state: 'matched', transactionId: 42, method: 'arn' });
  });

  it('says why when nothing matches', () => {
    const m = matchDispute(dispute({ merchantReference: 'INV-1', transactionId: 9, arn: '123' }), []);
    expect(m).toEqual({
      state: 'unmatched',
      candidates: [],
      reasons: [
        'PayTrace transaction 9 named in the report is not in the store',
        'no sale carries merchant reference INV-1',
        'no sale on card ending 5454 in 2026-11-17 to 2026-11-23',
        'no matched case shares ARN 123',
      ],
    });
  });

  it('never matches a sale in another currency', () => {
    const m = matchDispute(dispute({ transactionId: 7 }), [sale(7, { amount: { minor: 12500, currency: 'CAD' } })]);
    expect(m.state).toBe('unmatched');
  });
});

describe('reasonCode', () => {
  it.each([
    ['10.4', '', 'visa', 'Other fraud: card-absent environment'],
    ['83', '', 'visa', 'Fraud: card-absent environment (legacy)'],
    ['4837', 'MC', 'mastercard', 'No cardholder authorization'],
    ['C08', '', 'amex', 'Goods/services not received or only partially received'],
    ['4755', 'Discover', 'discover', 'Non-receipt of goods or services'],
    ['UA02', '', 'discover', 'Fraud: card-not-present transaction'],
    ['4863', 'DISCOVER', 'discover', 'Authorization non-compliance'],
    ['4863', 'Mastercard', 'mastercard', 'Cardholder does not recognize: potential fraud'],
    ['441', '', 'unknown', 'unknown code'],
    ['10.4', 'AMEX', 'amex', 'unknown code'],
  ])('%s (%s) is %s: %s', (code, brand, network, meaning) => {
    expect(reasonCode(code, brand)).toMatchObject({ network, meaning, code });
  });
});
