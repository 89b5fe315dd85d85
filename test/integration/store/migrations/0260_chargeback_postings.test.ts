// Migration 0260: the postings a dispute case implies under four eyes (chargeback_postings), the case's fee, and
// a chargeback's reversal postings, one per reversed posting, beside one standing posting per sale and event.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';

const at = MIGRATIONS.findIndex((m) => m.name === '0260_chargeback_postings');

const posting = (reference: string, event: string) => sql`insert into postings
  (reference, transaction_id, event, state, company_code, document, messages, attempts, approved_by, created_at, updated_at)
  values (${reference}, 7, ${event}, 'posted', '1000', '{}', '[]', 1, 'bob', '2026-12-01', '2026-12-01')`;

describeEachDialect('migration 0260_chargeback_postings', (h) => {
  it('keeps one standing posting per sale and event, but any number of chargeback reversals', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    await posting('PT7P', 'payment').execute(store.db);
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    await posting('PT7C', 'chargeback').execute(store.db);
    await expect(posting('PT7C2', 'chargeback').execute(store.db)).rejects.toThrow();
    await posting('PT7Y', 'chargeback-reversal').execute(store.db);
    await posting('PT7Y2', 'chargeback-reversal').execute(store.db);
    await expect(posting('PT7P2', 'payment').execute(store.db)).rejects.toThrow();
    const cols = await sql<{ fee_minor: unknown }>`select fee_minor from dispute_cases`.execute(store.db);
    expect(cols.rows).toEqual([]);
  });

  it('lets a case have one posting waiting at a time', async () => {
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    const row = (state: string) => sql`insert into chargeback_postings
      (case_id, transaction_id, step, reference, company_code, document, why, state, prepared_by, prepared_at, updated_at)
      values (1, 7, 'chargeback', 'PT7C', '1000', '{}', 'why', ${state}, 'alice', '2026-12-01', '2026-12-01')`;
    await row('rejected').execute(store.db);
    await row('prepared').execute(store.db);
    await expect(row('approved').execute(store.db)).rejects.toThrow();
    await row('posted').execute(store.db);
  });
});
