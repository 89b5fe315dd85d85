// ISO 4217 minor-unit exponents. Only currencies whose exponent is not 2 are listed in
// EXPONENT_EXCEPTIONS; every other code in ISO_CODES has 2.
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

const ISO_CODES = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP ' +
    'BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR ' +
    'FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES ' +
    'KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR ' +
    'MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF ' +
    'SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS ' +
    'UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG'
  ).split(' '),
);

export class UnknownCurrencyError extends Error {
  constructor(readonly currency: string) {
    super(
      `Unknown currency "${currency}": not an ISO 4217 code. Check the currency of the record, or map the SAP currency key to its ISO code (TCURC-ISOCD).`,
    );
    this.name = 'UnknownCurrencyError';
  }
}

export function isIsoCurrency(code: string): boolean {
  return ISO_CODES.has(code);
}

/** Number of decimals of the currency's minor unit (ISO 4217): JPY 0, USD 2, KWD 3. */
export function currencyExponent(code: string): number {
  if (!ISO_CODES.has(code)) throw new UnknownCurrencyError(code);
  return EXPONENT_EXCEPTIONS[code] ?? 2;
}

/** The ISO 4217 codes whose minor unit has `exponent` decimals (2: USD, EUR and most others), in code order. */
export function currenciesWithExponent(exponent: number): readonly string[] {
  return [...ISO_CODES].filter((code) => (EXPONENT_EXCEPTIONS[code] ?? 2) === exponent).sort();
}
