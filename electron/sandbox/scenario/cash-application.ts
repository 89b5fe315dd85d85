// The cash-application mode of the scenario generator (`generateScenario({ mode: 'cash-application' })`):
// payments as an AR team meets them when it applies card cash to SAP open items, each labelled with
// the answer a senior clerk gives. The cases come from how customers pay and how SAP holds what they
// owe (payment terms with cash discount, head offices paying for branches, credit memos, deductions),
// not from the matching engine's rules: the engine is measured against this set, never shaped by it.
import { normaliseReference, referenceKeys } from '../../../shared/matching/keys';
import { normaliseName } from '../../../shared/matching/names';
import { currencyExponent, decimalToMinor, minorToDecimal, money, percentThousandthsOf } from '../../../shared/money';
import { PREFIXES } from './cases';
import type { ScenarioOptions } from './generate';
import { dats } from './master-data';
import { CITIES, FIRST, SECOND, STREETS, STRANGERS } from './names';
import { Rng } from './prng';
import type { Scenario, ScenarioCustomer, ScenarioInvoice, ScenarioPaymentOp, ScenarioTruth } from './types';

export const CASH_APPLICATION_CASES = [
  'exact',
  'vault-kunnr',
  'name-variant',
  'parent-pays',
  'ref-separators',
  'ref-abbreviated',
  'ref-embedded',
  'ref-typo',
  'ref-typo-foreign',
  'ambiguous',
  'discount-earned',
  'discount-late',
  'deduction',
  'credit-memo',
  'duplicate',
  'refund-credit',
] as const;
export type CashApplicationCase = (typeof CASH_APPLICATION_CASES)[number];

/**
 * Cases that would catch an unsafe automatic rule, placed after the day's payments (so the rest of
 * the set stays as it was, but for which slip each typo is) at about one in forty payments each. Each looks like a payment a clerk
 * posts without looking, but is not: another customer shares the payer's mail domain and has an
 * open item of the same amount; a company of the payer's group has an open item of the same
 * amount; the same payer pays the same amount twice without a reference.
 */
export const ADVERSARIAL_CASES = ['shared-domain', 'group-same-amount', 'repeat-no-ref'] as const;
export type AdversarialCase = (typeof ADVERSARIAL_CASES)[number];

/**
 * Refunds that pay out a customer's open credit, placed after the adversarial cases with their own
 * random stream (so the rest of the set stays as it was): the credit memo the refund names among two
 * of its amount; two open credits of the amount and nothing to tell them apart (a clerk decides); no
 * open credit at all (nothing to clear: the refund is not matched to anything).
 */
export const REFUND_CASES = ['refund-credit-named', 'refund-credit-ambiguous', 'refund-no-credit'] as const;
export type RefundCase = (typeof REFUND_CASES)[number];

/**
 * Second payments of invoices SAP cleared before the run, placed last with their own random stream
 * (so the rest of the set stays as it was): the invoice a payment of ClearDesk's cleared, paid again
 * by card (a likely duplicate of that payment); one a lockbox or a clerk cleared in SAP (a likely
 * duplicate of SAP's clearing); and two that are not duplicates: a payment naming another customer's
 * cleared invoice while its own open invoice of the amount waits (a clerk applies it to that one), and
 * a payment naming a cleared invoice beside the open one it pays in full.
 */
export const CLEARED_CASES = [
  'duplicate-cleared-ours',
  'duplicate-cleared-sap',
  'cleared-other-customer',
  'cleared-and-open',
] as const;
export type ClearedCase = (typeof CLEARED_CASES)[number];

/** Most card payments name their invoice and pay it in full; the rest are the day's exceptions. */
export const CASH_APPLICATION_WEIGHTS: Readonly<Record<CashApplicationCase, number>> = {
  exact: 30,
  'vault-kunnr': 6,
  'name-variant': 5,
  'parent-pays': 5,
  'ref-separators': 5,
  'ref-abbreviated': 3,
  'ref-embedded': 5,
  'ref-typo': 5,
  'ref-typo-foreign': 2,
  ambiguous: 4,
  'discount-earned': 6,
  'discount-late': 3,
  deduction: 4,
  'credit-memo': 4,
  duplicate: 3,
  'refund-credit': 3,
};

const DAY = 86_400_000;
const MIN = 60_000;
const LEGAL_FORMS = ['Inc', 'LLC', 'Corp', 'Co', 'Ltd'];
const SERIAL_BASE: Readonly<Record<string, number>> = {
  '1000': 91200000,
  '2000': 72400000,
  '3000': 65100000,
  '4000': 66200000,
};
const TERMS = {
  NT30: { ZTERM: 'NT30', ZBD3T: 30 },
  Z210: { ZTERM: 'Z210', ZBD1T: 10, ZBD1P: '2.000', ZBD3T: 30 },
  Z115: { ZTERM: 'Z115', ZBD1T: 15, ZBD1P: '1.500', ZBD3T: 45 },
} as const;
type Terms = (typeof TERMS)[keyof typeof TERMS];
/** How PayTrace knows the customer: a vault id in SAP's master, the SAP number without zeros, or not at all. */
type IdStyle = 'vault' | 'kunnr' | 'none';

interface Account {
  readonly c: ScenarioCustomer;
  readonly id: IdStyle;
  readonly terms: Terms;
  readonly amounts: Set<number>;
  readonly cardholder: string;
}

interface G {
  readonly rng: Rng;
  readonly s: Scenario;
  readonly start: number;
  readonly days: number;
  readonly accounts: Account[];
  readonly byKunnr: Map<string, Account>;
  readonly serial: Map<string, number>;
  readonly typos: { op: SaleOp; inv: ScenarioInvoice; truth: ScenarioTruth; foreign: boolean }[];
  next: number;
}

type SaleOp = Extract<ScenarioPaymentOp, { invoice_id: string }>;
type RefundOp = Extract<ScenarioPaymentOp, { op: 'refund' }>;

const iso = (ms: number): string => new Date(ms).toISOString();
const exp = (cur: string): number => currencyExponent(cur);
const minorOf = (inv: ScenarioInvoice): number => decimalToMinor(inv.WRBTR, exp(inv.WAERS));
const dec = (minor: number, cur: string): string => minorToDecimal(minor, exp(cur));

function companyCodes(currency: string): Scenario['companyCodes'] {
  return [
    { BUKRS: '1000', WAERS: currency, BUTXT: 'ClearDesk Sandbox US' },
    { BUKRS: '2000', WAERS: 'JPY', BUTXT: 'ClearDesk Sandbox Japan' },
    { BUKRS: '3000', WAERS: 'KWD', BUTXT: 'ClearDesk Sandbox Kuwait' },
    { BUKRS: '4000', WAERS: 'BHD', BUTXT: 'ClearDesk Sandbox Bahrain' },
  ];
}

/** Seven in ten customers in 1000, one each in 2000 (JPY), 3000 (KWD) and 4000 (BHD). */
const bukrsOf = (i: number): string => (i % 10 === 7 ? '2000' : i % 10 === 8 ? '3000' : i % 10 === 9 ? '4000' : '1000');

function makeAccounts(g: G, count: number): void {
  const used = new Set<string>();
  const { rng } = g;
  for (let i = 0; i < count; i++) {
    let base = `${rng.pick(FIRST)} ${rng.pick(SECOND)}`;
    for (let tries = 0; used.has(base) && tries < 20; tries++) base = `${rng.pick(FIRST)} ${rng.pick(SECOND)}`;
    if (used.has(base)) base = `${base} ${i + 1}`;
    used.add(base);
    const name = `${base} ${rng.pick(LEGAL_FORMS)}`;
    const kunnr = String(200001 + i).padStart(10, '0');
    const [city, , zip] = rng.pick(CITIES);
    const domain = normaliseName(base)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    const roll = rng.int(0, 99);
    const id: IdStyle = roll < 50 ? 'vault' : roll < 80 ? 'kunnr' : 'none';
    const c: ScenarioCustomer = {
      KUNNR: kunnr,
      BUKRS: bukrsOf(i),
      NAME1: name,
      STRAS: `${rng.int(10, 9999)} ${rng.pick(STREETS)}`,
      ORT01: city,
      PSTLZ: zip,
      LAND1: 'US',
      SMTP_ADDR: `ap@${domain}.example`,
      AKONT: '0000140000',
      ...(id === 'vault' ? { vaultId: `CD${kunnr.slice(-6)}` } : {}),
    };
    const t = rng.int(0, 99);
    const terms = t < 45 ? TERMS.Z210 : t < 55 ? TERMS.Z115 : TERMS.NT30;
    const a: Account = { c, id, terms, amounts: new Set(), cardholder: rng.pick(STRANGERS) };
    g.accounts.push(a);
    g.byKunnr.set(kunnr, a);
  }
  // Corporate groups: in each company code, of every eight customers the first is a head office and
  // the next two its subsidiaries (KNB1-KNRZE names the head office, KNA1-KONZS the group).
  const byCode = new Map<string, Account[]>();
  for (const a of g.accounts) byCode.set(a.c.BUKRS, [...(byCode.get(a.c.BUKRS) ?? []), a]);
  for (const list of byCode.values())
    for (let k = 0; k + 2 < list.length; k += 8) {
      const head = list[k]!.c;
      const group = `G${head.KUNNR.slice(-6)}`;
      head.KONZS = group;
      for (const sub of [list[k + 1]!.c, list[k + 2]!.c]) {
        sub.KNRZE = head.KUNNR;
        sub.KONZS = group;
      }
    }
  g.s.customers = g.accounts.map((a) => a.c);
}

function amountRange(currency: string): [number, number] {
  return exp(currency) === 3 ? [20_000, 5_000_000] : exp(currency) === 0 ? [5_000, 2_000_000] : [10_000, 2_000_000];
}

/** The group of an account: its head office and every customer that names the same head office. */
function groupOf(g: G, a: Account): Account[] {
  const head = a.c.KNRZE ?? a.c.KUNNR;
  return g.accounts.filter((x) => x.c.KUNNR === head || x.c.KNRZE === head);
}

/** A new open item of `a`, dated `at`, its amount unique among the customer's (and its group's) items. */
function invoice(
  g: G,
  a: Account,
  at: number,
  o: { minor?: number; lo?: number; credit?: { forInvoice: string; kind: 'DG' | 'DZ' }; consecutive?: boolean } = {},
): ScenarioInvoice {
  const cur = g.s.companyCodes.find((c) => c.BUKRS === a.c.BUKRS)!.WAERS;
  const [lo, hi] = amountRange(cur);
  const group = groupOf(g, a);
  const taken = (m: number): boolean => group.some((x) => x.amounts.has(m));
  let minor = o.minor ?? g.rng.int(o.lo ?? lo, hi);
  while (o.minor === undefined && taken(minor)) minor = g.rng.int(o.lo ?? lo, hi);
  if (!o.credit) a.amounts.add(minor);
  const n = (g.serial.get(a.c.BUKRS) ?? 0) + 1;
  g.serial.set(a.c.BUKRS, n);
  const xblnr = String(SERIAL_BASE[a.c.BUKRS]! + n);
  const date = dats(at);
  const inv: ScenarioInvoice = {
    BUKRS: a.c.BUKRS,
    KUNNR: a.c.KUNNR,
    XBLNR: xblnr,
    ZUONR: o.credit ? o.credit.forInvoice : g.rng.chance(50) ? `45${g.rng.int(10000000, 99999999)}` : xblnr,
    BLDAT: date,
    BUDAT: date,
    WAERS: cur,
    WRBTR: dec(minor, cur),
    SGTXT: o.credit
      ? o.credit.kind === 'DG'
        ? `Credit memo for invoice ${o.credit.forInvoice}`
        : `Payment on account ${o.credit.forInvoice}`
      : `Invoice ${xblnr}`,
    BLART: o.credit ? o.credit.kind : 'DR',
    ...(o.credit ? { SHKZG: 'H' as const } : {}),
    ...(o.credit ? {} : a.terms),
  };
  g.s.invoices.push(inv);
  return inv;
}

/** What the cardholder types about who pays, as the customer is set up at PayTrace. */
function payer(g: G, a: Account, identifiable: boolean): Pick<SaleOp, 'customer_id' | 'billing_name' | 'email'> {
  const r = g.rng;
  const c = a.c;
  const personal = `${a.cardholder.toLowerCase().replace(/ /g, '.')}@mail.example`;
  if (a.id === 'vault')
    return {
      customer_id: c.vaultId!,
      billing_name: r.chance(50) ? c.NAME1 : a.cardholder,
      email: r.chance(50) ? c.SMTP_ADDR : '',
    };
  if (a.id === 'kunnr')
    return {
      customer_id: String(Number(c.KUNNR)),
      billing_name: r.chance(50) ? c.NAME1 : a.cardholder,
      email: r.chance(50) ? personal : '',
    };
  if (identifiable) return { customer_id: '', billing_name: c.NAME1, email: c.SMTP_ADDR };
  return {
    customer_id: '',
    billing_name: r.chance(50) ? c.NAME1 : a.cardholder,
    email: r.chance(30) ? c.SMTP_ADDR : '',
  };
}

function sale(
  g: G,
  day: number,
  a: Account,
  minor: number,
  fields: Partial<SaleOp>,
  identifiable: boolean,
  at?: number,
): SaleOp {
  const cur = g.s.companyCodes.find((c) => c.BUKRS === a.c.BUKRS)!.WAERS;
  const op: SaleOp = {
    op: 'sale',
    key: `pay-${String(++g.next).padStart(5, '0')}`,
    at: iso(at ?? g.start + day * DAY + g.rng.int(16 * 3600, 23 * 3600 + 3599) * 1000),
    amount: dec(minor, cur),
    invoice_id: '',
    customer_reference_id: '',
    description: 'Payment',
    ...payer(g, a, identifiable),
    card: g.rng.pick(['visa', 'mastercard', 'amex', 'discover'] as const),
    ...(cur === g.s.currency ? {} : { currency: cur }),
    ...fields,
  };
  g.s.payments.push(op);
  return op;
}

function truth(
  g: G,
  key: string,
  kase: CashApplicationCase | AdversarialCase | RefundCase | ClearedCase,
  items: { inv: ScenarioInvoice; minor: number; writeOff?: number }[],
  onAccount: number,
  cur: string,
  extra: Partial<ScenarioTruth> = {},
): ScenarioTruth {
  const t: ScenarioTruth = {
    key,
    items: items.map(({ inv, minor, writeOff }) => ({
      BUKRS: inv.BUKRS,
      XBLNR: inv.XBLNR,
      amount: dec(minor, cur),
      ...(writeOff ? { writeOff: dec(writeOff, cur) } : {}),
    })),
    onAccount: dec(onAccount, cur),
    suspense: false,
    case: kase,
    ...extra,
  };
  g.s.truth.push(t);
  return t;
}

/** A business-hours instant of `day`, and the day's date. */
const payTime = (g: G, day: number): number => g.start + day * DAY + g.rng.int(16 * 3600, 23 * 3600 + 3599) * 1000;
const dayStart = (g: G, day: number): number => g.start + day * DAY;
/** An invoice date 3 to 40 days before the payment day. */
const billed = (g: G, day: number): number => dayStart(g, day) - g.rng.int(3, 40) * DAY;

function pickAccount(g: G, test: (a: Account) => boolean = () => true): Account | null {
  for (let tries = 0; tries < 40; tries++) {
    const a = g.rng.pick(g.accounts);
    if (test(a)) return a;
  }
  return g.accounts.find(test) ?? null;
}

/** The invoice number as a customer types it in PayTrace's invoice field, mostly plain. */
function typed(g: G, xblnr: string): string {
  return g.rng.pick([xblnr, xblnr, xblnr, `INV-${xblnr}`, `#${xblnr}`, `inv ${xblnr}`]);
}

/** "91213095/96/97": the first number whole, the others by the digits that differ (at least two). */
function abbreviate(numbers: readonly string[], sep: string): string {
  const first = numbers[0]!;
  const rest = numbers.slice(1).map((n) => {
    let k = 0;
    while (k < n.length - 2 && n[k] === first[k]) k++;
    return n.slice(k);
  });
  return [first, ...rest].join(sep);
}

const CASE_BUILDERS: Readonly<Record<CashApplicationCase, (g: G, day: number) => boolean>> = {
  exact: (g, day) => {
    const a = g.rng.pick(g.accounts);
    const inv = invoice(g, a, billed(g, day));
    const inDescription = g.rng.chance(15);
    const op = sale(
      g,
      day,
      a,
      minorOf(inv),
      inDescription
        ? { description: `Payment for invoice ${inv.XBLNR}` }
        : { invoice_id: typed(g, inv.XBLNR), description: `Payment ${inv.XBLNR}` },
      false,
    );
    truth(g, op.key, 'exact', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS);
    return true;
  },

  'vault-kunnr': (g, day) => {
    const a = pickAccount(g, (x) => x.id === 'kunnr');
    if (!a) return false;
    const inv = invoice(g, a, billed(g, day));
    const op = sale(
      g,
      day,
      a,
      minorOf(inv),
      { description: g.rng.pick(['Online payment', 'Payment', 'Card payment']), billing_name: a.cardholder, email: '' },
      true,
    );
    truth(g, op.key, 'vault-kunnr', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS);
    return true;
  },

  'name-variant': (g, day) => {
    const a = pickAccount(g, (x) => x.id !== 'vault');
    if (!a) return false;
    const inv = invoice(g, a, billed(g, day));
    const [w1, w2, ...rest] = a.c.NAME1.split(' ');
    const base = `${w1} ${w2}${rest.length > 1 ? ` ${rest.slice(0, -1).join(' ')}` : ''}`;
    const form = a.c.NAME1.split(' ').at(-1)!;
    const domain = a.c.SMTP_ADDR.split('@')[1]!;
    const name = g.rng.pick([
      `${base} ${g.rng.pick(['Incorporated', 'Corporation', 'Company', 'Limited'])}`,
      `${base.toUpperCase()} ${form.toUpperCase()}.`,
      `${base} ${form} - Accounts Payable`,
      `${base} ${form} AP Dept`,
      `${base}, ${form}. (${a.c.ORT01})`,
      `${base} ${form} Corporation Ltd`,
    ]);
    const email = g.rng.pick([
      `accounts.payable@${domain}`,
      `${a.cardholder.toLowerCase().replace(/ /g, '.')}@${domain}`,
      `AP@${domain.toUpperCase()}`,
      '',
    ]);
    const op = sale(
      g,
      day,
      a,
      minorOf(inv),
      { customer_id: '', billing_name: name, email, description: 'Online payment' },
      true,
    );
    truth(g, op.key, 'name-variant', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS);
    return true;
  },

  'parent-pays': (g, day) => {
    const sub = pickAccount(g, (x) => x.c.KNRZE !== undefined);
    if (!sub) return false;
    const head = g.byKunnr.get(sub.c.KNRZE!)!;
    const inv = invoice(g, sub, billed(g, day));
    const withRef = g.rng.chance(60);
    const op = sale(
      g,
      day,
      head,
      minorOf(inv),
      withRef
        ? { invoice_id: typed(g, inv.XBLNR), description: `Payment ${inv.XBLNR} for ${sub.c.NAME1}` }
        : { description: g.rng.pick(['Payment', `Payment for ${sub.c.ORT01} branch`]) },
      true,
    );
    truth(g, op.key, 'parent-pays', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS);
    return true;
  },

  'ref-separators': (g, day) => {
    const a = g.rng.pick(g.accounts);
    const n = g.rng.int(2, 3);
    const invs = Array.from({ length: n }, () => invoice(g, a, billed(g, day)));
    const sep = g.rng.pick([', ', '/', ' / ', ';', ' and ', ' & ', ' ', '+', ',']);
    const list = invs.map((i) => i.XBLNR).join(sep);
    const total = invs.reduce((s, i) => s + minorOf(i), 0);
    const op = sale(
      g,
      day,
      a,
      total,
      g.rng.chance(50) ? { invoice_id: list, description: 'Payment' } : { description: `Invoices ${list}` },
      false,
    );
    truth(
      g,
      op.key,
      'ref-separators',
      invs.map((inv) => ({ inv, minor: minorOf(inv) })),
      0,
      invs[0]!.WAERS,
    );
    return true;
  },

  'ref-abbreviated': (g, day) => {
    const a = g.rng.pick(g.accounts);
    const n = g.rng.int(2, 3);
    const date = billed(g, day);
    // One billing run: consecutive numbers.
    const invs = Array.from({ length: n }, () => invoice(g, a, date));
    const text = abbreviate(
      invs.map((i) => i.XBLNR),
      g.rng.pick(['/', ', ', ' / ', ' & ']),
    );
    const total = invs.reduce((s, i) => s + minorOf(i), 0);
    const op = sale(
      g,
      day,
      a,
      total,
      g.rng.chance(50) ? { invoice_id: text, description: 'Payment' } : { description: `Inv ${text}` },
      false,
    );
    truth(
      g,
      op.key,
      'ref-abbreviated',
      invs.map((inv) => ({ inv, minor: minorOf(inv) })),
      0,
      invs[0]!.WAERS,
    );
    return true;
  },

  'ref-embedded': (g, day) => {
    const a = g.rng.pick(g.accounts);
    const inv = invoice(g, a, billed(g, day));
    const po = `45${g.rng.int(10000000, 99999999)}`;
    const d = new Date(dayStart(g, day));
    const us = `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()}`;
    const isoDay = d.toISOString().slice(0, 10);
    const order = String(g.rng.int(100000, 999999));
    const text = g.rng.pick([
      `PO ${po} inv ${inv.XBLNR} ${us}`,
      `Order ${order} / Invoice ${inv.XBLNR} / ${isoDay}`,
      `Ref: ${inv.XBLNR} PO#${po}`,
      `${us} payment PO ${po}, invoice no. ${inv.XBLNR}`,
      `PO${po} - ${inv.XBLNR} - order ${order}`,
    ]);
    const inField = g.rng.chance(40);
    const op = sale(
      g,
      day,
      a,
      minorOf(inv),
      inField ? { invoice_id: text, description: 'Payment' } : { customer_reference_id: po, description: text },
      false,
    );
    truth(g, op.key, 'ref-embedded', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS);
    return true;
  },

  'ref-typo': (g, day) => {
    const a = g.rng.pick(g.accounts);
    const inv = invoice(g, a, billed(g, day));
    const op = sale(g, day, a, minorOf(inv), { invoice_id: inv.XBLNR, description: 'Payment' }, g.rng.chance(50));
    const t = truth(g, op.key, 'ref-typo', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS);
    g.typos.push({ op, inv, truth: t, foreign: false }); // the slip is chosen when every number is known
    return true;
  },

  'ref-typo-foreign': (g, day) => {
    const a = pickAccount(g, (x) => x.id !== 'none');
    if (!a) return false;
    const inv = invoice(g, a, billed(g, day));
    const op = sale(g, day, a, minorOf(inv), { invoice_id: inv.XBLNR, description: 'Payment' }, true);
    const t = truth(g, op.key, 'ref-typo-foreign', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS, {
      autoAllowed: false,
    });
    g.typos.push({ op, inv, truth: t, foreign: true });
    return true;
  },

  ambiguous: (g, day) => {
    const a = pickAccount(g, (x) => x.id !== 'none' || g.rng.chance(50));
    if (!a) return false;
    const older = invoice(g, a, dayStart(g, day) - g.rng.int(25, 50) * DAY);
    const newer = invoice(g, a, dayStart(g, day) - g.rng.int(3, 20) * DAY, { minor: minorOf(older) });
    const op = sale(g, day, a, minorOf(older), { description: g.rng.pick(['Payment', 'Monthly payment']) }, true);
    truth(g, op.key, 'ambiguous', [{ inv: older, minor: minorOf(older) }], 0, older.WAERS, { autoAllowed: false });
    void newer;
    return true;
  },

  'discount-earned': (g, day) => discounted(g, day, true),
  'discount-late': (g, day) => discounted(g, day, false),

  deduction: (g, day) => {
    const a = pickAccount(g, (x) => x.terms.ZTERM === 'NT30');
    if (!a) return false;
    const cur = g.s.companyCodes.find((c) => c.BUKRS === a.c.BUKRS)!.WAERS;
    const unit = exp(cur) === 0 ? 1000 : exp(cur) === 3 ? 5_000 : 2_500;
    const ded = unit * g.rng.pick([1, 2, 4, 6, 10]);
    // Half the deductions are under 4 % of the invoice, where a percentage (a fee) might be guessed.
    const factor = g.rng.chance(50) ? g.rng.int(26, 60) : g.rng.int(6, 24);
    const inv = invoice(g, a, billed(g, day), { minor: ded * factor + g.rng.int(0, unit - 1) });
    const paid = minorOf(inv) - ded;
    const why = g.rng.pick(['damaged goods', 'freight not agreed', 'pricing difference', 'short shipment', '']);
    const op = sale(
      g,
      day,
      a,
      paid,
      {
        invoice_id: g.rng.chance(80) ? typed(g, inv.XBLNR) : '',
        description: why ? `${inv.XBLNR} less ${dec(ded, cur)} ${why}` : `Payment ${inv.XBLNR}`,
      },
      true,
    );
    truth(g, op.key, 'deduction', [{ inv, minor: paid }], 0, cur);
    return true;
  },

  'credit-memo': (g, day) => {
    const a = g.rng.pick(g.accounts);
    const inv = invoice(g, a, billed(g, day));
    const gross = minorOf(inv);
    const credit = Math.floor((gross * g.rng.int(5, 40)) / 100);
    const memo = invoice(g, a, dayStart(g, day) - g.rng.int(1, 10) * DAY, {
      minor: credit,
      credit: { forInvoice: inv.XBLNR, kind: 'DG' },
    });
    const op = sale(
      g,
      day,
      a,
      gross - credit,
      g.rng.chance(60)
        ? { invoice_id: typed(g, inv.XBLNR), description: `Invoice ${inv.XBLNR} less credit memo ${memo.XBLNR}` }
        : { invoice_id: inv.XBLNR, description: 'Payment net of credit' },
      false,
    );
    truth(
      g,
      op.key,
      'credit-memo',
      [
        { inv, minor: gross },
        { inv: memo, minor: -credit },
      ],
      0,
      inv.WAERS,
    );
    return true;
  },

  duplicate: (g, day) => {
    if (day > g.days - 2) return false;
    const a = g.rng.pick(g.accounts);
    const inv = invoice(g, a, billed(g, day));
    const first = sale(g, day, a, minorOf(inv), { invoice_id: inv.XBLNR, description: `Payment ${inv.XBLNR}` }, false);
    truth(g, first.key, 'exact', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS);
    const later = g.rng.chance(60) ? Date.parse(first.at) + g.rng.int(2, 90) * MIN : payTime(g, day + 1);
    const second = sale(
      g,
      day,
      a,
      minorOf(inv),
      {
        invoice_id: first.invoice_id,
        description: first.description,
        billing_name: first.billing_name,
        email: first.email,
        customer_id: first.customer_id,
        card: first.card,
      },
      false,
      later,
    );
    truth(g, second.key, 'duplicate', [], minorOf(inv), inv.WAERS, { autoAllowed: false, duplicateOfKey: first.key });
    return true;
  },

  'refund-credit': (g, day) => {
    if (day > g.days - 4) return false;
    const a = g.rng.pick(g.accounts);
    const inv = invoice(g, a, billed(g, day));
    const op = sale(g, day, a, minorOf(inv), { invoice_id: inv.XBLNR, description: `Payment ${inv.XBLNR}` }, false);
    truth(g, op.key, 'exact', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS);
    // Goods came back: SD bills a credit memo, and the customer asks for the money on the card.
    const returned = Math.floor((minorOf(inv) * g.rng.int(10, 100)) / 100);
    const refundAt = payTime(g, day + 2);
    const memo = invoice(g, a, refundAt - DAY, { minor: returned, credit: { forInvoice: inv.XBLNR, kind: 'DG' } });
    const refund: ScenarioPaymentOp = {
      op: 'refund',
      key: `refund-${String(++g.next).padStart(5, '0')}`,
      at: iso(refundAt),
      ref: op.key,
      ...(returned === minorOf(inv) ? {} : { amount: dec(returned, inv.WAERS) }),
    };
    g.s.payments.push(refund);
    truth(g, refund.key, 'refund-credit', [{ inv: memo, minor: -returned }], 0, inv.WAERS, { relatedKey: op.key });
    return true;
  },
};

/** A payment net of the cash discount the invoice's terms grant, inside the period or after it. */
function discounted(g: G, day: number, inTime: boolean): boolean {
  const a = pickAccount(g, (x) => x.terms.ZTERM !== 'NT30');
  if (!a) return false;
  const terms = a.terms as typeof TERMS.Z210 | typeof TERMS.Z115;
  // Baseline = document date; the payment's local day counts.
  const ago = inTime ? g.rng.int(0, terms.ZBD1T) : g.rng.int(terms.ZBD1T + 2, terms.ZBD3T - 1);
  const cur = g.s.companyCodes.find((c) => c.BUKRS === a.c.BUKRS)!.WAERS;
  const [lo] = amountRange(cur);
  const inv = invoice(g, a, dayStart(g, day) - ago * DAY, { lo: lo * 10 });
  const gross = minorOf(inv);
  const pct = Number(terms.ZBD1P.replace('.', ''));
  const discount = percentThousandthsOf(money(gross, cur), pct).minor;
  const paid = gross - discount;
  const op = sale(
    g,
    day,
    a,
    paid,
    g.rng.chance(70)
      ? { invoice_id: typed(g, inv.XBLNR), description: `Payment ${inv.XBLNR}` }
      : { description: 'Payment' },
    true,
  );
  if (inTime)
    truth(g, op.key, 'discount-earned', [{ inv, minor: paid, writeOff: discount }], 0, cur, {
      writeOffWhy: 'discount',
    });
  else truth(g, op.key, 'discount-late', [{ inv, minor: paid }], 0, cur);
  return true;
}

/** A one-digit slip of `ref`: two neighbours swapped or one digit off by one. */
function slips(ref: string): string[] {
  const out: string[] = [];
  for (let p = ref.length - 1; p >= 2; p--) {
    const d = Number(ref[p]);
    for (const x of [d + 1, d - 1]) if (x >= 0 && x <= 9) out.push(ref.slice(0, p) + String(x) + ref.slice(p + 1));
    if (ref[p] !== ref[p - 1]) out.push(ref.slice(0, p - 1) + ref[p] + ref[p - 1] + ref.slice(p + 1));
  }
  return out;
}

/** The typos, now that every number SAP holds is known. */
function placeTypos(g: G): void {
  const keys = new Map<string, ScenarioInvoice>();
  for (const inv of g.s.invoices) keys.set(normaliseReference(inv.XBLNR, PREFIXES), inv);
  const taken = new Set(keys.keys());
  // Document numbers and assignments are keys too (documentNumbers counts from 0090000001).
  for (const inv of g.s.invoices) taken.add(normaliseReference(inv.ZUONR, PREFIXES));
  for (let k = 0; k < g.s.invoices.length + 10; k++) taken.add(String(90000001 + k));
  for (const t of g.typos) {
    const options = slips(t.inv.XBLNR);
    if (t.foreign) {
      const other = options.filter((o) => {
        const hit = keys.get(o);
        return hit !== undefined && hit.KUNNR !== t.inv.KUNNR && hit.BLART === 'DR' && hit.WRBTR !== t.inv.WRBTR;
      });
      if (other.length > 0) {
        t.op.invoice_id = g.rng.pick(other);
        continue;
      }
      // No neighbour of another customer: an honest plain slip instead.
      t.truth.case = 'ref-typo';
      delete t.truth.autoAllowed;
    }
    const free = options.filter((o) => !taken.has(o));
    t.op.invoice_id = free.length > 0 ? g.rng.pick(free) : t.inv.XBLNR;
    if (free.length === 0) t.truth.case = 'exact';
  }
}

/** A new customer of company code 1000 without a PayTrace identity, for the adversarial cases. */
function newAccount(g: G, name: string, email: string): Account {
  const kunnr = String(200001 + g.accounts.length).padStart(10, '0');
  const [city, , zip] = g.rng.pick(CITIES);
  const c: ScenarioCustomer = {
    KUNNR: kunnr,
    BUKRS: '1000',
    NAME1: name,
    STRAS: `${g.rng.int(10, 9999)} ${g.rng.pick(STREETS)}`,
    ORT01: city,
    PSTLZ: zip,
    LAND1: 'US',
    SMTP_ADDR: email,
    AKONT: '0000140000',
  };
  const a: Account = { c, id: 'none', terms: TERMS.NT30, amounts: new Set(), cardholder: g.rng.pick(STRANGERS) };
  g.accounts.push(a);
  g.byKunnr.set(kunnr, a);
  g.s.customers.push(c);
  return a;
}

const ADVERSARIAL_BUILDERS: Readonly<Record<AdversarialCase, (g: G, day: number) => boolean>> = {
  // Two companies of one brand, not one group in SAP, bill from one mail domain. An employee pays
  // with the first one's card (its billing address) from an address at that domain, for an amount
  // both have open: the address decides, but a clerk looks.
  'shared-domain': (g, day) => {
    const base = `${g.rng.pick(FIRST)} ${g.rng.pick(SECOND)} ${g.accounts.length}`;
    const domain = base.toLowerCase().replace(/[^a-z0-9]/g, '');
    const a = newAccount(g, `${base} Holdings Inc`, `ap@${domain}.example`);
    const b = newAccount(g, `${base} Services LLC`, `billing@${domain}.example`);
    const inv = invoice(g, a, billed(g, day));
    invoice(g, b, billed(g, day), { minor: minorOf(inv) });
    const op = sale(
      g,
      day,
      a,
      minorOf(inv),
      {
        customer_id: '',
        billing_name: a.cardholder,
        email: `${a.cardholder.toLowerCase().replace(/ /g, '.')}@${domain}.example`,
        // The company card, billed to the company's address.
        billing_address: { street: a.c.STRAS, city: a.c.ORT01, state: '', zip: a.c.PSTLZ },
      },
      true,
    );
    truth(g, op.key, 'shared-domain', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS, { autoAllowed: false });
    return true;
  },

  // A payer PayTrace knows for certain pays its own invoice without a reference, and another
  // company of its group (KNB1-KNRZE, KNA1-KONZS) has an open item of exactly that amount.
  'group-same-amount': (g, day) => {
    const a = pickAccount(g, (x) => x.id !== 'none' && x.c.KONZS !== undefined);
    if (!a) return false;
    const other = g.accounts.find((x) => x !== a && x.c.KONZS === a.c.KONZS);
    if (!other) return false;
    const inv = invoice(g, a, billed(g, day));
    invoice(g, other, billed(g, day), { minor: minorOf(inv) });
    const op = sale(g, day, a, minorOf(inv), { description: 'Payment', billing_name: a.cardholder, email: '' }, true);
    truth(g, op.key, 'group-same-amount', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS, { autoAllowed: false });
    return true;
  },

  // The same certain payer pays the same amount twice within the hour, without a reference, and
  // one open item has it: the first pays it after a look, the second is a likely duplicate.
  'repeat-no-ref': (g, day) => {
    const a = pickAccount(g, (x) => x.id !== 'none');
    if (!a) return false;
    const inv = invoice(g, a, billed(g, day));
    const first = sale(
      g,
      day,
      a,
      minorOf(inv),
      { description: 'Payment', billing_name: a.cardholder, email: '' },
      true,
    );
    const second = sale(
      g,
      day,
      a,
      minorOf(inv),
      {
        description: 'Payment',
        customer_id: first.customer_id,
        billing_name: first.billing_name,
        email: '',
        card: first.card,
      },
      true,
      Date.parse(first.at) + g.rng.int(2, 50) * MIN,
    );
    truth(g, first.key, 'repeat-no-ref', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS, { autoAllowed: false });
    truth(g, second.key, 'repeat-no-ref', [], minorOf(inv), inv.WAERS, {
      autoAllowed: false,
      duplicateOfKey: first.key,
    });
    return true;
  },
};

/** A sale paying a new invoice of `a` in full, settled before `refundAt`, and the refund of part of it. */
function refunded(
  g: G,
  day: number,
  a: Account,
  says: { description: string; invoice_id: string },
): { inv: ScenarioInvoice; returned: number; refundAt: number; refund: RefundOp } {
  const inv = invoice(g, a, billed(g, day));
  const op = sale(g, day, a, minorOf(inv), { invoice_id: inv.XBLNR, description: `Payment ${inv.XBLNR}` }, false);
  truth(g, op.key, 'exact', [{ inv, minor: minorOf(inv) }], 0, inv.WAERS);
  const returned = Math.floor((minorOf(inv) * g.rng.int(10, 90)) / 100);
  const refundAt = payTime(g, day + 2);
  const refund: RefundOp = {
    op: 'refund',
    key: `refund-${String(++g.next).padStart(5, '0')}`,
    at: iso(refundAt),
    ref: op.key,
    amount: dec(returned, inv.WAERS),
    ...says,
  };
  g.s.payments.push(refund);
  return { inv, returned, refundAt, refund };
}

/** An open credit of `a` that does not refer to the invoice the refund's sale paid (an RMA, a payment on account). */
function looseCredit(g: G, a: Account, at: number, minor: number, kind: 'DG' | 'DZ'): ScenarioInvoice {
  return invoice(g, a, at, { minor, credit: { forInvoice: `RMA${g.rng.int(100000, 999999)}`, kind } });
}

const REFUND_BUILDERS: Readonly<Record<RefundCase, (g: G, day: number) => boolean>> = {
  // Goods came back under an RMA: SD billed a credit memo, an older credit of the same amount is
  // open too, and the customer service agent's refund names the memo it pays out.
  'refund-credit-named': (g, day) => {
    const a = g.rng.pick(g.accounts);
    const r = refunded(g, day, a, { description: '', invoice_id: '' });
    looseCredit(g, a, r.refundAt - g.rng.int(20, 40) * DAY, r.returned, 'DZ');
    const memo = looseCredit(g, a, r.refundAt - DAY, r.returned, 'DG');
    r.refund.description = g.rng.pick([
      `Refund credit memo ${memo.XBLNR}`,
      `CM ${memo.XBLNR} returned goods`,
      `refund per credit ${memo.XBLNR}`,
    ]);
    truth(g, r.refund.key, 'refund-credit-named', [{ inv: memo, minor: -r.returned }], 0, r.inv.WAERS, {
      relatedKey: r.refund.ref,
    });
    return true;
  },
  // Two open credits of exactly the refund's amount, neither naming the sale's invoice, and a
  // refund that names nothing: the oldest is a fair first offer, but a clerk decides.
  'refund-credit-ambiguous': (g, day) => {
    const a = g.rng.pick(g.accounts);
    const r = refunded(g, day, a, { description: 'Refund', invoice_id: '' });
    const older = looseCredit(g, a, r.refundAt - g.rng.int(20, 40) * DAY, r.returned, 'DZ');
    looseCredit(g, a, r.refundAt - g.rng.int(2, 10) * DAY, r.returned, g.rng.pick(['DG', 'DZ'] as const));
    truth(g, r.refund.key, 'refund-credit-ambiguous', [{ inv: older, minor: -r.returned }], 0, r.inv.WAERS, {
      relatedKey: r.refund.ref,
      autoAllowed: false,
    });
    return true;
  },
  // A goodwill refund without a credit in SAP: nothing to pay out, so nothing is matched.
  'refund-no-credit': (g, day) => {
    const a = g.rng.pick(g.accounts);
    const r = refunded(g, day, a, { description: 'Goodwill refund', invoice_id: '' });
    truth(g, r.refund.key, 'refund-no-credit', [], -r.returned, r.inv.WAERS, {
      relatedKey: r.refund.ref,
      autoAllowed: false,
    });
    return true;
  },
};

/**
 * An invoice of `a` SAP cleared `clearedDaysBefore` the payment day: numbered below the run's own
 * (SERIAL_BASE - 500000, two digits away, so no slip of a typo reaches one), document numbers from
 * 0080000001, clearing documents from 1400000001. Not among the open invoices.
 */
function clearedInvoice(g: G, a: Account, day: number, paidBy: number | null): ScenarioInvoice & { BELNR: string } {
  const cleared = (g.s.clearedInvoices ??= []);
  const cur = g.s.companyCodes.find((c) => c.BUKRS === a.c.BUKRS)!.WAERS;
  const [lo, hi] = amountRange(cur);
  const n = cleared.length + 1;
  const at = dayStart(g, day) - g.rng.int(20, 50) * DAY;
  const xblnr = String(SERIAL_BASE[a.c.BUKRS]! - 500000 + n);
  const inv = {
    BUKRS: a.c.BUKRS,
    KUNNR: a.c.KUNNR,
    XBLNR: xblnr,
    ZUONR: xblnr,
    BLDAT: dats(at),
    BUDAT: dats(at),
    WAERS: cur,
    WRBTR: dec(g.rng.int(lo, hi), cur),
    SGTXT: `Invoice ${xblnr}`,
    BLART: 'DR',
    ...a.terms,
    BELNR: String(80000000 + n).padStart(10, '0'),
    AUGBL: String(1400000000 + n),
    AUGDT: dats(dayStart(g, day) - g.rng.int(1, 10) * DAY),
    paidBy,
  };
  cleared.push(inv);
  return inv;
}

/**
 * An open invoice of `a` placed after the typos: its number skips every number a payment already
 * names (a typo's slip among them), so no earlier payment comes to name it by chance.
 */
function lateInvoice(g: G, a: Account, at: number): ScenarioInvoice {
  const named = new Set<string>();
  for (const op of g.s.payments)
    if (op.op === 'sale')
      for (const text of [op.invoice_id, op.customer_reference_id, op.description])
        for (const k of referenceKeys(text, PREFIXES)) named.add(k);
  let n = g.serial.get(a.c.BUKRS) ?? 0;
  while (named.has(String(SERIAL_BASE[a.c.BUKRS]! + n + 1))) n++;
  g.serial.set(a.c.BUKRS, n);
  return invoice(g, a, at);
}

/** A PayTrace transaction of an earlier run (below the run's own ids), whose posting cleared an invoice. */
const earlierTransaction = (g: G): number => 100000001 - g.rng.int(1000, 90000);

const CLEARED_BUILDERS: Readonly<Record<ClearedCase, (g: G, day: number) => void>> = {
  // ClearDesk posted the first payment last week; the customer's AP pays the invoice again by card.
  'duplicate-cleared-ours': (g, day) => {
    const a = g.rng.pick(g.accounts);
    const inv = clearedInvoice(g, a, day, earlierTransaction(g));
    const op = sale(g, day, a, minorOf(inv), { invoice_id: inv.XBLNR, description: `Payment ${inv.XBLNR}` }, true);
    truth(g, op.key, 'duplicate-cleared-ours', [], minorOf(inv), inv.WAERS, {
      autoAllowed: false,
      duplicateOfCleared: inv.XBLNR,
    });
  },
  // The invoice was paid by check through the lockbox and cleared in SAP; a card payment names it again.
  'duplicate-cleared-sap': (g, day) => {
    const a = g.rng.pick(g.accounts);
    const inv = clearedInvoice(g, a, day, null);
    const op = sale(
      g,
      day,
      a,
      minorOf(inv),
      {
        invoice_id: '',
        description: g.rng.pick([`Inv ${inv.XBLNR}`, `Invoice #${inv.XBLNR}`, `${inv.XBLNR} payment`]),
      },
      true,
    );
    truth(g, op.key, 'duplicate-cleared-sap', [], minorOf(inv), inv.WAERS, {
      autoAllowed: false,
      duplicateOfCleared: inv.XBLNR,
    });
  },
  // The payer names a number that is another customer's cleared invoice (a slip, an old remittance)
  // and pays the amount of its own only open invoice of that amount: a clerk applies it there.
  'cleared-other-customer': (g, day) => {
    const a = g.rng.pick(g.accounts);
    const b = pickAccount(g, (x) => x !== a && x.c.BUKRS === a.c.BUKRS);
    if (b === null) return;
    const own = lateInvoice(g, a, billed(g, day));
    const theirs = clearedInvoice(g, b, day, g.rng.chance(50) ? earlierTransaction(g) : null);
    const op = sale(
      g,
      day,
      a,
      minorOf(own),
      { invoice_id: theirs.XBLNR, description: `Payment ${theirs.XBLNR}` },
      true,
    );
    truth(g, op.key, 'cleared-other-customer', [{ inv: own, minor: minorOf(own) }], 0, own.WAERS, {
      autoAllowed: false,
    });
  },
  // A remittance listing an invoice paid last month beside the open one it pays, for exactly that one.
  'cleared-and-open': (g, day) => {
    const a = g.rng.pick(g.accounts);
    const old = clearedInvoice(g, a, day, earlierTransaction(g));
    const open = lateInvoice(g, a, billed(g, day));
    const op = sale(
      g,
      day,
      a,
      minorOf(open),
      { invoice_id: `${old.XBLNR}, ${open.XBLNR}`, description: `Payment ${old.XBLNR}, ${open.XBLNR}` },
      true,
    );
    truth(g, op.key, 'cleared-and-open', [{ inv: open, minor: minorOf(open) }], 0, open.WAERS);
  },
};

export function generateCashApplication(opts: ScenarioOptions): Scenario {
  const currency = opts.currency ?? 'USD';
  const days = Math.max(4, opts.days ?? 21);
  const start = Date.parse(`${opts.startDate ?? '2025-03-03'}T00:00:00Z`);
  if (Number.isNaN(start)) throw new RangeError(`startDate ${opts.startDate} is not an ISO date`);
  const rng = new Rng(opts.seed);
  const s: Scenario = {
    seed: opts.seed,
    currency,
    companyCodes: companyCodes(currency),
    customers: [],
    invoices: [],
    payments: [],
    truth: [],
  };
  const g: G = { rng, s, start, days, accounts: [], byKunnr: new Map(), serial: new Map(), typos: [], next: 0 };
  makeAccounts(g, Math.max(10, opts.customers));
  // What else is open: invoices nobody pays in this run, the noise every amount search meets.
  for (const a of g.accounts)
    for (let k = 0; k < opts.invoicesPerCustomer; k++) invoice(g, a, start - rng.int(5, 60) * DAY);
  const weights = { ...CASH_APPLICATION_WEIGHTS, ...(opts.cashApplicationWeights ?? {}) };
  for (let n = 0; n < opts.payments; n++) {
    const day = rng.int(0, days - 1);
    let kase = rng.weighted(weights);
    for (let tries = 0; !CASE_BUILDERS[kase](g, day) && tries < 5; tries++) kase = rng.weighted(weights);
  }
  // Before the typos are placed: a slip must not become one of their invoice numbers.
  const each = Math.max(3, Math.round(opts.payments / 40));
  for (const kase of ADVERSARIAL_CASES)
    for (let n = 0; n < each; n++) ADVERSARIAL_BUILDERS[kase](g, rng.int(0, days - 2));
  // The refund cases draw from their own stream, so the cases before them stay as they were.
  const r: G = { ...g, rng: new Rng(opts.seed ^ 0x5ef0d) };
  const refunds = Math.max(3, Math.round(opts.payments / 100));
  for (const kase of REFUND_CASES) for (let n = 0; n < refunds; n++) REFUND_BUILDERS[kase](r, r.rng.int(0, days - 4));
  g.next = r.next;
  placeTypos(g);
  // After the typos: the cleared cases' open invoices must not change which slip each typo is.
  if (opts.clearedDuplicates !== false) {
    const c: G = { ...g, rng: new Rng(opts.seed ^ 0xc1ea4) };
    const each = Math.max(3, Math.round(opts.payments / 100));
    for (const kase of CLEARED_CASES) for (let n = 0; n < each; n++) CLEARED_BUILDERS[kase](c, c.rng.int(0, days - 2));
    g.next = c.next;
  }
  for (let d = 0; d < days - 1; d++)
    s.payments.push({
      op: 'settle',
      key: `settle-${String(d + 1).padStart(3, '0')}`,
      at: new Date(start + (d + 1) * DAY + 4 * 3600_000).toISOString(),
    });
  s.payments = s.payments
    .map((op, i) => ({ op, i }))
    .sort((a, b) => (a.op.at < b.op.at ? -1 : a.op.at > b.op.at ? 1 : a.i - b.i))
    .map((x) => x.op);
  s.invoices = s.invoices
    .map((inv, i) => ({ inv, i }))
    .sort((a, b) => (a.inv.BUDAT < b.inv.BUDAT ? -1 : a.inv.BUDAT > b.inv.BUDAT ? 1 : a.i - b.i))
    .map((x) => x.inv);
  return s;
}
