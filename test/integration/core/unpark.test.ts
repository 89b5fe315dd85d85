// Unpark: a parked payment goes back to review with its proposal and can then be approved; the
// state machine refuses it from any other state, and the step is on the audit trail.
import { expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import { describeEachDialect } from '../../support/store';
import { clerk, coreWith, customer, openItem, sale, type FakeWorld } from './core-fixture';

function world(): FakeWorld {
  return {
    paytrace: [sale(7101, 8000, { invoiceId: '90007101' })],
    sap: {
      customers: [customer('0000100001', 'Acme Corp')],
      openItems: [openItem('1800007101', '0000100001', 8000, '90007101')],
    },
    posted: [],
  };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) =>
      e instanceof ApiError ? { code: e.code, message: e.message } : { code: 'thrown', message: String(e) },
  );

describeEachDialect('unparking a payment', (h) => {
  it('a parked payment goes back to review with its proposal, audited, and then posts', async () => {
    const store = await h.migrated();
    const w = world();
    const core = await coreWith(store, w);
    await core.sync({ since: '2026-11-01' });
    const [before] = await core.handle('queue.list', {}, clerk);
    expect(before).toMatchObject({ transactionId: 7101, queueState: 'review' });

    expect(await refusal(core.handle('transaction.unpark', { transactionId: 7101 }, clerk))).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('cannot be unparked'),
    });

    await core.handle('transaction.park', { transactionId: 7101, reason: 'customer calls back' }, clerk);
    expect(
      await refusal(core.handle('proposal.approve', { transactionId: 7101, proposalId: before!.proposal!.id }, clerk)),
    ).toMatchObject({ code: 'conflict', message: expect.stringContaining('unpark it first') });

    const row = await core.handle('transaction.unpark', { transactionId: 7101 }, clerk);
    expect(row).toMatchObject({ queueState: 'review', proposal: { id: before!.proposal!.id } });
    const detail = await core.handle('queue.detail', { transactionId: 7101 }, clerk);
    expect(detail.audit.map((a) => a.action)).toContain('transaction.unparked');
    expect(detail.audit.find((a) => a.action === 'transaction.unparked')).toMatchObject({ actor: clerk.name });

    expect(
      await core.handle('proposal.approve', { transactionId: 7101, proposalId: before!.proposal!.id }, clerk),
    ).toMatchObject({ state: 'posted' });
    expect(w.posted).toEqual(['PT7101P']);
  });

  it('an ignored payment comes back to review the same way (not parked first), audited as such, and posts', async () => {
    const store = await h.migrated();
    const w = world();
    const core = await coreWith(store, w);
    await core.sync({ since: '2026-11-01' });
    const [before] = await core.handle('queue.list', {}, clerk);
    await core.handle('transaction.ignore', { transactionId: 7101, reason: 'test payment' }, clerk);
    expect(
      await refusal(core.handle('proposal.approve', { transactionId: 7101, proposalId: before!.proposal!.id }, clerk)),
    ).toMatchObject({ code: 'conflict', message: expect.stringContaining('bring it back to review first') });
    const row = await core.handle('transaction.unpark', { transactionId: 7101 }, clerk);
    expect(row).toMatchObject({ queueState: 'review', proposal: { id: before!.proposal!.id } });
    const audit = (await core.handle('queue.detail', { transactionId: 7101 }, clerk)).audit;
    expect(audit.find((a) => a.action === 'transaction.unignored')).toMatchObject({
      actor: clerk.name,
      detail: { transition: { event: 'unignored', from: 'ignored', to: 'review' } },
    });
    expect(audit.map((a) => a.action)).not.toContain('transaction.parked');
    expect(
      await core.handle('proposal.approve', { transactionId: 7101, proposalId: before!.proposal!.id }, clerk),
    ).toMatchObject({ state: 'posted' });
    expect(w.posted).toEqual(['PT7101P']);
  });

  it('only a clerk or an approver unparks', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    await core.sync({ since: '2026-11-01' });
    await core.handle('transaction.park', { transactionId: 7101, reason: 'customer calls back' }, clerk);
    expect(
      await refusal(core.handle('transaction.unpark', { transactionId: 7101 }, { name: 'ada', roles: ['admin'] })),
    ).toMatchObject({ code: 'forbidden' });
    expect((await store.repos.payments.get(7101))!.state).toBe('parked');
  });
});
