// Card numbers never get past this file unmasked: brand from the leading digits, masking, and
// scrubbing of any long digit run that slipped into a record.

export type CardBrand = 'VISA' | 'MASTERCARD' | 'AMEX' | 'DISCOVER' | 'JCB' | 'DINERS' | '';

/** Brand from the leading digits (BIN ranges as the networks publish them); '' when unknown. */
export function cardBrand(leadingDigits: string): CardBrand {
  const d = leadingDigits.replace(/\D/g, '');
  if (d === '') return '';
  const n2 = Number(d.slice(0, 2));
  const n3 = Number(d.slice(0, 3));
  const n4 = Number(d.slice(0, 4));
  if (d.startsWith('4')) return 'VISA';
  if (d.length >= 2 && (n2 === 34 || n2 === 37)) return 'AMEX';
  if (d.length >= 2 && n2 >= 51 && n2 <= 55) return 'MASTERCARD';
  if (d.length >= 4 && n4 >= 2221 && n4 <= 2720) return 'MASTERCARD';
  if (d.startsWith('6011') || d.startsWith('65') || (d.length >= 3 && n3 >= 644 && n3 <= 649)) return 'DISCOVER';
  if (d.length >= 4 && n4 >= 3528 && n4 <= 3589) return 'JCB';
  if (d.startsWith('36') || d.startsWith('38') || (d.length >= 3 && n3 >= 300 && n3 <= 305)) return 'DINERS';
  if (d.length === 1) return ({ '3': '', '5': 'MASTERCARD', '6': 'DISCOVER' } as Record<string, CardBrand>)[d] ?? '';
  return '';
}

/** PayTrace's export mask: "************1234" (transaction responses use 'x' instead of '*'). */
export function maskCardNumber(number: string, maskChar: '*' | 'x' = '*'): string {
  const digits = number.replace(/\D/g, '');
  const last4 = digits.slice(-4);
  return maskChar.repeat(Math.max(0, digits.length - 4)) + last4;
}

/** First 6 and last 4, PayTrace's include_bin form ("401200******5439"). */
export function binMask(number: string): string {
  const digits = number.replace(/\D/g, '');
  return digits.slice(0, 6) + '*'.repeat(Math.max(0, digits.length - 10)) + digits.slice(-4);
}

/** Any run of 12 or more digits (spaces/dashes allowed between) is treated as a card number. */
const LONG_DIGIT_RUN = /\d(?:[ -]?\d){11,}/g;

/** Masks every card-length digit run in free text, keeping the last 4 digits. */
export function maskDigitRuns(text: string): string {
  // Most text (names, emails, invoice numbers) has fewer than 12 digits in all: count before scanning.
  if (text.length < 12) return text;
  let digits = 0;
  for (let i = 0; i < text.length && digits < 12; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += 1;
  }
  return digits < 12 ? text : text.replace(LONG_DIGIT_RUN, (run) => maskCardNumber(run));
}

export function hasDigitRun(text: string): boolean {
  return new RegExp(LONG_DIGIT_RUN.source).test(text);
}

const SENSITIVE_KEYS = new Set([
  'number',
  'card_number',
  'csc',
  'encrypted_number',
  'encrypted_csc',
  'swipe',
  'cvv',
  'track',
  'track_data',
  'password',
]);

/**
 * A deep copy of a record with card data removed: card numbers/CSC/track fields dropped and
 * any card-length digit run in a string masked. For dead-letter payloads and error reports.
 */
export function scrubCardData(value: unknown): unknown {
  if (typeof value === 'string') return maskDigitRuns(value);
  if (Array.isArray(value)) return value.map(scrubCardData);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (SENSITIVE_KEYS.has(k.toLowerCase())) continue;
      out[k] = scrubCardData(v);
    }
    return out;
  }
  return value;
}
