// The transparent tables RFC_READ_TABLE can read from the sandbox, with their DDIC field types
// and output lengths (BSID/BSAD with more of their real fields than the sandbox fills, so that
// reading every field raises DATA_BUFFER_EXCEEDED as in SAP). CURR fields are returned in SAP's internal format (2 decimals, TCURX shift).
// A read names the fields it needs and the conditions an index can answer (IndexHint: a
// comparison ANDed at the top level of the WHERE): BSID and BSAD are found through the ledger's
// narrowest index (customer, entry date, document number, clearing document, clearing date), BKPF
// by reference, entry date or change date, CDHDR by change date, as a database would, not by
// reading every row. An index only narrows: every row it gives is tested on the whole condition,
// and rows come in the full scan's order whichever index gave them.
import { toSapInternal } from '../../../shared/money';
import { type DocumentQuery, type ItemQuery, type ItemRef, type SapLedger } from './ledger';
import { type KeyRange, lowerBound } from './key-index';
import { dec53Percent } from './ddic';
import { t009bRows, t009Rows } from './posting-periods';
import type { IndexHint, Predicate } from './rfc/where';

export interface FieldDef {
  FIELDNAME: string;
  TYPE: 'C' | 'N' | 'D' | 'T' | 'P' | 'b';
  LENGTH: number;
  FIELDTEXT: string;
}

const f = (spec: string): FieldDef[] =>
  spec
    .trim()
    .split(/\s+/)
    .map((s) => {
      const [name, type, len] = s.split(':');
      return { FIELDNAME: name!, TYPE: type as FieldDef['TYPE'], LENGTH: Number(len), FIELDTEXT: name! };
    });

const ITEM = `MANDT:C:3 BUKRS:C:4 KUNNR:C:10 UMSKS:C:1 UMSKZ:C:1 AUGDT:D:8 AUGBL:C:10 ZUONR:C:18 GJAHR:N:4 BELNR:C:10 BUZEI:N:3
  BUDAT:D:8 BLDAT:D:8 CPUDT:D:8 WAERS:C:5 XBLNR:C:16 BLART:C:2 MONAT:N:2 BSCHL:C:2 SHKZG:C:1 GSBER:C:4 DMBTR:P:16 WRBTR:P:16
  SGTXT:C:50 HKONT:C:10 ZFBDT:D:8 ZTERM:C:4 ZBD1T:P:3 ZBD2T:P:3 ZBD3T:P:3 ZBD1P:P:6 ZBD2P:P:6 REBZG:C:10 REBZJ:N:4 REBZZ:N:3 RSTGR:C:3
  BSTAT:C:1 XREF1:C:12 XREF2:C:12 XREF3:C:20 PSWBT:P:16 PSWSL:C:5 MWSKZ:C:2 WMWST:P:16 MWSTS:P:16 SKFBT:P:16 WSKTO:P:16
  PRCTR:C:10 KOSTL:C:10 VBELN:C:10 VBEL2:C:10 BUPLA:C:4 FILKD:C:10 ZLSCH:C:1 ZLSPR:C:1 MANST:N:1 MADAT:D:8 KIDNO:C:30
  PYCUR:C:5 PYAMT:P:16 DMBE2:P:16 DMBE3:P:16`;

export const TABLES: Readonly<Record<string, FieldDef[]>> = {
  T001: f('MANDT:C:3 BUKRS:C:4 BUTXT:C:25 ORT01:C:25 LAND1:C:3 WAERS:C:5 SPRAS:C:1 KTOPL:C:4 PERIV:C:2 OPVAR:C:4'),
  // Fiscal-year variants, their period ends and the posting-period variants (OB52).
  T009: f('MANDT:C:3 PERIV:C:2 XKALE:C:1 XJABH:C:1 ANZBP:N:3 ANZSP:N:2'),
  T009B: f('MANDT:C:3 PERIV:C:2 BDATJ:N:4 BUMON:N:2 BUTAG:N:2 POPER:N:3 RELJR:C:2'),
  T009Y: f('MANDT:C:3 PERIV:C:2 GJAHR:N:4 ANZBP:N:3'),
  T001B: f(`MANDT:C:3 RRCTY:C:1 BUKRS:C:4 MKOAR:C:1 BKONT:C:10 VKONT:C:10 FRYE1:N:4 FRPE1:N:3 TOYE1:N:4 TOPE1:N:3
    FRYE2:N:4 FRPE2:N:3 TOYE2:N:4 TOPE2:N:3 BRGRU:C:4 FRYE3:N:4 FRPE3:N:3 TOYE3:N:4 TOPE3:N:3`),
  KNA1: f(
    'MANDT:C:3 KUNNR:C:10 LAND1:C:3 NAME1:C:35 ORT01:C:35 PSTLZ:C:10 REGIO:C:3 STRAS:C:35 KONZS:C:10 SPRAS:C:1 KTOKD:C:4 LOEVM:C:1 ADRNR:C:10',
  ),
  // E-mail addresses of an address (ADRC): KNA1 has none; SAP keeps them here by address number. The client field is CLIENT.
  ADR6: f('CLIENT:C:3 ADDRNUMBER:C:10 PERSNUMBER:C:10 DATE_FROM:D:8 CONSNUMBER:N:3 FLGDEFAULT:C:1 SMTP_ADDR:C:241'),
  KNB1: f('MANDT:C:3 KUNNR:C:10 BUKRS:C:4 AKONT:C:10 KNRZE:C:10 ZTERM:C:4 ZWELS:C:10 SPERR:C:1 LOEVM:C:1 ZUAWA:C:3'),
  BKPF: f(`MANDT:C:3 BUKRS:C:4 BELNR:C:10 GJAHR:N:4 BLART:C:2 BLDAT:D:8 BUDAT:D:8 MONAT:N:2 CPUDT:D:8 CPUTM:T:6 USNAM:C:12
    TCODE:C:20 XBLNR:C:16 STBLG:C:10 STJAH:N:4 STGRD:C:2 BKTXT:C:25 WAERS:C:5 HWAER:C:5 BSTAT:C:1 AEDAT:D:8 GLVOR:C:4 AWTYP:C:5 AWKEY:C:20 AWSYS:C:10`),
  // A cluster table in ECC (RFBLG): RFC_READ_TABLE reads it, and by its key (BUKRS, BELNR, GJAHR) cheaply.
  BSEG: f(`MANDT:C:3 BUKRS:C:4 BELNR:C:10 GJAHR:N:4 BUZEI:N:3 BSCHL:C:2 KOART:C:1 SHKZG:C:1 KUNNR:C:10 HKONT:C:10
    AUGBL:C:10 AUGDT:D:8 AUGGJ:N:4 ZUONR:C:18`),
  CDHDR: f(
    'MANDANT:C:3 OBJECTCLAS:C:15 OBJECTID:C:90 CHANGENR:C:10 USERNAME:C:12 UDATE:D:8 UTIME:T:6 TCODE:C:20 CHANGE_IND:C:1',
  ),
  BSID: f(ITEM),
  BSAD: f(ITEM),
  TCURC: f('MANDT:C:3 WAERS:C:5 ISOCD:C:3 ALTWR:C:3 GDATU:C:8 XPRIMARY:C:1'),
  TCURX: f('CURRKEY:C:5 CURRDEC:b:3'),
  EDIDC: f(
    'MANDT:C:3 DOCNUM:N:16 STATUS:C:2 DIRECT:C:1 IDOCTP:C:30 MESTYP:C:30 SNDPOR:C:10 SNDPRT:C:2 SNDPRN:C:10 CREDAT:D:8 CRETIM:T:6 ARCKEY:C:70',
  ),
  EDIDS:
    f(`MANDT:C:3 DOCNUM:N:16 LOGDAT:D:8 LOGTIM:T:6 COUNTR:N:6 STATUS:C:2 STATXT:C:70 STAPA1:C:50 STAPA2:C:50 STAPA3:C:50
    STAPA4:C:50 STAMID:C:20 STAMNO:N:3 STATYP:C:1`),
};

export type TableRow = Record<string, string>;

const fmtDays = (n: number | undefined): string => String(n ?? 0);

type ItemField = (x: ItemRef, ledger: SapLedger, client: string) => string;

/** BSID/BSAD fields, each computed only when a read asks for it. */
const ITEM_FIELDS: Readonly<Record<string, ItemField>> = {
  MANDT: (_x, _l, client) => client,
  BUKRS: ({ doc }) => doc.header.BUKRS,
  KUNNR: ({ line }) => line.KUNNR,
  UMSKS: () => '',
  UMSKZ: ({ line }) => line.UMSKZ ?? '',
  AUGDT: ({ line }) => line.AUGDT || '00000000',
  AUGBL: ({ line }) => line.AUGBL,
  ZUONR: ({ line }) => line.ZUONR,
  GJAHR: ({ doc }) => doc.header.GJAHR,
  BELNR: ({ doc }) => doc.header.BELNR,
  BUZEI: ({ line }) => line.BUZEI,
  BUDAT: ({ doc }) => doc.header.BUDAT,
  BLDAT: ({ doc }) => doc.header.BLDAT,
  CPUDT: ({ doc }) => doc.header.CPUDT,
  WAERS: ({ doc }) => doc.header.WAERS,
  XBLNR: ({ doc }) => doc.header.XBLNR,
  BLART: ({ doc }) => doc.header.BLART,
  MONAT: ({ doc }) => doc.header.MONAT,
  BSCHL: ({ line }) => line.BSCHL,
  SHKZG: ({ line }) => line.SHKZG,
  GSBER: () => '',
  DMBTR: ({ line }, ledger) => toSapInternal(line.DMBTR, ledger.currencies()).amount,
  WRBTR: ({ line }, ledger) => toSapInternal(line.WRBTR, ledger.currencies()).amount,
  SGTXT: ({ line }) => line.SGTXT,
  HKONT: ({ line }) => line.HKONT,
  ZFBDT: ({ line }) => line.ZFBDT || '00000000',
  ZTERM: ({ line }) => line.ZTERM,
  ZBD1T: ({ line }) => fmtDays(line.ZBD1T),
  ZBD2T: ({ line }) => fmtDays(line.ZBD2T),
  ZBD3T: ({ line }) => fmtDays(line.ZBD3T),
  ZBD1P: ({ line }) => dec53Percent(line.ZBD1P),
  ZBD2P: ({ line }) => dec53Percent(line.ZBD2P),
  REBZG: ({ line }) => line.REBZG,
  REBZJ: ({ line }) => line.REBZJ,
  REBZZ: ({ line }) => line.REBZZ,
};

/** A read's WHERE condition: the fields it reads and the test. */
export interface Condition {
  readonly fields: ReadonlySet<string>;
  readonly predicate: Predicate;
}

/**
 * The rows of a table that meet the read's condition, each with (at least) `fields`: what the
 * hints let an index narrow down, in the order the index gives them (the same order every time,
 * so ROWSKIPS pages follow on), then the full condition. As a database does, a row of BSID/BSAD
 * is tested on the fields the condition reads before the rest of it is built: a read by document
 * numbers that no index answers still looks at every item, but builds only the ones it returns.
 */
export function scanTable(
  ledger: SapLedger,
  name: string,
  client: string,
  hints: readonly IndexHint[],
  fields: ReadonlySet<string>,
  where: Condition,
): Iterable<TableRow> {
  if (name === 'BSID' || name === 'BSAD') return itemRows(ledger, name, client, hints, fields, where);
  if (name === 'KNA1') return customerRows(ledger.kna1, client, hints, fields, where);
  if (name === 'KNB1') return customerRows(ledger.knb1, client, hints, fields, where);
  if (name === 'ADR6') return filtered(adr6Rows(ledger, client, hints), where.predicate);
  return filtered(tableRows(ledger, name, client, hints), where.predicate);
}

function* filtered(rows: Iterable<TableRow>, predicate: Predicate): Iterable<TableRow> {
  for (const row of rows) if (predicate(row)) yield row;
}

function tableRows(ledger: SapLedger, name: string, client: string, hints: readonly IndexHint[]): Iterable<TableRow> {
  const mandt = { MANDT: client };
  switch (name) {
    case 'T001':
      return [...ledger.t001.values()].map((r) => ({ ...mandt, ...r }));
    case 'T009':
      return t009Rows().map((r) => ({ ...mandt, ...r }));
    case 'T009B':
      return t009bRows().map((r) => ({ ...mandt, ...r }));
    case 'T009Y':
      return [];
    case 'T001B':
      return ledger.periods.rows.map((r) => ({
        ...mandt,
        ...r,
        BRGRU: '',
        FRYE3: '0000',
        FRPE3: '000',
        TOYE3: '0000',
        TOPE3: '000',
      }));
    case 'BKPF':
      return bkpfRows(ledger, client, hints);
    case 'BSEG':
      return [...ledger.documents.values()].flatMap((d) =>
        d.lines.map((l) => ({
          ...mandt,
          BUKRS: d.header.BUKRS,
          BELNR: d.header.BELNR,
          GJAHR: d.header.GJAHR,
          BUZEI: l.BUZEI,
          BSCHL: l.BSCHL,
          KOART: l.KOART,
          SHKZG: l.SHKZG,
          KUNNR: l.KUNNR,
          HKONT: l.HKONT,
          AUGBL: l.AUGBL,
          AUGDT: l.AUGDT || '00000000',
          AUGGJ: l.AUGGJ || '0000',
          ZUONR: l.ZUONR,
        })),
      );
    case 'CDHDR':
      return cdhdrRows(ledger, client, hints);
    case 'TCURC':
      return ledger.tcurc.map((r) => ({ ...mandt, ...r }));
    case 'TCURX':
      return ledger.tcurx.map((r) => ({ CURRKEY: r.CURRKEY, CURRDEC: String(r.CURRDEC) }));
    case 'EDIDC':
      return ledger.edidc.map((r) => ({ ...mandt, ...r }));
    case 'EDIDS':
      return ledger.edids.map((r) => ({ ...mandt, ...r }));
    default:
      return [];
  }
}

/**
 * KNA1's or KNB1's rows sorted by KUNNR: each one's table key and its place in a full scan (the order the rows
 * were added in; a row replaced keeps its place).
 */
interface CustomerKeys {
  readonly size: number;
  readonly kunnrs: readonly string[];
  readonly keys: readonly string[];
  readonly places: readonly number[];
}
const customerKeys = new WeakMap<ReadonlyMap<string, { readonly KUNNR: string }>, CustomerKeys>();

/** The table's KUNNR index, built again once rows were added (rows are changed in place, never removed). */
function customerKeysOf(table: ReadonlyMap<string, { readonly KUNNR: string }>): CustomerKeys {
  const known = customerKeys.get(table);
  if (known?.size === table.size) return known;
  const rows = [...table].map(([key, r], place) => ({ key, kunnr: r.KUNNR, place }));
  rows.sort((a, b) => (a.kunnr < b.kunnr ? -1 : a.kunnr > b.kunnr ? 1 : a.place - b.place));
  const index = {
    size: table.size,
    kunnrs: rows.map((r) => r.kunnr),
    keys: rows.map((r) => r.key),
    places: rows.map((r) => r.place),
  };
  customerKeys.set(table, index);
  return index;
}

/**
 * KNA1 or KNB1 as a database reads them by their primary key (KUNNR first): the rows whose KUNNR the
 * condition's `=`, `IN` or range names, through the sorted keys and in the full scan's order; else every row.
 * As for BSID, a row is tested on the fields the condition reads before the rest of `fields` is built, and
 * rows are built one at a time as the read takes them (a page stops at ROWCOUNT).
 */
function* customerRows<R extends { readonly KUNNR: string }>(
  table: ReadonlyMap<string, R>,
  client: string,
  hints: readonly IndexHint[],
  fields: ReadonlySet<string>,
  where: Condition,
): Iterable<TableRow> {
  const value = (r: R, f: string): string =>
    f === 'MANDT' ? client : ((r as unknown as Record<string, string | undefined>)[f] ?? '');
  const tested = [...where.fields];
  const rest = [...fields].filter((f) => !where.fields.has(f));
  const row = (r: R): TableRow | null => {
    const out: TableRow = {};
    for (const f of tested) out[f] = value(r, f);
    if (!where.predicate(out)) return null;
    for (const f of rest) out[f] = value(r, f);
    return out;
  };
  const listed = keySet(hints, 'KUNNR');
  const range = keyRange(hints, 'KUNNR');
  if (!listed && !range) {
    for (const r of table.values()) {
      const out = row(r);
      if (out) yield out;
    }
    return;
  }
  const { kunnrs, keys, places } = customerKeysOf(table);
  const spans: [number, number][] = listed
    ? [...listed].map((k) => [lowerBound(kunnrs, k), lowerBound(kunnrs, k, true)])
    : [
        [
          range!.from === undefined ? 0 : lowerBound(kunnrs, range!.from, range!.fromStrict),
          range!.to === undefined ? kunnrs.length : lowerBound(kunnrs, range!.to, !range!.toStrict),
        ],
      ];
  const wanted: number[] = [];
  for (const [from, to] of spans) for (let i = from; i < to; i++) wanted.push(i);
  wanted.sort((a, b) => places[a]! - places[b]!);
  for (const i of wanted) {
    const out = row(table.get(keys[i]!)!);
    if (out) yield out;
  }
}

/** ADR6: each customer's one e-mail (the company address's, PERSNUMBER blank, the default); by ADDRNUMBER when asked so. */
function* adr6Rows(ledger: SapLedger, client: string, hints: readonly IndexHint[]): Iterable<TableRow> {
  const listed = keySet(hints, 'ADDRNUMBER');
  const owners = listed ? [...listed].map((n) => ledger.addressOwners.get(n)) : [...ledger.addressOwners.values()];
  for (const kunnr of owners) {
    const a = kunnr === undefined ? undefined : ledger.kna1.get(kunnr);
    if (!a || a.SMTP_ADDR === '') continue;
    yield {
      CLIENT: client,
      ADDRNUMBER: a.ADRNR,
      PERSNUMBER: '',
      DATE_FROM: '00010101',
      CONSNUMBER: '001',
      FLGDEFAULT: 'X',
      SMTP_ADDR: a.SMTP_ADDR,
    };
  }
}

const hintOf = (hints: readonly IndexHint[], field: string, ...ops: IndexHint['op'][]): IndexHint | undefined =>
  hints.find((h) => h.field === field && ops.includes(h.op));

function* bkpfRows(ledger: SapLedger, client: string, hints: readonly IndexHint[]): Iterable<TableRow> {
  const q: DocumentQuery = {};
  const bukrs = keySet(hints, 'BUKRS');
  const xblnr = keySet(hints, 'XBLNR');
  const cpudt = keyRange(hints, 'CPUDT');
  const aedat = keyRange(hints, 'AEDAT');
  if (bukrs) q.BUKRS = bukrs;
  if (xblnr) q.XBLNR = xblnr;
  if (cpudt) q.CPUDT = cpudt;
  if (aedat) q.AEDAT = aedat;
  for (const d of ledger.documentsOf(q)) yield { MANDT: client, ...d.header, AEDAT: d.header.AEDAT || '00000000' };
}

/** The values a field must be one of, from its `=` and `IN` conditions (the smallest set). */
function keySet(hints: readonly IndexHint[], field: string): ReadonlySet<string> | undefined {
  let best: ReadonlySet<string> | undefined;
  for (const h of hints)
    if (h.field === field && (h.op === '=' || h.op === 'IN') && (!best || h.values.length < best.size))
      best = new Set(h.values);
  return best;
}

/** The range a field's comparisons (=, <, <=, >, >=) bound it to: the tightest of each end. */
function keyRange(hints: readonly IndexHint[], field: string): KeyRange | undefined {
  let from: string | undefined;
  let fromStrict = false;
  let to: string | undefined;
  let toStrict = false;
  for (const h of hints) {
    if (h.field !== field || h.op === 'IN') continue;
    const v = h.values[0]!;
    if (h.op === '=' || h.op === '>=' || h.op === '>') {
      const strict = h.op === '>';
      if (from === undefined || v > from || (v === from && strict)) [from, fromStrict] = [v, strict];
    }
    if (h.op === '=' || h.op === '<=' || h.op === '<') {
      const strict = h.op === '<';
      if (to === undefined || v < to || (v === to && strict)) [to, toStrict] = [v, strict];
    }
  }
  if (from === undefined && to === undefined) return undefined;
  return {
    ...(from !== undefined ? { from, fromStrict } : {}),
    ...(to !== undefined ? { to, toStrict } : {}),
  };
}

function* cdhdrRows(ledger: SapLedger, client: string, hints: readonly IndexHint[]): Iterable<TableRow> {
  const from = hintOf(hints, 'UDATE', '>=', '>', '=');
  const rows = ledger.cdhdr;
  if (!from) {
    for (const r of rows) yield { MANDANT: client, ...r };
    return;
  }
  // CDHDR grows in time order; a binary search finds the first change on or after the day.
  const days = rows.map((r) => r.UDATE);
  const sortedInOrder = days.every((d, i) => i === 0 || days[i - 1]! <= d);
  const start = sortedInOrder ? lowerBound(days, from.values[0]!, from.op === '>') : 0;
  for (let i = start; i < rows.length; i++) yield { MANDANT: client, ...rows[i]! };
}

function* itemRows(
  ledger: SapLedger,
  table: 'BSID' | 'BSAD',
  client: string,
  hints: readonly IndexHint[],
  fields: ReadonlySet<string>,
  where: Condition,
): Iterable<TableRow> {
  const bukrsHint = hintOf(hints, 'BUKRS', '=', 'IN');
  const companies = bukrsHint ? bukrsHint.values : [...ledger.t001.keys()];
  const getters = (names: Iterable<string>) =>
    [...names].map((f) => [f, ITEM_FIELDS[f]] as const).filter((x) => x[1] !== undefined);
  const tested = getters(where.fields);
  const rest = getters([...fields].filter((f) => !where.fields.has(f)));
  const row = (x: ItemRef): TableRow | null => {
    const out: TableRow = {};
    for (const [f, get] of tested) out[f] = get!(x, ledger, client);
    if (!where.predicate(out)) return null;
    for (const [f, get] of rest) out[f] = get!(x, ledger, client);
    return out;
  };
  const q = itemQuery(table, hints);
  for (const bukrs of companies)
    for (const x of ledger.itemsOf(bukrs, q)) {
      const r = row(x);
      if (r) yield r;
    }
}

function itemQuery(table: 'BSID' | 'BSAD', hints: readonly IndexHint[]): ItemQuery {
  const q: ItemQuery = { state: table === 'BSID' ? 'open' : 'cleared' };
  const kunnrs = keySet(hints, 'KUNNR');
  const kunnrRange = keyRange(hints, 'KUNNR');
  if (kunnrs || kunnrRange) q.KUNNR = { ...kunnrRange, ...(kunnrs ? { in: kunnrs } : {}) };
  const belnr = keySet(hints, 'BELNR');
  const augbl = keySet(hints, 'AUGBL');
  const cpudt = keyRange(hints, 'CPUDT');
  const augdt = keyRange(hints, 'AUGDT');
  if (belnr) q.BELNR = belnr;
  if (augbl) q.AUGBL = augbl;
  if (cpudt) q.CPUDT = cpudt;
  if (augdt) q.AUGDT = augdt;
  return q;
}
