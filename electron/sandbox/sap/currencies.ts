// TCURC / TCURX of the sandbox: SAP currency keys, their ISO codes, and the currencies whose
// decimals are not 2. RMB is kept as SAP's domestic key for CNY, as Chinese systems do.
import { SapCurrencyTable } from '../../../shared/money';

export interface TcurcRow {
  WAERS: string;
  ISOCD: string;
  ALTWR: string;
  GDATU: string;
  XPRIMARY: string;
}

export interface TcurxRow {
  CURRKEY: string;
  CURRDEC: number;
}

const KEYS: [string, string][] = [
  ['USD', 'USD'],
  ['EUR', 'EUR'],
  ['CAD', 'CAD'],
  ['GBP', 'GBP'],
  ['AUD', 'AUD'],
  ['CHF', 'CHF'],
  ['MXN', 'MXN'],
  ['JPY', 'JPY'],
  ['KRW', 'KRW'],
  ['KWD', 'KWD'],
  ['BHD', 'BHD'],
  ['CNY', 'CNY'],
  ['RMB', 'CNY'],
];

export const DEFAULT_TCURC: readonly TcurcRow[] = KEYS.map(([WAERS, ISOCD]) => ({
  WAERS,
  ISOCD,
  ALTWR: '',
  GDATU: '',
  XPRIMARY: WAERS === ISOCD ? 'X' : '',
}));

export const DEFAULT_TCURX: readonly TcurxRow[] = [
  { CURRKEY: 'JPY', CURRDEC: 0 },
  { CURRKEY: 'KRW', CURRDEC: 0 },
  { CURRKEY: 'KWD', CURRDEC: 3 },
  { CURRKEY: 'BHD', CURRDEC: 3 },
];

export function currencyTableOf(tcurc: readonly TcurcRow[], tcurx: readonly TcurxRow[]): SapCurrencyTable {
  return SapCurrencyTable.fromTables(tcurc, tcurx);
}
