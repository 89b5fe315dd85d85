// The approval path builds the document from the company code's zone and the approver's SAP user,
// as an admin set them (settings postingZones, sapUsers), and keeps why the posting date is what it
// is on the audit trail; the preview shows it before anyone approves.
import { expect, it } from 'vitest';
import { SettingsSchema } from '../../../shared/api';
import type { Actor } from '../../../electron/core/ports';
import type { FiDocument } from '../../../shared/posting/fi-document';
import { describeEachDialect } from '../../support/store';
import { coreWith, customer, openItem, sale, type FakeWorld } from './core-fixture';

const mia: Actor = { name: 'Mia Clerk', roles: ['clerk'] };
const ada: Actor = { name: 'ada', roles: ['admin'] };

/** Settled at 06:30 UTC on 21 November: 22:30 on the 20th in Los Angeles, 01:30 on the 21st in New York. */
const lateEvening = {
  settledAt: { utc: '2026-11-21T06:30:00.000Z', original: '11/20/2026 10:30:00 PM' },
  batch: 812,
};

function world(): FakeWorld {
  return {
    paytrace: [
      sale(9101, 8000, { ...lateEvening, invoiceId: '90007101' }),
      sale(9102, 9000, { ...lateEvening, invoiceId: '90007102' }),
    ],
    sap: {
      customers: [customer('0000100001', 'Acme Corp')],
      openItems: [
        openItem('1800000101', '0000100001', 8000, '90007101'),
        openItem('1800000102', '0000100001', 9000, '90007102'),
      ],
    },
    posted: [],
  };
}

describeEachDialect('what the approval posts', (h) => {
  it('the company code’s zone gives the posting date, the mapped SAP user goes into USERNAME, and the audit says why', async () => {
    const store = await h.migrated();
    const w = world();
    const sent: FiDocument[] = [];
    const core = await coreWith(store, w, '2026-11-25T20:00:00.000Z', {
      refuse: (doc) => {
        sent.push(doc);
        return null;
      },
    });
    await core.sync({ since: '2026-11-01' });
    const approve = async (id: number) => {
      const row = (await core.handle('queue.list', {}, mia)).find((r) => r.transactionId === id)!;
      return core.handle('proposal.approve', { transactionId: id, proposalId: row.proposal!.id }, mia);
    };

    // Default: the PayTrace account's zone (Pacific); nobody mapped, so SAP will write the RFC user.
    expect((await approve(9101)).state).toBe('posted');
    expect(sent[0]!.DOCUMENTHEADER).toMatchObject({
      PSTNG_DATE: '20261120',
      USERNAME: '',
      HEADER_TXT: 'Appr. Mia Clerk',
    });
    expect(sent[0]!.ACCOUNTGL[0]!.ALLOC_NMBR).toBe('B812-20261120');

    // The admin puts company code 1000 on New York time and maps Mia to her SAP user.
    const saved = await core.handle(
      'settings.update',
      {
        postingZones: { rules: [{ companyCode: '1000', timeZone: 'America/New_York' }] },
        sapUsers: { rules: [{ user: 'mia clerk', sapUser: 'mclerk' }] },
      },
      ada,
    );
    expect(saved.postingZones.rules).toEqual([{ companyCode: '1000', timeZone: 'America/New_York' }]);

    // The preview shows the document as Mia's approval would post it.
    const detail = await core.handle('queue.detail', { transactionId: 9102 }, mia);
    expect(detail.preview).toMatchObject({ postingDate: '2026-11-21', userName: 'MCLERK' });
    expect(detail.preview!.notes![0]).toMatch(/PayTrace settled it on 2026-11-21 \(America\/New_York\)/);

    expect((await approve(9102)).state).toBe('posted');
    expect(sent[1]!.DOCUMENTHEADER).toMatchObject({
      PSTNG_DATE: '20261121',
      USERNAME: 'MCLERK',
      HEADER_TXT: 'Appr. Mia Clerk',
    });
    const audit = await store.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('subject', '=', 'paytrace:9102')
      .orderBy('seq')
      .execute();
    const approval = audit
      .map((a) => JSON.parse(a.detail) as { posting?: Record<string, unknown> })
      .find((d) => d.posting);
    expect(approval!.posting).toMatchObject({
      postingDate: '2026-11-21',
      valueDate: '2026-11-21',
      basis: 'settlement',
      zone: 'America/New_York',
      sapUser: 'MCLERK',
      headerText: 'Appr. Mia Clerk',
    });
  });
});

it('a time zone that is not one, and a SAP user longer than USR02 allows, are refused with what to give', () => {
  const zones = SettingsSchema.shape.postingZones.safeParse({
    rules: [{ companyCode: '1000', timeZone: 'Mars/Olympus_Mons' }],
  });
  expect(zones.success).toBe(false);
  expect(JSON.stringify(zones.error?.issues)).toMatch(/IANA time zone/);
  const users = SettingsSchema.shape.sapUsers.safeParse({ rules: [{ user: 'mia', sapUser: 'A'.repeat(13) }] });
  expect(users.success).toBe(false);
  expect(JSON.stringify(users.error?.issues)).toMatch(/1 to 12 letters/);
});
