// `cleardesk match` on what clerks export by hand: PayTrace's CSV download and SAP FBL5N as
// CSV or XLSX; and on bad input: errors that name the record, the rest still matched.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type MatchOutputEntry, readTable, runMatch } from '../../../electron/hosts/cli/match';
import { findCardData } from '../../support/card-scan';
import { FIXTURES } from './fixture';

const dir = mkdtempSync(join(tmpdir(), 'cleardesk-files-'));
const read = (p: string): MatchOutputEntry[] => JSON.parse(readFileSync(p, 'utf8'));

describe('hand-exported files', () => {
  it('PayTrace CSV against an FBL5N CSV (German number format, title rows, total row)', async () => {
    const r = await runMatch({
      transactions: join(FIXTURES, 'paytrace-export.csv'),
      openItems: join(FIXTURES, 'fbl5n-1000.csv'),
      companyCode: '1000',
      out: join(dir, 'csv.json'),
    });
    expect(r.errors).toEqual([]);
    const entries = read(join(dir, 'csv.json'));
    expect(entries).toHaveLength(120);
    const json = read(
      await (async () => {
        await runMatch({
          transactions: join(FIXTURES, 'transactions.json'),
          openItems: join(FIXTURES, 'open-items.json'),
          out: join(dir, 'json.json'),
        });
        return join(dir, 'json.json');
      })(),
    );
    const byId = new Map(json.map((e) => [e.transaction_id, e]));
    const autos = entries.filter((e) => e.tier === 'auto');
    expect(autos.length).toBeGreaterThan(40);
    // Same decision from the CSV pair as from the JSON pair for every automatic posting.
    for (const e of autos) expect(e.items).toEqual(byId.get(e.transaction_id)!.items);
  });

  it('an FBL5N XLSX export gives the same open items as its CSV twin', async () => {
    const rows = await readTable(join(FIXTURES, 'fbl5n-1000.csv'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('FBL5N');
    for (const row of rows) ws.addRow(row.map((c, i) => (i === 0 && /^\d+$/.test(c) ? Number(c) : c)));
    await wb.xlsx.writeFile(join(dir, 'fbl5n.xlsx'));
    await runMatch({
      transactions: join(FIXTURES, 'paytrace-export.csv'),
      openItems: join(dir, 'fbl5n.xlsx'),
      companyCode: '1000',
      out: join(dir, 'xlsx.json'),
    });
    await runMatch({
      transactions: join(FIXTURES, 'paytrace-export.csv'),
      openItems: join(FIXTURES, 'fbl5n-1000.csv'),
      companyCode: '1000',
      out: join(dir, 'csv2.json'),
    });
    expect(readFileSync(join(dir, 'xlsx.json'), 'utf8')).toBe(readFileSync(join(dir, 'csv2.json'), 'utf8'));
  });

  it('an FBL5N layout without a company code column asks for one', async () => {
    await expect(
      runMatch({
        transactions: join(FIXTURES, 'paytrace-export.csv'),
        openItems: join(FIXTURES, 'fbl5n-1000.csv'),
        out: join(dir, 'x.json'),
      }),
    ).rejects.toThrow(/company code/);
  });
});

describe('bad input', () => {
  const transactions = [
    {
      transaction_id: 501,
      transaction_type: 'SALE',
      amount: 100,
      invoice_id: '90001234',
      status_code: 'GB1',
      created: { at: '3/3/2025 9:00:00 AM' },
    },
    {
      transaction_type: 'SALE',
      amount: 50,
      invoice_id: '90001235',
      status_code: 'GB1',
      created: { at: '3/3/2025 9:00:00 AM' },
    },
    {
      transaction_id: 503,
      transaction_type: 'SALE',
      amount: 'abc',
      invoice_id: '90001235',
      status_code: 'GB1',
      created: { at: '3/3/2025 9:00:00 AM' },
    },
    {
      transaction_id: 504,
      transaction_type: 'SALE',
      amount: 75,
      invoice_id: '90001236',
      status_code: 'GB1',
      created: { at: '3/3/2025 9:00:00 AM' },
    },
  ];
  const line = (doc: string, ref: string, amount: string, currency = 'USD') => ({
    COMP_CODE: '1000',
    CUSTOMER: '0000100001',
    FISC_YEAR: '2025',
    DOC_NO: doc,
    ITEM_NUM: '001',
    REF_DOC_NO: ref,
    ALLOC_NMBR: ref,
    PSTNG_DATE: '20250201',
    DOC_DATE: '20250201',
    CURRENCY: currency,
    AMT_DOCCUR: amount,
    DB_CR_IND: 'S',
  });
  const openItems = [
    line('0090000001', '90001234', '100.00'),
    line('0090000002', '90001235', '50.00'),
    line('0090000003', '90001236', '75.00', 'XXX'),
  ];

  it('names each bad record, writes an entry for every record with an id, and matches the rest', async () => {
    writeFileSync(join(dir, 'bad-t.json'), JSON.stringify(transactions));
    writeFileSync(join(dir, 'bad-o.json'), JSON.stringify(openItems));
    const r = await runMatch({
      transactions: join(dir, 'bad-t.json'),
      openItems: join(dir, 'bad-o.json'),
      out: join(dir, 'bad-p.json'),
    });
    expect(r.errors).toEqual([
      { record: 'openItems[2] (1000/0090000003/2025/001)', message: expect.stringMatching(/Unknown currency "XXX"/) },
      {
        record: 'transactions[1]',
        message: expect.stringMatching(/transaction_id is missing; the record cannot be matched or reported/),
      },
      {
        record: 'transactions[2] (transaction_id 503)',
        message: expect.stringMatching(/amount "abc" is not a USD amount/),
      },
    ]);
    const entries = read(join(dir, 'bad-p.json'));
    // A record without a transaction id cannot have an output row.
    expect(entries.map((e) => e.transaction_id)).toEqual([501, 503, 504]);
    expect(entries[0]).toMatchObject({ tier: 'auto', items: [{ DOC_NO: '0090000001', amount: '100.00' }] });
    expect(entries[1]).toMatchObject({
      tier: 'none',
      items: [],
      reasons: [expect.stringMatching(/not matched: .*amount "abc"/)],
    });
    // The invoice with the unknown currency was not read, so 504 finds nothing to clear.
    expect(entries[2]!.items).toEqual([]);
  });

  it('masks card data payers typed into the records, in the output file and in the errors', async () => {
    const card = (over: Record<string, unknown>) => ({ ...transactions[0], ...over });
    writeFileSync(
      join(dir, 'card-t.json'),
      JSON.stringify([
        card({ transaction_id: 601, description: 'card 4111.1111.1111.1111 cvv 123', invoice_id: '90001234' }),
        card({
          transaction_id: 602,
          invoice_id: '5555_5555_5555_4444',
          billing_address: { name: 'Pat 4012/8888/8888/1881' },
        }),
        card({ transaction_id: 603, amount: '6011 1111 1111 1117', description: 'CVV2: 1234' }),
        card({ transaction_id: 604, credit_card: { masked_number: '4111111111111111' }, transaction_type: 'REFUND' }),
        card({
          transaction_id: 605,
          credit_card: { masked_number: '4111111111111111' },
          customer_reference_id: 'csc=987',
        }),
      ]),
    );
    writeFileSync(join(dir, 'card-o.json'), JSON.stringify([line('0090000001', '90001234', '100.00')]));
    const r = await runMatch({
      transactions: join(dir, 'card-t.json'),
      openItems: join(dir, 'card-o.json'),
      out: join(dir, 'card-p.json'),
    });
    const output = readFileSync(join(dir, 'card-p.json'), 'utf8');
    expect(findCardData(output)).toEqual([]);
    expect(findCardData(JSON.stringify(r.errors))).toEqual([]);
    // The records were still read and matched; only what they quote is masked.
    const entries = read(join(dir, 'card-p.json'));
    expect(entries.map((e) => e.transaction_id)).toEqual([601, 602, 603, 604, 605]);
    expect(entries[0]).toMatchObject({ tier: 'auto', items: [{ DOC_NO: '0090000001' }] });
    expect(r.errors).toEqual([
      { record: 'transactions[2] (transaction_id 603)', message: expect.stringMatching(/"\*{12}1117" is not a USD/) },
    ]);
    expect(entries[2]!.reasons.join(' ')).toContain('************1117');
  });

  it('--currency decides the currency of PayTrace amounts', async () => {
    writeFileSync(join(dir, 'jpy-t.json'), JSON.stringify([{ ...transactions[0], amount: 12500 }]));
    writeFileSync(
      join(dir, 'jpy-o.json'),
      JSON.stringify([
        { ...line('0090000001', '90001234', '12500'), COMP_CODE: '2000', CURRENCY: 'JPY' },
        line('0090000009', '1111', '1.00'),
      ]),
    );
    await runMatch({
      transactions: join(dir, 'jpy-t.json'),
      openItems: join(dir, 'jpy-o.json'),
      out: join(dir, 'jpy-p.json'),
    });
    expect(read(join(dir, 'jpy-p.json'))[0]).toMatchObject({
      tier: 'auto',
      on_account: '0',
      items: [{ COMP_CODE: '2000', amount: '12500' }],
    });
    await runMatch({
      transactions: join(dir, 'jpy-t.json'),
      openItems: join(dir, 'jpy-o.json'),
      out: join(dir, 'usd-p.json'),
      currency: 'USD',
    });
    expect(read(join(dir, 'usd-p.json'))[0]).toMatchObject({ items: [], on_account: '12500.00' });
  });

  it("names the G/L rules' account for a write-off, the shipped file's or the one given with --gl-rules", async () => {
    // 100.00 owed, 99.50 paid: short by 0.50, inside the tolerance.
    writeFileSync(join(dir, 'short-t.json'), JSON.stringify([{ ...transactions[0], amount: 99.5 }]));
    writeFileSync(join(dir, 'short-o.json'), JSON.stringify([line('0090000001', '90001234', '100.00')]));
    const shipped = JSON.parse(readFileSync(join(process.cwd(), 'resources', 'gl-rules.json'), 'utf8')) as {
      rules: { transactionType: string; account: string }[];
    };
    const toleranceAccount = shipped.rules.find((r) => r.transactionType === 'write-off')!.account;
    const base = { transactions: join(dir, 'short-t.json'), openItems: join(dir, 'short-o.json') };
    await runMatch({ ...base, out: join(dir, 'short-p.json') });
    const [entry] = read(join(dir, 'short-p.json'));
    expect(entry!.write_off).toEqual({ amount: '0.50', gl: toleranceAccount });
    expect(entry!.reasons.join(' ')).toContain(`difference to G/L ${toleranceAccount}`);

    const own = {
      ...shipped,
      rules: shipped.rules.map((r) => (r.transactionType === 'write-off' ? { ...r, account: '0000889900' } : r)),
    };
    writeFileSync(join(dir, 'gl-rules.json'), JSON.stringify(own));
    await runMatch({ ...base, glRules: join(dir, 'gl-rules.json'), out: join(dir, 'short-own.json') });
    expect(read(join(dir, 'short-own.json'))[0]!.write_off).toEqual({ amount: '0.50', gl: '0000889900' });

    await expect(
      runMatch({ ...base, glRules: join(dir, 'no-such-file.json'), out: join(dir, 'x.json') }),
    ).rejects.toThrow(/The G\/L rules file cannot be read/);
  });
});
