// Journal truth: an invoice a payment paid only in part is "partly paid" with its residual open in
// SAP, never "cleared"; what a payment leaves unapplied is in its own on-account column; and the
// totals carry the on-account sum, so lines and totals tie out in every format.
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { CSV_HEADER, produceJournal } from '../../../electron/core/reports';
import { describeEachDialect } from '../../support/store';
import { clerk, coreWith, customer, openItem, sale, type FakeWorld } from '../core/core-fixture';

const DAY = '2026-11-25';
const onDay = {
  createdAt: { utc: '2026-11-25T17:00:00.000Z', original: '11/25/2026 9:00:00 AM' },
  settledAt: { utc: '2026-11-25T18:00:00.000Z', original: '11/25/2026 10:00:00 AM' },
};
const GENERATED = { generatedAt: '2026-11-25T20:05:00.000Z', generatedBy: 'mia.clerk' };

function world(): FakeWorld {
  return {
    paytrace: [
      sale(7501, 6000, { ...onDay, invoiceId: '90001010', billingName: 'Acme Corp' }),
      sale(7502, 15000, { ...onDay, invoiceId: '90001011', billingName: 'Acme Corp' }),
      sale(7503, 10000, { ...onDay, invoiceId: '90001012', billingName: 'Acme Corp' }),
    ],
    sap: {
      customers: [customer('0000100001', 'Acme Corp')],
      openItems: [
        openItem('1800000010', '0000100001', 10000, '90001010'),
        openItem('1800000011', '0000100001', 10000, '90001011'),
        openItem('1800000012', '0000100001', 10000, '90001012'),
      ],
    },
    posted: [],
  };
}

const item = (docNo: string, minor: number) => ({
  companyCode: '1000',
  docNo,
  fiscYear: '2026',
  itemNum: '001',
  amount: { minor, currency: 'USD' },
});

describeEachDialect('journal truth', (h) => {
  it('a partly paid invoice is partly paid with its residual, the unapplied rest is on account, and the totals tie out', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    await core.sync({ since: '2026-11-01' });
    // 7501 pays 60.00 of a 100.00 invoice; 7502 pays a 100.00 invoice and leaves 50.00 on account; 7503 clears one.
    await core.handle('proposal.correct', { transactionId: 7501, items: [item('1800000010', 6000)] }, clerk);
    await core.handle('proposal.correct', { transactionId: 7502, items: [item('1800000011', 10000)] }, clerk);
    for (const row of await core.handle('queue.list', {}, clerk)) {
      const answer = await core.handle(
        'proposal.approve',
        { transactionId: row.transactionId, proposalId: row.proposal!.id },
        clerk,
      );
      expect(answer.state).toBe('posted');
    }

    const csv = await produceJournal(store.repos, { from: DAY, to: DAY }, 'csv', GENERATED);
    const byId = new Map(csv.report.lines.map((l) => [l.transactionId, l]));
    expect(byId.get(7501)).toMatchObject({
      invoices: [],
      partlyPaid: [{ reference: '90001010', residual: { minor: 4000, currency: 'USD' } }],
      onAccount: { minor: 0, currency: 'USD' },
    });
    expect(byId.get(7502)).toMatchObject({
      invoices: ['90001011'],
      partlyPaid: [],
      onAccount: { minor: 5000, currency: 'USD' },
    });
    expect(byId.get(7503)).toMatchObject({ invoices: ['90001012'], partlyPaid: [], onAccount: { minor: 0 } });
    expect(csv.report.totals).toEqual([
      {
        companyCode: '1000',
        currency: 'USD',
        postedCount: 3,
        posted: { minor: 31000, currency: 'USD' },
        onAccount: { minor: 5000, currency: 'USD' },
        failedCount: 0,
        failed: { minor: 0, currency: 'USD' },
        sendingCount: 0,
      },
    ]);

    // CSV: the columns say it in words and decimals.
    const text = csv.bytes.subarray(3).toString('utf8');
    const records = text.split('\r\n').map((r) => r.split(','));
    const header = records[0]!;
    expect(header).toEqual([...CSV_HEADER]);
    const col = (name: (typeof CSV_HEADER)[number]) => header.indexOf(name);
    const row = (ref: string) => records.find((r) => r[0] === ref)!;
    expect(row('PT7501P')[col('Invoices cleared')]).toBe('');
    expect(row('PT7501P')[col('Invoices partly paid (residual open)')]).toBe('90001010 (residual 40.00 USD)');
    expect(row('PT7502P')[col('On account')]).toBe('50.00');
    expect(row('PT7502P')[col('Invoices cleared')]).toBe('90001011');
    expect(row('PT7503P')[col('On account')]).toBe('0.00');

    // XLSX: on account is a number in the currency's format, on the line and in the totals.
    const xlsx = await produceJournal(store.repos, { from: DAY, to: DAY }, 'xlsx', GENERATED);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const journal = wb.getWorksheet('Journal')!;
    const names = (journal.getRow(1).values as unknown[]).slice(1);
    const at = (name: string) => names.indexOf(name) + 1;
    const cells = new Map<string, ExcelJS.Row>();
    for (let r = 2; r <= journal.rowCount; r++)
      cells.set(String(journal.getRow(r).getCell(at('Posting reference (XBLNR)')).value), journal.getRow(r));
    expect(cells.get('PT7502P')!.getCell(at('On account')).value).toBe(50);
    expect(cells.get('PT7502P')!.getCell(at('On account')).numFmt).toBe('#,##0.00;-#,##0.00');
    expect(cells.get('PT7501P')!.getCell(at('Invoices partly paid (residual open)')).value).toBe(
      '90001010 (residual 40.00 USD)',
    );
    const totals = wb.getWorksheet('Totals')!;
    const totalNames = (totals.getRow(1).values as unknown[]).slice(1);
    expect(totals.getRow(2).getCell(totalNames.indexOf('On account (of posted)') + 1).value).toBe(50);

    // PDF: produced (its text is checked where poppler is, in journal.test.ts); its lines are the same report.
    const pdf = await produceJournal(store.repos, { from: DAY, to: DAY }, 'pdf', GENERATED);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.report.totals).toEqual(csv.report.totals);
  });
});
