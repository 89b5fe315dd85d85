// What a field's name and shape say about card data, for records from outside (PayTrace's credit_card.number,
// csc, swipe) and for ClearDesk's own values (the audit chain's SHA-256 hashes). Used by card-data.ts.

/** Compared without case, underscores or dashes: "card_number", "cardNumber" and "Card-Number" are one name. */
const nameOf = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Fields whose whole value is a secret, whatever it looks like: dropped from a record, never masked. */
const SECRET_FIELDS = new Set([
  'csc',
  'cvv',
  'cvv2',
  'cvc',
  'cvc2',
  'cvn',
  'securitycode',
  'encryptedcsc',
  'encryptednumber',
  'swipe',
  'encryptedswipe',
  'track',
  'track1',
  'track2',
  'trackdata',
  'password',
]);
/** Objects that describe a card, in which a plain "number" is the card number (PayTrace's credit_card). */
const CARD_OBJECTS = new Set(['creditcard', 'card', 'cc', 'paymentcard']);
/**
 * Fields meant to hold a card number, masked or not. In them any 12 or more digits are a card number, Luhn-valid
 * or not (a mistyped number is still somebody's card); PayTrace's own mask ("************1234") stays as it is.
 */
const CARD_FIELDS = new Set(['maskednumber', 'maskedcard', 'cardnumber', 'ccnumber', 'creditcardnumber']);
const CARD_FIELD_DIGITS = 12;

export function isSecretField(key: string, parentKey: string | null): boolean {
  const name = nameOf(key);
  return SECRET_FIELDS.has(name) || (name === 'number' && parentKey !== null && CARD_OBJECTS.has(nameOf(parentKey)));
}

export function isCardField(key: string | null): boolean {
  return key !== null && CARD_FIELDS.has(nameOf(key));
}

/** A card field's value with all but its last four digits masked, or null when it holds too few digits to be one. */
export function maskCardField(value: string): string | null {
  const digits = value.replace(/\D/g, '');
  if (digits.length < CARD_FIELD_DIGITS) return null;
  return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

/**
 * A value that is, as a whole, a hex digest (MD5, SHA-1, SHA-256, SHA-512 with at least one letter): the audit
 * chain's hashes, a report's SHA-256. It is an id, not text; masking a digit run inside it would destroy the proof.
 */
export function isDigest(value: string): boolean {
  return (
    (value.length === 32 || value.length === 40 || value.length === 64 || value.length === 128) &&
    /^[0-9a-f]+$/i.test(value) &&
    /[a-f]/i.test(value)
  );
}
