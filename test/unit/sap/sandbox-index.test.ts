// The SAP simulator's secondary indexes (docs/ARCHITECTURE.md, "Mirroring SAP"): for random
// ledgers, changed by random postings, clearings, clearing resets, reversals and FB02 changes, and
// random WHERE clauses of the shapes the mirror sends (and a few it does not), RFC_READ_TABLE's
// indexed answer is the full scan's answer row for row, in the same order, page by page.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { createSandboxRfc } from '../../../electron/sandbox/sap/rfc';
import { parseWhereWithHints } from '../../../electron/sandbox/sap/rfc/where';
import { TABLES, scanTable } from '../../../electron/sandbox/sap/tables';
import { addDaysDats, kunnrOf, scaleLedger } from '../../support/sap-scale';

const LAST_DAY = '20261130';
/** Days around the ledger's: before its first entry, inside it, after it, and DATS initial. */
const dayArb = fc.oneof(
  fc.integer({ min: -70, max: 5 }).map((d) => addDaysDats(LAST_DAY, d)),
  fc.constant('00000000'),
);

type Op =
  | { op: 'post'; customer: number; day: number }
  | { op: 'clear'; pick: number; day: number }
  | { op: 'reset'; pick: number }
  | { op: 'reverse'; pick: number }
  | { op: 'change'; pick: number; day: number }
  | { op: 'customer'; number: number; bukrs: '1000' | '2000' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('post' as const), customer: fc.nat(12), day: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ op: fc.constant('clear' as const), pick: fc.nat(), day: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ op: fc.constant('reset' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('reverse' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('change' as const), pick: fc.nat(), day: fc.integer({ min: -3, max: 3 }) }),
  // XD01 of a customer numbered anywhere (below the existing ones too), so KNA1/KNB1's scan order is not KUNNR's.
  fc.record({
    op: fc.constant('customer' as const),
    number: fc.nat(30),
    bukrs: fc.constantFrom('1000' as const, '2000' as const),
  }),
);

interface Built {
  ledger: SapLedger;
  done: Record<Op['op'], number>;
}

function build(seed: number, customers: number, items: number, ops: readonly Op[]): Built {
  let now = new Date('2026-12-01T09:00:00Z');
  const ledger = scaleLedger({ customers, openItems: items, seed, lastDay: LAST_DAY, days: 20 }, () => now);
  // A second company code, so reads without BUKRS span two.
  ledger.addCompanyCode({ BUKRS: '2000', WAERS: 'EUR' });
  const post = (bukrs: string, customer: number, day: string, n: number) =>
    ledger.loadInvoices([
      {
        BUKRS: bukrs,
        KUNNR: kunnrOf(customer),
        WAERS: bukrs === '2000' ? 'EUR' : 'USD',
        minor: 1000 + n,
        BUDAT: day,
        CPUDT: day,
        XBLNR: `P${bukrs}-${n}`,
      },
    ]);
  for (let i = 0; i < 5; i++) post('2000', i % customers, addDaysDats(LAST_DAY, -i), i);
  const done = { post: 0, clear: 0, reset: 0, reverse: 0, change: 0, customer: 0 };
  const itemsIn = (state: 'open' | 'cleared') => ledger.customerItems({ state });
  ops.forEach((o, n) => {
    if (o.op === 'customer') {
      const KUNNR = o.number % 2 === 0 ? kunnrOf(o.number) : `00000${String(o.number).padStart(5, '0')}`;
      ledger.addCustomer(
        {
          KUNNR,
          NAME1: `Added ${n}`,
          ORT01: 'Springfield',
          PSTLZ: '12345',
          LAND1: 'US',
          STRAS: '1 Main St',
          SMTP_ADDR: '',
        },
        { BUKRS: o.bukrs, AKONT: '0000140000' },
      );
      done.customer++;
    } else if (o.op === 'post') {
      post(n % 3 === 0 ? '2000' : '1000', o.customer % customers, addDaysDats(LAST_DAY, o.day), 100 + n);
      done.post++;
    } else if (o.op === 'clear' || o.op === 'change') {
      const open = itemsIn('open');
      if (open.length === 0) return;
      const x = open[o.pick % open.length]!;
      const key = { ...x.doc.header, BUZEI: x.line.BUZEI };
      const day = addDaysDats(LAST_DAY, o.day);
      if (o.op === 'clear') ledger.clearInFull([key], day, addDaysDats(day, 1));
      else {
        now = new Date(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}T10:00:00Z`);
        ledger.changeItem(key, { ZUONR: `FB02-${n}` });
      }
      done[o.op]++;
    } else if (o.op === 'reset') {
      const cleared = itemsIn('cleared');
      if (cleared.length === 0) return;
      const x = cleared[o.pick % cleared.length]!;
      if (ledger.resetClearing(x.doc.header.BUKRS, x.line.AUGBL, x.line.AUGGJ).ok) done.reset++;
    } else {
      // A document whose customer lines are open: BAPI_ACC_DOCUMENT_REV_POST clears them against the reversal.
      const open = itemsIn('open');
      if (open.length === 0) return;
      const x = open[o.pick % open.length]!;
      const r = ledger.prepareReversal({ OBJ_KEY_R: x.doc.header.AWKEY, REASON_REV: '01' }, 'U');
      if (r.ok) {
        r.apply();
        done.reverse++;
      }
    }
  });
  return { ledger, done };
}

/** A WHERE clause of one of the mirror's shapes (or near one), as OPTIONS text, for a table. */
function whereArb(
  ledger: SapLedger,
): fc.Arbitrary<{ table: 'BSID' | 'BSAD' | 'BKPF' | 'KNA1' | 'KNB1'; where: string }> {
  const docs = [...ledger.documents.values()].map((d) => d.header.BELNR);
  const belnr = fc.oneof(fc.constantFrom(...docs), fc.constant('0000000001'), fc.constant(''));
  const belnrs = fc.uniqueArray(belnr, { minLength: 1, maxLength: 8 });
  const kunnr = fc.oneof(fc.nat(14).map(kunnrOf), fc.constantFrom(...ledger.kna1.keys()));
  const bukrs = fc.oneof(
    fc.constantFrom("BUKRS = '1000'", "BUKRS = '2000'", "BUKRS IN ('1000', '2000')", "BUKRS = '3000'"),
    fc.constant(''),
  );
  const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
  const cmp = fc.constantFrom('>=', '>', '=', '<=', '<', 'GE');
  const range = (field: string) =>
    fc.oneof(
      fc.tuple(cmp, dayArb).map(([op, d]) => `${field} ${op} '${d}'`),
      fc.tuple(dayArb, dayArb).map(([a, b]) => `${field} >= '${a}' AND ${field} <= '${b}'`),
      fc.tuple(dayArb, dayArb).map(([a, b]) => `${field} BETWEEN '${a}' AND '${b}'`),
    );
  const itemCond = (table: 'BSID' | 'BSAD') =>
    fc.oneof(
      fc
        .tuple(fc.option(kunnr), fc.option(kunnr))
        .map(([a, b]) => [a ? `KUNNR >= '${a}'` : '', b ? `KUNNR < '${b}'` : ''].filter(Boolean).join(' AND ')),
      fc.array(kunnr, { minLength: 1, maxLength: 3 }).map((k) => `KUNNR IN (${list(k)})`),
      range('CPUDT'),
      belnrs.map((b) => `BELNR IN (${list(b)})`),
      belnr.map((b) => `BELNR = '${b}'`),
      ...(table === 'BSAD'
        ? [range('AUGDT'), belnrs.map((b) => `AUGBL IN (${list(b)})`), belnr.map((b) => `AUGBL EQ '${b}'`)]
        : [range('AUGDT')]),
    );
  const bkpfCond = fc.oneof(
    range('CPUDT'),
    range('AEDAT'),
    fc.nat(300).map((n) => `XBLNR IN ('INV${String(n).padStart(9, '0')}', 'P1000-${n}')`),
  );
  // Conditions that narrow nothing an index can use: they must not change the answer either.
  const extra = fc.oneof(
    fc.constant(''),
    fc.constant("( BELNR = '0000000001' OR GJAHR = '2025' )"),
    fc.constant("NOT GJAHR = '1999'"),
    range('CPUDT'),
  );
  // KNA1 and KNB1 by their key's KUNNR (the mirror's KNA1 ranges and IN-lists, KNB1's pages and changed customers).
  const customerCond = fc.oneof(
    fc
      .tuple(fc.option(kunnr), fc.option(kunnr), fc.constantFrom('>=', '>'), fc.constantFrom('<=', '<'))
      .map(([a, b, lo, hi]) =>
        [a ? `KUNNR ${lo} '${a}'` : '', b ? `KUNNR ${hi} '${b}'` : ''].filter(Boolean).join(' AND '),
      ),
    fc.array(kunnr, { minLength: 1, maxLength: 4 }).map((k) => `KUNNR IN (${list(k)})`),
    kunnr.map((k) => `KUNNR = '${k}'`),
    fc.tuple(kunnr, kunnr).map(([a, b]) => `KUNNR BETWEEN '${a}' AND '${b}'`),
  );
  const customers = fc
    .constantFrom('KNA1' as const, 'KNB1' as const)
    .chain((t) =>
      fc
        .tuple(t === 'KNB1' ? bukrs : fc.constant(''), customerCond, fc.option(customerCond))
        .map(([b, c, c2]) => ({ table: t, where: [b, c, c2 ?? ''].filter(Boolean).join(' AND ') })),
    );
  const table = fc.constantFrom('BSID' as const, 'BSAD' as const, 'BKPF' as const);
  const items = table.chain((t) =>
    fc
      .tuple(bukrs, t === 'BKPF' ? bkpfCond : itemCond(t), fc.option(t === 'BKPF' ? extra : itemCond(t)), extra)
      .map(([b, c, c2, e]) => ({ table: t, where: [b, c, c2 ?? '', e].filter(Boolean).join(' AND ') })),
  );
  return fc.oneof({ arbitrary: items, weight: 3 }, { arbitrary: customers, weight: 1 });
}

const ITEM_FIELDS = ['BUKRS', 'KUNNR', 'BELNR', 'GJAHR', 'BUZEI', 'AUGBL', 'AUGDT', 'CPUDT', 'ZUONR'];
const BKPF_FIELDS = ['BUKRS', 'BELNR', 'GJAHR', 'CPUDT', 'AEDAT', 'XBLNR', 'STBLG'];
const CUSTOMER_FIELDS: Record<string, string[]> = { KNA1: ['KUNNR', 'NAME1'], KNB1: ['KUNNR', 'BUKRS'] };

/** The rows through the indexes the WHERE allows, and by a full scan (no index), with the same test. */
function bothWays(ledger: SapLedger, table: string, where: string) {
  const parsed = parseWhereWithHints(where, new Set(TABLES[table]!.map((d) => d.FIELDNAME)));
  const fields = new Set([
    ...parsed.fields,
    ...(CUSTOMER_FIELDS[table] ?? (table === 'BKPF' ? BKPF_FIELDS : ITEM_FIELDS)),
  ]);
  const project = (r: Record<string, string>) => [...fields].map((f) => r[f]).join('|');
  const indexed = [...scanTable(ledger, table, '100', parsed.hints, fields, parsed)].map(project);
  const scanned = [...scanTable(ledger, table, '100', [], fields, parsed)].map(project);
  return { indexed, scanned, hinted: parsed.hints.length > 0 };
}

/** OPTIONS lines of at most 72 characters, cut between words. */
function optionLines(where: string): { TEXT: string }[] {
  const lines: string[] = [];
  for (const word of where.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= 72) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.map((TEXT) => ({ TEXT }));
}

describe('the SAP simulator answers RFC_READ_TABLE through its indexes as a full scan would', () => {
  it('for random ledgers, changes and WHERE clauses: the same rows in the same order', () => {
    const totals = { post: 0, clear: 0, reset: 0, reverse: 0, change: 0, customer: 0, rows: 0, customerRows: 0 };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 80 }),
        fc.array(opArb, { maxLength: 40 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (seed, customers, items, ops, querySeed) => {
          const { ledger, done } = build(seed, customers, items, ops);
          for (const k of Object.keys(done) as Op['op'][]) totals[k] += done[k];
          const queries = fc.sample(whereArb(ledger), { numRuns: 25, seed: querySeed });
          for (const q of queries) {
            const { indexed, scanned } = bothWays(ledger, q.table, q.where);
            expect(indexed, `${q.table} WHERE ${q.where}`).toEqual(scanned);
            totals.rows += scanned.length;
            if (q.table === 'KNA1' || q.table === 'KNB1') totals.customerRows += scanned.length;
          }
        },
      ),
      { numRuns: 120 },
    );
    // The runs did change their ledgers in every way, and the reads found rows.
    for (const k of ['post', 'clear', 'reset', 'reverse', 'change', 'customer'] as const)
      expect(totals[k]).toBeGreaterThan(0);
    expect(totals.rows).toBeGreaterThan(1000);
    expect(totals.customerRows).toBeGreaterThan(200);
  });

  it('pages the delta reads by ROWSKIPS/ROWCOUNT in the full scan order, after clearings and resets', async () => {
    const { ledger } = build(7, 10, 300, [
      ...Array.from({ length: 30 }, (_, i): Op => ({ op: 'clear', pick: i * 7, day: (i % 3) - 1 })),
      { op: 'reset', pick: 3 },
      { op: 'reset', pick: 11 },
      { op: 'change', pick: 5, day: 0 },
    ]);
    const rfc = createSandboxRfc(ledger, {});
    const client = new rfc.Client({ ashost: 'x', user: 'U', passwd: 'p' });
    await client.open();
    const cleared = ledger.customerItems({ BUKRS: '1000', state: 'cleared' }).map((x) => x.line.AUGBL);
    const reads = [
      { table: 'BSAD', where: `BUKRS = '1000' AND AUGDT >= '${addDaysDats(LAST_DAY, -1)}'` },
      { table: 'BSAD', where: `BUKRS = '1000' AND AUGBL IN ('${cleared.slice(0, 12).join("', '")}')` },
      { table: 'BSID', where: `BUKRS = '1000' AND CPUDT >= '${addDaysDats(LAST_DAY, -5)}'` },
      { table: 'BKPF', where: `BUKRS = '1000' AND CPUDT >= '${addDaysDats(LAST_DAY, -1)}'` },
    ];
    for (const r of reads) {
      const call = async (skip: number, count: number) =>
        (
          (
            await client.call('RFC_READ_TABLE', {
              QUERY_TABLE: r.table,
              DELIMITER: '|',
              FIELDS: [{ FIELDNAME: 'BELNR' }, { FIELDNAME: 'GJAHR' }],
              OPTIONS: optionLines(r.where),
              ROWSKIPS: skip,
              ROWCOUNT: count,
            })
          ).DATA as { WA: string }[]
        ).map((x) => x.WA);
      const all = await call(0, 0);
      const pages: string[] = [];
      for (let skip = 0; ; skip += 7) {
        const page = await call(skip, 7);
        pages.push(...page);
        if (page.length < 7) break;
      }
      expect(all.length, r.where).toBeGreaterThan(0);
      expect(pages, r.where).toEqual(all);
      const { indexed, scanned } = bothWays(ledger, r.table, r.where);
      expect(indexed).toEqual(scanned);
      expect(indexed).toHaveLength(all.length);
    }
    await client.close();
  });

  it('reads BETWEEN as both bounds, inclusive, and refuses it without AND', () => {
    const { ledger } = build(3, 8, 200, [{ op: 'clear', pick: 1, day: 0 }]);
    const from = addDaysDats(LAST_DAY, -6);
    const to = addDaysDats(LAST_DAY, -2);
    const between = bothWays(ledger, 'BSID', `BUKRS = '1000' AND CPUDT BETWEEN '${from}' AND '${to}'`);
    const bounds = bothWays(ledger, 'BSID', `BUKRS = '1000' AND CPUDT >= '${from}' AND CPUDT <= '${to}'`);
    const expected = ledger
      .customerItems({ BUKRS: '1000', state: 'open' })
      .filter((x) => x.doc.header.CPUDT >= from && x.doc.header.CPUDT <= to);
    expect(between.indexed).toEqual(bounds.indexed);
    expect(between.indexed).toEqual(between.scanned);
    expect(between.indexed).toHaveLength(expected.length);
    expect(expected.length).toBeGreaterThan(0);
    expect(() => bothWays(ledger, 'BSID', `CPUDT BETWEEN '${from}' '${to}'`)).toThrow(/AND in BETWEEN/);
  });
});
