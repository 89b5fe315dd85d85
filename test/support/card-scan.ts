// The card-data scanner the leak tests use: finds card numbers (Luhn-valid runs of 13 to 19 digits, plain or in
// groups with any separator people type) and security codes given with digits ("cvv 123") in text and in raw
// bytes. Written apart from shared/security on purpose: a redactor that missed a form must not be checked by
// the same code that missed it. test/unit/security/card-scan.test.ts proves it finds what it should.
//
// It follows the rules of docs/ARCHITECTURE.md, "Security", that keep ids from looking like cards: groups before
// the last have 3 to 6 digits; across a dot, slash or underscore every group has at most 6; a number starting
// with 0 or made of one repeated digit is not a card; a digit run inside a hex token of 32 or more characters
// with a letter in it is part of a digest (the audit chain's hashes, stored side by side in the database file).

export interface CardFinding {
  readonly kind: 'card number' | 'security code';
  /** What was found, as written. */
  readonly text: string;
  /** Some characters around it, to tell where it came from. */
  readonly context: string;
}

const SEPARATORS = ' \t\u00a0\u2007\u202f-\u2010\u2011\u2012\u2013\u2014\u2015._/';
const STRICT = '._/';

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

const isCard = (digits: string): boolean =>
  digits.length >= 13 && digits.length <= 19 && digits[0] !== '0' && !/^(.)\1*$/.test(digits) && luhn(digits);

/** Digests blanked out (same length, so offsets stay), before digits are looked at. */
function withoutDigests(text: string): string {
  return text.replace(/[0-9a-fA-F]{32,}/g, (hex) => (/[a-fA-F]/.test(hex) ? '#'.repeat(hex.length) : hex));
}

interface Group {
  readonly start: number;
  readonly digits: string;
  /** The separator before it ('' for the first of a run). */
  readonly before: string;
}

/** Runs of digit groups joined by 1 to 3 separator characters. */
function runsOf(text: string): Group[][] {
  const runs: Group[][] = [];
  let run: Group[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text[i])) {
      i++;
      continue;
    }
    const start = i;
    while (isDigit(text[i])) i++;
    const prev = run[run.length - 1];
    const gap = prev ? text.slice(prev.start + prev.digits.length, start) : '';
    const joined =
      prev !== undefined && gap.length >= 1 && gap.length <= 3 && [...gap].every((c) => SEPARATORS.includes(c));
    if (!joined && run.length > 0) {
      runs.push(run);
      run = [];
    }
    run.push({ start, digits: text.slice(start, i), before: joined ? gap : '' });
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Every span of whole groups that is written like a card number and is one. */
function cardSpans(run: readonly Group[]): { from: number; to: number }[] {
  const spans: { from: number; to: number }[] = [];
  for (let from = 0; from < run.length; from++) {
    let digits = '';
    let strict = false;
    for (let to = from; to < run.length; to++) {
      const g = run[to]!;
      if (to > from) {
        const prev = run[to - 1]!.digits.length;
        if (prev < 3 || prev > 6) break;
        strict ||= [...g.before].some((c) => STRICT.includes(c));
        if (strict && g.digits.length > 6) break;
      }
      digits += g.digits;
      if (digits.length > 19) break;
      if (isCard(digits)) spans.push({ from, to });
    }
  }
  return spans;
}

const CODE =
  /(?<![\p{L}\p{N}])(?:cvv2?|cvc2?|cvn2?|csc|security\s*code|card\s*(?:verification|security)\s*(?:value|code|number))[^\p{L}\p{N}\r\n]{0,5}(?:(?:is|was|no|number)[^\p{L}\p{N}\r\n]{0,3})?\d{3,4}(?!\d)/giu;

const around = (text: string, start: number, end: number): string =>
  text.slice(Math.max(0, start - 40), Math.min(text.length, end + 40)).replace(/[^\x20-\x7e]/g, '.');

/** Card numbers and security codes in `text`. */
export function findCardData(text: string): CardFinding[] {
  const clean = withoutDigests(text);
  const found: CardFinding[] = [];
  for (const run of runsOf(clean)) {
    for (const { from, to } of cardSpans(run)) {
      const start = run[from]!.start;
      const end = run[to]!.start + run[to]!.digits.length;
      found.push({ kind: 'card number', text: clean.slice(start, end), context: around(clean, start, end) });
    }
  }
  for (const m of clean.matchAll(CODE)) {
    const start = m.index ?? 0;
    found.push({ kind: 'security code', text: m[0], context: around(clean, start, start + m[0].length) });
  }
  return found;
}

/** Raw bytes (a database file, its WAL, a log): read as Latin-1 and as UTF-8, so every encoding of a digit counts. */
export function findCardDataInBytes(bytes: Uint8Array): CardFinding[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const latin1 = findCardData(buffer.toString('latin1'));
  const seen = new Set(latin1.map((f) => `${f.kind}|${f.text}`));
  return [...latin1, ...findCardData(buffer.toString('utf8')).filter((f) => !seen.has(`${f.kind}|${f.text}`))];
}

/** A failure message that says what leaked and where. */
export function describeFindings(where: string, findings: readonly CardFinding[]): string {
  return `${where}: ${findings.length} card data finding(s)\n${findings
    .slice(0, 20)
    .map((f) => `  ${f.kind} "${f.text}" in ...${f.context}...`)
    .join('\n')}`;
}
