// The simulator's own card brand detection, from the issuer identification number (the leading
// digits) as the networks publish their ranges. Kept apart from the connector's so the simulator
// can disagree with a client that gets a range wrong. Names as PayTrace spells them in its
// per-brand batch figures: VISA, MASTERCARD, AMEX, DISCOVER, DINERS, JCB.

export type SimCardBrand = 'VISA' | 'MASTERCARD' | 'AMEX' | 'DISCOVER' | 'DINERS' | 'JCB';

/** [brand, first prefix, last prefix]: both prefixes have the same number of digits. */
const IIN_RANGES: readonly (readonly [SimCardBrand, string, string])[] = [
  ['VISA', '4', '4'],
  ['MASTERCARD', '51', '55'],
  ['MASTERCARD', '2221', '2720'],
  ['AMEX', '34', '34'],
  ['AMEX', '37', '37'],
  ['DISCOVER', '6011', '6011'],
  ['DISCOVER', '644', '649'],
  ['DISCOVER', '65', '65'],
  ['DISCOVER', '622126', '622925'], // co-branded China UnionPay cards, routed as Discover
  ['JCB', '3528', '3589'],
  ['DINERS', '300', '305'],
  ['DINERS', '36', '36'],
  ['DINERS', '38', '39'],
];

/** The brand of a card number (digits only); '' when no network's range holds it. */
export function simCardBrand(number: string): SimCardBrand | '' {
  for (const [brand, first, last] of IIN_RANGES) {
    if (number.length < first.length) continue;
    const prefix = Number(number.slice(0, first.length));
    if (prefix >= Number(first) && prefix <= Number(last)) return brand;
  }
  return '';
}
