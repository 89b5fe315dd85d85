// Card networks' chargeback reason codes and what they mean (formats.md §3.4; North's table,
// developer.north.com/supplemental-resources/chargeback-reason-codes). The network comes from the report's
// card brand column when it has one, else from the code's shape. A code not in the table is kept as the
// report gave it and shown as "unknown code": it is never dropped.

export type CardNetwork = 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown';

export const UNKNOWN_CODE = 'unknown code';

const VISA: Readonly<Record<string, string>> = {
  '10.1': 'EMV liability shift counterfeit fraud',
  '10.2': 'EMV liability shift non-counterfeit fraud',
  '10.3': 'Other fraud: card-present environment',
  '10.4': 'Other fraud: card-absent environment',
  '10.5': 'Visa Fraud Monitoring Program',
  '11.1': 'Card recovery bulletin',
  '11.2': 'Declined authorization',
  '11.3': 'No authorization',
  '12.1': 'Late presentment',
  '12.2': 'Incorrect transaction code',
  '12.3': 'Incorrect currency',
  '12.4': 'Incorrect account number',
  '12.5': 'Incorrect amount',
  '12.6': 'Duplicate processing or paid by other means',
  '12.6.1': 'Duplicate processing',
  '12.6.2': 'Paid by other means',
  '12.7': 'Invalid data',
  '13.1': 'Merchandise/services not received',
  '13.2': 'Cancelled recurring transaction',
  '13.3': 'Not as described or defective merchandise/services',
  '13.4': 'Counterfeit merchandise',
  '13.5': 'Misrepresentation',
  '13.6': 'Credit not processed',
  '13.7': 'Cancelled merchandise/services',
  '13.8': 'Original credit transaction not accepted',
  '13.9': 'Non-receipt of cash or load transaction value',
  // Legacy two-digit Visa codes, still in North's list.
  '30': 'Services not provided or merchandise not received (legacy)',
  '41': 'Cancelled recurring transaction (legacy)',
  '53': 'Not as described or defective merchandise (legacy)',
  '57': 'Fraudulent multiple transactions (legacy)',
  '62': 'Counterfeit transaction (legacy)',
  '70': 'Card recovery bulletin or exception file (legacy)',
  '71': 'Declined authorization (legacy)',
  '72': 'No authorization (legacy)',
  '73': 'Expired card (legacy)',
  '74': 'Late presentment (legacy)',
  '75': 'Transaction not recognized (legacy)',
  '81': 'Fraud: card-present environment (legacy)',
  '83': 'Fraud: card-absent environment (legacy)',
  '85': 'Credit not processed (legacy)',
  '93': 'Merchant fraud performance program (legacy)',
};

const MASTERCARD: Readonly<Record<string, string>> = {
  '4807': 'Warning bulletin file',
  '4808': 'Authorization-related chargeback',
  '4812': 'Account number not on file',
  '4831': 'Transaction amount differs',
  '4834': 'Point-of-interaction error (duplicate, amount, late presentment, currency)',
  '4837': 'No cardholder authorization',
  '4840': 'Fraudulent processing of transactions',
  '4841': 'Cancelled recurring or digital goods transaction',
  '4842': 'Late presentment',
  '4849': 'Questionable merchant activity',
  '4853': 'Cardholder dispute (not as described, defective, not provided)',
  '4855': 'Goods or services not provided',
  '4859': 'Addendum, no-show or ATM dispute',
  '4860': 'Credit not processed',
  '4863': 'Cardholder does not recognize: potential fraud',
  '4870': 'Chip liability shift',
  '4871': 'Chip/PIN liability shift',
  '4999': 'Domestic chargeback dispute (Europe region)',
};

const DISCOVER: Readonly<Record<string, string>> = {
  '4534': 'Duplicate processing',
  '4541': 'Automatic payment cancelled',
  '4542': 'Late presentment',
  '4550': 'Credit/debit posted incorrectly',
  '4553': 'Not as described',
  '4586': 'Altered amount',
  '4752': 'Does not recognize',
  '4753': 'Invalid card number',
  '4755': 'Non-receipt of goods or services',
  '4762': 'Quality discrepancy (goods or services)',
  '4863': 'Authorization non-compliance',
  '4864': 'Non-receipt of cash at ATM',
  '4865': 'Paid by other means',
  '4866': 'Fraud: chip card counterfeit',
  '4867': 'Fraud: chip and PIN',
  '7010': 'Fraud: card-present transaction',
  '7030': 'Fraud: card-not-present transaction',
  '8002': 'Credit not processed',
  AA: 'Does not recognize',
  AT: 'Authorization non-compliance',
  DA: 'Declined authorization',
  NA: 'No authorization',
  UA01: 'Fraud: card-present transaction',
  UA02: 'Fraud: card-not-present transaction',
  UA05: 'Fraud: chip card counterfeit',
  UA06: 'Fraud: chip and PIN',
};

const AMEX: Readonly<Record<string, string>> = {
  A01: 'Charge amount exceeds authorization amount',
  A02: 'No valid authorization',
  A08: 'Authorization approval expired',
  C02: 'Credit not processed',
  C04: 'Goods/services returned or refused',
  C05: 'Goods/services cancelled',
  C08: 'Goods/services not received or only partially received',
  C14: 'Paid by other means',
  C18: '"No show" or CARDeposit cancelled',
  C28: 'Cancelled recurring billing',
  C31: 'Goods/services not as described',
  C32: 'Goods/services damaged or defective',
  F10: 'Missing imprint',
  F14: 'Missing signature',
  F24: 'No card member authorization',
  F29: 'Card not present',
  F30: 'EMV counterfeit',
  F31: 'EMV lost/stolen/non-received',
  FR2: 'Fraud full recourse program',
  FR4: 'Immediate chargeback program',
  FR6: 'Partial immediate chargeback program',
  M01: 'Chargeback authorization',
  M10: 'Vehicle rental: capital damages',
  M49: 'Vehicle rental: theft or loss of use',
  M38: 'Installment plan',
  P01: 'Unassigned card number',
  P03: 'Credit processed as charge',
  P04: 'Charge processed as credit',
  P05: 'Incorrect charge amount',
  P07: 'Late submission',
  P08: 'Duplicate charge',
  P22: 'Non-matching card number',
  P23: 'Currency discrepancy',
  R03: 'Insufficient reply',
  R13: 'No reply',
  S01: 'Chargeback request',
};

const TABLES: Readonly<Record<Exclude<CardNetwork, 'unknown'>, Readonly<Record<string, string>>>> = {
  visa: VISA,
  mastercard: MASTERCARD,
  amex: AMEX,
  discover: DISCOVER,
};

/** A card brand as reports write it ("VISA", "MC", "Master Card", "AMEX", "American Express", "Discover", "DI"). */
export function networkOfBrand(text: string): CardNetwork {
  const t = text.toLowerCase().replace(/[^a-z]/g, '');
  if (t === '') return 'unknown';
  if (t.startsWith('visa') || t === 'vi' || t === 'vs') return 'visa';
  if (t.startsWith('master') || t === 'mc' || t === 'mcc' || t === 'eurocard') return 'mastercard';
  if (t.startsWith('amex') || t.startsWith('americanexpress') || t === 'ax' || t === 'am') return 'amex';
  if (t.startsWith('discover') || t === 'di' || t === 'ds' || t === 'disc' || t.startsWith('diners') || t === 'jcb')
    return 'discover';
  return 'unknown';
}

/** The network a code's shape says, when the report names no brand: 13.7 Visa, 4837 Mastercard, C08 Amex. */
export function networkOfCode(code: string): CardNetwork {
  const c = code.trim().toUpperCase();
  if (/^1[0-3]\.\d(\.\d)?$/.test(c)) return 'visa';
  if (/^48\d\d$/.test(c) && c in MASTERCARD) return 'mastercard';
  if (/^[A-Z]{1,2}\d{2}$/.test(c) && c in AMEX) return 'amex';
  if (c in DISCOVER) return 'discover';
  if (/^\d{2}$/.test(c) && c in VISA) return 'visa';
  return 'unknown';
}

export interface ReasonCode {
  readonly network: CardNetwork;
  /** As the report gave it, trimmed. */
  readonly code: string;
  /** The network's meaning, or "unknown code" when the table does not know it. */
  readonly meaning: string;
  readonly known: boolean;
}

/** A reason code read with the card brand the report gave (may be empty). */
export function reasonCode(code: string, brand = ''): ReasonCode {
  const raw = code.trim();
  const c = raw.toUpperCase();
  const fromBrand = networkOfBrand(brand);
  const network = fromBrand !== 'unknown' ? fromBrand : networkOfCode(c);
  const meaning = network === 'unknown' ? undefined : TABLES[network][c];
  return { network, code: raw, meaning: meaning ?? UNKNOWN_CODE, known: meaning !== undefined };
}
