// The awkward cases a reconciliation meets, each as PayTrace operations plus the labelled truth.
import { currencyExponent, minorToDecimal, decimalToMinor } from '../../../shared/money';
import { normaliseReference, preparePrefixes } from '../../../shared/matching/keys';
import { DEFAULT_RULES } from '../../../shared/matching/rules';
import { dats } from './master-data';
import { STRANGERS } from './names';
import type { Rng } from './prng';
import type { Scenario, ScenarioCustomer, ScenarioInvoice, ScenarioPaymentOp, ScenarioTruth } from './types';
import type { UnusedInvoices } from './unused';

export const CASES = [
  'exact',
  'prefix',
  'assignment',
  'no-invoice-number',
  'partial',
  'overpayment',
  'multi',
  'short-payment',
  'typo',
  'unknown-customer',
  'duplicate',
  'decline',
  'void',
  'authorization',
  'capture',
  'refund',
] as const;
export type CaseName = (typeof CASES)[number];

export interface Gen {
  readonly rng: Rng;
  readonly s: Scenario;
  /** Invoices no payment has used yet, per customer. */
  readonly unused: UnusedInvoices;
  readonly customers: ReadonlyMap<string, ScenarioCustomer>;
  /** Every normalised key SAP holds (references, assignments, document numbers). */
  readonly keys: ReadonlySet<string>;
  /** A UTC instant during business hours of scenario day `day`. */
  at(day: number): number;
  readonly days: number;
  nextKey(prefix: string): string;
}

type SaleOp = Extract<ScenarioPaymentOp, { invoice_id: string }>;
const MIN = 60_000;
const DAY = 86_400_000;
export const PREFIXES = preparePrefixes(DEFAULT_RULES.referencePrefixes);
const iso = (ms: number): string => new Date(ms).toISOString();
const minorOf = (inv: ScenarioInvoice): number => decimalToMinor(inv.WRBTR, currencyExponent(inv.WAERS));
const dec = (minor: number, cur: string): string => minorToDecimal(minor, currencyExponent(cur));

/** `count` unused invoices of one customer (each passing `filter`, a pure test), or null when no customer has them. */
function take(g: Gen, count: number, filter?: (inv: ScenarioInvoice) => boolean): ScenarioInvoice[] | null {
  return g.unused.take(g.rng, count, filter);
}

/** Who the cardholder says they are: the customer's name (sometimes in capitals), e-mail, vault id. */
function payer(g: Gen, c: ScenarioCustomer, identifiable: boolean) {
  const r = g.rng;
  const vault = c.vaultId && (identifiable || r.chance(70)) ? c.vaultId : '';
  return {
    billing_name: r.chance(30) ? c.NAME1.toUpperCase().replace(/ (INC|CORP|CO|LTD)$/, ' $1.') : c.NAME1,
    email: vault || r.chance(40) ? c.SMTP_ADDR : '',
    customer_id: vault,
    card: r.pick(['visa', 'mastercard', 'amex', 'discover'] as const),
  };
}

function sale(
  g: Gen,
  day: number,
  inv: ScenarioInvoice | null,
  c: ScenarioCustomer,
  amount: string,
  fields: Partial<SaleOp> = {},
  identifiable = false,
): SaleOp {
  const op: SaleOp = {
    op: 'sale',
    key: g.nextKey('pay'),
    at: iso(g.at(day)),
    amount,
    invoice_id: inv ? inv.XBLNR : '',
    customer_reference_id: '',
    description: 'Payment',
    ...payer(g, c, identifiable),
    ...fields,
  };
  if (fields.description === undefined && op.invoice_id !== '') op.description = `Payment ${op.invoice_id}`;
  g.s.payments.push(op);
  return op;
}

function truth(
  g: Gen,
  key: string,
  kase: string,
  items: { inv: ScenarioInvoice; minor: number }[],
  onAccount: number,
  cur: string,
  extra: Partial<ScenarioTruth> = {},
): void {
  g.s.truth.push({
    key,
    items: items.map(({ inv, minor }) => ({ BUKRS: inv.BUKRS, XBLNR: inv.XBLNR, amount: dec(minor, cur) })),
    onAccount: dec(onAccount, cur),
    suspense: false,
    case: kase,
    ...extra,
  });
}

const customerOf = (g: Gen, inv: ScenarioInvoice): ScenarioCustomer => g.customers.get(inv.KUNNR)!;

/**
 * One invoice (one `accepts`, when given) paid in full under the invoice number `invoiceId` gives;
 * the invoice, or null when none is left.
 */
function simple(
  g: Gen,
  day: number,
  kase: string,
  invoiceId: (inv: ScenarioInvoice) => string,
  accepts?: (inv: ScenarioInvoice) => boolean,
): ScenarioInvoice | null {
  const got = take(g, 1, accepts);
  if (!got) return null;
  const inv = got[0]!;
  const op = sale(g, day, inv, customerOf(g, inv), inv.WRBTR, { invoice_id: invoiceId(inv) });
  truth(g, op.key, kase, [{ inv, minor: minorOf(inv) }], 0, inv.WAERS);
  return inv;
}

function typoOf(g: Gen, ref: string): string | null {
  for (let tries = 0; tries < 30; tries++) {
    const positions = [...ref]
      .map((ch, i) => (/\d/.test(ch) ? i : -1))
      .filter((i) => i >= 0)
      .slice(-4);
    if (positions.length === 0) return null;
    const p = g.rng.pick(positions);
    const digit = String((Number(ref[p]) + g.rng.int(1, 9)) % 10);
    const typo = ref.slice(0, p) + digit + ref.slice(p + 1);
    if (!g.keys.has(normaliseReference(typo, PREFIXES))) return typo;
  }
  // A dense run of invoice numbers (thousands of them) holds every variant of the last digits:
  // the slip is then in an earlier digit.
  for (let p = 0; p < ref.length; p++) {
    if (!/\d/.test(ref[p]!)) continue;
    for (let step = 1; step <= 9; step++) {
      const typo = ref.slice(0, p) + String((Number(ref[p]) + step) % 10) + ref.slice(p + 1);
      if (!g.keys.has(normaliseReference(typo, PREFIXES))) return typo;
    }
  }
  return null;
}

export const BUILDERS: Readonly<Record<CaseName, (g: Gen, day: number) => boolean>> = {
  exact: (g, day) => simple(g, day, 'exact', (inv) => inv.XBLNR) !== null,

  prefix: (g, day) =>
    simple(g, day, 'prefix', (inv) => {
      const numeric = /^\d+$/.test(inv.XBLNR);
      const forms = numeric
        ? [
            `INV-${inv.XBLNR}`,
            `#${inv.XBLNR}`,
            `00${inv.XBLNR}`,
            `inv ${inv.XBLNR}`,
            `${inv.XBLNR.slice(0, 4)} ${inv.XBLNR.slice(4)}`,
          ]
        : [inv.XBLNR.toLowerCase(), inv.XBLNR.replace(/-/g, ''), ` ${inv.XBLNR.toLowerCase()} `];
      return g.rng.pick(forms);
    }) !== null,

  assignment: (g, day) => {
    const inv = simple(
      g,
      day,
      'assignment',
      () => '',
      (i) => i.ZUONR.startsWith('PO'),
    );
    if (!inv) return false;
    withPo(g, inv);
    return true;
  },

  'no-invoice-number': (g, day) => {
    const got = take(g, 1);
    if (!got) return false;
    const inv = got[0]!;
    const op = sale(g, day, null, customerOf(g, inv), inv.WRBTR, { description: 'Online payment' }, true);
    truth(g, op.key, 'no-invoice-number', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS);
    return true;
  },

  partial: (g, day) => {
    const got = take(g, 1);
    if (!got) return false;
    const inv = got[0]!;
    const paid = Math.floor((minorOf(inv) * g.rng.int(30, 70)) / 100);
    const op = sale(g, day, inv, customerOf(g, inv), dec(paid, inv.WAERS));
    truth(g, op.key, 'partial', [{ inv, minor: paid }], 0, inv.WAERS);
    return true;
  },

  overpayment: (g, day) => {
    const got = take(g, 1);
    if (!got) return false;
    const inv = got[0]!;
    const full = minorOf(inv);
    const extra = Math.floor((full * g.rng.int(5, 20)) / 100);
    const op = sale(g, day, inv, customerOf(g, inv), dec(full + extra, inv.WAERS));
    truth(g, op.key, 'overpayment', [{ inv, minor: full }], extra, inv.WAERS);
    return true;
  },

  multi: (g, day) => {
    const n = g.rng.int(2, 4);
    const got = take(g, n);
    if (!got) return false;
    const c = customerOf(g, got[0]!);
    const total = got.reduce((s, inv) => s + minorOf(inv), 0);
    const listed = g.rng.chance(50);
    const op = sale(
      g,
      day,
      null,
      c,
      dec(total, got[0]!.WAERS),
      listed
        ? {
            invoice_id: got.map((i) => i.XBLNR).join(', '),
            description: `Invoices ${got.map((i) => i.XBLNR).join(' ')}`,
          }
        : { description: `Payment for ${n} invoices` },
      true,
    );
    truth(
      g,
      op.key,
      'multi',
      got.map((inv) => ({ inv, minor: minorOf(inv) })),
      0,
      got[0]!.WAERS,
    );
    return true;
  },

  // A cardholder who paid an invoice less what they took for the card fee (2.5 to 3.5 %): PayTrace takes no fee
  // from a sale, so the clerk posts it as a partial payment and the rest stays open on the invoice.
  'short-payment': (g, day) => {
    const bp = g.rng.int(250, 350);
    // Large enough that the difference is well beyond the write-off tolerance.
    const got = take(g, 1, (inv) => (minorOf(inv) * bp) / 10000 > 4 * (currencyExponent(inv.WAERS) === 3 ? 300 : 100));
    if (!got) return false;
    const inv = got[0]!;
    const fee = Math.floor((minorOf(inv) * bp) / 10000);
    const paid = minorOf(inv) - fee;
    const op = sale(g, day, inv, customerOf(g, inv), dec(paid, inv.WAERS));
    truth(g, op.key, 'short-payment', [{ inv, minor: paid }], 0, inv.WAERS);
    return true;
  },

  typo: (g, day) => {
    const got = take(g, 1, (inv) => /\d/.test(inv.XBLNR));
    if (!got) return false;
    const inv = got[0]!;
    // A typo that is no key SAP holds; some invoice numbers have none (every variant is taken).
    const typo = typoOf(g, inv.XBLNR);
    if (typo === null) {
      g.unused.giveBack(inv);
      return false;
    }
    const op = sale(g, day, inv, customerOf(g, inv), inv.WRBTR, { invoice_id: typo }, true);
    truth(g, op.key, 'typo', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS);
    return true;
  },

  'unknown-customer': (g, day) => {
    const who = g.rng.pick(STRANGERS);
    const minor = g.rng.int(1_000, 90_000);
    const cur = g.s.currency;
    const op: ScenarioPaymentOp = {
      op: 'sale',
      key: g.nextKey('pay'),
      at: iso(g.at(day)),
      amount: dec(minor, cur),
      invoice_id: '',
      customer_reference_id: '',
      description: 'Web payment',
      customer_id: '',
      billing_name: who,
      email: '',
      card: g.rng.pick(['visa', 'mastercard'] as const),
      billing_address: { street: `${g.rng.int(1, 999)} Elm Street`, city: 'Salem', state: 'OR', zip: '97301' },
    };
    g.s.payments.push(op);
    g.s.truth.push({ key: op.key, items: [], onAccount: dec(minor, cur), suspense: true, case: 'unknown-customer' });
    return true;
  },

  duplicate: (g, day) => {
    const got = take(g, 1);
    if (!got) return false;
    const inv = got[0]!;
    const first = sale(g, day, inv, customerOf(g, inv), inv.WRBTR);
    truth(g, first.key, 'exact', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS);
    const second = { ...first, key: g.nextKey('pay'), at: iso(Date.parse(first.at) + g.rng.int(1, 30) * MIN) };
    g.s.payments.push(second);
    truth(g, second.key, 'duplicate', [], minorOf(inv), inv.WAERS);
    return true;
  },

  decline: (g, day) => {
    const got = take(g, 1);
    if (!got) return false;
    const inv = got[0]!;
    const op = sale(g, day, inv, customerOf(g, inv), inv.WRBTR, { decline: true });
    truth(g, op.key, 'decline', [], 0, inv.WAERS);
    g.unused.giveBack(inv); // nothing was paid: the invoice stays available
    return true;
  },

  void: (g, day) => {
    const got = take(g, 1);
    if (!got) return false;
    const inv = got[0]!;
    const op = sale(g, day, inv, customerOf(g, inv), inv.WRBTR);
    g.s.payments.push({
      op: 'void',
      key: g.nextKey('void'),
      at: iso(Date.parse(op.at) + g.rng.int(5, 50) * MIN),
      ref: op.key,
    });
    truth(g, op.key, 'void', [], 0, inv.WAERS);
    g.unused.giveBack(inv);
    return true;
  },

  authorization: (g, day) => {
    const got = take(g, 1);
    if (!got) return false;
    const inv = got[0]!;
    const op = sale(g, day, inv, customerOf(g, inv), inv.WRBTR);
    op.op = 'authorize';
    truth(g, op.key, 'authorization', [], 0, inv.WAERS);
    g.unused.giveBack(inv);
    return true;
  },

  capture: (g, day) => {
    const got = take(g, 1);
    if (!got) return false;
    const inv = got[0]!;
    const op = sale(g, day, inv, customerOf(g, inv), inv.WRBTR);
    op.op = 'authorize';
    g.s.payments.push({
      op: 'capture',
      key: g.nextKey('capture'),
      at: iso(Date.parse(op.at) + g.rng.int(5, 50) * MIN),
      ref: op.key,
    });
    truth(g, op.key, 'capture', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS);
    return true;
  },

  refund: (g, day) => {
    if (day > g.days - 3) return false;
    const got = take(g, 1);
    if (!got) return false;
    const inv = got[0]!;
    const op = sale(g, day, inv, customerOf(g, inv), inv.WRBTR);
    truth(g, op.key, 'exact', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS);
    const full = g.rng.chance(50);
    const minor = full ? minorOf(inv) : Math.floor(minorOf(inv) / g.rng.int(2, 5));
    const refund: ScenarioPaymentOp = {
      op: 'refund',
      key: g.nextKey('refund'),
      at: iso(Date.parse(op.at) + g.rng.int(2, 3) * DAY),
      ref: op.key,
      ...(full ? {} : { amount: dec(minor, inv.WAERS) }),
    };
    g.s.payments.push(refund);
    truth(g, refund.key, 'refund', [], -minor, inv.WAERS, { relatedKey: op.key });
    // The goods came back: SD billed a credit memo the day before the card was refunded.
    const memoDay = dats(Date.parse(refund.at) - DAY);
    (g.s.creditMemos ??= []).push({
      forKey: refund.key,
      BUKRS: inv.BUKRS,
      KUNNR: inv.KUNNR,
      XBLNR: `CM${inv.XBLNR}`.slice(0, 16),
      ZUONR: inv.XBLNR,
      BLDAT: memoDay,
      BUDAT: memoDay,
      WAERS: inv.WAERS,
      WRBTR: dec(minor, inv.WAERS),
      SGTXT: `Credit memo for invoice ${inv.XBLNR}`,
      BLART: 'DG',
    });
    return true;
  },
};

/** The assignment case pays by PO number only: move the PO from the invoice field to the reference field. */
function withPo(g: Gen, inv: ScenarioInvoice): void {
  const op = g.s.payments[g.s.payments.length - 1] as SaleOp;
  op.invoice_id = '';
  op.customer_reference_id = inv.ZUONR;
  op.description = `PO ${inv.ZUONR}`;
}
