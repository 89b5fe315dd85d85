// No dead ends for a "No match" payment (issue 12 item 4, issue 10 item 5): the clerk posts it on
// account to a customer and company code they pick, or to the company code's suspense account
// (the admin's setting). Both are corrections the four-eyes rules give to a second person, both go
// through the posting protocol, and the SAP simulator's ledger is read back over RFC, OData and as
// an IDoc: the on-account credit open on the customer, the amount on the suspense G/L, each
// document balanced, nothing cleared.
import { afterEach, expect, it } from 'vitest';
import { loadGlRules, sapErpSystem, type SapSystem } from '../../../electron/connectors/sap';
import type { SapConfig } from '../../../electron/connectors/sap/config';
import { createSapSystem } from '../../../electron/connectors/sap/factory';
import { Core } from '../../../electron/core/core';
import { createDocumentBuilder } from '../../../electron/core/posting/document';
import type { Actor } from '../../../electron/core/ports';
import { startSapSandbox } from '../../../electron/sandbox/sap';
import type { Store } from '../../../electron/store';
import { ApiError } from '../../../shared/api';
import type { PaymentTransaction } from '../../../shared/domain';
import { DEFAULT_RULES, matchPayments } from '../../../shared/matching';
import { testSeed } from '../sap/fixture';
import { sale } from '../core/core-fixture';
import { describeEachDialect } from '../../support/store';

const clerk: Actor = { name: 'mia.clerk', roles: ['clerk'] };
const approver: Actor = { name: 'bob.approver', roles: ['approver'] };
const admin: Actor = { name: 'ada.admin', roles: ['admin'] };
const NOW = '2026-11-25T20:00:00.000Z';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});

type Transport = 'rfc' | 'odata' | 'idoc';

/** A core over the sandbox's SAP, posting over `transport` (IDoc: reads over RFC, postings as IDocs). */
async function world(store: Store, transport: Transport, paytrace: PaymentTransaction[]) {
  const sandbox = await startSapSandbox({ seed: testSeed(), users: { CLEARDESK: 's3cret' }, now: () => new Date(NOW) });
  opened.push(sandbox);
  const base: Omit<SapConfig, 'transport'> = {
    rfc: { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK' },
    url: sandbox.url,
    client: '100',
    user: 'CLEARDESK',
    password: 's3cret',
    companyCodes: ['1000'],
  };
  const rfc: SapSystem = await createSapSystem({ ...base, transport: 'rfc' }, { rfc: sandbox.rfc });
  opened.push(rfc);
  let erp = sapErpSystem(rfc, 'sandbox');
  if (transport === 'odata') {
    const odata = await createSapSystem({ ...base, transport: 'odata' });
    opened.push(odata);
    erp = sapErpSystem(odata, 'sandbox');
  } else if (transport === 'idoc') {
    const idoc = await createSapSystem({ ...base, transport: 'idoc' }, { idoc: { pollMs: 20, statusTimeoutMs: 5000 } });
    opened.push(idoc);
    erp = sapErpSystem(rfc, 'sandbox', { idoc: { system: idoc, companyCodes: new Set(['1000']) } });
  }
  const core = new Core({
    store: store.repos,
    gateway: { fetchTransactions: async () => ({ transactions: paytrace, rejected: [] }) },
    erp,
    companyCodes: ['1000'],
    matcher: (input) => matchPayments(input, DEFAULT_RULES),
    buildDocument: createDocumentBuilder({ rules: await loadGlRules(), assignmentFrom: 'invoice' }),
    clock: { now: () => new Date(NOW) },
    session: { sandbox: true, dataDir: '/tmp', version: 'test' },
  });
  await core.sync({ since: '2026-11-01' });
  return { core, sandbox, rfc };
}

/** 520.06 quoting a purchase order nobody knows, from a payer nobody knows: "No match". */
const unknownPayer = (id: number) =>
  sale(id, 52006, { invoiceId: `PO-${id}`, billingName: 'Nobody We Know', email: 'ap@unknown.example' });

const signed = (l: { SHKZG: string; WRBTR: { minor: number } }) => (l.SHKZG === 'S' ? 1 : -1) * l.WRBTR.minor;

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) =>
      e instanceof ApiError ? { code: e.code, message: e.message } : { code: 'thrown', message: String(e) },
  );

for (const transport of ['rfc', 'odata', 'idoc'] as const) {
  describeEachDialect(`no dead ends for a No match payment, posted over ${transport}`, (h) => {
    it('post on account: to customer 0000100002 in 1000, prepared by the clerk, posted by a second person; the credit is open on the customer, nothing cleared', async () => {
      const store = await h.migrated();
      const { core, sandbox, rfc } = await world(store, transport, [unknownPayer(8201)]);
      const [row] = await core.handle('queue.list', {}, clerk);
      expect(row!.proposal).toMatchObject({ customer: null, companyCode: null });
      // The dead end that was: approving a No match says what to do instead.
      expect(
        await refusal(core.handle('proposal.approve', { transactionId: 8201, proposalId: row!.proposal!.id }, clerk)),
      ).toMatchObject({ code: 'conflict', message: expect.stringMatching(/Post it on account .* to suspense/) });

      const onAccount = await core.handle(
        'proposal.correct',
        { transactionId: 8201, items: [], customer: '0000100002', companyCode: '1000' },
        clerk,
      );
      expect(onAccount.proposal).toMatchObject({
        customer: '0000100002',
        companyCode: '1000',
        items: [],
        onAccount: { minor: 52006, currency: 'USD' },
        correctedBy: 'mia.clerk',
        secondApproval: ['mia.clerk chose customer 0000100002 to post it on account'],
      });
      const detail = await core.handle('queue.detail', { transactionId: 8201 }, clerk);
      expect(detail.preview!.lines.map((l) => [l.kind, l.account, l.amount.minor])).toEqual([
        ['gl', '0000113100', 52006],
        ['customer', '0000100002', -52006],
      ]);
      expect(detail.preview!.notes!.join(' ')).toMatch(/stays on account as an open credit of customer 0000100002/);

      const first = await core.handle(
        'proposal.approve',
        { transactionId: 8201, proposalId: onAccount.proposal!.id },
        clerk,
      );
      expect(first).toEqual({
        state: 'awaiting-approval',
        preparedBy: 'mia.clerk',
        reasons: ['mia.clerk chose customer 0000100002 to post it on account'],
      });
      expect([...sandbox.ledger.documents.values()].filter((d) => d.header.XBLNR === 'PT8201P')).toEqual([]);
      const posted = await core.handle(
        'proposal.approve',
        { transactionId: 8201, proposalId: onAccount.proposal!.id },
        approver,
      );
      expect(posted).toMatchObject({ state: 'posted', approvedBy: 'bob.approver' });

      const docs = [...sandbox.ledger.documents.values()].filter((d) => d.header.XBLNR === 'PT8201P');
      expect(docs).toHaveLength(1);
      const lines = docs[0]!.lines;
      expect(lines.reduce((a, l) => a + signed(l), 0)).toBe(0);
      expect(lines.map((l) => [l.KOART, l.KOART === 'D' ? l.KUNNR : l.HKONT, signed(l)])).toEqual([
        ['S', '0000113100', 52006],
        ['D', '0000100002', -52006],
      ]);
      expect(lines.find((l) => l.KOART === 'D')!.AUGBL).toBe('');
      // SAP lists the credit open on the customer, beside Globex's invoice, which stays open.
      const open = await rfc.getOpenItems('1000', '0000100002');
      expect(open.map((i) => [i.reference, i.amount.minor])).toEqual(
        expect.arrayContaining([
          ['PT8201P', -52006],
          ['90001236', 7550],
        ]),
      );
    });

    it('post to suspense: only where an admin set the account; to G/L 0000113999 of 1000 with a second person; no customer line', async () => {
      const store = await h.migrated();
      const { core, sandbox } = await world(store, transport, [unknownPayer(8202)]);
      expect(
        await refusal(core.handle('proposal.toSuspense', { transactionId: 8202, companyCode: '1000' }, clerk)),
      ).toEqual({
        code: 'invalid_request',
        message:
          'No suspense account is set for company code 1000: an admin sets one in Settings (suspense accounts), or post the payment on account to a customer.',
      });
      expect(
        await refusal(core.handle('proposal.toSuspense', { transactionId: 8202, companyCode: '2000' }, clerk)),
      ).toEqual({
        code: 'invalid_request',
        message: 'ClearDesk does not post into company code 2000; it works in 1000.',
      });
      await core.handle(
        'settings.update',
        { suspenseAccounts: { rules: [{ companyCode: '1000', account: '113999' }] } },
        admin,
      );

      const toSuspense = await core.handle('proposal.toSuspense', { transactionId: 8202, companyCode: '1000' }, clerk);
      expect(toSuspense.proposal).toMatchObject({
        customer: null,
        companyCode: '1000',
        items: [],
        onAccount: { minor: 52006, currency: 'USD' },
        secondApproval: ['it posts to the suspense account'],
      });
      const detail = await core.handle('queue.detail', { transactionId: 8202 }, clerk);
      expect(detail.preview!.lines.map((l) => [l.kind, l.account, l.amount.minor])).toEqual([
        ['gl', '0000113100', 52006],
        ['gl', '0000113999', -52006],
      ]);

      expect(
        await core.handle('proposal.approve', { transactionId: 8202, proposalId: toSuspense.proposal!.id }, clerk),
      ).toMatchObject({ state: 'awaiting-approval' });
      expect(
        await refusal(
          core.handle('proposal.approve', { transactionId: 8202, proposalId: toSuspense.proposal!.id }, clerk),
        ),
      ).toMatchObject({ code: 'forbidden' });
      const posted = await core.handle(
        'proposal.approve',
        { transactionId: 8202, proposalId: toSuspense.proposal!.id },
        approver,
      );
      expect(posted).toMatchObject({ state: 'posted' });

      const docs = [...sandbox.ledger.documents.values()].filter((d) => d.header.XBLNR === 'PT8202P');
      expect(docs).toHaveLength(1);
      expect(docs[0]!.header.BLART).toBe('SA');
      const lines = docs[0]!.lines;
      expect(lines.reduce((a, l) => a + signed(l), 0)).toBe(0);
      expect(lines.map((l) => [l.KOART, l.HKONT, signed(l)])).toEqual([
        ['S', '0000113100', 52006],
        ['S', '0000113999', -52006],
      ]);
    });
  });
}
