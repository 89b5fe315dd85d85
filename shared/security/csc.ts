// Card security codes (CSC, CVV2, CVC2) mentioned in text: "cvv 123", "CVV2: 1234", "csc=123", "security code
// 123", "cvc 123", and the same in JSON ("csc":"123"). The three or four digits are masked, the word is kept, so
// a reader still sees that a code was given. The other half of the card-data policy (shared/security/index.ts).

const LABEL = '(?:cvv2?|cvc2?|cvn2?|csc|card\\s*(?:verification|security)\\s*(?:value|code|number)|security\\s*code)';
/** Up to five marks between the word and the digits (": ", " = ", '":"', " #"), and "is", "was", "no." after it. */
const GAP = '[^\\p{L}\\p{N}\\r\\n]{0,5}(?:(?:is|was|no|number)(?![\\p{L}\\p{N}])[^\\p{L}\\p{N}\\r\\n]{0,3})?';
// The word must stand on its own ("encrypted_csc" counts, "discvv" does not); the code is 3 or 4 digits, not
// the start of a longer number.
const PATTERN = `(?<![\\p{L}\\p{N}])(${LABEL}${GAP})(\\d{3,4})(?!\\d)`;
const CSC = new RegExp(PATTERN, 'giu');
const ANY_CSC = new RegExp(PATTERN, 'iu');
const MENTION = /cvv|cvc|cvn|csc|security|verification/i;

function mayHoldCsc(text: string): boolean {
  return MENTION.test(text) && /\d{3}/.test(text);
}

export function containsCsc(text: string): boolean {
  return mayHoldCsc(text) && ANY_CSC.test(text);
}

export function redactCsc(text: string): string {
  if (!mayHoldCsc(text)) return text;
  return text.replace(CSC, (_all, label: string, digits: string) => `${label}${'*'.repeat(digits.length)}`);
}
