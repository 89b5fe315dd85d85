// The Chargebacks tab's channels against a real store on SQLite and PostgreSQL: the window of cases (respond-by
// date nearest first, overdue marked, paged and counted), a clerk linking an unmatched case to a sale (audited,
// refused for a refund or another currency), and a chargeback recorded by hand from a sale (keyed by processor +
// case number like every intake: entering it twice adds nothing; more than the sale is refused).
import { expect, it } from 'vitest';
import { ingestDisputes } from '../../../electron/core/disputes/intake';
import type { Actor } from '../../../electron/core/ports';
import { ApiError } from '../../../shared/api';
import type { DisputeCase } from '../../../shared/disputes';
import { describeEachDialect } from '../../support/store';
import { clerk, coreWith, sale } from './core-fixture';

const NOW = '2026-12-10T15:00:00.000Z';
const approver: Actor = { name: 'ada.approver', roles: ['approver'] };

const dispute = (over: Partial<DisputeCase> = {}): DisputeCase => ({
  processor: 'north',
  caseNumber: 'CBK-1',
  stage: 'chargeback',
  stageRaw: 'First Chargeback',
  status: 'open',
  statusRaw: 'Open',
  network: 'visa',
  reasonCode: '10.4',
  reasonMeaning: 'Other fraud: card-absent environment',
  reasonDescription: '',
  amount: { minor: 12500, currency: 'USD' },
  originalAmount: null,
  impact: 'debit',
  receivedDate: '2026-11-30',
  transactionDate: '2026-11-20',
  dueDate: '2026-12-20',
  cardLast4: '9999',
  arn: '',
  merchantReference: '',
  transactionId: null,
  authCode: '',
  merchantId: '',
  ...over,
});

const world = () => ({ paytrace: [], sap: { customers: [], openItems: [] }, posted: [] });

const refusal = async (p: Promise<unknown>): Promise<ApiError> => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
};

describeEachDialect('chargebacks in the core', (h) => {
  it('windows the cases by respond-by date, marks what is open and overdue, and counts matched and unmatched', async () => {
    const store = await h.migrated();
    await store.repos.payments.ingest([sale(1, 12500, { invoiceId: 'INV-1' })], NOW);
    await ingestDisputes(
      store.repos,
      {
        source: 'report',
        origin: 'week.csv',
        rejected: [],
        cases: [
          dispute({ caseNumber: 'LATE', dueDate: '2026-12-30' }),
          dispute({ caseNumber: 'NONE', dueDate: null }),
          dispute({ caseNumber: 'PAST', dueDate: '2026-12-01', merchantReference: 'INV-1' }),
          dispute({ caseNumber: 'ANSWERED', dueDate: '2026-12-02', status: 'pending' }),
          dispute({ caseNumber: 'SOON', dueDate: '2026-12-11' }),
        ].map((d, i) => ({ ref: `row ${i + 2}`, dispute: d })),
      },
      { actor: 'clerk', at: NOW },
    );
    const core = await coreWith(store, world(), NOW);

    const all = await core.handle('chargebacks.window', { offset: 0, limit: 10 }, clerk);
    expect(all.rows.map((r) => r.caseNumber)).toEqual(['PAST', 'ANSWERED', 'SOON', 'LATE', 'NONE']);
    expect(all.rows.map((r) => r.overdue)).toEqual([true, false, false, false, false]);
    expect(all).toMatchObject({ total: 5, offset: 0, counts: { matched: 1, unmatched: 4 }, today: '2026-12-10' });
    const past = all.rows[0]!;
    expect(past.match).toMatchObject({ state: 'matched', transactionId: 1, method: 'merchant-reference' });
    expect(past.reasonMeaning).toBe('Other fraud: card-absent environment');
    expect(past.salePosting).toBeNull();

    // A page of the unmatched ones only; the counts stay those of every case.
    const page = await core.handle('chargebacks.window', { match: 'unmatched', offset: 1, limit: 2 }, approver);
    expect(page.rows.map((r) => r.caseNumber)).toEqual(['SOON', 'LATE']);
    expect(page).toMatchObject({ total: 4, offset: 1, counts: { matched: 1, unmatched: 4 } });
    expect(page.rows[0]!.match).toMatchObject({ state: 'unmatched' });

    const nobody: Actor = { name: 'guest', roles: [] };
    expect((await refusal(core.handle('chargebacks.window', { offset: 0, limit: 10 }, nobody))).code).toBe('forbidden');
  });

  it('lets a clerk link an unmatched case to a sale, audited, and refuses what a chargeback cannot dispute', async () => {
    const store = await h.migrated();
    await store.repos.payments.ingest(
      [
        sale(1, 12500, { maskedCard: '************9999' }),
        sale(2, 12500, { maskedCard: '************9999' }),
        sale(3, 12500, { kind: 'refund' }),
        sale(4, 12500, { amount: { minor: 12500, currency: 'CAD' } }),
      ],
      NOW,
    );
    // Two sales on the card for the amount in the window: ambiguous, so unmatched with both as candidates.
    await ingestDisputes(
      store.repos,
      { source: 'report', origin: 'week.csv', rejected: [], cases: [{ ref: 'row 2', dispute: dispute() }] },
      { actor: 'clerk', at: NOW },
    );
    const core = await coreWith(store, world(), NOW);
    const [before] = (await core.handle('chargebacks.window', { offset: 0, limit: 10 }, clerk)).rows;
    expect(before!.match.state).toBe('unmatched');
    expect(before!.originalAmount).toBeNull();
    const candidates = before!.match.state === 'unmatched' ? before!.match.candidates : [];
    expect(candidates.map((c) => c.transactionId).sort()).toEqual([1, 2]);

    const caseId = before!.id;
    expect(
      (
        await refusal(
          core.handle('chargeback.link', { caseId, transactionId: 2, reason: 'the approval code' }, approver),
        )
      ).code,
    ).toBe('forbidden');
    expect(
      (await refusal(core.handle('chargeback.link', { caseId, transactionId: 3, reason: 'wrong one' }, clerk))).message,
    ).toMatch(/is a refund/);
    expect(
      (await refusal(core.handle('chargeback.link', { caseId, transactionId: 4, reason: 'wrong one' }, clerk))).message,
    ).toMatch(/in CAD/);
    expect(
      (await refusal(core.handle('chargeback.link', { caseId, transactionId: 99, reason: 'no such sale' }, clerk)))
        .code,
    ).toBe('not_found');
    expect(
      (await refusal(core.handle('chargeback.link', { caseId: 999, transactionId: 2, reason: 'no such case' }, clerk)))
        .code,
    ).toBe('not_found');

    const linked = await core.handle(
      'chargeback.link',
      { caseId, transactionId: 2, reason: 'processor confirmed the auth code' },
      clerk,
    );
    expect(linked.match).toMatchObject({ state: 'matched', transactionId: 2, method: 'manual' });
    const after = await core.handle('chargebacks.window', { offset: 0, limit: 10 }, clerk);
    expect(after.counts).toEqual({ matched: 1, unmatched: 0 });
    // The report gave no original amount: the linked sale's stands in, so a partial case reads "of <sale>".
    expect(after.rows[0]!.originalAmount).toEqual({ minor: 12500, currency: 'USD' });

    const audit = await store.repos.audit.forSubject('dispute:north:CBK-1');
    expect(audit.map((a) => a.action)).toEqual(['dispute.received', 'dispute.linked']);
    expect(audit[1]).toMatchObject({
      actor: clerk.name,
      detail: { transactionId: 2, from: null, reason: 'processor confirmed the auth code' },
    });
    expect((await store.repos.audit.verify()).ok).toBe(true);
  });

  it('records a chargeback of a sale by hand once per processor and case number', async () => {
    const store = await h.migrated();
    await store.repos.payments.ingest(
      [sale(7, 20000, { maskedCard: '************4242', cardBrand: 'Mastercard' })],
      NOW,
    );
    const core = await coreWith(store, world(), NOW);
    const entry = {
      transactionId: 7,
      processor: 'North',
      caseNumber: 'M-77',
      stage: 'chargeback' as const,
      reasonCode: '4853',
      amount: { minor: 5000, currency: 'USD' },
      dueDate: '2026-12-24',
    };

    const first = await core.handle('chargeback.record', entry, clerk);
    expect(first.outcome).toBe('imported');
    expect(first.dispute).toMatchObject({
      processor: 'north',
      caseNumber: 'M-77',
      stage: 'chargeback',
      status: 'open',
      network: 'mastercard',
      reasonCode: '4853',
      reasonMeaning: expect.not.stringMatching(/unknown/),
      amount: { minor: 5000, currency: 'USD' },
      originalAmount: { minor: 20000, currency: 'USD' },
      cardLast4: '4242',
      dueDate: '2026-12-24',
      source: 'manual',
      match: { state: 'matched', transactionId: 7, method: 'transaction-id' },
    });

    // The same entry again (another processor spelling of the same name too) adds nothing.
    expect((await core.handle('chargeback.record', entry, clerk)).outcome).toBe('duplicate');
    expect((await core.handle('chargeback.record', { ...entry, processor: ' north ' }, clerk)).outcome).toBe(
      'duplicate',
    );
    // A later stage of the same case moves it on, audited.
    const moved = await core.handle('chargeback.record', { ...entry, stage: 'pre-arbitration' }, clerk);
    expect(moved.outcome).toBe('updated');
    expect((await core.handle('chargebacks.window', { offset: 0, limit: 10 }, clerk)).total).toBe(1);
    expect((await store.repos.audit.forSubject('dispute:north:M-77')).map((a) => a.action)).toEqual([
      'dispute.received',
      'dispute.updated',
    ]);

    // An unknown reason code is kept, said to be unknown.
    const odd = await core.handle('chargeback.record', { ...entry, caseNumber: 'M-78', reasonCode: 'ZZ9' }, clerk);
    expect(odd.dispute.reasonMeaning).toBe('unknown code');

    expect(
      (
        await refusal(
          core.handle(
            'chargeback.record',
            { ...entry, caseNumber: 'M-79', amount: { minor: 20001, currency: 'USD' } },
            clerk,
          ),
        )
      ).message,
    ).toBe("A chargeback of sale 7 is at most the sale's amount (200.00 USD).");
    expect(
      (
        await refusal(
          core.handle(
            'chargeback.record',
            { ...entry, caseNumber: 'M-80', amount: { minor: 100, currency: 'EUR' } },
            clerk,
          ),
        )
      ).message,
    ).toMatch(/in USD/);
    // A respond-by date before the sale is a slip (2020 for 2026): refused, not an overdue case from birth.
    expect(
      (await refusal(core.handle('chargeback.record', { ...entry, caseNumber: 'M-82', dueDate: '2020-01-01' }, clerk)))
        .message,
    ).toMatch(/respond-by date 2020-01-01 is before the sale/);
    expect((await refusal(core.handle('chargeback.record', { ...entry, caseNumber: 'M-81' }, approver))).code).toBe(
      'forbidden',
    );
    // A sale PayTrace voided was never charged: there is nothing to dispute.
    await store.repos.payments.ingest([sale(8, 9000, { status: 'voided', settledAt: null, batch: null })], NOW);
    expect(
      await refusal(core.handle('chargeback.record', { ...entry, transactionId: 8, caseNumber: 'M-83' }, clerk)),
    ).toMatchObject({
      code: 'conflict',
      message: 'Sale 8 is voided at PayTrace: the card was never charged, so there is nothing to dispute.',
    });
    expect((await core.handle('chargebacks.window', { offset: 0, limit: 10 }, clerk)).total).toBe(2);
  });

  it("takes the processor's fee with a chargeback recorded by hand, as the webhook's fee", async () => {
    const store = await h.migrated();
    await store.repos.payments.ingest([sale(8, 20000, { cardBrand: 'Visa' })], NOW);
    const core = await coreWith(store, world(), NOW);
    const entry = {
      transactionId: 8,
      processor: 'north',
      caseNumber: 'F-1',
      stage: 'chargeback' as const,
      reasonCode: '10.4',
      amount: { minor: 5000, currency: 'USD' },
      fee: { minor: 1500, currency: 'USD' },
      dueDate: null,
    };
    expect((await core.handle('chargeback.record', entry, clerk)).outcome).toBe('imported');
    expect((await store.repos.disputes.get('north', 'F-1'))!.dispute.fee).toEqual({ minor: 1500, currency: 'USD' });
    // Without a fee: none stored.
    await core.handle('chargeback.record', { ...entry, caseNumber: 'F-2', fee: null }, clerk);
    expect((await store.repos.disputes.get('north', 'F-2'))!.dispute.fee).toBeNull();
    // A fee in another currency, or of zero, is refused; nothing is stored.
    expect(
      (
        await refusal(
          core.handle(
            'chargeback.record',
            { ...entry, caseNumber: 'F-3', fee: { minor: 100, currency: 'EUR' } },
            clerk,
          ),
        )
      ).message,
    ).toMatch(/sale's currency, USD/);
    expect(
      (
        await refusal(
          core.handle('chargeback.record', { ...entry, caseNumber: 'F-4', fee: { minor: 0, currency: 'USD' } }, clerk),
        )
      ).code,
    ).toBe('invalid_request');
    expect(await store.repos.disputes.get('north', 'F-3')).toBeNull();
    expect(await store.repos.disputes.get('north', 'F-4')).toBeNull();
  });
});
