// Exact conversion between decimal text and integer minor units. No floating point arithmetic.

export class AmountFormatError extends Error {
  constructor(message: string, readonly input: unknown) {
    super(message);
    this.name = 'AmountFormatError';
  }
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$|^([+-])?\.(\d+)$/;

/**
 * Parses decimal text ("8.10", "-1234.5", "100.0000") into an integer scaled by 10^exponent.
 * Digits beyond the exponent are accepted only when they are zeros (SAP's BCD fields carry four
 * decimals); a non-zero digit there means the amount cannot exist in the currency.
 */
export function decimalToMinor(text: string, exponent: number): number {
  const trimmed = text.trim();
  const m = DECIMAL.exec(trimmed);
  if (!m) throw new AmountFormatError(`"${text}" is not a decimal amount`, text);
  const sign = m[1] ?? m[4] ?? '';
  const whole = m[2] ?? '0';
  const frac = m[3] ?? m[5] ?? '';
  const kept = frac.slice(0, exponent);
  const extra = frac.slice(exponent);
  if (/[1-9]/.test(extra)) {
    throw new AmountFormatError(
      `"${text}" has ${frac.replace(/0+$/, '').length} decimals; the currency allows ${exponent}`,
      text,
    );
  }
  const digits = (whole + kept.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) throw new AmountFormatError(`"${text}" is too large`, text);
  return sign === '-' && value !== 0 ? -value : value;
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
  if (/e/i.test(text)) throw new AmountFormatError(`${text} is not a plain decimal amount`, value);
  return text;
}
