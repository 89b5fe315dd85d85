// A store with a day of ClearDesk postings, made the way a clerk makes them: sync, approve, SAP
// answers (one refusal, quoting a card number a payer typed into a note). Around them, rows a
// report must handle: a refund, a second company code in JPY, a posting outside the range, and a
// customer whose name holds a card number.
import type { Core } from '../../../electron/core/core';
import { appendAudit, type Store } from '../../../electron/store';
import { customerRow, transactionRow } from '../../support/store-rows';
import { clerk, coreWith, customer, openItem, sale, type FakeWorld } from '../core/core-fixture';

export const NOW = '2026-11-25T20:00:00.000Z';
export const DAY = '2026-11-25';
/** A test card number (Luhn-valid); it must never appear in any export. */
export const PAN = '4111111111111111';

/** Paid and settled on the report's day (Pacific): their posting date is that day. */
const onDay = {
  createdAt: { utc: '2026-11-25T17:00:00.000Z', original: '11/25/2026 9:00:00 AM' },
  settledAt: { utc: '2026-11-25T18:00:00.000Z', original: '11/25/2026 10:00:00 AM' },
};

export function journalWorld(): FakeWorld {
  return {
    paytrace: [
      sale(7001, 10000, { ...onDay, invoiceId: '90001234', billingName: 'Acme Corp' }),
      sale(7002, 25000, { ...onDay, invoiceId: '90005550', billingName: 'Globex Corporation' }),
      sale(7003, 8000, { ...onDay, invoiceId: '90005551', billingName: 'Globex Corporation' }),
      sale(7004, 4000, { ...onDay, invoiceId: '90005552', billingName: 'Globex Corporation', batch: 572 }),
    ],
    sap: {
      customers: [
        customer('0000100001', 'Acme Corp', 'ap@acme.example'),
        customer('0000100002', 'Globex Corporation', 'ar@globex.example'),
      ],
      openItems: [
        openItem('1800000001', '0000100001', 10000, '90001234'),
        openItem('1800000002', '0000100002', 25000, '90005550'),
        openItem('1800000003', '0000100002', 8000, '90005551'),
        openItem('1800000004', '0000100002', 4000, '90005552'),
      ],
    },
    posted: [],
  };
}

/** SAP refuses the posting of transaction 7003. */
export function journalCore(store: Store, world: FakeWorld, now = NOW): Promise<Core> {
  return coreWith(store, world, now, {
    lastBelnr: 1400000000,
    refuse: (doc) =>
      doc.DOCUMENTHEADER.REF_DOC_NO === 'PT7003P'
        ? {
            ok: false,
            messages: [
              { TYPE: 'E', ID: 'F5', NUMBER: '702', MESSAGE: 'Balance in transaction currency' },
              { TYPE: 'E', ID: 'ZPAY', NUMBER: '001', MESSAGE: `Payer note: card ${PAN} "do not charge twice"` },
            ],
          }
        : null,
  });
}

function fiDocument(
  companyCode: string,
  reference: string,
  postingDate: string,
  docType: string,
  customerNo: string,
  amount: string,
  currency: string,
): string {
  return JSON.stringify({
    DOCUMENTHEADER: {
      COMP_CODE: companyCode,
      REF_DOC_NO: reference,
      PSTNG_DATE: postingDate.replace(/-/g, ''),
      DOC_DATE: postingDate.replace(/-/g, ''),
      DOC_TYPE: docType,
      HEADER_TXT: 'PayTrace',
      BUS_ACT: 'RFBU',
      USERNAME: 'RFC',
    },
    ACCOUNTGL: [],
    ACCOUNTRECEIVABLE: [{ ITEMNO_ACC: '0000000001', CUSTOMER: customerNo, ALLOC_NMBR: '', ITEM_TEXT: '' }],
    CURRENCYAMOUNT: [{ ITEMNO_ACC: '0000000001', CURR_TYPE: '00', CURRENCY: currency, AMT_DOCCUR: amount }],
  });
}

export interface PopulatedJournal {
  core: Core;
  world: FakeWorld;
}

/**
 * In range (2026-11-25): 7001 100.00 and 7002 250.00 and 7004 40.00 posted in 1000/USD, 7003
 * 80.00 failed, refund 7101 -30.00 posted; 2000/JPY 7201 12,345 posted. Outside: 6901 (11-20).
 */
export async function populateJournal(store: Store): Promise<PopulatedJournal> {
  const world = journalWorld();
  const core = await journalCore(store, world);
  await core.sync({ since: '2026-11-01' });
  const rows = await core.handle('queue.list', {}, clerk);
  for (const id of [7001, 7002, 7003, 7004]) {
    const row = rows.find((r) => r.transactionId === id);
    if (!row?.proposal) throw new Error(`fixture: transaction ${id} has no proposal`);
    await core.handle('proposal.approve', { transactionId: id, proposalId: row.proposal.id }, clerk);
  }

  // A refund, a posting in company code 2000 (JPY), and one outside the range, as the store holds them.
  await store.db
    .insertInto('transactions')
    .values([
      transactionRow({
        transaction_id: 7101,
        kind: 'refund',
        batch: 571,
        amount_minor: 3000,
        currency: 'USD',
        queue_state: 'posted',
        invoice_id: '90001234',
      }),
      transactionRow({
        transaction_id: 7201,
        batch: 880,
        amount_minor: 12345,
        currency: 'JPY',
        queue_state: 'posted',
        invoice_id: 'JP-5501',
      }),
      transactionRow({
        transaction_id: 6901,
        batch: 560,
        amount_minor: 5000,
        currency: 'USD',
        queue_state: 'posted',
        invoice_id: '90000001',
      }),
    ])
    .execute();
  await store.db
    .insertInto('customers')
    .values([
      customerRow({
        company_code: '2000',
        customer: '0000200001',
        name: `Tanaka Trading (card ${PAN.replace(/(\d{4})(?=\d)/g, '$1 ')})`,
      }),
    ])
    .execute();
  const posting = (
    reference: string,
    transaction_id: number,
    event: 'payment' | 'refund',
    company_code: string,
    document: string,
    belnr: string,
    at: string,
  ) => ({
    reference,
    transaction_id,
    event,
    state: 'posted' as const,
    company_code,
    document,
    belnr,
    gjahr: '2026',
    messages: '[]',
    attempts: 1,
    approved_by: 'noah.approver',
    created_at: at,
    updated_at: at,
  });
  await store.db
    .insertInto('postings')
    .values([
      posting(
        'PT7101R',
        7101,
        'refund',
        '1000',
        fiDocument('1000', 'PT7101R', DAY, 'DG', '0000100001', '30.00', 'USD'),
        '1400000901',
        '2026-11-25T15:30:00.000Z',
      ),
      posting(
        'PT7201P',
        7201,
        'payment',
        '2000',
        fiDocument('2000', 'PT7201P', DAY, 'DZ', '0000200001', '12345', 'JPY'),
        '1500000001',
        '2026-11-25T09:12:00.000Z',
      ),
      posting(
        'PT6901P',
        6901,
        'payment',
        '1000',
        fiDocument('1000', 'PT6901P', '2026-11-20', 'DZ', '0000100001', '50.00', 'USD'),
        '1400000001',
        '2026-11-20T16:00:00.000Z',
      ),
    ])
    .execute();
  // The rest of the store's audit entries carry the wall clock; these are the range's own.
  await appendAudit(
    store.db,
    {
      actor: 'noah.approver',
      action: 'refund.approved',
      subject: 'paytrace:7101',
      detail: { amount: { minor: 3000, currency: 'USD' } },
      at: '2026-11-25T15:29:00.000Z',
    },
    store.auditKeys,
  );
  await appendAudit(
    store.db,
    {
      actor: 'noah.approver',
      action: 'proposal.approved',
      subject: 'paytrace:7201',
      at: '2026-11-25T09:11:00.000Z',
    },
    store.auditKeys,
  );
  await appendAudit(
    store.db,
    {
      actor: 'mia.clerk',
      action: 'transaction.parked',
      subject: `paytrace:7301 card ${PAN}`,
      at: '2026-11-25T11:00:00.000Z',
    },
    store.auditKeys,
  );
  await appendAudit(
    store.db,
    {
      actor: 'mia.clerk',
      action: 'transaction.parked',
      subject: 'paytrace:6999',
      at: '2026-11-24T11:00:00.000Z',
    },
    store.auditKeys,
  );
  return { core, world };
}
