// Migration 0300: proposals gain the learned model's probability (model_p) and explanation, both
// empty for proposals written before it; match_models holds trained models by version.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf } from '../../../support/store-introspect';
import { transactionRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0300_match_models');

describeEachDialect('migration 0300_match_models', (h) => {
  it('adds model_p and explanation to proposals, keeping older proposals without them, and match_models', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    await store.db
      .insertInto('transactions')
      .values(transactionRow({ transaction_id: 1 }))
      .execute();
    const { id } = await store.db
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
        status: 'approved',
        created_at: '2026-11-25T00:00:00Z',
        decided_by: 'alice',
        decided_at: '2026-11-25T01:00:00Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    const added = (await columnsOf(store, 'proposals')).filter((c) => c.name === 'model_p' || c.name === 'explanation');
    expect(added.map((c) => [c.name, c.nullable]).sort()).toEqual([
      ['explanation', true],
      ['model_p', true],
    ]);
    expect((await columnsOf(store, 'match_models')).map((c) => c.name).sort()).toEqual(
      ['approvals', 'corrections', 'labels', 'model', 'rejections', 'trained_at', 'trained_by', 'version'].sort(),
    );
    const old = await store.repos.proposals.get(id);
    expect(old).toMatchObject({ status: 'approved', explanation: null });
    // Written before the model: not a training sample, not in the reliability chart.
    expect(await store.repos.matchModels.decisions()).toEqual([]);
    expect(await store.repos.matchModels.reliability(10)).toEqual([]);
    await store.repos.matchModels.save({
      model: '{}',
      labels: 1,
      approvals: 1,
      corrections: 0,
      rejections: 0,
      trainedAt: '2026-11-26T00:00:00Z',
      trainedBy: 'ada',
    });
    await expect(
      store.db
        .insertInto('match_models')
        .values({
          version: 1,
          model: '{}',
          labels: 1,
          approvals: 1,
          corrections: 0,
          rejections: 0,
          trained_at: 'x',
          trained_by: 'y',
        })
        .execute(),
    ).rejects.toThrow();
  });
});
