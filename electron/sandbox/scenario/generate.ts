// The seeded scenario generator: customers, invoices and the PayTrace operations against them,
// with every awkward case labelled in `truth`. Same options, same scenario, byte for byte.
import { normaliseReference } from '../../../shared/matching/keys';
import { BUILDERS, type CaseName, CASES, type Gen, PREFIXES } from './cases';
import { type CashApplicationCase, generateCashApplication } from './cash-application';
import { documentNumbers } from './doc-numbers';
import { companyCodes, makeCustomers, makeInvoices } from './master-data';
import { Rng } from './prng';
import type { Scenario } from './types';
import { UnusedInvoices } from './unused';

export interface ScenarioOptions {
  seed: number;
  customers: number;
  invoicesPerCustomer: number;
  /** Payment cases to generate (a case may add several operations: a sale and its refund). */
  payments: number;
  /** Currency of company code 1000; 2000 is JPY and 3000 KWD. */
  currency?: string;
  /** First day of payments, ISO date. */
  startDate?: string;
  days?: number;
  /** Relative weights of the cases; the default mixes all of them. */
  caseWeights?: Partial<Record<CaseName, number>>;
  /**
   * Company codes 2000 (JPY) and 3000 (KWD) with their customers; default true. One PayTrace
   * account works in one currency, so sandbox mode (one USD account) leaves them out.
   */
  foreignCompanyCodes?: boolean;
  /**
   * An ISO instant: nothing happens after it. Operations the days would place later (the rest of
   * today, a refund two days on) are left out with the payment they belong to and its truth, so no
   * payment is dated in the future.
   */
  notAfter?: string;
  /**
   * 'cases' (default): the engine's classic cases above. 'cash-application': payments as an AR team
   * meets them (cash discounts by terms, head offices paying for branches, credit memos, deductions,
   * references as people type them, duplicates, ambiguity), with the senior clerk's answer; company
   * codes 1000 (`currency`), 2000 JPY, 3000 KWD and 4000 BHD. `notAfter` and `caseWeights` do not apply.
   */
  mode?: 'cases' | 'cash-application';
  /** Relative weights of the cash-application cases (mode 'cash-application'). */
  cashApplicationWeights?: Partial<Record<CashApplicationCase, number>>;
  /**
   * Mode 'cash-application': second payments of invoices SAP cleared before the run (CLEARED_CASES,
   * `clearedInvoices`); default true. The learned model's prior was fitted on a set without them.
   */
  clearedDuplicates?: boolean;
}

export const DEFAULT_CASE_WEIGHTS: Readonly<Record<CaseName, number>> = {
  exact: 30,
  prefix: 10,
  assignment: 5,
  'no-invoice-number': 8,
  partial: 6,
  overpayment: 5,
  multi: 7,
  'short-payment': 5,
  typo: 5,
  'unknown-customer': 4,
  duplicate: 3,
  decline: 3,
  void: 3,
  authorization: 2,
  capture: 3,
  refund: 4,
};

const DAY = 86_400_000;

export function generateScenario(opts: ScenarioOptions): Scenario {
  if (opts.mode === 'cash-application') return generateCashApplication(opts);
  const currency = opts.currency ?? 'USD';
  const days = Math.max(1, opts.days ?? 30);
  const start = Date.parse(`${opts.startDate ?? '2025-03-03'}T00:00:00Z`);
  if (Number.isNaN(start)) throw new RangeError(`startDate ${opts.startDate} is not an ISO date`);
  const rng = new Rng(opts.seed);
  const foreign = opts.foreignCompanyCodes ?? true;
  const codes = companyCodes(currency, foreign);
  const customers = makeCustomers(rng, opts.customers, foreign);
  const invoices = makeInvoices(rng, customers, opts.invoicesPerCustomer, codes, start);
  const s: Scenario = { seed: opts.seed, currency, companyCodes: codes, customers, invoices, payments: [], truth: [] };

  const keys = new Set<string>();
  const docs = documentNumbers(invoices);
  invoices.forEach((inv, i) => {
    for (const v of [inv.XBLNR, inv.ZUONR, docs[i]!.BELNR]) keys.add(normaliseReference(v, PREFIXES));
  });
  let serial = 0;
  const g: Gen = {
    rng,
    s,
    unused: new UnusedInvoices(customers, invoices),
    customers: new Map(customers.map((c) => [c.KUNNR, c])),
    keys,
    days,
    // 16:00-23:59 UTC is 08:00-16:59 in Los Angeles: office hours for the payers.
    at: (day) => start + day * DAY + rng.int(16 * 3600, 23 * 3600 + 3599) * 1000,
    nextKey: (prefix) => `${prefix}-${String(++serial).padStart(5, '0')}`,
  };
  const weights = { ...DEFAULT_CASE_WEIGHTS, ...opts.caseWeights };
  for (let n = 0; n < opts.payments; n++) {
    const day = rng.int(0, days - 1);
    let kase = rng.weighted(weights);
    for (let tries = 0; !BUILDERS[kase](g, day) && tries < 5; tries++) kase = rng.weighted(weights);
  }
  // PayTrace settles every evening (20:00 Pacific, 04:00 UTC); the last day stays pending.
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
  return opts.notAfter === undefined ? s : until(s, opts.notAfter);
}

/**
 * The scenario as it stands at `notAfter`: what happened later has not happened yet. A payment
 * whose void, capture or refund would come later is left out with them, so the truth of what is
 * kept stays true (a void's truth says nothing was paid).
 */
function until(s: Scenario, notAfter: string): Scenario {
  const limit = Date.parse(notAfter);
  if (Number.isNaN(limit)) throw new RangeError(`notAfter ${notAfter} is not an ISO instant`);
  // An operation refers only to one before it, so one pass finds the first payment of each chain.
  const root = new Map<string, string>();
  for (const op of s.payments) root.set(op.key, 'ref' in op ? (root.get(op.ref) ?? op.ref) : op.key);
  const late = new Set<string>();
  for (const op of s.payments) if (Date.parse(op.at) > limit) late.add(root.get(op.key)!);
  const gone = (key: string): boolean => late.has(root.get(key) ?? key);
  return {
    ...s,
    payments: s.payments.filter((op) => !gone(op.key)),
    ...(s.creditMemos ? { creditMemos: s.creditMemos.filter((m) => !gone(m.forKey)) } : {}),
    truth: s.truth.filter((t) => !gone(t.key) && (t.relatedKey === undefined || !gone(t.relatedKey))),
  };
}

export { CASES, type CaseName };

/** Payments of the demo scenario: what sandbox mode shows unless asked for more. */
export const DEMO_PAYMENTS = 98;

/** Mostly clean payments, a few of each hard case. */
const DEMO_CASE_WEIGHTS: Readonly<Record<CaseName, number>> = {
  exact: 60,
  prefix: 8,
  assignment: 3,
  'no-invoice-number': 4,
  partial: 3,
  overpayment: 2,
  multi: 3,
  'short-payment': 2,
  typo: 2,
  'unknown-customer': 2,
  duplicate: 1,
  decline: 2,
  void: 2,
  authorization: 1,
  capture: 2,
  refund: 3,
};

export interface SandboxScenarioOptions {
  readonly seed?: number;
  /** First day of payments, ISO date; the scenario runs 14 days from it. */
  readonly startDate?: string;
  /** Payment cases (default DEMO_PAYMENTS); customers and invoices grow with them. */
  readonly payments?: number;
  /** See ScenarioOptions.notAfter. */
  readonly notAfter?: string;
}

/**
 * The scenario of sandbox mode and the UI: mostly clean payments, a few of each hard case, in one
 * currency (USD) as one PayTrace account would take them. At the demo's size 32 customers with 3
 * invoices each; larger ones keep about 1.2 invoices per payment (100,000 payments: 40,000 customers).
 */
export function sandboxScenario(o: SandboxScenarioOptions = {}): Scenario {
  const payments = o.payments ?? DEMO_PAYMENTS;
  if (!Number.isSafeInteger(payments) || payments < 0) throw new RangeError(`payments ${payments} is not a count`);
  return generateScenario({
    seed: o.seed ?? 1,
    customers: payments <= DEMO_PAYMENTS ? 32 : Math.ceil(payments / 2.5),
    invoicesPerCustomer: 3,
    payments,
    currency: 'USD',
    startDate: o.startDate ?? '2025-03-03',
    days: 14,
    foreignCompanyCodes: false,
    ...(o.notAfter === undefined ? {} : { notAfter: o.notAfter }),
    caseWeights: DEMO_CASE_WEIGHTS,
  });
}

/** The demo scenario of sandbox mode (sandboxScenario at its default size). */
export function demoScenario(seed = 1, startDate = '2025-03-03'): Scenario {
  return sandboxScenario({ seed, startDate });
}
