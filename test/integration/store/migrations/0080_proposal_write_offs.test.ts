// Migration 0080: proposal items carry a write-off beside the cash applied, proposals the G/L and
// the reason; proposals written before it read back with no write-off.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf } from '../../../support/store-introspect';
import { transactionRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0080_proposal_write_offs');

describeEachDialect('migration 0080_proposal_write_offs', (h) => {
  it('adds write_off_minor (0 by default) to proposal items and write_off_gl / write_off_why to proposals', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    expect((await columnsOf(store, 'proposal_items')).map((c) => c.name)).not.toContain('write_off_minor');
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    const items = await columnsOf(store, 'proposal_items');
    expect(items.find((c) => c.name === 'write_off_minor')).toMatchObject({ nullable: false });
    const proposals = (await columnsOf(store, 'proposals')).filter((c) => c.name.startsWith('write_off_'));
    expect(proposals.map((c) => [c.name, c.nullable])).toEqual([
      ['write_off_gl', true],
      ['write_off_why', true],
    ]);
  });

  it('keeps proposals written before it, with nothing written off', async () => {
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
        rule: 'exact/exact',
        status: 'open',
        created_at: '2026-11-25T00:00:00Z',
        decided_by: null,
        decided_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await store.db
      .insertInto('proposal_items')
      .values({
        proposal_id: id,
        company_code: '1000',
        doc_no: '1800000001',
        fisc_year: '2026',
        item_num: '001',
        amount_minor: 5000,
      })
      .execute();
    await migrate(store);
    const proposal = await store.repos.proposals.get(id);
    expect(proposal?.writeOff).toBeNull();
    expect(proposal?.items).toEqual([
      {
        item: { BUKRS: '1000', BELNR: '1800000001', GJAHR: '2026', BUZEI: '001' },
        amount: { minor: 5000, currency: 'USD' },
      },
    ]);
  });
});
