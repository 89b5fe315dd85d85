// Card numbers (PANs) in text: Luhn-valid runs of 13 to 19 digits, written plain or in groups with the
// separators people type ("4111 1111 1111 1111", "4111  1111.1111/1111", "3782-822463-10005",
// "4111_1111_1111_1111"), masked to the last four digits as PayTrace masks them. One half of the card-data
// policy (shared/security/index.ts; docs/ARCHITECTURE.md, "Security"); pure, so every room uses the same.

/** Between two groups: one to three of space, tab, no-break or thin space, any dash, dot, slash, underscore. */
const SEPARATOR = '[ \\t\\u00a0\\u2007\\u202f\\-\\u2010-\\u2015._/]{1,3}';
const DIGIT_RUN = new RegExp(`\\d+(?:${SEPARATOR}\\d+)*`, 'g');
/**
 * Dots, slashes and underscores also write dates, SAP keys ("1000/1800000123/2026"), versions and file names:
 * a number joined by them counts only when every group is card-shaped (at most six digits).
 */
const STRICT_SEPARATOR = /[._/]/;
const MIN_PAN = 13;
const MAX_PAN = 19;
// Cards are written in groups of 4 to 6 (4-4-4-4, 4-6-5, 4-4-4-4-3). Every group but the last needs 3 to 6
// digits: that keeps dates and times ("2026-11-25 10 30") and lists of invoice numbers ("90001234 90001235")
// from joining into one number. After spaces and dashes the last group may be longer ("1000 1800000123"):
// a number typed half in groups is still a card number.
const MIN_GROUP = 3;
const MAX_GROUP = 6;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * 13–19 digits, Luhn-valid, not one digit repeated (zero padding passes Luhn), and not starting with 0: no
 * card network issues numbers there (ISO/IEC 7812), while zero-padded ids (SAP's IDoc and document numbers) do.
 */
export function isPanDigits(digits: string): boolean {
  return (
    digits.length >= MIN_PAN &&
    digits.length <= MAX_PAN &&
    /^[1-9]\d+$/.test(digits) &&
    luhnValid(digits) &&
    !/^(\d)\1+$/.test(digits)
  );
}

/** The mask keeps only the last four digits, as PayTrace's masked card numbers do. */
export function maskPan(digits: string): string {
  return `${'*'.repeat(Math.max(0, digits.length - 4))}${digits.slice(-4)}`;
}

interface Span {
  start: number;
  end: number;
  digits: string;
}

interface Group {
  start: number;
  text: string;
}

/** Enough digits for a card number at all: most text (names, e-mails, invoice numbers) is ruled out here. */
function mayHoldPan(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++digits >= MIN_PAN) return true;
  }
  return false;
}

/** PANs in `text`: within each run of groups, the longest valid span of whole groups, left to right. */
function findPans(text: string): Span[] {
  if (!mayHoldPan(text)) return [];
  const found: Span[] = [];
  for (const run of text.matchAll(DIGIT_RUN)) {
    const base = run.index ?? 0;
    const groups: Group[] = [...run[0].matchAll(/\d+/g)].map((g) => ({ start: base + (g.index ?? 0), text: g[0] }));
    let i = 0;
    while (i < groups.length) {
      const best = longestPanFrom(text, groups, i);
      if (best) {
        const last = groups[best.j]!;
        found.push({ start: groups[i]!.start, end: last.start + last.text.length, digits: best.digits });
        i = best.j + 1;
      } else {
        i++;
      }
    }
  }
  return found;
}

function longestPanFrom(text: string, groups: readonly Group[], i: number): { j: number; digits: string } | null {
  let best: { j: number; digits: string } | null = null;
  let digits = '';
  let strict = false;
  for (let j = i; j < groups.length; j++) {
    const group = groups[j]!;
    if (j > i) {
      const prev = groups[j - 1]!;
      if (prev.text.length < MIN_GROUP || prev.text.length > MAX_GROUP) break;
      strict ||= STRICT_SEPARATOR.test(text.slice(prev.start + prev.text.length, group.start));
      if (strict && group.text.length > MAX_GROUP) break;
    }
    digits += group.text;
    if (digits.length > MAX_PAN) break;
    if (isPanDigits(digits)) best = { j, digits };
  }
  return best;
}

export function containsPan(text: string): boolean {
  return findPans(text).length > 0;
}

export function redactPans(text: string): string {
  const pans = findPans(text);
  if (pans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const pan of pans) {
    out += text.slice(at, pan.start) + maskPan(pan.digits);
    at = pan.end;
  }
  return out + text.slice(at);
}
