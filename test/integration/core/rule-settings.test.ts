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
    const firstAccount = before.row.proposal!.writeOff!.gl;
    expect(before.row.proposal!.reasons.join(' ')).toContain(`difference to G/L ${firstAccount}`);
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
    // A section the settings do not have (misspelt) is refused by name, not answered "ok" and dropped.
    expect(await refusal(core.handle('settings.update', { glRules: { rules: [] } } as never, ada))).toMatchObject({
      message: expect.stringMatching(/glRules/),
    });
    expect((await core.handle('settings.get', {}, clerk)).matching).toEqual({
      toleranceByCurrency: [],
      stages: [],
      referencePrefixes: [],
    });
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
    // And the proposal says so: its write-off and its reasons name the account the document posts to.
    expect(after.row.proposal!.writeOff!.gl).toBe('0000880500');
    expect(after.row.proposal!.reasons.join(' ')).toContain('difference to G/L 0000880500');
    expect(after.row.proposal!.reasons.join(' ')).not.toContain(`G/L ${firstAccount}`);
    const moved = await core.handle('audit.list', { action: 'proposal.reaccounted' }, clerk);
    expect(moved.entries.map((e) => [e.actor, e.subject, e.detail])).toEqual([
      ['ada', 'paytrace:8201', expect.objectContaining({ from: firstAccount, to: '0000880500' })],
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
      before: { toleranceByCurrency: [], stages: [], referencePrefixes: [] },
      after: matching,
    });
  });

  it('a rule an earlier version saved with a misspelt payment method is left out; the admin’s other rules stay', async () => {
    const store = await h.migrated();
    const rule = {
      companyCode: '1000',
      transactionType: 'write-off',
      account: '0000880500',
      text: 'Small differences',
    };
    // As an earlier version stored it: any word passed as a payment method.
    await store.repos.settings.put(
      'glAccounts',
      {
        rules: [
          { ...rule, paymentMethod: '*' },
          { ...rule, paymentMethod: 'mastercrd' },
        ],
        deductionReason: 'D07',
      },
      'ada',
      '2026-11-01T00:00:00.000Z',
    );
    const core = await coreWith(store, { paytrace: [], sap: { customers: [], openItems: [] }, posted: [] });
    const got = (await core.handle('settings.get', {}, clerk)).glAccounts;
    expect(got.deductionReason).toBe('D07');
    expect(got.rules.map((r) => [r.paymentMethod, r.account])).toEqual([['*', '0000880500']]);
  });

  it('stages, invoice-number prefixes and multi-invoice limits set by an admin apply from the next run', async () => {
    const store = await h.migrated();
    const world: FakeWorld = {
      paytrace: [sale(8301, 10000, { invoiceId: '90001234' }), sale(8302, 20000, { invoiceId: '90002001' })],
      sap: {
        customers: [customer('0000100001', 'Acme Corp')],
        openItems: [
          openItem('1800000001', '0000100001', 10000, '90001234'),
          openItem('1800000002', '0000100001', 20000, '90001235'),
          // As the customer's SAP keeps them: a prefix the shipped rules do not know.
          openItem('1800000003', '0000100001', 20000, 'FACT-90002001'),
          openItem('1800000004', '0000100001', 20000, 'FACT-90002002'),
        ],
      },
      posted: [],
    };
    const core = await coreWith(store, world, undefined, undefined, { matchingRules: DEFAULT_RULES });
    await core.sync({ since: '2026-11-01' });
    const first = await core.handle('queue.detail', { transactionId: 8301 }, clerk);
    expect(first.row.proposal!).toMatchObject({ tier: 'auto', rule: expect.stringContaining('exact-key') });
    // FACT-90002001 is not read as 90002001 with the shipped prefixes: no exact match.
    const unknown = await core.handle('queue.detail', { transactionId: 8302 }, clerk);
    expect(unknown.row.proposal?.rule ?? '').not.toContain('exact-key');

    const matching = {
      stages: [
        { id: 'exact-key' as const, mode: 'suggest' as const },
        { id: 'scored' as const, mode: 'suggest' as const },
      ],
      referencePrefixes: ['FACT'],
      multiInvoiceMaxItems: 3,
      multiInvoiceMaxCandidates: 2,
    };
    // Fewer open items tried than invoices a payment may pay: refused in words, nothing stored.
    const clash = await refusal(core.handle('settings.update', { matching }, ada));
    expect(clash).toMatchObject({ code: 'invalid_request' });
    expect(clash!.message).toMatch(/tried over 2 open items but may take up to 3/);
    const tight = await refusal(
      core.handle('settings.update', { matching: { ...matching, multiInvoiceMaxCandidates: 3 } }, ada),
    );
    expect(tight).toBeNull();
    expect((await core.handle('settings.get', {}, clerk)).matching).toMatchObject({
      stages: matching.stages,
      referencePrefixes: ['FACT'],
      multiInvoiceMaxItems: 3,
      multiInvoiceMaxCandidates: 3,
    });

    // The next run: the exact key only suggests now, and FACT-90002002 is read as 90002002.
    world.paytrace.push(sale(8303, 20000, { invoiceId: '90001235' }), sale(8304, 20000, { invoiceId: '90002002' }));
    await core.sync({ since: '2026-11-01' });
    const suggested = await core.handle('queue.detail', { transactionId: 8303 }, clerk);
    expect(suggested.row.proposal!).toMatchObject({ tier: 'suggest', rule: expect.stringContaining('exact-key') });
    expect(suggested.row.proposal!.items.map((i) => i.docNo)).toEqual(['1800000002']);
    const prefixed = await core.handle('queue.detail', { transactionId: 8304 }, clerk);
    expect(prefixed.row.proposal!).toMatchObject({ rule: expect.stringContaining('exact-key') });
    expect(prefixed.row.proposal!.items.map((i) => i.docNo)).toEqual(['1800000004']);
  });

  it('a proposal’s reasons and its four-eyes reason name the write-off account its document posts to, per card brand', async () => {
    const store = await h.migrated();
    const world: FakeWorld = {
      paytrace: [],
      sap: {
        customers: [customer('0000100001', 'Acme Corp')],
        openItems: [
          openItem('1800000001', '0000100001', 10000, '90001234'),
          openItem('1800000002', '0000100001', 100000, '90001235'),
        ],
      },
      posted: [],
    };
    const core = await coreWith(store, world, undefined, undefined, {
      matchingRules: DEFAULT_RULES,
      postingConfig: { rules: await loadGlRules(), assignmentFrom: 'invoice' },
    });
    const rule = (transactionType: 'write-off', paymentMethod: string, account: string) => ({
      companyCode: '1000',
      transactionType,
      paymentMethod,
      account,
      text: `${transactionType} ${paymentMethod}`,
      costCenter: '4100',
    });
    await core.handle(
      'settings.update',
      {
        glAccounts: {
          rules: [rule('write-off', '*', '880500'), rule('write-off', 'amex', '880600')],
          deductionReason: null,
        },
        fourEyes: {
          rules: [{ companyCode: '*', amountAbove: null, writeOffs: true, customerChanges: false, suspense: false }],
        },
      },
      ada,
    );
    // 0.50 over: a tolerance write-off; an Amex payment 0.75 short of 1,000.00: the Amex write-off account.
    world.paytrace.push(
      sale(8401, 10050, { invoiceId: '90001234' }),
      sale(8402, 99925, { invoiceId: '90001235', cardBrand: 'amex' }),
    );
    await core.sync({ since: '2026-11-01' });

    const tolerance = await core.handle('queue.detail', { transactionId: 8401 }, clerk);
    expect(tolerance.row.proposal!.writeOff).toMatchObject({ gl: '0000880500', why: 'tolerance' });
    expect(tolerance.row.proposal!.reasons.join(' ')).toMatch(/within tolerance: difference to G\/L 0000880500/);
    expect(tolerance.row.proposal!.reasons.join(' ')).not.toMatch(/0000880000/);
    expect(tolerance.row.proposal!.secondApproval).toEqual([expect.stringMatching(/off to G\/L 0000880500$/)]);
    expect(tolerance.preview!.lines.filter((l) => l.kind === 'gl').map((l) => l.account)).toContain('0000880500');

    const amex = await core.handle('queue.detail', { transactionId: 8402 }, clerk);
    expect(amex.row.proposal!.writeOff).toMatchObject({ gl: '0000880600', why: 'tolerance' });
    expect(amex.row.proposal!.reasons.join(' ')).toMatch(/within tolerance: difference to G\/L 0000880600/);
    expect(amex.row.proposal!.secondApproval).toEqual([expect.stringMatching(/off to G\/L 0000880600$/)]);
    expect(amex.preview!.lines.filter((l) => l.kind === 'gl').map((l) => l.account)).toEqual([
      '0000113110',
      '0000880600',
    ]);
  });

  it('settings.files says what the rules files hold, as edited, in the settings’ shape', async () => {
    const store = await h.migrated();
    const world: FakeWorld = { paytrace: [], sap: { customers: [], openItems: [] }, posted: [] };
    const glRules = await loadGlRules();
    // An edited rules file: its values are in force where the admin set nothing, not the shipped ones.
    const edited = {
      ...DEFAULT_RULES,
      autoThreshold: 0.9,
      referencePrefixes: ['FACT'],
      multiInvoice: { maxItems: 4, maxCandidates: 30 },
    };
    const core = await coreWith(store, world, undefined, undefined, {
      matchingRules: edited,
      postingConfig: { rules: glRules, assignmentFrom: 'invoice', deductionReason: 'D07' },
    });
    const files = await core.handle('settings.files', {}, clerk);
    expect(files.matching).toMatchObject({
      autoThreshold: 0.9,
      suggestThreshold: DEFAULT_RULES.suggestThreshold,
      toleranceMinor: DEFAULT_RULES.tolerance.absoluteMinor,
      toleranceByCurrency: expect.arrayContaining([{ minor: 100, currency: 'JPY' }]),
      stages: DEFAULT_RULES.stages,
      referencePrefixes: ['FACT'],
      multiInvoiceMaxItems: 4,
      multiInvoiceMaxCandidates: 30,
    });
    expect(files.glAccounts!.deductionReason).toBe('D07');
    expect(files.glAccounts!.rules).toHaveLength(glRules.length);
    expect(files.glAccounts!.rules).toContainEqual({
      companyCode: '*',
      transactionType: 'write-off',
      paymentMethod: '*',
      account: '0000880000',
      text: 'Small differences written off',
      costCenter: '0000004100',
      profitCenter: null,
    });
    // An admin's setting does not change what the file holds.
    await core.handle('settings.update', { matching: { autoThreshold: 0.97 } }, ada);
    expect((await core.handle('settings.files', {}, clerk)).matching!.autoThreshold).toBe(0.9);
    // Without the files: nothing to show.
    const bare = await coreWith(store, world);
    expect(await bare.handle('settings.files', {}, clerk)).toEqual({ matching: null, glAccounts: null });
  });
});
