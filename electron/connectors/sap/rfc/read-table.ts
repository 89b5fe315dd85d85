// RFC_READ_TABLE made safe: WHERE text wrapped into 72-character OPTIONS lines, the field list
// split so that each call's row fits DATA-WA (512 characters), rows joined back on key fields,
// and each value cut out by FIELDS-OFFSET/LENGTH (no delimiter, so values may contain anything).
import type { RfcClientLike } from './node-rfc';

const OPTION_LINE = 72;
const WA_LENGTH = 512;

export type Call = (rfm: string, params: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** 'X' -> "'X'" with quotes doubled. */
export const literal = (v: string): string => `'${v.replace(/'/g, "''")}'`;
export const eq = (field: string, value: string): string => `${field} = ${literal(value)}`;
export const inList = (field: string, values: readonly string[]): string =>
  `${field} IN ( ${values.map(literal).join(' , ')} )`;
export const and = (...conds: string[]): string => conds.filter(Boolean).join(' AND ');

/** Splits WHERE text at blanks outside literals into lines of at most 72 characters. */
export function wrapOptions(where: string): { TEXT: string }[] {
  const tokens: string[] = [];
  const re = /'(?:[^']|'')*'|\S+/g;
  for (let m = re.exec(where); m; m = re.exec(where)) tokens.push(m[0]);
  const lines: string[] = [];
  let line = '';
  for (const t of tokens) {
    if (t.length > OPTION_LINE)
      throw new RangeError(`A condition token is longer than ${OPTION_LINE} characters: ${t.slice(0, 20)}…`);
    const candidate = line ? `${line} ${t}` : t;
    if (candidate.length > OPTION_LINE) {
      lines.push(line);
      line = t;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines.map((TEXT) => ({ TEXT }));
}

export interface ReadTableRequest {
  table: string;
  fields: readonly string[];
  /** Fields that identify a row; repeated in every split call to join the parts. */
  keyFields: readonly string[];
  where?: string;
  rowCount?: number;
  rowSkips?: number;
  /**
   * Field lengths already learnt, by "TABLE.FIELD": a DDIC length does not change while a
   * connection lives, so the probe call is skipped for fields known.
   */
  lengthCache?: Map<string, number>;
}

/** Output lengths of the fields of a table, from the cache or learnt (and then cached). */
export async function knownLengths(
  call: Call,
  table: string,
  fields: readonly string[],
  cache?: Map<string, number>,
): Promise<Map<string, number>> {
  const known = cache && fields.every((f) => cache.has(`${table}.${f}`));
  const lengths = known
    ? new Map(fields.map((f) => [f, cache.get(`${table}.${f}`)!]))
    : await fieldLengths(call, table, fields);
  if (cache && !known) for (const [f, n] of lengths) cache.set(`${table}.${f}`, n);
  return lengths;
}

/** The characters one row of these fields takes in DATA-WA. */
export async function rowWidth(
  call: Call,
  table: string,
  fields: readonly string[],
  cache?: Map<string, number>,
): Promise<number> {
  const lengths = await knownLengths(call, table, unique(fields), cache);
  return [...lengths.values()].reduce((a, b) => a + b, 0);
}

export async function readTable(call: Call, req: ReadTableRequest): Promise<Record<string, string>[]> {
  const options = wrapOptions(req.where ?? '');
  const base = {
    QUERY_TABLE: req.table,
    DELIMITER: '',
    OPTIONS: options,
    ROWCOUNT: req.rowCount ?? 0,
    ROWSKIPS: req.rowSkips ?? 0,
  };
  const wanted = unique([...req.keyFields, ...req.fields]);
  const lengths = await knownLengths(call, req.table, wanted, req.lengthCache);
  const groups = pack(wanted, req.keyFields, lengths);
  const parts: Record<string, string>[][] = [];
  for (const group of groups) {
    const result = await call('RFC_READ_TABLE', { ...base, FIELDS: group.map((FIELDNAME) => ({ FIELDNAME })) });
    parts.push(parseRows(result));
  }
  if (parts.length === 1) return parts[0]!;
  const keyOf = (r: Record<string, string>): string => req.keyFields.map((k) => r[k] ?? '').join('\u0000');
  const joined = new Map<string, Record<string, string>>();
  for (const r of parts[0]!) joined.set(keyOf(r), { ...r });
  const complete = new Map<string, number>();
  for (const part of parts.slice(1))
    for (const r of part) {
      const key = keyOf(r);
      const row = joined.get(key);
      if (row) {
        Object.assign(row, r);
        complete.set(key, (complete.get(key) ?? 0) + 1);
      }
    }
  // A row the reads of the other fields did not return (it changed between the reads, or a page
  // cut the reads at different rows) would come back with fields missing: refuse, never guess.
  const partial = [...joined.keys()].filter((k) => (complete.get(k) ?? 0) !== parts.length - 1);
  if (partial.length > 0 || parts.some((p) => p.length !== parts[0]!.length))
    throw new SplitReadMismatch(req.table, partial.length);
  return [...joined.values()];
}

/**
 * The reads of one request's field groups did not return the same rows (SAP changed the table
 * between them). Reading again gives a consistent answer; nothing half-read is returned.
 */
export class SplitReadMismatch extends Error {
  constructor(
    readonly table: string,
    readonly rows: number,
  ) {
    super(`The field groups of one ${table} read returned different rows (${rows} incomplete); read again`);
    this.name = 'SplitReadMismatch';
  }
}

export function parseRows(result: Record<string, unknown>): Record<string, string>[] {
  const fields = (result.FIELDS as { FIELDNAME: string; OFFSET: string; LENGTH: string }[]).map((f) => ({
    name: f.FIELDNAME.trim(),
    offset: Number(f.OFFSET),
    length: Number(f.LENGTH),
  }));
  return ((result.DATA as { WA: string }[]) ?? []).map(({ WA }) => {
    const row: Record<string, string> = {};
    for (const f of fields) row[f.name] = WA.slice(f.offset, f.offset + f.length).trim();
    return row;
  });
}

/** Output lengths of the fields, learnt with NO_DATA calls (halving the list when it is too wide). */
async function fieldLengths(call: Call, table: string, fields: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const probe = async (list: readonly string[]): Promise<void> => {
    try {
      const r = await call('RFC_READ_TABLE', {
        QUERY_TABLE: table,
        DELIMITER: '',
        NO_DATA: 'X',
        FIELDS: list.map((FIELDNAME) => ({ FIELDNAME })),
      });
      for (const f of r.FIELDS as { FIELDNAME: string; LENGTH: string }[])
        out.set(f.FIELDNAME.trim(), Number(f.LENGTH));
    } catch (e) {
      if ((e as { key?: string }).key !== 'DATA_BUFFER_EXCEEDED' || list.length < 2) throw e;
      const mid = Math.ceil(list.length / 2);
      await probe(list.slice(0, mid));
      await probe(list.slice(mid));
    }
  };
  await probe(fields);
  return out;
}

function pack(fields: readonly string[], keys: readonly string[], lengths: Map<string, number>): string[][] {
  const width = (list: readonly string[]): number => list.reduce((a, f) => a + (lengths.get(f) ?? 0), 0);
  if (width(fields) <= WA_LENGTH) return [[...fields]];
  const keyWidth = width(keys);
  if (keyWidth > WA_LENGTH) throw new RangeError(`The key fields of the table alone exceed ${WA_LENGTH} characters`);
  const groups: string[][] = [];
  let current = [...keys];
  for (const f of fields) {
    if (keys.includes(f)) continue;
    if (width(current) + (lengths.get(f) ?? 0) > WA_LENGTH) {
      groups.push(current);
      current = [...keys];
    }
    current.push(f);
  }
  if (current.length > keys.length) groups.push(current);
  return groups;
}

const unique = (list: readonly string[]): string[] => [...new Set(list)];

/** A Call bound to one client. */
export const callOn =
  (client: RfcClientLike, timeout?: number): Call =>
  (rfm, params) =>
    client.call(rfm, params, timeout ? { timeout } : undefined);
