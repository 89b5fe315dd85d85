// Card numbers (PANs) must never reach the database, logs or exports (docs/ARCHITECTURE.md, "Security"). This finds
// Luhn-valid runs of 13 to 19 digits, written plain or grouped with single spaces or dashes
// ("4111 1111 1111 1111", "3782-822463-10005"), and masks all but the last four digits.
// Pure: used by the store (dead letters, audit detail), by loggers, and by tests as a scanner.

/** Digit groups joined by single spaces or dashes; a PAN is looked for inside each such run. */
const DIGIT_RUN = /\d+(?:[ -]\d+)*/g;
const MIN_PAN = 13;
const MAX_PAN = 19;
// Cards are written in groups of 4 to 6 (4-4-4-4, 4-6-5, 4-4-4-1); requiring at least 3 digits
// in every group but the last keeps dates and times ("2026-11-25 10 30") from joining into one number.
const MIN_GROUP = 3;

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

/** 13–19 digits, Luhn-valid, and not one digit repeated (zero padding passes Luhn). */
export function isPanDigits(digits: string): boolean {
  return (
    digits.length >= MIN_PAN &&
    digits.length <= MAX_PAN &&
    /^\d+$/.test(digits) &&
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

/** PANs in `text`: within each run, the longest valid span of whole groups, left to right. */
function findPans(text: string): Span[] {
  const found: Span[] = [];
  for (const run of text.matchAll(DIGIT_RUN)) {
    const base = run.index ?? 0;
    const groups = [...run[0].matchAll(/\d+/g)].map((g) => ({ start: base + (g.index ?? 0), text: g[0] }));
    let i = 0;
    while (i < groups.length) {
      let best: { j: number; digits: string } | null = null;
      let digits = '';
      for (let j = i; j < groups.length; j++) {
        const group = groups[j]!;
        if (j > i && groups[j - 1]!.text.length < MIN_GROUP) break;
        digits += group.text;
        if (digits.length > MAX_PAN) break;
        if (isPanDigits(digits)) best = { j, digits };
      }
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

function numberIsPan(value: number | bigint): boolean {
  return isPanDigits(String(value));
}

/**
 * A deep copy of `value` with card numbers masked in every string, and in every integer or
 * bigint whose digits form one (such a number becomes its masked string). Keys are kept.
 */
export function redactCardData(value: unknown): unknown {
  return redact(value, new WeakSet());
}

function redact(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactPans(value);
  if (typeof value === 'number' || typeof value === 'bigint')
    return numberIsPan(value) ? maskPan(String(value)) : value;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (seen.has(value)) return '[cycle]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redact(item, seen));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redact(item, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

/** True when any string or number anywhere inside `value` holds a card number. */
export function containsCardData(value: unknown): boolean {
  return scan(value, new WeakSet());
}

function scan(value: unknown, seen: WeakSet<object>): boolean {
  if (typeof value === 'string') return containsPan(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberIsPan(value);
  if (value === null || typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.some((item) => scan(item, seen));
}
