// The card-data policy (docs/ARCHITECTURE.md, "Security"): what counts as card data in text and in values, and
// how it is masked. Every path that stores or prints text from outside (ingest, `cleardesk match`, logs, dead
// letters, the sync log, SAP's messages, reports, API errors) calls these and nothing else.
import { isCardField, isDigest, isSecretField, maskCardField } from './card-fields';
import { containsCsc, redactCsc } from './csc';
import { containsPan, isPanDigits, maskPan, redactPans } from './pan';

/** Text with card numbers masked to their last four digits and security codes masked. */
export function redactCardText(text: string): string {
  // Most text (names, e-mails, short ids) has too few digits for either: it is returned after one count.
  if (!hasDigits(text, 3)) return text;
  // Card numbers first: a code's three or four digits could otherwise be taken from the front of a card number.
  return redactCsc(redactPans(text));
}

function hasDigits(text: string, atLeast: number): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++digits >= atLeast) return true;
  }
  return false;
}

export function containsCardText(text: string): boolean {
  return containsPan(text) || containsCsc(text);
}

/**
 * A deep copy of `value` with card data masked: in every string, in every integer or bigint whose digits form a
 * card number (it becomes its masked string), and in every field meant to hold a card number. Fields that hold
 * a secret (csc, cvv, track data, PayTrace's credit_card.number) are dropped. A string that is a hex digest as a
 * whole is kept: it is a hash, not text. The input is not modified.
 */
export function redactCardData(value: unknown): unknown {
  return redact(value, null, null, new WeakSet());
}

function redact(value: unknown, key: string | null, parentKey: string | null, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') {
    if (isDigest(value)) return value;
    return (isCardField(key) ? maskCardField(value) : null) ?? redactCardText(value);
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value);
    if (isCardField(key)) return maskCardField(digits) ?? value;
    return isPanDigits(digits) ? maskPan(digits) : value;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (seen.has(value)) return '[cycle]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redact(item, key, parentKey, seen));
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(value)) {
      if (!isSecretField(k, key)) out[k] = redact(item, k, key, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** True when anything inside `value` is card data by the rules of redactCardData. */
export function containsCardData(value: unknown): boolean {
  return scan(value, null, null, new WeakSet());
}

function scan(value: unknown, key: string | null, parentKey: string | null, seen: WeakSet<object>): boolean {
  if (typeof value === 'string')
    return !isDigest(value) && ((isCardField(key) && maskCardField(value) !== null) || containsCardText(value));
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value);
    return isCardField(key) ? maskCardField(digits) !== null : isPanDigits(digits);
  }
  if (value === null || typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) return value.some((item) => scan(item, key, parentKey, seen));
  return Object.entries(value).some(
    ([k, item]) =>
      (isSecretField(k, key) && item !== null && item !== undefined && item !== '') || scan(item, k, key, seen),
  );
}
