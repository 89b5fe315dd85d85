// The learned model's data on both dialects (migration 0300): the clerks' decisions labelled from the
// proposals and the payment's state (approved unchanged 1, corrected away 0, the clerk's correction 1,
// rejected by ignoring 0, undecided left out), the payer history, the reliability bins, and the
// trained models by version (training through the core's owner, electron/core/learning/model.ts).
import { expect, it } from 'vitest';
import type { MatchProposal, PaymentState } from '../../../shared/domain';
import { explain, FEATURES, type FeatureVector, parseModel, PRIOR_MODEL } from '../../../shared/matching';
import { currentModel, trainFromDecisions } from '../../../electron/core/learning/model';
import { describeEachDialect } from '../../support/store';
import { transactionRow } from '../../support/store-rows';

const AT = '2026-12-04T10:00:00.000Z';

const vector = (on: Partial<Record<(typeof FEATURES)[number], number>>): FeatureVector =>
  Object.fromEntries(FEATURES.map((f) => [f, on[f] ?? 0])) as FeatureVector;

function proposal(transactionId: number, customer: string, x: FeatureVector): MatchProposal {
  return {
    transactionId,
    tier: 'suggest',
    confidence: 0.8,
    customer,
    companyCode: '1000',
    items: [],
    onAccount: { minor: 1000, currency: 'USD' },
    reasons: ['test'],
    rule: 'scored/amount',
    explanation: explain(PRIOR_MODEL, x, { by: 'rules', of: 1 }, 1),
  };
}

describeEachDialect('match models repository', (h) => {
  it('labels decisions: approved 1, corrected away 0, the correction 1, ignored 0, undecided out', async () => {
    const store = await h.migrated();
    const { repos, db } = store;
    const states: [number, PaymentState][] = [
      [1, 'posted'],
      [2, 'review'],
      [3, 'ignored'],
      [4, 'review'],
      [5, 'closed'],
    ];
    await db
      .insertInto('transactions')
      .values(states.map(([id, s]) => transactionRow({ transaction_id: id, queue_state: s })))
      .execute();
    const good = vector({ refExact: 1, amountExact: 1, rulesFirst: 1 });
    const bad = vector({ refNone: 1, amountDiff: 0.4, rulesFirst: 1 });
    const a = await repos.proposals.insert(proposal(1, '0000100001', good), AT);
    await repos.proposals.approve(a, 'alice', AT);
    const wrong = await repos.proposals.insert(proposal(2, '0000100002', bad), AT);
    await repos.proposals.supersedeLive(2, 'alice', AT);
    const fixed = await repos.proposals.insert(proposal(2, '0000100003', vector({ refExact: 1 })), AT, {
      by: 'alice',
      customerFrom: '0000100002',
    });
    const ignored = await repos.proposals.insert(proposal(3, '0000100001', bad), AT);
    await repos.proposals.insert(proposal(4, '0000100001', good), AT); // open: undecided
    // Closed (voided) releases the proposal: superseded without a correction, not a decision.
    const released = await repos.proposals.insert(proposal(5, '0000100001', good), AT);
    await db.updateTable('proposals').set({ status: 'superseded' }).where('id', '=', released).execute();
    // A proposal written before 0300 (no explanation) is not a training sample.
    await db
      .insertInto('proposals')
      .values({
        transaction_id: 1,
        tier: 'auto',
        confidence: 990,
        customer: '0000100001',
        company_code: '1000',
        on_account_minor: 0,
        currency: 'USD',
        reasons: '[]',
        rule: 'exact-key/exact',
        status: 'superseded',
        created_at: AT,
        decided_by: null,
        decided_at: null,
      })
      .execute();

    const decisions = await repos.matchModels.decisions();
    expect(decisions.map((d) => [d.proposalId, d.kind, d.label])).toEqual([
      [a, 'approved', 1],
      [wrong, 'corrected', 0],
      [fixed, 'correction', 1],
      [ignored, 'rejected', 0],
    ]);
    expect(JSON.parse(decisions[0]!.explanation)).toMatchObject({ features: { refExact: 1, amountExact: 1 } });
    // Read back, the proposal carries its explanation.
    expect((await repos.proposals.get(a))?.explanation).toMatchObject({ model: { source: 'prior', version: 0 } });

    // Reliability: the matcher's decided proposals only (not the clerk's correction), binned by model_p.
    const p = (x: FeatureVector) => Math.round(explain(PRIOR_MODEL, x, { by: 'rules', of: 1 }, 1).probability * 1000);
    const rows = await repos.matchModels.reliability(10);
    const bin = (x: FeatureVector) => Math.min(9, Math.floor(p(x) / 100));
    const want = new Map<number, { count: number; approved: number; predicted: number }>();
    for (const [x, y] of [
      [good, 1],
      [bad, 0],
      [bad, 0],
    ] as const) {
      const w = want.get(bin(x)) ?? { count: 0, approved: 0, predicted: 0 };
      want.set(bin(x), { count: w.count + 1, approved: w.approved + y, predicted: w.predicted + p(x) });
    }
    expect(rows).toEqual([...want].sort(([x], [y]) => x - y).map(([b, w]) => ({ bin: b, ...w })));
    expect(p(good)).toBeGreaterThan(p(bad));

    // History: the matcher's proposals approved unchanged, per customer.
    expect(await repos.matchModels.history()).toEqual(new Map([['0000100001', 1]]));
    expect(await repos.matchModels.history(['0000100002'])).toEqual(new Map());
    await expect(repos.matchModels.reliability(0)).rejects.toThrow(/bins/);
  });

  it('trains only with enough labels, then stores each model as the next version; the current one applies', async () => {
    const store = await h.migrated();
    const { repos, db } = store;
    expect(await currentModel(repos)).toBe(PRIOR_MODEL);
    const n = 12;
    await db
      .insertInto('transactions')
      .values(Array.from({ length: n }, (_, i) => transactionRow({ transaction_id: 100 + i, queue_state: 'posted' })))
      .execute();
    for (let i = 0; i < n; i++) {
      const right = i % 2 === 0;
      const id = await repos.proposals.insert(
        proposal(100 + i, '0000100001', vector(right ? { refExact: 1, rulesFirst: 1 } : { refNone: 1, rulesFirst: 1 })),
        AT,
      );
      if (right) await repos.proposals.approve(id, 'alice', AT);
      else await db.updateTable('proposals').set({ status: 'rejected' }).where('id', '=', id).execute();
    }
    const early = await trainFromDecisions(repos, 'ada', AT, n + 1);
    expect(early).toMatchObject({ trained: false, version: 0, labels: n, needed: n + 1 });
    expect(await repos.matchModels.latest()).toBeNull();

    const first = await trainFromDecisions(repos, 'ada', AT, n);
    expect(first).toMatchObject({ trained: true, version: 1, labels: n, approvals: n / 2, rejections: n / 2 });
    const second = await trainFromDecisions(repos, 'job:7', '2026-12-05T01:20:00.000Z', n);
    expect(second.version).toBe(2);
    const latest = (await repos.matchModels.latest())!;
    expect(latest).toMatchObject({ version: 2, labels: n, approvals: n / 2, corrections: 0, rejections: n / 2 });
    expect(latest.trainedBy).toBe('job:7');
    const model = parseModel(latest.model);
    expect(model).toMatchObject({ version: 2, source: 'trained', labels: n, positives: n / 2 });
    // What it learned: an exact reference speaks for the proposal, none against it.
    expect(model.weights.refExact).toBeGreaterThan(0);
    expect(model.weights.refNone).toBeLessThan(0);
    expect(await currentModel(repos)).toEqual(model);
    const audit = await repos.audit.forSubject('match-model:2');
    expect(audit.map((e) => e.action)).toEqual(['matching.modelTrained']);
  });
});
