// A sandbox ledger of a chosen size for the mirror's tests and the open-items bench: customers in
// one company code, each with open invoices (and some credits, special G/L items, other
// currencies) entered over past days, loaded without the posting checks (SapLedger.loadInvoices).
// Deterministic for a seed.
import { SapLedger, type LoadedInvoice } from '../../electron/sandbox/sap/ledger';

export interface ScaleLedgerOptions {
  readonly customers: number;
  readonly openItems: number;
  readonly companyCode?: string;
  /** The day of the last entries (DATS); items are entered over the `days` before it. */
  readonly lastDay?: string;
  readonly days?: number;
  readonly seed?: number;
}

export const kunnrOf = (i: number): string => String(100000 + i).padStart(10, '0');

export function dats(iso: string): string {
  return iso.replace(/-/g, '');
}

export function addDaysDats(d: string, days: number): string {
  const t = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8))) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10).replace(/-/g, '');
}

/** A small deterministic generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function scaleLedger(o: ScaleLedgerOptions, now?: () => Date): SapLedger {
  const ledger = new SapLedger(now ? { now } : {});
  const bukrs = o.companyCode ?? '1000';
  ledger.addCompanyCode({ BUKRS: bukrs, WAERS: 'USD' });
  const lastDay = o.lastDay ?? '20261130';
  const days = o.days ?? 60;
  const created = new Date(Date.UTC(2026, 0, 1));
  for (let i = 0; i < o.customers; i++)
    ledger.addCustomer(
      {
        KUNNR: kunnrOf(i),
        NAME1: `Customer ${i}`,
        STRAS: `${i} Main St`,
        ORT01: 'Springfield',
        PSTLZ: '12345',
        LAND1: 'US',
        SMTP_ADDR: '',
      },
      { BUKRS: bukrs, AKONT: '0000140000' },
      created,
    );
  ledger.loadInvoices(invoices(o, bukrs, lastDay, days));
  return ledger;
}

function* invoices(o: ScaleLedgerOptions, bukrs: string, lastDay: string, days: number): Iterable<LoadedInvoice> {
  const r = random(o.seed ?? 1);
  for (let n = 0; n < o.openItems; n++) {
    const customer = n % o.customers;
    const day = addDaysDats(lastDay, -Math.floor(r() * days));
    const kind = r();
    yield {
      BUKRS: bukrs,
      KUNNR: kunnrOf(customer),
      WAERS: kind < 0.05 ? 'EUR' : 'USD',
      minor: 100 + Math.floor(r() * 500_000),
      BUDAT: day,
      CPUDT: day,
      XBLNR: `INV${String(n).padStart(9, '0')}`,
      SGTXT: `Invoice ${n}`,
      ZTERM: kind < 0.5 ? 'NT30' : 'ZB01',
      ...(kind > 0.97 ? { SHKZG: 'H' as const } : {}),
      ...(kind > 0.96 && kind <= 0.97 ? { UMSKZ: 'A' } : {}),
    };
  }
}
