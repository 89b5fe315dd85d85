// Card data in a SQLite database: every value of every table, read one by one, and the raw bytes of the file and
// its WAL, where deleted rows and older page versions still lie. SQLite writes a row's values back to back with
// nothing between them, so two neighbouring values can make a digit run neither holds (an invoice's XBLNR
// "90100017" beside its ZUONR "90100017", a BELNR beside its GJAHR). A raw finding made only of stored values side
// by side (the end of one, whole ones, the start of the next) is such a seam, not a card number; anything else
// found in the raw bytes is, including a value that no table holds any more.
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { type CardFinding, findCardData, findCardDataInBytes } from './card-scan';

export interface SqliteScan {
  /** Findings in the values the tables hold now, named "table.column". */
  readonly values: (CardFinding & { readonly column: string })[];
  /** Findings in the raw bytes of the file and its WAL that are not seams between stored values. */
  readonly raw: (CardFinding & { readonly file: string })[];
}

/** Digit runs at the start and end of each stored value, and the values that are digits only. */
interface Pieces {
  readonly endings: Set<string>;
  readonly beginnings: Set<string>;
  readonly wholes: Set<string>;
}

function piecesOf(values: readonly string[]): Pieces {
  const endings = new Set<string>();
  const beginnings = new Set<string>();
  const wholes = new Set<string>();
  for (const v of values) {
    if (/^\d+$/.test(v)) wholes.add(v);
    const end = /\d+$/.exec(v)?.[0];
    const start = /^\d+/.exec(v)?.[0];
    // A seam may start inside a value's last digits and end inside the next one's first digits.
    if (end) for (let i = 0; i < end.length; i++) endings.add(end.slice(i));
    if (start) for (let i = 1; i <= start.length; i++) beginnings.add(start.slice(0, i));
  }
  return { endings, beginnings, wholes };
}

/** Whether `digits` is the end of one stored value, then whole values, then the start of another (two pieces or more). */
function isSeam(digits: string, pieces: Pieces): boolean {
  // reach[i]: the number of pieces (at most 2 counted) that can make digits[0..i), 0 when none can.
  const reach = new Array<number>(digits.length + 1).fill(0);
  for (let i = 1; i <= digits.length; i++) if (pieces.endings.has(digits.slice(0, i))) reach[i] = 1;
  for (let i = 1; i <= digits.length; i++) {
    if (reach[i] === 0) continue;
    for (let j = i + 1; j <= digits.length; j++) {
      const next = digits.slice(i, j);
      if (pieces.wholes.has(next) || (j === digits.length && pieces.beginnings.has(next))) reach[j] = 2;
    }
  }
  return reach[digits.length] === 2;
}

export function scanSqlite(file: string): SqliteScan {
  const db = new Database(file, { readonly: true });
  const values: SqliteScan['values'] = [];
  const stored: string[] = [];
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
    // An FTS5 index's %_data rows are keyed by SQLite's own page ids (segment, height and page number packed
    // into one integer): numbers nobody stored, not values. Their blocks and every other value are scanned.
    const fts = db
      .prepare("select name from sqlite_master where type = 'table' and sql like 'create virtual table%using fts5%'")
      .pluck()
      .all() as string[];
    const pageIds = new Set(fts.map((name) => `${name}_data.id`));
    for (const { name } of [{ name: 'sqlite_master' }, ...tables]) {
      for (const row of db.prepare(`select * from "${name}"`).iterate() as Iterable<Record<string, unknown>>) {
        for (const [column, v] of Object.entries(row)) {
          if (v === null || v === undefined || pageIds.has(`${name}.${column}`)) continue;
          const text = Buffer.isBuffer(v) ? v.toString('latin1') : String(v);
          stored.push(text);
          for (const f of findCardData(text)) values.push({ ...f, column: `${name}.${column}` });
        }
      }
    }
  } finally {
    db.close();
  }
  const pieces = piecesOf(stored);
  const raw: SqliteScan['raw'] = [];
  for (const path of [file, `${file}-wal`]) {
    if (!existsSync(path)) continue;
    for (const f of findCardDataInBytes(readFileSync(path))) {
      const digits = f.text.replace(/\D/g, '');
      if (f.kind === 'card number' && digits === f.text && isSeam(digits, pieces)) continue;
      raw.push({ ...f, file: path });
    }
  }
  return { values, raw };
}
