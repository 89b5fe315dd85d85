// The dispute intake on SQLite and PostgreSQL: a batch is stored and counted (imported, updated, duplicates,
// matched, unmatched, rejected), a new case is matched to its sale, and a case a later batch moves on is
// matched again while it has no sale (the sale may have come in since).
import { expect, it } from 'vitest';
import { ingestDisputes } from '../../../electron/core/disputes/intake';
import type { DisputeCase } from '../../../shared/disputes';
import type { DisputeBatch } from '../../../shared/ports';
import { payment } from '../../support/payments';
import { describeEachDialect } from '../../support/store';

const T = '2026-12-01T10:00:00.000Z';
const T2 = '2026-12-08T10:00:00.000Z';

const dispute = (over: Partial<DisputeCase> = {}): DisputeCase => ({
  processor: 'north',
  caseNumber: 'CBK-1',
  stage: 'chargeback',
  stageRaw: 'First Chargeback',
  status: 'open',
  statusRaw: 'Open',
  network: 'mastercard',
  reasonCode: '4837',
  reasonMeaning: 'No cardholder authorization',
  reasonDescription: '',
  amount: { minor: 12500, currency: 'USD' },
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

const batch = (cases: DisputeCase[], rejected: DisputeBatch['rejected'] = []): DisputeBatch => ({
  source: 'report',
  origin: 'week.csv',
  cases: cases.map((dispute, i) => ({ ref: `row ${i + 2}`, dispute })),
  rejected,
});

describeEachDialect('dispute intake', (h) => {
  it('counts what a batch did, and matches a case again when a later batch moves it on', async () => {
    const store = await h.migrated();
    await store.repos.payments.ingest([payment(1, { invoiceId: 'INV-1', maskedCard: '************1111' })], T);

    const first = await ingestDisputes(
      store.repos,
      batch(
        [dispute({ caseNumber: 'A', merchantReference: 'INV-1' }), dispute({ caseNumber: 'B' })],
        [{ ref: 'row 4', reason: 'dispute amount "x" is not an amount' }],
      ),
      { actor: 'clerk', at: T },
    );
    expect(first).toMatchObject({ imported: 2, updated: 0, duplicates: 0, matched: 1, unmatched: 1, rejected: 1 });
    expect((await store.repos.disputes.get('north', 'A'))?.match).toMatchObject({ state: 'matched', transactionId: 1 });
    expect((await store.repos.disputes.get('north', 'B'))?.match.state).toBe('unmatched');

    // The sale B disputes arrives with a later sync; the next report moves B on and it is matched then.
    await store.repos.payments.ingest([payment(2)], T2);
    const second = await ingestDisputes(
      store.repos,
      batch([
        dispute({ caseNumber: 'A', merchantReference: 'INV-1' }),
        dispute({ caseNumber: 'B', stage: 'pre-arbitration', stageRaw: 'Pre-Arb' }),
      ]),
      { actor: 'clerk', at: T2 },
    );
    expect(second).toMatchObject({ imported: 0, updated: 1, duplicates: 1, matched: 0, unmatched: 0, rejected: 0 });
    expect((await store.repos.disputes.get('north', 'B'))?.match).toMatchObject({
      state: 'matched',
      transactionId: 2,
      method: 'card-amount-date',
    });
    expect((await store.repos.audit.forSubject('dispute:north:B')).map((a) => a.action)).toEqual([
      'dispute.received',
      'dispute.updated',
    ]);
  });
});
