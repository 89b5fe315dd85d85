// Migration 0160: `dispute_cases` (one row per processor and case number) and `dispute_mappings`, added to a
// store that holds data, which stays as it was.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf, tablesOf } from '../../../support/store-introspect';
import { transactionRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0160_disputes');
const T = '2026-12-01T10:00:00.000Z';

const row = (processor: string, caseNumber: string) => ({
  processor,
  case_number: caseNumber,
  stage: 'chargeback',
  stage_raw: '',
  status: 'open',
  status_raw: '',
  network: 'visa',
  reason_code: '10.4',
  reason_meaning: '',
  reason_description: '',
  amount_minor: 100,
  currency: 'USD',
  original_amount_minor: null,
  impact: 'debit',
  received_date: null,
  transaction_date: null,
  due_date: null,
  card_last4: '1111',
  arn: '',
  merchant_reference: '',
  reported_transaction_id: null,
  auth_code: '',
  merchant_id: '',
  source: 'report',
  origin: 'f.csv',
  match_state: 'unmatched',
  matched_transaction_id: null,
  match_method: null,
  match_detail: '{}',
  first_seen_at: T,
  updated_at: T,
});

describeEachDialect('migration 0160_disputes', (h) => {
  it('adds the dispute tables beside the data already there, one case per processor and case number', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    expect(await tablesOf(store)).not.toContain('dispute_cases');
    await store.db
      .insertInto('transactions')
      .values(transactionRow({ transaction_id: 1 }))
      .execute();
    await migrate(store);
    expect(await tablesOf(store)).toEqual(expect.arrayContaining(['dispute_cases', 'dispute_mappings']));
    expect((await columnsOf(store, 'dispute_cases')).map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'processor',
        'case_number',
        'amount_minor',
        'card_last4',
        'arn',
        'due_date',
        'match_detail',
      ]),
    );
    expect(await store.db.selectFrom('transactions').select('transaction_id').execute()).toHaveLength(1);

    await store.db.insertInto('dispute_cases').values(row('north', 'A')).execute();
    await store.db.insertInto('dispute_cases').values(row('elavon', 'A')).execute();
    await expect(store.db.insertInto('dispute_cases').values(row('north', 'A')).execute()).rejects.toThrow();
  });
});
