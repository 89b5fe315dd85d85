import { expect, it } from 'vitest';
import type { PaymentTransaction } from '../../../shared/domain';
import { ingestTransactions } from '../../../electron/core/sync/ingest';
import { verifyAudit } from '../../../electron/store/audit-verify';
import { describeEachDialect } from '../../support/store';

export function payment(id: number, over: Partial<PaymentTransaction> = {}): PaymentTransaction {
  return {
    source: { transaction_id: id },
    kind: 'sale',
    status: 'pending',
    batch: null,
    amount: { minor: 12500, currency: 'USD' },
    createdAt: { utc: '2026-11-20T18:00:00.000Z', original: '11/20/2026 10:00:00 AM' },
    settledAt: null,
    invoiceId: `9000${id}`,
    customerReferenceId: '',
    description: '',
    vaultCustomerId: '',
    billingName: 'Acme Corp',
    email: 'ap@acme.example',
    maskedCard: '************5454',
    cardBrand: 'mastercard',
    approvalCode: 'TAS123',
    originalTransactionId: null,
    ...over,
  };
}

describeEachDialect('ingest of PayTrace transactions', (h) => {
  it('stores each transaction once, however often it is ingested', async () => {
    const { db } = await h.migrated();
    const page = [payment(1), payment(2), payment(3, { status: 'declined' })];
    expect(await ingestTransactions(db, page, '2026-11-20T19:00:00.000Z')).toEqual({ ingested: 3, updated: 0, unchanged: 0 });
    expect(await ingestTransactions(db, page, '2026-11-20T19:05:00.000Z')).toEqual({ ingested: 0, updated: 0, unchanged: 3 });
    const rows = await db.selectFrom('transactions').select(['transaction_id', 'queue_state']).orderBy('transaction_id').execute();
    expect(rows).toEqual([
      { transaction_id: 1, queue_state: 'new' },
      { transaction_id: 2, queue_state: 'new' },
      { transaction_id: 3, queue_state: 'closed' },
    ]);
  });

  it('updates a transaction PayTrace settled, and writes the change to the audit log', async () => {
    const { db } = await h.migrated();
    await ingestTransactions(db, [payment(10)], '2026-11-20T19:00:00.000Z');
    const settled = payment(10, { status: 'settled', batch: 571, settledAt: { utc: '2026-11-21T04:13:45.000Z', original: '11/20/2026 8:13:45 PM' } });
    expect(await ingestTransactions(db, [settled], '2026-11-21T08:00:00.000Z')).toEqual({ ingested: 0, updated: 1, unchanged: 0 });
    const row = await db.selectFrom('transactions').selectAll().where('transaction_id', '=', 10).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'settled', batch: 571, settled_at_utc: '2026-11-21T04:13:45.000Z', queue_state: 'new' });
    const audit = await db.selectFrom('audit_log').selectAll().execute();
    expect(audit.map((a) => [a.action, a.subject])).toEqual([['transaction.changed', 'paytrace:10']]);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ from: 'pending', to: 'settled', batch: 571 });
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it('keeps a transaction a clerk ignored ignored when PayTrace changes it', async () => {
    const { db } = await h.migrated();
    await ingestTransactions(db, [payment(20)], '2026-11-20T19:00:00.000Z');
    await db.updateTable('transactions').set({ queue_state: 'ignored', state_reason: 'test charge' }).where('transaction_id', '=', 20).execute();
    await ingestTransactions(db, [payment(20, { status: 'settled', batch: 9 })], '2026-11-21T08:00:00.000Z');
    const row = await db.selectFrom('transactions').select(['queue_state', 'state_reason', 'status']).where('transaction_id', '=', 20).executeTakeFirstOrThrow();
    expect(row).toEqual({ queue_state: 'ignored', state_reason: 'test charge', status: 'settled' });
  });

  it('closes an unposted payment that PayTrace voided', async () => {
    const { db } = await h.migrated();
    await ingestTransactions(db, [payment(30)], '2026-11-20T19:00:00.000Z');
    await ingestTransactions(db, [payment(30, { status: 'voided' })], '2026-11-20T20:00:00.000Z');
    const row = await db.selectFrom('transactions').select(['queue_state']).where('transaction_id', '=', 30).executeTakeFirstOrThrow();
    expect(row.queue_state).toBe('closed');
  });

  it('ingests a large page in one pass (chunked below the parameter limits)', async () => {
    const { db } = await h.migrated();
    const page = Array.from({ length: 2500 }, (_, i) => payment(1000 + i));
    expect((await ingestTransactions(db, page, '2026-11-20T19:00:00.000Z')).ingested).toBe(2500);
    const { n } = await db.selectFrom('transactions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(2500);
  });
});
