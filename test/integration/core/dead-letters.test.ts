// The dead-letter queue's actions: retry runs again what failed through its owner (the approval
// and posting protocol, or a sync), resolve closes a letter with who and why on the audit trail,
// and the sync summary counts what waits.
import { expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import type { PostOutcome } from '../../../shared/ports';
import { describeEachDialect } from '../../support/store';
import { clerk, coreWith, customer, openItem, sale, type FakeWorld } from './core-fixture';

const admin = { name: 'ada.admin', roles: ['admin' as const] };

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

const REFUSED: PostOutcome = {
  ok: false,
  messages: [{ TYPE: 'E', ID: 'F5', NUMBER: '808', MESSAGE: 'Field ALLOC_NMBR is a required field' }],
};

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) =>
      e instanceof ApiError ? { code: e.code, message: e.message } : { code: 'thrown', message: String(e) },
  );

describeEachDialect('dead-letter actions', (h) => {
  it('retrying a refused posting approves it again: refused again is a new letter, accepted resolves it, SAP holds it once', async () => {
    const store = await h.migrated();
    const w = world();
    let sapSaysNo = 2;
    const core = await coreWith(store, w, undefined, { refuse: () => (sapSaysNo-- > 0 ? REFUSED : null) });
    expect((await core.sync({ since: '2026-11-01' })).dead_letters_waiting).toBe(0);
    const [row] = await core.handle('queue.list', {}, clerk);
    expect(
      await core.handle('proposal.approve', { transactionId: 7101, proposalId: row!.proposal!.id }, clerk),
    ).toMatchObject({
      state: 'failed',
    });
    const [first] = await core.handle('deadLetters.list', {}, clerk);
    expect(first).toMatchObject({ source: 'posting', sourceKey: 'PT7101P', resolvedAt: null });
    expect((await core.sync({ since: '2026-11-01' })).dead_letters_waiting).toBe(1);

    const again = await core.handle('deadLetters.retry', { id: first!.id }, clerk);
    expect(again).toMatchObject({
      outcome: 'failed',
      letter: {
        id: first!.id,
        resolvedBy: clerk.name,
        resolution: expect.stringContaining('SAP refused the posting again'),
      },
    });
    const letters = await core.handle('deadLetters.list', {}, clerk);
    const second = letters.find((l) => l.resolvedAt === null)!;
    expect(second).toMatchObject({ source: 'posting', sourceKey: 'PT7101P' });
    expect(again.message).toContain(`dead letter ${second.id}`);
    expect(w.posted).toEqual([]);

    const done = await core.handle('deadLetters.retry', { id: second.id }, clerk);
    expect(done).toMatchObject({ outcome: 'posted', letter: { id: second.id, resolvedBy: null } });
    expect(done.letter.resolvedAt).not.toBeNull();
    expect(w.posted).toEqual(['PT7101P']);
    expect((await store.repos.payments.get(7101))!.state).toBe('posted');
    expect((await core.sync({ since: '2026-11-01' })).dead_letters_waiting).toBe(0);

    // Nothing left to retry: a resolved letter says so and nothing is sent.
    expect(await refusal(core.handle('deadLetters.retry', { id: second.id }, clerk))).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('was resolved'),
    });
    expect(w.posted).toEqual(['PT7101P']);
  });

  it('resolving takes a reason, keeps who and why on the letter and the audit trail, and happens once', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world(), undefined, { refuse: () => REFUSED });
    await core.sync({ since: '2026-11-01' });
    const [row] = await core.handle('queue.list', {}, clerk);
    await core.handle('proposal.approve', { transactionId: 7101, proposalId: row!.proposal!.id }, clerk);
    const [letter] = await core.handle('deadLetters.list', {}, clerk);

    const resolved = await core.handle(
      'deadLetters.resolve',
      { id: letter!.id, reason: 'Posted by hand in FB05 as 1400000123' },
      admin,
    );
    expect(resolved).toMatchObject({
      id: letter!.id,
      resolvedBy: admin.name,
      resolution: 'Posted by hand in FB05 as 1400000123',
      resolvedAt: '2026-11-25T20:00:00.000Z',
    });
    const entries = await store.repos.audit.forSubject(`dead-letter:${letter!.id}`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: admin.name,
      action: 'deadLetter.resolved',
      detail: { reason: 'Posted by hand in FB05 as 1400000123', sourceKey: 'PT7101P' },
    });
    expect(
      await refusal(core.handle('deadLetters.resolve', { id: letter!.id, reason: 'twice over' }, clerk)),
    ).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(`by ${admin.name}`),
    });
    expect(
      await refusal(core.handle('deadLetters.resolve', { id: 999, reason: 'no such letter' }, clerk)),
    ).toMatchObject({
      code: 'not_found',
    });
    expect(await store.repos.audit.verify()).toMatchObject({ ok: true });
  });

  it('a letter that asks for a reversal is not retried; an export PayTrace could not give is read again by a sync', async () => {
    const store = await h.migrated();
    const w = world();
    let paytraceDown = true;
    const rows = w.paytrace;
    Object.defineProperty(w, 'paytrace', {
      get: () => {
        if (paytraceDown) throw new Error('PayTrace answered 503');
        return rows;
      },
    });
    const core = await coreWith(store, w);
    await expect(core.sync({ since: '2026-11-01' })).rejects.toThrow('503');
    const [exportLetter] = await core.handle('deadLetters.list', {}, clerk);
    expect(exportLetter).toMatchObject({ source: 'paytrace', sourceKey: expect.stringMatching(/^export:/) });

    paytraceDown = false;
    const retried = await core.handle('deadLetters.retry', { id: exportLetter!.id }, clerk);
    expect(retried).toMatchObject({ outcome: 'synced', letter: { id: exportLetter!.id } });
    expect(retried.letter.resolvedAt).not.toBeNull();
    expect(await store.repos.payments.get(7101)).not.toBeNull();

    // A void after posting asks for the reversal: retry points there and changes nothing.
    const [row] = await core.handle('queue.list', {}, clerk);
    await core.handle('proposal.approve', { transactionId: 7101, proposalId: row!.proposal!.id }, clerk);
    rows[0] = { ...rows[0]!, status: 'voided' };
    await core.sync({ since: '2026-11-01' });
    const reverse = (await core.handle('deadLetters.list', {}, clerk)).find((l) => l.resolvedAt === null)!;
    expect(reverse).toMatchObject({ source: 'paytrace', sourceKey: '7101' });
    expect(await refusal(core.handle('deadLetters.retry', { id: reverse.id }, clerk))).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('prepare the reversal'),
    });
    expect((await store.repos.deadLetters.get(reverse.id))!.resolvedAt).toBeNull();
    expect((await core.sync({ since: '2026-11-01' })).dead_letters_waiting).toBe(1);
  });
});
