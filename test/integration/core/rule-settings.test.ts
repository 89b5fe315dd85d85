// Matching tolerances and G/L accounts as an admin's settings (issue 12, point 7), through the core on both
// dialects: after an admin saves a smaller tolerance, the next match run no longer writes off a difference the
// run before wrote off; after an admin changes a G/L rule, the FI document preview of a proposal uses the new
// account, with no restart. Only an admin changes them; a change that does not fit the rules file is refused in
// words and nothing is stored; each change is on the audit trail.
import { expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import { loadGlRules } from '../../../electron/connectors/sap';
import type { Actor } from '../../../electron/core/ports';
import { DEFAULT_RULES } from '../../../shared/matching';
import { describeEachDialect } from '../../support/store';
import { clerk, coreWith, customer, openItem, sale, type FakeWorld } from './core-fixture';

const ada: Actor = { name: 'ada', roles: ['admin'] };
const bob: Actor = { name: 'bob', roles: ['approver', 'clerk'] };

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) =>
      e instanceof ApiError ? { code: e.code, message: e.message } : { code: 'thrown', message: String(e) },
  );

describeEachDialect('matching and G/L rules as settings', (h) => {
  it('a smaller tolerance stops the next run’s write-off; a changed G/L rule is in the next preview', async () => {
    const store = await h.migrated();
    const world: FakeWorld = {
      // 0.50 over each invoice: within the shipped tolerance (1.00), a write-off to G/L.
      paytrace: [sale(8201, 10050, { invoiceId: '90001234' })],
      sap: {
        customers: [customer('0000100001', 'Acme Corp')],
        openItems: [
          openItem('1800000001', '0000100001', 10000, '90001234'),
          openItem('1800000002', '0000100001', 10000, '90001299'),
        ],
      },
      posted: [],
    };
    const core = await coreWith(store, world, undefined, undefined, {
      matchingRules: DEFAULT_RULES,
      postingConfig: { rules: await loadGlRules(), assignmentFrom: 'invoice' },
    });
    await core.sync({ since: '2026-11-01' });
    const before = await core.handle('queue.detail', { transactionId: 8201 }, clerk);
    expect(before.row.proposal!.writeOff).toMatchObject({ amount: { minor: -50 }, why: 'tolerance' });
    expect(before.preview!.lines.map((l) => [l.kind, l.account, l.amount.minor])).toEqual([
      ['gl', '0000113100', 10050],
      ['gl', '0000880000', -50],
      ['customer', '0000100001', -10000],
    ]);

    const matching = { toleranceMinor: 10, tolerancePercentBasisPoints: 0 };
    const glAccounts = {
      rules: [
        {
          companyCode: '1000',
          transactionType: 'write-off' as const,
          paymentMethod: '*',
          account: '880500',
          text: 'Small differences 1000',
          costCenter: '4100',
        },
      ],
      deductionReason: null,
    };
    // Not an admin: refused by the core, nothing stored.
    for (const who of [clerk, bob])
      expect(await refusal(core.handle('settings.update', { matching, glAccounts }, who))).toMatchObject({
        code: 'forbidden',
      });
    // A suggestion threshold above the file's automatic one: refused in words, nothing stored or audited.
    const clash = await refusal(core.handle('settings.update', { matching: { suggestThreshold: 0.97 } }, ada));
    expect(clash).toMatchObject({ code: 'invalid_request' });
    expect(clash!.message).toMatch(/suggestion threshold \(97 %\) is above the automatic threshold \(95 %\)/);
    expect(
      await refusal(
        core.handle(
          'settings.update',
          { glAccounts: { ...glAccounts, rules: [{ ...glAccounts.rules[0]!, account: 'ABC' }] } },
          ada,
        ),
      ),
      // The schema's words (the transports answer them as invalid_request).
    ).toMatchObject({ message: expect.stringContaining('A G/L account has 1 to 10 digits') });
    expect((await core.handle('settings.get', {}, clerk)).matching).toEqual({ toleranceByCurrency: [] });
    expect((await core.handle('audit.list', { action: 'settings.changed' }, clerk)).total).toBe(0);

    const saved = await core.handle('settings.update', { matching, glAccounts }, ada);
    expect(saved.matching).toMatchObject(matching);
    expect(saved.glAccounts.rules[0]).toMatchObject({ account: '0000880500', costCenter: '0000004100' });

    // The preview of the proposal made before: the write-off line goes to the admin's account now.
    const after = await core.handle('queue.detail', { transactionId: 8201 }, clerk);
    expect(after.preview!.lines.map((l) => [l.kind, l.account, l.amount.minor, l.costCenter ?? ''])).toEqual([
      ['gl', '0000113100', 10050, ''],
      ['gl', '0000880500', -50, '0000004100'],
      ['customer', '0000100001', -10000, ''],
    ]);

    // The next run, with the tolerance at 0.10: the same 0.50 difference is not written off any more.
    world.paytrace.push(sale(8202, 10050, { invoiceId: '90001299' }));
    await core.sync({ since: '2026-11-01' });
    const next = await core.handle('queue.detail', { transactionId: 8202 }, clerk);
    expect(next.row.proposal!.items.map((i) => i.docNo)).toEqual(['1800000002']);
    expect(next.row.proposal!.writeOff ?? null).toBeNull();
    expect(next.row.proposal!.reasons.join(' ')).not.toMatch(/within tolerance/);
    expect(next.preview!.lines.map((l) => l.account)).not.toContain('0000880500');

    const audit = await core.handle('audit.list', { action: 'settings.changed' }, clerk);
    expect(audit.entries.map((e) => [e.actor, e.subject]).sort()).toEqual([
      ['ada', 'settings:glAccounts'],
      ['ada', 'settings:matching'],
    ]);
    expect(audit.entries.find((e) => e.subject === 'settings:matching')!.detail).toMatchObject({
      before: { toleranceByCurrency: [] },
      after: matching,
    });
  });
});
