// A card's brand from the leading digits PayTrace shows (a BIN-form mask, or a full number that slipped into
// the masked field). Masking is not done here: card data follows the one policy of shared/security.

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
