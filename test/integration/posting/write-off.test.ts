// Write-offs that post: a proposal that clears an invoice with a difference within tolerance (short
// or over) posts the difference to the G/L account the G/L rules give, with their cost centre, and
// clears the invoice in full; a payment short beyond it writes nothing off (PayTrace takes no card
// fee from a sale). The SAP simulator's ledger is read back: the invoice is cleared, the difference
// is on the G/L with its cost centre, the document balances. A deduction on an invoice another
// payment paid part of leaves a residual of what is left to it, whichever of the two posts first.
import { afterEach, expect, it } from 'vitest';
import { createRfcSapSystem, loadGlRules, sapErpSystem, type SapSystem } from '../../../electron/connectors/sap';
import { Core } from '../../../electron/core/core';
import { createDocumentBuilder } from '../../../electron/core/posting/document';
import type { Actor } from '../../../electron/core/ports';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { createSandboxRfc } from '../../../electron/sandbox/sap/rfc';
import { seedLedger } from '../../../electron/sandbox/sap/seed';
import type { Store } from '../../../electron/store';
import type { PaymentTransaction } from '../../../shared/domain';
import { DEFAULT_RULES, matchPayments } from '../../../shared/matching';
import type { GlRule } from '../../../shared/posting';
import { invoice, testSeed } from '../sap/fixture';
import type { ScenarioInvoice } from '../../../electron/sandbox/scenario/types';
import { sale } from '../core/core-fixture';
import { describeEachDialect } from '../../support/store';

const clerk: Actor = { name: 'mia.clerk', roles: ['clerk'] };
const approver: Actor = { name: 'bob.approver', roles: ['approver'] };
const NOW = '2026-11-25T20:00:00.000Z';

let sap: SapSystem | null = null;
afterEach(async () => {
  await sap?.close();
  sap = null;
});

async function world(
  store: Store,
  paytrace: PaymentTransaction[],
  rules?: (r: GlRule[]) => GlRule[],
  invoices: ScenarioInvoice[] = [],
) {
  const ledger = new SapLedger({ now: () => new Date(NOW) });
  const seed = testSeed();
  seedLedger(ledger, { ...seed, invoices: [...seed.invoices, ...invoices] });
  const rfc = createSandboxRfc(ledger, { users: { CLEARDESK: 'secret' } });
  sap = createRfcSapSystem(
    rfc,
    { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK', passwd: 'secret', lang: 'EN' },
    { today: () => '2026-11-25', clearingStrategies: { '1000': 'clearing-rfc' } },
  );
  const glRules = await loadGlRules();
  const core = new Core({
    store: store.repos,
    gateway: { fetchTransactions: async () => ({ transactions: paytrace, rejected: [] }) },
    erp: sapErpSystem(sap, 'sandbox'),
    companyCodes: ['1000'],
    matcher: (input) => matchPayments(input, DEFAULT_RULES),
    buildDocument: createDocumentBuilder({ rules: rules ? rules(glRules) : glRules, assignmentFrom: 'invoice' }),
    clock: { now: () => new Date(NOW) },
    session: { sandbox: true, dataDir: '/tmp', version: 'test' },
  });
  await core.sync({ since: '2026-11-01' });
  return { core, ledger };
}

/** The invoice (by XBLNR) in the ledger, and the payment document ClearDesk posted for a transaction. */
function read(ledger: SapLedger, invoice: string, transactionId: number) {
  const docs = [...ledger.documents.values()];
  const inv = docs.find((d) => d.header.XBLNR === invoice)!;
  const payment = docs.filter((d) => d.header.XBLNR === `PT${transactionId}P`);
  const signed = (l: { SHKZG: string; WRBTR: { minor: number } }) => (l.SHKZG === 'S' ? 1 : -1) * l.WRBTR.minor;
  return { invoiceLine: inv.lines.find((l) => l.KOART === 'D')!, payment, signed };
}

const sum = (items: readonly { amount: { minor: number } }[]) => items.reduce((a, i) => a + i.amount.minor, 0);

/** Invoice 90001250's customer line in the ledger, and the customer lines of the payments' documents. */
function instalmentLines(ledger: SapLedger, transactionIds: readonly number[]) {
  const docs = [...ledger.documents.values()];
  const invoiceLine = docs.find((d) => d.header.XBLNR === '90001250')!.lines.find((l) => l.KOART === 'D')!;
  const references = new Set(transactionIds.map((id) => `PT${id}P`));
  const customerLines = docs
    .filter((d) => references.has(d.header.XBLNR))
    .flatMap((d) => d.lines.filter((l) => l.KOART === 'D'));
  return { docs, invoiceLine, customerLines };
}

/**
 * Invoice 90001250 (5,000.00, on `terms` from their baseline date when given) of customer 100001 and an instalment of
 * 1,000.00 on it (payment 8211, matched, not approved); `approve` approves a payment's proposal (with the second person where it needs one) and expects it posted.
 */
async function instalmentWorld(store: Store, terms?: { ZTERM: string; baseline: string }) {
  const paytrace = [sale(8211, 100000, { invoiceId: '90001250' })];
  const big = terms
    ? { ...invoice('1000', '0000100001', '90001250', 'USD', '5000.00', terms.baseline), ZTERM: terms.ZTERM }
    : invoice('1000', '0000100001', '90001250', 'USD', '5000.00');
  const { core, ledger } = await world(store, paytrace, undefined, [big]);
  const before = sum(await sap!.getOpenItems('1000', '0000100001'));
  const approve = async (transactionId: number) => {
    const row = (await core.handle('queue.list', {}, clerk)).find((r) => r.transactionId === transactionId)!;
    let posting = await core.handle('proposal.approve', { transactionId, proposalId: row.proposal!.id }, clerk);
    if (posting.state === 'awaiting-approval')
      posting = await core.handle('proposal.approve', { transactionId, proposalId: row.proposal!.id }, approver);
    expect(posting.state).toBe('posted');
    return row.proposal!;
  };
  return { core, ledger, paytrace, before, approve };
}

describeEachDialect('write-offs that post', (h) => {
  it('invoice 90001235 (250.00) paid as 249.25 posts 0.75 to G/L 880000 on cost centre 4100 and clears the invoice in full', async () => {
    const store = await h.migrated();
    const payment = sale(8101, 24925, { invoiceId: '90001235', billingName: 'Acme Corp' });
    const { core, ledger } = await world(store, [payment]);
    const [row] = await core.handle('queue.list', {}, clerk);
    expect(row!.proposal!.reasons.join(' ')).toMatch(
      /short by 0\.75 USD, within tolerance: difference to G\/L 0000880000/,
    );

    const detail = await core.handle('queue.detail', { transactionId: 8101 }, clerk);
    expect(detail.preview!.lines.map((l) => [l.kind, l.account, l.amount.minor, l.costCenter ?? ''])).toEqual([
      ['gl', '0000113100', 24925, ''],
      ['gl', '0000880000', 75, '0000004100'],
      ['customer', '0000100001', -25000, ''],
    ]);

    // A write-off needs a second person: the clerk's approval prepares it, the approver's posts it.
    const prepared = await core.handle(
      'proposal.approve',
      { transactionId: 8101, proposalId: row!.proposal!.id },
      clerk,
    );
    expect(prepared).toEqual({
      state: 'awaiting-approval',
      preparedBy: 'mia.clerk',
      reasons: ['it writes 0.75 USD off to G/L 0000880000'],
    });
    expect([...ledger.documents.values()].filter((d) => d.header.XBLNR === 'PT8101P')).toEqual([]);
    const posting = await core.handle(
      'proposal.approve',
      { transactionId: 8101, proposalId: row!.proposal!.id },
      approver,
    );
    expect(posting.state).toBe('posted');

    const { invoiceLine, payment: docs, signed } = read(ledger, '90001235', 8101);
    expect(docs).toHaveLength(1);
    const lines = docs[0]!.lines;
    expect(lines.reduce((a, l) => a + signed(l), 0)).toBe(0);
    expect(lines.find((l) => l.HKONT === '0000880000')).toMatchObject({
      SHKZG: 'S',
      WRBTR: { minor: 75, currency: 'USD' },
      KOSTL: '0000004100',
    });
    expect(lines.find((l) => l.KOART === 'D')).toMatchObject({ SHKZG: 'H', WRBTR: { minor: 25000, currency: 'USD' } });
    // Cleared in full by the payment document: nothing of the invoice stays open.
    expect(invoiceLine.AUGBL).toBe(docs[0]!.header.BELNR);
    const open = await sap!.getOpenItems('1000', '0000100001');
    expect(open.map((i) => i.reference)).not.toContain('90001235');
  });

  it('a payment 0.50 over invoice 90001234 (within tolerance) credits the difference to G/L 880000 and clears the invoice', async () => {
    const store = await h.migrated();
    const { core, ledger } = await world(store, [sale(8102, 10050, { invoiceId: '90001234' })]);
    const [row] = await core.handle('queue.list', {}, clerk);
    expect(row!.proposal!.reasons.join(' ')).toMatch(/over by 0\.50 USD, within tolerance/);
    await core.handle('proposal.approve', { transactionId: 8102, proposalId: row!.proposal!.id }, clerk);
    await core.handle('proposal.approve', { transactionId: 8102, proposalId: row!.proposal!.id }, approver);
    const { invoiceLine, payment: docs, signed } = read(ledger, '90001234', 8102);
    const lines = docs[0]!.lines;
    expect(lines.reduce((a, l) => a + signed(l), 0)).toBe(0);
    expect(lines.find((l) => l.HKONT === '0000880000')).toMatchObject({
      SHKZG: 'H',
      WRBTR: { minor: 50 },
      KOSTL: '0000004100',
    });
    expect(lines.find((l) => l.KOART === 'D')).toMatchObject({ SHKZG: 'H', WRBTR: { minor: 10000 } });
    expect(invoiceLine.AUGBL).toBe(docs[0]!.header.BELNR);
  });

  it('250.00 paid as 242.75 is a partial payment: nothing is written off, 7.25 stays open on the invoice', async () => {
    const store = await h.migrated();
    const { core, ledger } = await world(store, [sale(8104, 24275, { invoiceId: '90001235' })]);
    const [row] = await core.handle('queue.list', {}, clerk);
    expect(row!.proposal!.writeOff).toBeNull();
    expect(row!.proposal!.reasons.join(' ')).toContain(
      'partial payment: 242.75 USD of 250.00 USD, 7.25 USD stays open',
    );
    const detail = await core.handle('queue.detail', { transactionId: 8104 }, clerk);
    expect(detail.preview!.lines.map((l) => [l.kind, l.account, l.amount.minor])).toEqual([
      ['gl', '0000113100', 24275],
      ['customer', '0000100001', -24275],
    ]);
    const before = sum(await sap!.getOpenItems('1000', '0000100001'));
    // No write-off, no second person: the clerk's approval posts it.
    const posting = await core.handle(
      'proposal.approve',
      { transactionId: 8104, proposalId: row!.proposal!.id },
      clerk,
    );
    expect(posting.state).toBe('posted');
    const { payment: docs } = read(ledger, '90001235', 8104);
    expect(docs[0]!.lines.map((l) => l.HKONT).filter((a) => a.startsWith('00004'))).toEqual([]);
    // The invoice stays open beside the partial payment: the customer owes exactly the 7.25 more.
    const open = await sap!.getOpenItems('1000', '0000100001');
    expect(open.map((i) => i.reference)).toContain('90001235');
    expect(sum(open)).toBe(before - 24275);
  });

  it('5,000.00 on terms 2/10 net 30 paid as 4,900.00 on day 8: the discount is earned, posted, the invoice cleared', async () => {
    const store = await h.migrated();
    const terms = { ...invoice('1000', '0000100001', '90001241', 'USD', '5000.00', '20261112'), ZTERM: 'ZB01' };
    const { core, ledger } = await world(store, [sale(8106, 490000, { invoiceId: '90001241' })], undefined, [terms]);
    const [row] = await core.handle('queue.list', {}, clerk);
    expect(row!.proposal!.tier).toBe('auto');
    expect(row!.proposal!.writeOff).toMatchObject({ why: 'discount', amount: { minor: 10000 } });
    expect(row!.proposal!.reasons.join(' ')).toContain(
      '2% discount earned (100.00 USD): paid 8 days after the baseline date 2026-11-12, terms 2/10 net 30',
    );
    let posting = await core.handle('proposal.approve', { transactionId: 8106, proposalId: row!.proposal!.id }, clerk);
    if (posting.state === 'awaiting-approval')
      posting = await core.handle('proposal.approve', { transactionId: 8106, proposalId: row!.proposal!.id }, approver);
    expect(posting.state).toBe('posted');
    const { invoiceLine, payment: docs } = read(ledger, '90001241', 8106);
    expect(invoiceLine.AUGBL).toBe(docs[0]!.header.BELNR);
    expect((await sap!.getOpenItems('1000', '0000100001')).map((i) => i.reference)).not.toContain('90001241');
  });

  it('5,000.00 on terms 3/14, 2/20 net 30 paid as 4,850.00 on day 18: the 2 % still earned is granted, 50.00 a residual item', async () => {
    const store = await h.migrated();
    // Baseline 2026-11-02 (the posting date), paid 2026-11-20: the 3 % period ended on day 14, the 2 % one runs to day 20.
    const terms = { ...invoice('1000', '0000100001', '90001240', 'USD', '5000.00'), ZTERM: 'ZB02' };
    const { core, ledger } = await world(store, [sale(8105, 485000, { invoiceId: '90001240' })], undefined, [terms]);
    const [row] = await core.handle('queue.list', {}, clerk);
    expect(row!.proposal!.tier).toBe('suggest');
    expect(row!.proposal!.writeOff).toMatchObject({ why: 'discount', amount: { minor: 10000 } });
    expect(row!.proposal!.reasons.join(' ')).toContain(
      '3% discount taken 4 days after its period ended (paid 18 days after the baseline date 2026-11-02); within 20 days 2% (100.00 USD) is still earned: granted',
    );
    const detail = await core.handle('queue.detail', { transactionId: 8105 }, clerk);
    // Residual processing: the invoice's 5,000.00 cleared, the 50.00 posted again as a new item of the customer.
    const lines = detail.preview!.lines.map((l) => [l.kind, l.amount.minor]);
    expect(lines).toEqual([
      ['gl', 485000],
      ['gl', 10000],
      ['customer', -500000],
      ['customer', 5000],
    ]);
    expect((detail.preview!.notes ?? []).join(' ')).toContain(
      'invoice 90001240 is cleared with the 100.00 USD cash discount still earned, and the 50.00 USD the customer took beyond it is posted again as a new open item',
    );
    const before = sum(await sap!.getOpenItems('1000', '0000100001'));
    let posting = await core.handle('proposal.approve', { transactionId: 8105, proposalId: row!.proposal!.id }, clerk);
    if (posting.state === 'awaiting-approval')
      posting = await core.handle('proposal.approve', { transactionId: 8105, proposalId: row!.proposal!.id }, approver);
    expect(posting.state).toBe('posted');
    // SAP's ledger: the invoice cleared, 100.00 of discount on the cash-discount account; the customer owes exactly 50.00 more.
    const { invoiceLine, payment: docs, signed } = read(ledger, '90001240', 8105);
    expect(invoiceLine.AUGBL).toBe(docs[0]!.header.BELNR);
    const discount = docs[0]!.lines.filter((l) => l.KOART === 'S' && l.SHKZG === 'S' && l.WRBTR.minor === 10000);
    expect(discount).toHaveLength(1);
    expect(docs[0]!.lines.reduce((a, l) => a + signed(l), 0)).toBe(0);
    const open = await sap!.getOpenItems('1000', '0000100001');
    expect(open.filter((i) => i.reference === '90001240')).toEqual([]);
    expect(sum(open)).toBe(before - 495000);
    expect(open.filter((i) => i.reference === 'PT8105P').map((i) => i.amount.minor)).toEqual([5000]);
  });

  // Invoice 90001250 (5,000.00): an instalment of 1,000.00, then 3,900.00 short by a round 100.00. The deduction's
  // residual is 100.00 of the 4,000.00 left, not 1,100.00 of the invoice's whole amount: SAP's clearing takes the
  // instalment's line with the invoice, and from the whole amount it would clear 1,000.00 more than is open (ZCLEARDESK 003).
  for (const first of ['the instalment', 'the deduction'] as const)
    it(`an instalment and a deduction on one invoice, ${first} posted first: the residual item is the 100.00 deducted`, async () => {
      const { core, ledger, paytrace, before, approve } = await instalmentWorld(await h.migrated());
      if (first === 'the instalment') await approve(8211);
      paytrace.push(sale(8212, 390000, { invoiceId: '90001250' }));
      await core.sync({ since: '2026-11-01' });
      const [deduction] = (await core.handle('queue.list', {}, clerk)).filter((r) => r.transactionId === 8212);
      expect(deduction!.proposal!.reasons.join(' ')).toContain(
        'short by 100.00 USD, a round amount: a customer deduction',
      );
      const detail = await core.handle('queue.detail', { transactionId: 8212 }, clerk);
      expect(detail.preview!.lines.map((l) => [l.kind, l.amount.minor])).toEqual([
        ['gl', 390000],
        ['customer', -400000],
        ['customer', 10000],
      ]);
      await approve(8212);
      if (first === 'the deduction') {
        // The invoice waits for the instalment: open beside the deduction's line, the customer owing it and the 100.00.
        const open = await sap!.getOpenItems('1000', '0000100001');
        expect(open.filter((i) => i.reference === '90001250').map((i) => i.amount.minor)).toEqual([500000]);
        expect(sum(open)).toBe(before - 390000);
        await approve(8211);
      }
      // SAP's ledger: the invoice, the instalment's line and the deduction's line cleared together; open is the
      // 100.00 residual item, and the customer owes exactly that more.
      const { invoiceLine, customerLines } = instalmentLines(ledger, [8211, 8212]);
      expect(invoiceLine.AUGBL).not.toBe('');
      expect(customerLines.filter((l) => !l.AUGBL).map((l) => [l.SHKZG, l.WRBTR.minor])).toEqual([['S', 10000]]);
      const open = await sap!.getOpenItems('1000', '0000100001');
      expect(open.filter((i) => i.reference === '90001250')).toEqual([]);
      expect(sum(open)).toBe(before - 490000);
    });

  // The instalment's line in SAP refers to the invoice (REBZG): it is part of what the invoice has been paid, not a
  // credit memo another payment nets against it. Counted both ways (the instalment's claim and its line as a credit),
  // 3,000.00 read automatically as "4,000.00 less the open credit PT8211P: both are cleared", and the invoice as paid
  // while SAP's customer still owed 1,000.00. It is 3,000.00 of the 4,000.00 left, short by a round 1,000.00.
  it('after an instalment posted and synced, its line is not a credit memo: 3,000.00 is 3,000.00 of the 4,000.00 left', async () => {
    const { core, ledger, paytrace, before, approve } = await instalmentWorld(await h.migrated());
    await approve(8211);
    paytrace.push(sale(8213, 300000, { invoiceId: '90001250' }));
    await core.sync({ since: '2026-11-01' });
    const detail = await core.handle('queue.detail', { transactionId: 8213 }, clerk);
    expect(detail.preview!.lines.map((l) => [l.kind, l.amount.minor])).toEqual([
      ['gl', 300000],
      ['customer', -400000],
      ['customer', 100000],
    ]);
    const second = await approve(8213);
    expect(second.rule).toBe('exact-key/deduction');
    expect(second.tier).toBe('suggest');
    expect(second.reasons.join(' ')).toContain(
      'of invoice 90001250 (1000/1800000004/2026, 4,000.00 USD left of 5,000.00 USD)',
    );

    // SAP's ledger: the invoice cleared with both payments' lines; the 1,000.00 short is the customer's new item.
    expect(instalmentLines(ledger, []).invoiceLine.AUGBL).not.toBe('');
    const open = await sap!.getOpenItems('1000', '0000100001');
    expect(open.filter((i) => i.reference.startsWith('PT821')).map((i) => [i.reference, i.amount.minor])).toEqual([
      ['PT8213P', 100000],
    ]);
    expect(sum(open)).toBe(before - 400000);
  });

  // Invoice 90001250 on terms 2/10 net 30 from 2026-11-12, an instalment of 1,000.00, then the rest less 2 % of it on
  // day 8. SAP copies the invoice's terms into the instalment's line (REBZG), so at clearing the discount is 2 % of the
  // invoice less 2 % of the instalment: 80.00. Without the terms on what is left, 3,920.00 read as 4,000.00 short by a
  // round 80.00, a customer deduction, and the 80.00 the customer was granted stayed open on it.
  it('an instalment, then what is left less its 2 % within the period: the discount is earned on what is left', async () => {
    const { core, ledger, paytrace, before, approve } = await instalmentWorld(await h.migrated(), {
      ZTERM: 'ZB01',
      baseline: '20261112',
    });
    await approve(8211);
    // SAP's instalment line refers to the invoice and carries its terms, as SAP copies them to such a line.
    const line = (await sap!.getOpenItems('1000', '0000100001')).find((i) => i.reference === 'PT8211P')!;
    const { docs, invoiceLine } = instalmentLines(ledger, []);
    const invoiceDoc = docs.find((d) => d.lines.includes(invoiceLine))!;
    expect(line.invoiceRef).toEqual({
      BELNR: invoiceDoc.header.BELNR,
      GJAHR: invoiceDoc.header.GJAHR,
      BUZEI: invoiceLine.BUZEI,
    });
    expect(line.cashDiscount).toMatchObject({ days1: 10, percent1: 2000 });

    paytrace.push(sale(8212, 392000, { invoiceId: '90001250' }));
    await core.sync({ since: '2026-11-01' });
    const rest = (await core.handle('queue.list', {}, clerk)).find((r) => r.transactionId === 8212)!;
    expect(rest.proposal!.rule).toBe('exact-key/discount');
    expect(rest.proposal!.writeOff).toMatchObject({ why: 'discount', amount: { minor: 8000 } });
    expect(rest.proposal!.reasons.join(' ')).toContain(
      '2% discount earned (80.00 USD): paid 8 days after the baseline date 2026-11-12, terms 2/10 net 30',
    );
    expect(rest.proposal!.reasons.join(' ')).toContain('(1000/1800000004/2026, 4,000.00 USD left of 5,000.00 USD)');
    const detail = await core.handle('queue.detail', { transactionId: 8212 }, clerk);
    expect(detail.preview!.lines.map((l) => [l.kind, l.amount.minor])).toEqual([
      ['gl', 392000],
      ['gl', 8000],
      ['customer', -400000],
    ]);
    await approve(8212);

    // SAP's ledger: the invoice and both payments' lines cleared together; 80.00 on the cash-discount account;
    // nothing of the invoice is open and the customer owes 5,000.00 less.
    const after = instalmentLines(ledger, [8211, 8212]);
    expect(after.invoiceLine.AUGBL).not.toBe('');
    expect(after.customerLines.map((l) => l.AUGBL)).toEqual([after.invoiceLine.AUGBL, after.invoiceLine.AUGBL]);
    const payment = after.docs.find((d) => d.header.XBLNR === 'PT8212P')!;
    expect(payment.lines.filter((l) => l.KOART === 'S' && l.SHKZG === 'S').map((l) => l.WRBTR.minor)).toEqual([
      392000, 8000,
    ]);
    expect(sum(await sap!.getOpenItems('1000', '0000100001'))).toBe(before - 500000);
  });

  it('SAP refuses a write-off line without a CO object (KI 235), and the posting fails visibly with SAP’s words', async () => {
    const store = await h.migrated();
    const withoutCostCentre = (rules: GlRule[]) =>
      rules.map((r) => (r.transactionType === 'write-off' ? { ...r, costCenter: undefined } : r)) as GlRule[];
    const { core, ledger } = await world(store, [sale(8103, 24925, { invoiceId: '90001235' })], withoutCostCentre);
    const [row] = await core.handle('queue.list', {}, clerk);
    await core.handle('proposal.approve', { transactionId: 8103, proposalId: row!.proposal!.id }, clerk);
    const posting = await core.handle(
      'proposal.approve',
      { transactionId: 8103, proposalId: row!.proposal!.id },
      approver,
    );
    if (posting.state === 'awaiting-approval') throw new Error('the second approval should have posted');
    expect(posting.state).toBe('failed');
    expect(posting.messages.map((m) => `${m.ID} ${m.NUMBER}: ${m.MESSAGE}`)).toContain(
      'KI 235: Account 880000 requires an assignment to a CO object',
    );
    expect([...ledger.documents.values()].filter((d) => d.header.XBLNR === 'PT8103P')).toEqual([]);
  });
});
