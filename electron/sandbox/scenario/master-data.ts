// Company codes, customers and invoices of a scenario.
import { currencyExponent, minorToDecimal } from '../../../shared/money';
import { normaliseName } from '../../../shared/matching/names';
import { CITIES, FIRST, FORMS, SECOND, STREETS } from './names';
import type { Rng } from './prng';
import type { Scenario, ScenarioCustomer, ScenarioInvoice } from './types';

const DAY = 86_400_000;

export function companyCodes(currency: string, foreign = true): Scenario['companyCodes'] {
  const home = { BUKRS: '1000', WAERS: currency, BUTXT: 'ClearDesk Sandbox US' };
  if (!foreign) return [home];
  return [
    home,
    { BUKRS: '2000', WAERS: 'JPY', BUTXT: 'ClearDesk Sandbox Japan' },
    { BUKRS: '3000', WAERS: 'KWD', BUTXT: 'ClearDesk Sandbox Kuwait' },
  ];
}

/** Every tenth customer is in 2000 (JPY) and every tenth in 3000 (KWD); the rest in 1000. */
export function makeCustomers(rng: Rng, count: number, foreign = true): ScenarioCustomer[] {
  const used = new Set<string>();
  const out: ScenarioCustomer[] = [];
  // Names differ in their first two words (normaliseName drops the legal form): past that many
  // customers every name needs a number, and drawing 20 times for a free one only costs time.
  const distinct = FIRST.length * SECOND.length;
  for (let i = 0; i < count; i++) {
    let name = '';
    for (let tries = 0, most = used.size >= distinct ? 1 : 20; tries < most; tries++) {
      name = `${rng.pick(FIRST)} ${rng.pick(SECOND)} ${rng.pick(FORMS)}`;
      if (!used.has(normaliseName(name))) break;
    }
    if (used.has(normaliseName(name))) name = `${name.split(' ').slice(0, -1).join(' ')} ${i + 1} ${rng.pick(FORMS)}`;
    used.add(normaliseName(name));
    const [city, , zip] = rng.pick(CITIES);
    const kunnr = String(100001 + i).padStart(10, '0');
    const domain = normaliseName(name)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    const c: ScenarioCustomer = {
      KUNNR: kunnr,
      BUKRS: !foreign ? '1000' : i % 10 === 8 ? '2000' : i % 10 === 9 ? '3000' : '1000',
      NAME1: name,
      STRAS: `${rng.int(10, 9999)} ${rng.pick(STREETS)}`,
      ORT01: city,
      PSTLZ: zip,
      LAND1: 'US',
      SMTP_ADDR: `ap@${domain}.example`,
      AKONT: '0000140000',
    };
    if (rng.chance(80)) c.vaultId = `CD${kunnr.slice(-6)}`;
    out.push(c);
  }
  return out;
}

function amountRange(currency: string): [number, number] {
  const e = currencyExponent(currency);
  if (e === 0) return [5_000, 2_000_000];
  if (e === 3) return [10_000, 5_000_000];
  return [5_000, 2_000_000];
}

export const dats = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');

/**
 * Invoices per customer, dated 5 to 60 days before the scenario starts; amounts unique within
 * a customer so that "customer + amount" identifies an invoice where a case relies on it.
 */
export function makeInvoices(
  rng: Rng,
  customers: readonly ScenarioCustomer[],
  perCustomer: number,
  codes: Scenario['companyCodes'],
  start: number,
): ScenarioInvoice[] {
  const currencyOf = new Map(codes.map((c) => [c.BUKRS, c.WAERS]));
  const serial = new Map<string, number>();
  const out: ScenarioInvoice[] = [];
  const pos = new Set<string>();
  const po = (): string => {
    let p = `PO${rng.int(1000000, 9999999)}`;
    while (pos.has(p)) p = `PO${rng.int(1000000, 9999999)}`;
    pos.add(p);
    return p;
  };
  for (const c of customers) {
    const waers = currencyOf.get(c.BUKRS)!;
    const [lo, hi] = amountRange(waers);
    const amounts = new Set<number>();
    for (let k = 0; k < perCustomer; k++) {
      let minor = rng.int(lo, hi);
      while (amounts.has(minor)) minor = rng.int(lo, hi);
      amounts.add(minor);
      const n = (serial.get(c.BUKRS) ?? 0) + 1;
      serial.set(c.BUKRS, n);
      const xblnr =
        c.BUKRS === '1000' ? String(90100000 + n) : c.BUKRS === '2000' ? `JP-A${10000 + n}` : `KW-${50000 + n}`;
      const date = dats(start - rng.int(5, 60) * DAY);
      out.push({
        BUKRS: c.BUKRS,
        KUNNR: c.KUNNR,
        XBLNR: xblnr,
        ZUONR: rng.chance(50) ? po() : xblnr,
        BLDAT: date,
        BUDAT: date,
        WAERS: waers,
        WRBTR: minorToDecimal(minor, currencyExponent(waers)),
        SGTXT: `Invoice ${xblnr}`,
        BLART: 'DR',
      });
    }
  }
  // Posting order: by date, then customer, so numbering follows the calendar as in SAP.
  return out
    .map((inv, i) => ({ inv, i }))
    .sort((a, b) => (a.inv.BUDAT < b.inv.BUDAT ? -1 : a.inv.BUDAT > b.inv.BUDAT ? 1 : a.i - b.i))
    .map((x) => x.inv);
}
