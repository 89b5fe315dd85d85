// The transition writer (electron/store/repos/transitions.ts) applied to random sequences of
// events, on SQLite and PostgreSQL: a payment is always in exactly one state of the machine, a
// refused event changes nothing, and every change of state is in the audit log (replaying the
// log's transitions from the first state gives the state the payment ends in).
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { PAYMENT_EVENTS, PAYMENT_STATES, TransitionRefusedError, transitionOf } from '../../../shared/domain';
import type { PaymentState } from '../../../shared/domain';
import { payment } from '../../support/payments';
import { describeEachDialect } from '../../support/store';

const AT = '2026-11-20T19:00:00.000Z';

describeEachDialect('the payment state machine in the store', (h) => {
  it('random event sequences leave each payment in exactly one state, with every change audited', async () => {
    const store = await h.migrated();
    const { db, repos } = store;
    let nextId = 7_000_000;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<'sale' | 'declined'>('sale', 'declined'),
        fc.array(fc.constantFrom(...PAYMENT_EVENTS), { maxLength: 24 }),
        async (start, events) => {
          const id = nextId++;
          await repos.payments.ingest([payment(id, start === 'declined' ? { status: 'declined' } : {})], AT);
          const first = (await repos.payments.get(id))!.state;
          let state: PaymentState = first;
          for (const event of events) {
            const auditBefore = await countAudit(id);
            const expected = transitionOf(state, event);
            if (!expected) {
              await expect(
                repos.payments.transition(id, { event, actor: 'prop', action: `test.${event}`, at: AT }),
              ).rejects.toBeInstanceOf(TransitionRefusedError);
              expect(await countAudit(id)).toBe(auditBefore);
            } else {
              const result = await repos.payments.transition(id, {
                event,
                actor: 'prop',
                action: `test.${event}`,
                at: AT,
              });
              expect(result).toEqual({ from: state, to: expected.to, effect: expected.effect ?? null });
              expect(await countAudit(id)).toBe(auditBefore + 1);
              state = expected.to;
            }
            const rows = await db
              .selectFrom('transactions')
              .select('queue_state')
              .where('transaction_id', '=', id)
              .execute();
            expect(rows).toHaveLength(1);
            expect(PAYMENT_STATES).toContain(rows[0]!.queue_state);
            expect(rows[0]!.queue_state).toBe(state);
          }
          // The audit log alone tells the story: its transitions, replayed from the first state.
          const trail = (await repos.audit.forSubject(`paytrace:${id}`)).map(
            (a) => a.detail.transition as { event: string; from: PaymentState; to: PaymentState },
          );
          let replayed = first;
          for (const step of trail) {
            expect(step.from).toBe(replayed);
            replayed = step.to;
          }
          expect(replayed).toBe(state);
        },
      ),
      { numRuns: h.dialect === 'sqlite' ? 60 : 25 },
    );
    expect((await repos.audit.verify()).ok).toBe(true);

    async function countAudit(id: number): Promise<number> {
      const row = await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('subject', '=', `paytrace:${id}`)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }
  });

  it('a writer that finds the state changed under it lets the table decide again', async () => {
    const store = await h.migrated();
    await store.repos.payments.ingest([payment(8_000_001)], AT);
    // Two approvals at once: both are allowed from 'new' and from 'approved', so both land.
    await Promise.all(
      [1, 2].map(() =>
        store.repos.payments.transition(8_000_001, { event: 'approved', actor: 'a', action: 'test.approved', at: AT }),
      ),
    );
    expect((await store.repos.payments.get(8_000_001))!.state).toBe('approved');
    // Two parkings at once from 'new': one parks it, the other finds it parked and is refused.
    await store.repos.payments.ingest([payment(8_000_002)], AT);
    const outcomes = await Promise.allSettled(
      [1, 2].map(() =>
        store.repos.payments.transition(8_000_002, { event: 'parked', actor: 'a', action: 'test.parked', at: AT }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(TransitionRefusedError);
  });

  it('stores a reason with the card data a clerk or SAP quoted masked', async () => {
    const store = await h.migrated();
    await store.repos.payments.ingest([payment(8_000_003)], AT);
    await store.repos.payments.transition(8_000_003, {
      event: 'parked',
      actor: 'mia.clerk',
      action: 'test.parked',
      reason: 'payer read out 4111.1111.1111.1111, cvv 123',
      at: AT,
    });
    expect((await store.repos.payments.get(8_000_003))!.stateReason).toBe('payer read out ************1111, cvv ***');
  });
});
