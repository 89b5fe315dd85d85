// Invoice numbers as customers type them ("INV-0090001234", "#90001234", "inv 9000 1234") reduced
// to one comparable key. SAP's interpretation algorithms match exactly, so we normalise first.

const SEPARATORS = /[\s\-_./#:\\]+/g;
/** Shorter keys ("1", "A") identify nothing and would collide everywhere. */
export const MIN_KEY_LENGTH = 3;

/** Prefixes in the shape normaliseReference compares them: upper case, no separators, longest first. */
export function preparePrefixes(prefixes: readonly string[]): string[] {
  const cleaned = prefixes.map((p) => p.toUpperCase().replace(SEPARATORS, '')).filter((p) => p !== '');
  return [...new Set(cleaned)].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The key the store indexes every item's reference (XBLNR) by, and looks the numbers payments name up by
 * (electron/store `upsertOpenItems`, `clearedItems`): upper case, no separators, then the leading letters
 * (whatever prefix SAP stores, "INV-", "Rechnung ", in any case) and the leading zeros dropped. It does not
 * depend on the configured prefixes, which an admin may change at any time; it finds a superset, and the
 * matcher then keeps only what those prefixes read as the number (`ClearedIndex`). Migration 0360 computes the
 * same in SQL for rows stored before it (ltrim of A-Z, then of 0, after the separators are removed).
 */
export function storedReferenceKey(text: string): string {
  const t = text.toUpperCase().replace(SEPARATORS, '');
  let i = 0;
  while (i < t.length && t.charCodeAt(i) >= 65 && t.charCodeAt(i) <= 90) i++;
  while (i < t.length && t.charCodeAt(i) === 48) i++;
  return t.slice(i);
}
const isUpperOrDigit = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90);

/** The longest prefix that `t` starts with and that a digit (or another prefix, then a digit) follows. */
function strippablePrefix(t: string, prefixes: readonly string[], depth: number): string | undefined {
  // A plain loop, not prefixes.find(closure): this runs for every reference of a million-item run.
  for (const x of prefixes) {
    if (t.length <= x.length || !t.startsWith(x)) continue;
    if (isDigit(t.charCodeAt(x.length))) return x;
    if (depth === 0 && strippablePrefix(t.slice(x.length), prefixes, 1) !== undefined) return x;
  }
  return undefined;
}

/** True when upper-casing and removing separators would leave `text` as it is. */
function alreadyClean(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isUpperOrDigit(text.charCodeAt(i))) return false;
  return true;
}

/**
 * The comparable key of a reference, or "" when it cannot identify a document. A known prefix
 * is dropped only when a digit follows it (so "NORTH7" keeps its "NO").
 */
export function normaliseReference(text: string, prefixes: readonly string[]): string {
  if (text === '') return '';
  // Most references are already upper case without separators ("90001234"): keep the string
  // itself instead of two copies, which also keeps the index's keys the input's own strings.
  let t = alreadyClean(text) ? text : text.toUpperCase().replace(SEPARATORS, '');
  // "Invoice No. 90001234": prefixes may stack; each is dropped only when a digit follows them all.
  for (let round = 0; round < 3; round++) {
    const p = strippablePrefix(t, prefixes, 0);
    if (p === undefined) break;
    t = t.slice(p.length);
  }
  let i = 0;
  while (i < t.length - 1 && t.charCodeAt(i) === 48) i++;
  if (i > 0) t = t.slice(i);
  return t.length >= MIN_KEY_LENGTH && hasDigit(t) ? t : '';
}

function hasDigit(t: string): boolean {
  for (let i = 0; i < t.length; i++) if (isDigit(t.charCodeAt(i))) return true;
  return false;
}

const NOT_ASCII = /[\u0080-\uffff]/;

/**
 * A payment's text as far as it can name an SAP number: full-width digits and signs as ASCII ("９１２１６２００",
 * typed on a Japanese keyboard), every other run of non-ASCII letters ("請求書番号") a space, as invoice numbers are ASCII.
 */
function asciiOf(text: string): string {
  return text.normalize('NFKC').replace(/[\u0080-\uffff]+/g, ' ');
}

const TOKEN_SPLIT = /[\s,;&+|()]+/;
const LETTERS_THEN_NUMBER = /^[A-Za-z]{1,12}[-#:.]*(\d{5,})$/;

/** A prefix no rule names ("FAT-91213097", "Fact.91213097"): its number too, after the token as typed. */
function addNumberAfterLetters(token: string, prefixes: readonly string[], keys: string[]): void {
  const c = token.charCodeAt(0) | 0x20; // lower case, for letters
  if (c < 97 || c > 122) return; // no letter first (most numbers typed): the expression cannot match
  const digits = LETTERS_THEN_NUMBER.exec(token)?.[1];
  const n = digits ? normaliseReference(digits, prefixes) : '';
  if (n && !keys.includes(n)) keys.push(n);
}
const HAS_TOKEN_SPLIT = /[\s,;&+|()]/;

/**
 * The keys a free-text field may carry: the whole field first, then each token ("Invoices
 * 90001234, 90001235" gives both numbers). Tokens without a digit are ignored.
 */
export function referenceKeys(typed: string, prefixes: readonly string[]): string[] {
  if (typed.trim() === '') return [];
  const text = NOT_ASCII.test(typed) ? asciiOf(typed) : typed;
  const whole = normaliseReference(text, prefixes);
  const keys: string[] = whole ? [whole] : [];
  // One token (the usual case) needs no split: the whole field already gave its key.
  if (!HAS_TOKEN_SPLIT.test(text) && !text.includes('/')) {
    addNumberAfterLetters(text, prefixes, keys);
    return keys;
  }
  for (const n of numberLists(text)) {
    const k = normaliseReference(n, prefixes);
    if (k && !keys.includes(k)) keys.push(k);
  }
  const tokens = text.split(TOKEN_SPLIT);
  if (tokens.length > 1) {
    for (const token of tokens) {
      const k = normaliseReference(token, prefixes);
      if (k && !keys.includes(k)) keys.push(k);
      addNumberAfterLetters(token, prefixes, keys);
    }
  }
  return keys;
}

/** `referenceKeys(typed, prefixes)[0]`, without the rest: the whole field's key when it has one. */
export function firstReferenceKey(typed: string, prefixes: readonly string[]): string | undefined {
  if (typed.trim() === '') return undefined;
  const whole = normaliseReference(NOT_ASCII.test(typed) ? asciiOf(typed) : typed, prefixes);
  return whole !== '' ? whole : referenceKeys(typed, prefixes)[0];
}

const LIST = /(\d{5,})((?:\s*(?:[/,;&+]|\band\b)\s*\d{1,16}(?!\d))+)/gi;
const LIST_SEPARATOR = /\s*(?:[/,;&+]|\band\b)\s*/i;

/**
 * Numbers listed the way people type them: "91213095/91213096", "91213095 and 91213096", and
 * abbreviated, "91213095/96/97" (each short number replaces the end of the first). Dates and
 * other short numbers do not start a list: its first number has at least five digits. A single
 * digit that would count down ("91213095/1") is an instalment of the number before, not a list.
 */
export function numberLists(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(LIST)) {
    const first = m[1]!;
    out.push(first);
    let previous = first;
    for (const part of m[2]!.split(LIST_SEPARATOR)) {
      if (part === '') continue;
      const n = part.length < first.length ? first.slice(0, first.length - part.length) + part : part;
      if (part.length === 1 && n < previous) continue;
      out.push(n);
      previous = n;
    }
  }
  return out;
}

/** Levenshtein distance, or limit + 1 as soon as it is certainly larger than limit. */
export function editDistanceWithin(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return Math.min(prev[b.length]!, limit + 1);
}
