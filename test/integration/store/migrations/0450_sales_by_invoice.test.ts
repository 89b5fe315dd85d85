// Migration 0450: each sync's refund context finds the sales a refund names by their invoice through an index on
// both stores, not by reading every transaction (PostgreSQL's byte-order index of 0130 cannot serve an equality
// in the database's collation).
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { transactionRow } from '../../../support/store-rows';

const at = MIGRATIONS.findIndex((m) => m.name === '0450_sales_by_invoice');

describeEachDialect('migration 0450_sales_by_invoice', (h) => {
  it('finds the sales of an invoice, not its refunds, through an index', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    await store.db
      .insertInto('transactions')
      .values([
        ...Array.from({ length: 400 }, (_, i) =>
          transactionRow({ transaction_id: 1000 + i, invoice_id: `9000${String(i).padStart(4, '0')}` }),
        ),
        transactionRow({ transaction_id: 5000, invoice_id: '90000007', kind: 'refund', amount_minor: 500 }),
      ])
      .execute();
    await migrate(store, MIGRATIONS.slice(0, at + 1));
    const found = await store.repos.payments.salesRefundsMayName({ ids: [], invoices: ['90000007'], cards: [] });
    expect(found.map((p) => p.source.transaction_id)).toEqual([1007]);

    const query = sql`select * from transactions where invoice_id in ('90000007', '90000011')
      and kind not in ('refund', 'void', 'authorization') and status not in ('voided', 'declined', 'authorized')`;
    const plan =
      h.dialect === 'sqlite'
        ? (await sql<{ detail: string }>`explain query plan ${query}`.execute(store.db)).rows.map((r) => r.detail)
        : // 401 rows are read whole cheaper than through an index: the plan is asked with that ruled out.
          await store.db.transaction().execute(async (trx) => {
            await sql`analyze transactions`.execute(trx);
            await sql`set local enable_seqscan = off`.execute(trx);
            const rows = await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(trx);
            return rows.rows.map((r) => r['QUERY PLAN']);
          });
    expect(plan.join('\n')).toMatch(
      h.dialect === 'sqlite' ? /USING INDEX transactions_by_invoice/ : /transactions_sales_by_invoice/,
    );
    expect(plan.join('\n')).not.toMatch(/^SCAN transactions$|Seq Scan/m);
  });
});
