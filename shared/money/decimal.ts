// Exact conversion between decimal text and integer minor units. No floating point arithmetic.

export class AmountFormatError extends Error {
  constructor(
    message: string,
    readonly input: unknown,
  ) {
    super(message);
    this.name = 'AmountFormatError';
  }
}

const PLUS = 43;
const MINUS = 45;
const POINT = 46;

/** Typed text as a message quotes it: whole up to 24 characters, else its start (a pasted line fills no form). */
const shown = (text: string): string => (text.length > 24 ? `${text.slice(0, 20)}…` : text);

/**
 * An amount as a person types it into a form ("10,000.00", "1 250.5"): spaces and commas that group by three dropped,
 * then read as `decimalToMinor` reads it. The one reading of typed amounts (the correction and refund dialogs,
 * the settings' money fields); a decimal comma ("2665,46") is not a decimal point here, so it is refused
 * rather than read as 266,546.
 */
export function typedAmountToMinor(text: string, exponent: number): number {
  const typed = text.trim();
  if (/,\d{1,2}$/.test(typed) && !typed.includes('.'))
    throw new AmountFormatError(
      `"${shown(text)}" has a decimal comma; write the decimals after a point: ${typed.replace(',', '.')}`,
      text,
    );
  // Grouping is dropped only where it groups: "1,00.00" or "1,0000,000" is a slip of the finger, never 100.00
  // or ten million, and a comma among the decimals ("1.000,00") is another country's way of writing.
  if (/[\s,]/.test(typed) && !/^[+-]?\d{1,3}(?:[\s,]\d{3})+(?:\.\d*)?$/.test(typed))
    throw new AmountFormatError(
      `"${shown(text)}" is not an amount as written: group the digits by three (10,000.00) or not at all (10000.00)`,
      text,
    );
  return decimalToMinor(typed.replace(/[\s,]/g, ''), exponent);
}

/**
 * Parses decimal text ("8.10", "-1234.5", "100.0000", ".5", "5.") into an integer scaled by
 * 10^exponent. Digits beyond the exponent are accepted only when they are zeros (SAP's BCD fields
 * carry four decimals); a non-zero digit there means the amount cannot exist in the currency.
 * Read character by character (every amount of every synced record comes through here); the
 * integer is built digit by digit, exact while it stays a safe integer.
 */
export function decimalToMinor(text: string, exponent: number): number {
  const s = text.trim();
  let i = 0;
  const sign = s.charCodeAt(0);
  if (sign === PLUS || sign === MINUS) i = 1;
  let value = 0;
  let wholeDigits = 0;
  for (; i < s.length; i++, wholeDigits++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
  }
  let fracDigits = 0;
  let significantFracDigits = 0; // up to the last non-zero decimal
  if (i < s.length && s.charCodeAt(i) === POINT) {
    for (i += 1; i < s.length; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      fracDigits += 1;
      if (d !== 0) significantFracDigits = fracDigits;
      if (fracDigits <= exponent) value = value * 10 + d;
    }
  }
  if (i !== s.length || wholeDigits + fracDigits === 0)
    throw new AmountFormatError(`"${shown(text)}" is not a decimal amount`, text);
  if (significantFracDigits > exponent) {
    throw new AmountFormatError(
      `"${shown(text)}" has ${significantFracDigits} decimal${significantFracDigits === 1 ? '' : 's'}; the currency allows ${exponent}`,
      text,
    );
  }
  for (let k = fracDigits; k < exponent; k++) value *= 10;
  // Once past 2^53 the value only grows, so a lost digit always ends here.
  if (!Number.isSafeInteger(value)) throw new AmountFormatError(`"${shown(text)}" is too large`, text);
  return sign === MINUS && value !== 0 ? -value : value;
}

/** Formats an integer of minor units as plain decimal text: 123456, 2 -> "1234.56"; -5, 3 -> "-0.005". */
export function minorToDecimal(minor: number, exponent: number): string {
  if (!Number.isSafeInteger(minor)) throw new AmountFormatError(`${minor} is not an integer amount`, minor);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const frac = digits.slice(digits.length - exponent);
  return (negative ? '-' : '') + (exponent > 0 ? `${whole}.${frac}` : whole);
}

/**
 * A JSON number as PayTrace sends it (110, 8.1). JavaScript prints a number with the shortest
 * digits that read back to the same double, which for amounts typed as decimals is their text.
 */
export function numberToDecimalText(value: number): string {
  if (!Number.isFinite(value)) throw new AmountFormatError(`${value} is not a finite amount`, value);
  const text = String(value);
  if (text.includes('e')) throw new AmountFormatError(`${text} is not a plain decimal amount`, value);
  return text;
}
