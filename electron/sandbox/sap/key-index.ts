// A secondary index of the sandbox ledger, as a database keeps one beside a table: entries by a
// key (a document number, a date), kept on every change, read by a set of keys or a range of
// them. The ledger keeps one per condition the mirror's reads send (docs/ARCHITECTURE.md,
// "Mirroring SAP"); RFC_READ_TABLE picks the narrowest and still tests every row it gives.

/** A range of keys, as the comparisons of a WHERE clause bound it (both ends optional). */
export interface KeyRange {
  readonly from?: string;
  readonly fromStrict?: boolean;
  readonly to?: string;
  readonly toStrict?: boolean;
}

/** The first index in a sorted array whose value is >= v (or > v when `strict`). */
export function lowerBound(sorted: readonly string[], v: string, strict = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = sorted[mid]!;
    if (x < v || (strict && x === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `key` lies in `range`. */
export function inRange(key: string, r: KeyRange): boolean {
  if (r.from !== undefined && (key < r.from || (r.fromStrict && key === r.from))) return false;
  if (r.to !== undefined && (key > r.to || (r.toStrict && key === r.to))) return false;
  return true;
}

/**
 * Entries by key. An entry in one bucket only; a bucket holds one entry as itself (most document
 * numbers have one customer line) and more as an array, so the index costs little per entry.
 */
export class KeyIndex<T extends object> {
  private readonly buckets = new Map<string, T | T[]>();
  private sorted: string[] | null = null;
  private entries = 0;

  get size(): number {
    return this.entries;
  }

  add(key: string, x: T): void {
    const b = this.buckets.get(key);
    if (b === undefined) {
      this.buckets.set(key, x);
      this.sorted = null;
    } else if (Array.isArray(b)) b.push(x);
    else this.buckets.set(key, [b, x]);
    this.entries += 1;
  }

  /** Takes `x` out of the bucket of `key`; false when it was not there. */
  remove(key: string, x: T): boolean {
    const b = this.buckets.get(key);
    if (b === undefined) return false;
    if (!Array.isArray(b)) {
      if (b !== x) return false;
      this.buckets.delete(key);
      this.sorted = null;
    } else {
      const i = b.indexOf(x);
      if (i < 0) return false;
      b.splice(i, 1);
      if (b.length === 1) this.buckets.set(key, b[0]!);
    }
    this.entries -= 1;
    return true;
  }

  /** The entries of one key. */
  get(key: string): readonly T[] {
    const b = this.buckets.get(key);
    return b === undefined ? [] : Array.isArray(b) ? b : [b];
  }

  /** How many entries the keys hold. */
  countOf(keys: Iterable<string>): number {
    let n = 0;
    for (const k of keys) {
      const b = this.buckets.get(k);
      n += b === undefined ? 0 : Array.isArray(b) ? b.length : 1;
    }
    return n;
  }

  /** The keys in `range`, in key order. */
  keysIn(range: KeyRange): string[] {
    const keys = (this.sorted ??= [...this.buckets.keys()].sort());
    const start = range.from === undefined ? 0 : lowerBound(keys, range.from, range.fromStrict);
    const end = range.to === undefined ? keys.length : lowerBound(keys, range.to, !range.toStrict);
    return keys.slice(start, Math.max(start, end));
  }

  /** The entries of the keys, key after key. */
  *entriesOf(keys: Iterable<string>): Iterable<T> {
    for (const k of keys) yield* this.get(k);
  }
}
