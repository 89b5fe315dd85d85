// The SAP simulator's posting block (XD05): a customer blocked centrally (KNA1-SPERR) or in one
// company code (KNB1-SPERR) gets no line posted on it. BAPI_ACC_DOCUMENT_POST answers in RETURN with
// F5 351 on the customer line (and RW 609 for the document), over RFC and OData alike; unblocked, the
// same document posts. The block survives the sandbox's snapshot, as the ledger file keeps it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SapConfig } from '../../../electron/connectors/sap/config';
import { createSapSystem } from '../../../electron/connectors/sap/factory';
import type { SapSystem } from '../../../electron/connectors/sap/types';
import { type SapSandbox, startSapSandbox } from '../../../electron/sandbox/sap';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { seedLedger } from '../../../electron/sandbox/sap/seed';
import { money } from '../../../shared/money';
import { buildFiDocument, parseGlRules, postingReference, type FiDocument } from '../../../shared/posting';
import glRules from '../../../resources/gl-rules.json';
import { testSeed } from './fixture';

const rules = parseGlRules(glRules);
let sandbox: SapSandbox;
const systems: Record<'rfc' | 'odata', SapSystem> = {} as Record<'rfc' | 'odata', SapSystem>;

function onAccount(txn: number, customer = '0000100002'): FiDocument {
  return buildFiDocument(
    {
      kind: 'payment',
      companyCode: '1000',
      documentDate: '2026-11-20',
      postingDate: '2026-11-20',
      reference: postingReference(txn, 'payment'),
      customer,
      amount: money(4200, 'USD'),
      items: [],
      source: { transactionId: txn, invoiceId: '', paymentMethod: 'visa' },
    },
    { rules },
  );
}

beforeAll(async () => {
  sandbox = await startSapSandbox({ seed: testSeed(), users: { CLEARDESK: 's3cret' } });
  const base: Omit<SapConfig, 'transport'> = {
    rfc: { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK' },
    url: sandbox.url,
    client: '100',
    user: 'CLEARDESK',
    password: 's3cret',
    companyCodes: ['1000'],
  };
  systems.rfc = await createSapSystem({ ...base, transport: 'rfc' }, { rfc: sandbox.rfc });
  systems.odata = await createSapSystem({ ...base, transport: 'odata' });
});

afterAll(async () => {
  for (const s of Object.values(systems)) await s.close();
  await sandbox.close();
});

describe.each(['rfc', 'odata'] as const)('posting block over %s', (name) => {
  const base = name === 'rfc' ? 9100 : 9200;

  it('KNB1-SPERR in 1000 refuses a line on the customer with F5 351, and nothing is posted; unblocked, it posts', async () => {
    sandbox.ledger.blockCustomer('0000100002', '1000', true);
    try {
      const refused = await systems[name].postDocument(onAccount(base + 1));
      expect(refused.ok).toBe(false);
      const f5 = refused.messages.find((m) => m.ID === 'F5' && m.NUMBER === '351');
      expect(f5).toMatchObject({ TYPE: 'E', MESSAGE: 'Account 100002 is blocked for posting' });
      expect(refused.messages.map((m) => `${m.TYPE} ${m.ID} ${m.NUMBER}`)).toContain('E RW 609');
      expect([...sandbox.ledger.documents.values()].filter((d) => d.header.XBLNR === `PT${base + 1}P`)).toEqual([]);
      // Another customer of the company code posts as usual.
      expect((await systems[name].postDocument(onAccount(base + 2, '0000100001'))).ok).toBe(true);
    } finally {
      sandbox.ledger.blockCustomer('0000100002', '1000', false);
    }
    expect((await systems[name].postDocument(onAccount(base + 1))).ok).toBe(true);
  });

  it('KNA1-SPERR blocks the customer in every company code', async () => {
    sandbox.ledger.blockCustomer('0000100002', null, true);
    try {
      const refused = await systems[name].postDocument(onAccount(base + 3));
      expect(refused.ok).toBe(false);
      expect(refused.messages.map((m) => `${m.ID} ${m.NUMBER} ${m.MESSAGE}`)).toContain(
        'F5 351 Account 100002 is blocked for posting',
      );
    } finally {
      sandbox.ledger.blockCustomer('0000100002', null, false);
    }
  });
});

it('the blocks are in the ledger snapshot (the sandbox’s ledger file) and come back with it', () => {
  const ledger = new SapLedger({});
  seedLedger(ledger, testSeed());
  ledger.blockCustomer('0000100001', null, true);
  ledger.blockCustomer('0000100002', '1000', true);
  const snapshot = ledger.snapshot();
  expect(snapshot.postingBlocks).toEqual(['0000100001', '0000100002|1000']);

  const again = new SapLedger({});
  seedLedger(again, testSeed());
  expect(again.postingBlockOf('0000100002', '1000')).toBeNull();
  again.restore(JSON.parse(JSON.stringify(snapshot)) as typeof snapshot);
  expect(again.postingBlockOf('0000100001', '1000')).toBe('central');
  expect(again.postingBlockOf('0000100002', '1000')).toBe('company');
  again.restore({ ...snapshot, postingBlocks: [] });
  expect(again.postingBlockOf('0000100001', '1000')).toBeNull();
});
