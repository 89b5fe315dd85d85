// queue.export: the file holds exactly the rows queue.window gives for the same view (filter, sort,
// tab), every page of it, with the chosen columns; money as decimal text with its currency (numbers in
// the XLSX); the date the table shows beside the UTC one; the CSV parses back; the export is audited.
import { PAYMENT_STATE_LABELS, TIER_LABELS } from '../../../shared/domain';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { channels, type QueueRow } from '../../../shared/api';
import { toDecimal } from '../../../shared/money';
import type { Actor } from '../../../electron/core/ports';
import { queueExportTable } from '../../../electron/core/reports/queue-export';
import { describeEachDialect } from '../../support/store';
import { coreWith, customer, openItem, sale, type FakeWorld } from '../core/core-fixture';

const mia: Actor = { name: 'mia', roles: ['clerk'] };

function world(): FakeWorld {
  return {
    paytrace: [
      sale(9201, 125_000, { invoiceId: '90008001', billingName: 'Acme Corp' }),
      sale(9202, 8000, { invoiceId: '90008002', billingName: 'Acme, "West"' }),
      sale(9203, 25_005, { invoiceId: 'PO-1', billingName: '=ACME()+1' }),
      sale(9204, 1250, { billingName: 'Acme Japan', amount: { minor: 1250, currency: 'JPY' } }),
      sale(9205, 9900, { billingName: 'Acme refunds', kind: 'refund' }),
      sale(9206, 4400, { billingName: 'Globex' }),
      sale(9207, 700, { billingName: 'ACME small', createdAt: { utc: '2026-11-19T10:00:00.000Z', original: '' } }),
    ],
    sap: {
      customers: [customer('0000100001', 'Acme Corp')],
      openItems: [openItem('1800000001', '0000100001', 125_000, '90008001')],
    },
    posted: [],
  };
}

const signed = (r: QueueRow) => toDecimal(r.kind === 'refund' ? { ...r.amount, minor: -r.amount.minor } : r.amount);

describeEachDialect('queue.export', (h) => {
  it('exports every row of the window for a filter and a sort, paging through it', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    await core.sync({ since: '2026-11-01' });
    for (const sort of [
      { key: 'amount' as const, desc: false },
      { key: 'customer' as const, desc: true },
    ]) {
      const window = await core.handle('queue.window', { text: 'acme', sort, offset: 0, limit: 500 }, mia);
      expect(window.rows.length).toBe(6);
      // Pages of two: the export reads the window three times and a fourth, empty, time.
      const table = await queueExportTable(
        store.repos,
        { text: 'acme', sort, columns: ['amount', 'transactionId'] },
        undefined,
        2,
      );
      expect(table.header).toEqual(['Transaction', 'Amount', 'Currency']);
      expect(table.rows).toEqual(window.rows.map((r) => [String(r.transactionId), signed(r), r.amount.currency]));
    }
    // A tab (states) narrows it the same way.
    const states = ['new' as const, 'review' as const];
    const tab = await core.handle('queue.window', { states, offset: 0, limit: 500 }, mia);
    const exported = await queueExportTable(store.repos, { states, columns: ['transactionId'] }, undefined, 3);
    expect(exported.rows.map((r) => Number(r[0]))).toEqual(tab.rows.map((r) => r.transactionId));
  });

  it('queue.export gives a CSV that parses back to the view, and audits it', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    await core.sync({ since: '2026-11-01' });
    const sort = { key: 'amount' as const, desc: true };
    const window = await core.handle('queue.window', { text: 'acme', sort, offset: 0, limit: 500 }, mia);
    const file = await core.handle('queue.export', { format: 'csv', text: 'acme', sort }, mia);
    expect(file).toMatchObject({ mimeType: 'text/csv; charset=utf-8', lines: window.rows.length });
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    const records = parse(text, { bom: true, relaxColumnCount: false }) as string[][];
    expect(records[0]).toEqual([
      'Transaction',
      'Date',
      'Zone',
      'Date (UTC)',
      'Billing name',
      'SAP customer (KUNNR)',
      'Customer name',
      'Invoice',
      'Amount',
      'Currency',
      'Proposed match',
      'On account',
      'Tier',
      'State',
      'SAP document / reason',
    ]);
    const body = records.slice(1);
    expect(body.map((r) => Number(r[0]))).toEqual(window.rows.map((r) => r.transactionId));
    expect(body.map((r) => [r[8], r[9]])).toEqual(window.rows.map((r) => [signed(r), r.amount.currency]));
    // Exact decimals per currency: JPY has none, the refund is negative; a formula is neutralised.
    const byId = new Map(body.map((r) => [Number(r[0]), r]));
    expect(byId.get(9204)?.slice(8, 10)).toEqual(['1250', 'JPY']);
    expect(byId.get(9205)?.[8]).toBe('-99.00');
    expect(byId.get(9203)?.[8]).toBe('250.05');
    // What stays on account, as the table's match column says it: the exact match leaves nothing.
    expect(body.map((r) => r[11])).toEqual(
      window.rows.map((r) => (r.proposal && r.proposal.onAccount.minor !== 0 ? toDecimal(r.proposal.onAccount) : '')),
    );
    expect(byId.get(9201)?.slice(10, 12)).toEqual(['90008001 1250.00', '']);
    expect(body.some((r) => r[11] !== '')).toBe(true);
    // Tier and state in the screen's words, as a clerk filters the sheet by them.
    expect(body.map((r) => [r[12], r[13]])).toEqual(
      window.rows.map((r) => [r.proposal ? TIER_LABELS[r.proposal.tier] : '', PAYMENT_STATE_LABELS[r.queueState]]),
    );
    expect(body.map((r) => r[13])).toContain('To review');
    expect(byId.get(9202)?.[4]).toBe('Acme, "West"');
    expect(byId.get(9203)?.[4]).toBe("'=ACME()+1");
    expect(byId.get(9201)?.[6]).toBe('Acme Corp');
    // The day the table shows: 10:00 UTC on 19 November is 02:00 in Los Angeles (the PayTrace account's zone).
    expect(byId.get(9207)?.slice(1, 4)).toEqual([
      '2026-11-19 02:00:00',
      'America/Los_Angeles',
      '2026-11-19T10:00:00.000Z',
    ]);
    expect(text).not.toContain('5454');

    const audit = await store.db
      .selectFrom('audit_log')
      .select(['actor', 'subject', 'detail'])
      .where('action', '=', 'report.exported')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'mia', subject: 'report:queue' });
    const detail = (typeof audit[0]!.detail === 'string' ? JSON.parse(audit[0]!.detail) : audit[0]!.detail) as Record<
      string,
      unknown
    >;
    expect(detail).toMatchObject({ report: 'queue', format: 'csv', lines: window.rows.length });
  });

  it("the XLSX holds the same cells: amounts as numbers in their currency's decimals, the local date as a date", async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    await core.sync({ since: '2026-11-01' });
    const req = { text: 'acme', columns: ['transactionId' as const, 'createdAt' as const, 'amount' as const] };
    const table = await queueExportTable(store.repos, req);
    const file = await core.handle('queue.export', { ...req, format: 'xlsx' }, mia);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Queue')!;
    const cells: unknown[][] = [];
    ws.eachRow((row) => cells.push((row.values as unknown[]).slice(1)));
    expect(cells[0]).toEqual(['Transaction', 'Date', 'Zone', 'Date (UTC)', 'Amount', 'Currency']);
    expect(cells.slice(1)).toEqual(
      table.rows.map(([id, local, zone, utc, amount, currency]) => [
        id,
        new Date(`${local!.replace(' ', 'T')}Z`),
        zone,
        utc,
        Number(amount),
        currency,
      ]),
    );
    const row = (id: number) => {
      let found: ExcelJS.Row | undefined;
      ws.eachRow((r) => {
        if (r.getCell(1).value === String(id)) found = r;
      });
      return found!;
    };
    // A sum in Excel sees numbers: yen without decimals, a refund negative, cents as cents.
    expect([row(9204).getCell(5).value, row(9204).getCell(5).numFmt]).toEqual([1250, '#,##0;-#,##0']);
    expect([row(9205).getCell(5).value, row(9205).getCell(5).numFmt]).toEqual([-99, '#,##0.00;-#,##0.00']);
    expect(row(9203).getCell(5).value).toBe(250.05);
    expect(row(9207).getCell(2).value).toEqual(new Date('2026-11-19T02:00:00Z'));
    expect(row(9207).getCell(2).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
  });

  it('the channel refuses bad input with a clear error', () => {
    const request = channels['queue.export'].request;
    expect(request.safeParse({ format: 'csv', text: 'acme', columns: ['amount'] }).success).toBe(true);
    expect(request.safeParse({ format: 'pdf' }).success).toBe(false);
    expect(request.safeParse({ format: 'csv', columns: ['cardNumber'] }).success).toBe(false);
    expect(request.safeParse({ format: 'csv', columns: [] }).success).toBe(false);
  });
});
