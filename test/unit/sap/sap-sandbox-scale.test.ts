// The SAP sandbox at scale, over its RFC client (node-rfc's interface): RFC_READ_TABLE pages
// (ROWSKIPS/ROWCOUNT without ORDER BY, answered through the ledger's indexes), the 512-character
// row limit, the per-call latency knob, and the tables the mirror's delta reads (BSID by CPUDT,
// BSAD by AUGDT, BKPF-AEDAT after FB02, CDHDR after XD02).
import { afterEach, describe, expect, it } from 'vitest';
import { SplitReadMismatch, readTable } from '../../../electron/connectors/sap/rfc/read-table';
import { createSandboxRfc } from '../../../electron/sandbox/sap/rfc';
import type { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { TABLES } from '../../../electron/sandbox/sap/tables';
import { scaleLedger } from '../../support/sap-scale';

type Rows = { WA: string }[];
const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of opened.splice(0)) await c.close();
});

async function connect(ledger: SapLedger, latencyMs?: number) {
  const rfc = createSandboxRfc(ledger, latencyMs === undefined ? {} : { latencyMs });
  const client = new rfc.Client({ ashost: 'x', user: 'U', passwd: 'p' });
  await client.open();
  opened.push(client);
  const read = async (p: Record<string, unknown>): Promise<string[]> =>
    ((await client.call('RFC_READ_TABLE', { DELIMITER: '|', ...p })).DATA as Rows).map((r) => r.WA);
  return { rfc, client, read };
}

const fields = (...names: string[]) => names.map((FIELDNAME) => ({ FIELDNAME }));
const where = (...lines: string[]) => lines.map((TEXT) => ({ TEXT }));

describe('RFC_READ_TABLE at scale', () => {
  it('pages by ROWSKIPS/ROWCOUNT in the same order every time: the pages cover every row once', async () => {
    const ledger = scaleLedger({ customers: 40, openItems: 1000 });
    const { read } = await connect(ledger);
    const query = { QUERY_TABLE: 'BSID', FIELDS: fields('BELNR', 'GJAHR', 'BUZEI'), OPTIONS: where("BUKRS = '1000'") };
    const all = await read(query);
    const paged: string[] = [];
    for (let skip = 0; ; skip += 300) {
      const page = await read({ ...query, ROWSKIPS: skip, ROWCOUNT: 300 });
      paged.push(...page);
      if (page.length < 300) break;
    }
    expect(all).toHaveLength(ledger.customerItems({ BUKRS: '1000', state: 'open' }).length);
    expect(paged).toEqual(all);
    expect(new Set(paged).size).toBe(paged.length);
  });

  it('answers a customer range from the index with exactly the rows the condition selects', async () => {
    const ledger = scaleLedger({ customers: 40, openItems: 1000 });
    const { read } = await connect(ledger);
    const rows = await read({
      QUERY_TABLE: 'BSID',
      FIELDS: fields('KUNNR', 'BELNR'),
      OPTIONS: where("BUKRS = '1000' AND KUNNR >= '0000100010'", "AND KUNNR < '0000100020'"),
    });
    const expected = ledger
      .customerItems({ BUKRS: '1000', state: 'open' })
      .filter((x) => x.line.KUNNR >= '0000100010' && x.line.KUNNR < '0000100020');
    expect(rows).toHaveLength(expected.length);
    expect(rows.every((r) => r.slice(0, 10) >= '0000100010' && r.slice(0, 10) < '0000100020')).toBe(true);
  });

  it('raises DATA_BUFFER_EXCEEDED when the fields asked for exceed 512 characters (all of BSID)', async () => {
    const ledger = scaleLedger({ customers: 2, openItems: 5 });
    const { client, read } = await connect(ledger);
    await expect(
      client.call('RFC_READ_TABLE', { QUERY_TABLE: 'BSID', OPTIONS: where("BUKRS = '1000'") }),
    ).rejects.toMatchObject({ name: 'ABAPError', key: 'DATA_BUFFER_EXCEEDED' });
    // The delimiter counts: the widest set of fields that fits with separators, then one more.
    const fit: string[] = [];
    let width = -1;
    const defs = TABLES.BSID!;
    for (const d of defs) {
      if (width + 1 + d.LENGTH > 512) break;
      fit.push(d.FIELDNAME);
      width += 1 + d.LENGTH;
    }
    const next = defs[fit.length]!;
    expect(width + 1 + next.LENGTH).toBeGreaterThan(512);
    await expect(read({ QUERY_TABLE: 'BSID', FIELDS: fields(...fit), ROWCOUNT: 1 })).resolves.toHaveLength(1);
    await expect(
      read({ QUERY_TABLE: 'BSID', FIELDS: fields(...fit, next.FIELDNAME), ROWCOUNT: 1 }),
    ).rejects.toMatchObject({ key: 'DATA_BUFFER_EXCEEDED' });
  });

  it('waits the configured latency per call (default none)', async () => {
    const ledger = scaleLedger({ customers: 1, openItems: 1 });
    const plain = await connect(ledger);
    expect(plain.rfc.faults.latencyMs).toBe(0);
    const slow = await connect(ledger, 60);
    const started = performance.now();
    await slow.read({ QUERY_TABLE: 'T001', FIELDS: fields('BUKRS') });
    await slow.read({ QUERY_TABLE: 'T001', FIELDS: fields('BUKRS') });
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * 60 - 5);
  });

  it('gives the delta its tables: BSID by entry date, BSAD by clearing date, BKPF-AEDAT after FB02, CDHDR after XD02', async () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const ledger = scaleLedger({ customers: 10, openItems: 200, lastDay: '20261130', days: 30 }, () => now);
    const { read } = await connect(ledger);
    const entered = ledger
      .customerItems({ BUKRS: '1000', state: 'open' })
      .filter((x) => x.doc.header.CPUDT >= '20261125');
    const byEntry = await read({
      QUERY_TABLE: 'BSID',
      FIELDS: fields('BELNR'),
      OPTIONS: where("BUKRS = '1000' AND CPUDT >= '20261125'"),
    });
    expect(byEntry.sort()).toEqual(entered.map((x) => x.doc.header.BELNR).sort());

    const [first, second] = ledger.customerItems({ BUKRS: '1000', state: 'open' });
    const key = (x: typeof first) => ({ ...x!.doc.header, BUZEI: x!.line.BUZEI });
    ledger.clearInFull([key(first)], '20261201');
    const bsad = await read({
      QUERY_TABLE: 'BSAD',
      FIELDS: fields('BELNR', 'AUGBL', 'AUGDT'),
      OPTIONS: where("BUKRS = '1000' AND AUGDT >= '20261201'"),
    });
    // The invoice and the payment's customer line, both cleared by the payment.
    expect(bsad).toHaveLength(2);
    expect(bsad.some((r) => r.startsWith(first!.doc.header.BELNR))).toBe(true);
    const stillOpen = await read({
      QUERY_TABLE: 'BSID',
      FIELDS: fields('BELNR'),
      OPTIONS: where(`BUKRS = '1000' AND BELNR = '${first!.doc.header.BELNR}'`),
    });
    expect(stillOpen).toEqual([]);

    ledger.changeItem(key(second), { ZUONR: 'NEW-ASSIGNMENT' });
    const changed = await read({
      QUERY_TABLE: 'BKPF',
      FIELDS: fields('BELNR', 'AEDAT'),
      OPTIONS: where("BUKRS = '1000' AND AEDAT >= '20261201'"),
    });
    expect(changed).toEqual([`${second!.doc.header.BELNR}|20261201`]);

    ledger.changeCustomer('0000100003', { NAME1: 'Renamed' });
    const cd = await read({
      QUERY_TABLE: 'CDHDR',
      FIELDS: fields('OBJECTID', 'CHANGE_IND'),
      OPTIONS: where("OBJECTCLAS = 'DEBI' AND UDATE >= '20261201'"),
    });
    expect(cd.map((r) => r.replace(/\s+\|/, '|'))).toEqual(['0000100003|U']);
  });

  it('refuses a read split over 512 characters whose field groups returned different rows', async () => {
    const ledger = scaleLedger({ customers: 3, openItems: 30 });
    const { client } = await connect(ledger);
    // Every field of BSID does not fit one row: two reads or more, joined on the key.
    const keyFields = ['BUKRS', 'BELNR', 'GJAHR', 'BUZEI'];
    const request = {
      table: 'BSID',
      fields: TABLES.BSID!.map((d) => d.FIELDNAME).filter((f) => !keyFields.includes(f)),
      keyFields,
      where: "BUKRS = '1000'",
    };
    const widths = TABLES.BSID!.filter((d) => [...request.fields, ...request.keyFields].includes(d.FIELDNAME));
    expect(widths.reduce((n, d) => n + d.LENGTH, 0)).toBeGreaterThan(512);
    let dataReads = 0;
    const racing = async (rfm: string, p: Record<string, unknown>) => {
      const r = await client.call(rfm, p);
      // SAP posts an invoice between the two reads.
      if (rfm === 'RFC_READ_TABLE' && !p.NO_DATA && ++dataReads === 1)
        ledger.loadInvoices([
          {
            BUKRS: '1000',
            KUNNR: '0000100000',
            WAERS: 'USD',
            minor: 100,
            BUDAT: '20261130',
            CPUDT: '20261130',
            XBLNR: 'LATE',
          },
        ]);
      return r;
    };
    await expect(readTable(racing, request)).rejects.toBeInstanceOf(SplitReadMismatch);
    expect(dataReads).toBe(2);
    const again = await readTable((rfm, p) => client.call(rfm, p), request);
    expect(again).toHaveLength(31);
    expect(again.every((r) => r.SGTXT !== undefined && r.DMBE3 !== undefined && r.MANDT !== undefined)).toBe(true);
  });
});
