// A Core over a migrated store with PayTrace and SAP stood in by plain data: what sync reads is
// whatever the test put in `paytrace` and `sap` last. The matcher and the posting builder are
// the real ones, so a test sees what a clerk would.
import { loadGlRules } from '../../../electron/connectors/sap';
import { Core, type CoreOptions } from '../../../electron/core/core';
import { createDocumentBuilder } from '../../../electron/core/posting/document';
import type { PostOutcome } from '../../../shared/ports';
import type { Actor, ErpSystem, PaymentGateway } from '../../../electron/core/ports';
import type { Store } from '../../../electron/store';
import type { Customer, OpenItem, PaymentTransaction } from '../../../shared/domain';
import { DEFAULT_RULES, matchPayments } from '../../../shared/matching';
import type { FiDocument } from '../../../shared/posting/fi-document';

export const clerk: Actor = { name: 'mia.clerk', roles: ['clerk'] };

export interface FakeWorld {
  paytrace: PaymentTransaction[];
  sap: { customers: Customer[]; openItems: OpenItem[] };
  posted: string[];
}

export interface FakeSap {
  /** SAP numbers the documents it posts from the one after this. */
  readonly lastBelnr?: number;
  /** SAP's refusal of a document, or null to post it. */
  refuse?(doc: FiDocument): PostOutcome | null;
}

export async function coreWith(
  store: Store,
  world: FakeWorld,
  now = '2026-11-25T20:00:00.000Z',
  sap: FakeSap = {},
  /** Options beyond the fake world's (the SMTP password's vault, ...). */
  extra: Partial<CoreOptions> = {},
): Promise<Core> {
  const gateway: PaymentGateway = { fetchTransactions: async () => ({ transactions: world.paytrace, rejected: [] }) };
  let belnr = sap.lastBelnr ?? 100000000;
  const erp: ErpSystem = {
    listCustomers: async (cc) => world.sap.customers.filter((c) => c.source.BUKRS === cc),
    getOpenItems: async (cc) => world.sap.openItems.filter((i) => i.source.BUKRS === cc),
    postDocument: async (doc) => {
      const refusal = sap.refuse?.(doc);
      if (refusal) return refusal;
      world.posted.push(doc.DOCUMENTHEADER.REF_DOC_NO);
      return {
        ok: true,
        key: { BELNR: String(++belnr), BUKRS: doc.DOCUMENTHEADER.COMP_CODE, GJAHR: '2026' },
        messages: [],
      };
    },
    findDocumentByReference: async () => null,
    reverseDocument: async () => {
      throw new Error('no reversal in this fake SAP');
    },
    findReversal: async () => null,
  };
  return new Core({
    store: store.repos,
    gateway,
    erp,
    companyCodes: ['1000'],
    // As the host's: the rules the core hands in for the run (the admin's over the file's), else the shipped ones.
    matcher: (input) => matchPayments(input, input.rules ?? DEFAULT_RULES),
    buildDocument: createDocumentBuilder({ rules: await loadGlRules(), assignmentFrom: 'invoice' }),
    clock: { now: () => new Date(now) },
    session: { sandbox: true, dataDir: '/tmp', version: 'test' },
    ...extra,
  });
}

export function customer(KUNNR: string, name: string, email = ''): Customer {
  return { source: { KUNNR, BUKRS: '1000' }, name, email, street: '', city: '', postalCode: '', country: 'US' };
}

export function openItem(BELNR: string, KUNNR: string, minor: number, reference: string, currency = 'USD'): OpenItem {
  return {
    source: { BUKRS: '1000', BELNR, GJAHR: '2026', BUZEI: '001' },
    customer: KUNNR,
    amount: { minor, currency },
    reference,
    assignment: reference,
    documentType: 'DR',
    postingDate: '2026-11-01',
    documentDate: '2026-11-01',
    dueDate: '2026-12-01',
    text: '',
  };
}

export function sale(id: number, minor: number, over: Partial<PaymentTransaction> = {}): PaymentTransaction {
  return {
    source: { transaction_id: id },
    kind: 'sale',
    status: 'settled',
    batch: 571,
    amount: { minor, currency: 'USD' },
    createdAt: { utc: '2026-11-20T18:00:00.000Z', original: '11/20/2026 10:00:00 AM' },
    settledAt: { utc: '2026-11-21T04:13:45.000Z', original: '11/20/2026 8:13:45 PM' },
    invoiceId: '',
    customerReferenceId: '',
    description: '',
    vaultCustomerId: '',
    billingName: '',
    email: '',
    maskedCard: '************5454',
    cardBrand: 'visa',
    approvalCode: 'TAS123',
    originalTransactionId: null,
    ...over,
  };
}
