// The chargebacks report (issue 13, point 5; docs/ARCHITECTURE.md, "Disputes"): the dispute cases received in a date
// range, open, won and lost, with their disputed amounts per currency, grouped by reason code (with its network
// meaning), by SAP customer and by month of receipt. Amounts stay integer minor units here; the writers (csv.ts,
// xlsx.ts, pdf.ts) print them in the currency's exponent. Every grouping ties out: per currency, its groups add up
// to the report's total, checked before a file is made.
import { currencyExponent, type Money } from '../../../shared/money';
import type { CardNetwork, DisputeStage, DisputeStatus } from '../../../shared/disputes';
import type { DisputeReportCase, Repositories } from '../../store';
import { checkRange } from './journal';

/** Where a case stands for the report: still open (open or pending), won, lost (lost, accepted, expired), or closed without a stated outcome. */
export type ChargebackOutcome = 'open' | 'won' | 'lost' | 'closed';
export const CHARGEBACK_OUTCOMES: readonly ChargebackOutcome[] = ['open', 'won', 'lost', 'closed'];

const OUTCOME_OF: Readonly<Record<DisputeStatus, ChargebackOutcome>> = {
  open: 'open',
  pending: 'open',
  won: 'won',
  lost: 'lost',
  accepted: 'lost',
  expired: 'lost',
  closed: 'closed',
};

export const outcomeOf = (status: DisputeStatus): ChargebackOutcome => OUTCOME_OF[status];

export const NETWORK_LABEL: Readonly<Record<CardNetwork, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'Amex',
  discover: 'Discover',
  unknown: 'Unknown network',
};

export interface ChargebackQuery {
  /** ISO date, inclusive: the cases' received date. */
  readonly from: string;
  readonly to: string;
  readonly companyCode?: string | undefined;
}

export interface ChargebackReportCase {
  readonly processor: string;
  readonly caseNumber: string;
  readonly receivedDate: string;
  readonly stage: DisputeStage;
  readonly status: DisputeStatus;
  readonly outcome: ChargebackOutcome;
  readonly network: CardNetwork;
  readonly reasonCode: string;
  readonly reasonMeaning: string;
  /** What the case disputes (a partial dispute: less than the sale). */
  readonly amount: Money;
  readonly fee: Money | null;
  readonly companyCode: string | null;
  readonly customer: string | null;
  readonly customerName: string;
  /** The PayTrace sale it disputes; null while unmatched. */
  readonly transactionId: number | null;
}

export interface ChargebackBucket {
  readonly count: number;
  readonly amount: Money;
}

/** One group in one currency: its cases and amounts per outcome, their total and the processors' fees. */
export interface ChargebackGroup {
  /** The reason ("visa 10.4"), customer ("1000/0000100123", '' when none is known), month ("2026-11"); '' for the totals. */
  readonly key: string;
  readonly label: string;
  readonly currency: string;
  readonly outcomes: Readonly<Record<ChargebackOutcome, ChargebackBucket>>;
  readonly total: ChargebackBucket;
  readonly fees: Money;
}

export interface ChargebackReport {
  readonly query: { readonly from: string; readonly to: string; readonly companyCode: string | null };
  readonly generatedAt: string;
  readonly generatedBy: string;
  /** Received date, then processor and case number. */
  readonly cases: readonly ChargebackReportCase[];
  readonly byReason: readonly ChargebackGroup[];
  readonly byCustomer: readonly ChargebackGroup[];
  readonly byMonth: readonly ChargebackGroup[];
  /** One per currency. */
  readonly totals: readonly ChargebackGroup[];
}

export const reportCaseOf = (c: DisputeReportCase): ChargebackReportCase => {
  const d = c.record.dispute;
  return {
    processor: d.processor,
    caseNumber: d.caseNumber,
    receivedDate: c.receivedDate,
    stage: d.stage,
    status: d.status,
    outcome: outcomeOf(d.status),
    network: d.network,
    reasonCode: d.reasonCode,
    reasonMeaning: d.reasonMeaning,
    amount: d.amount,
    fee: d.fee ?? null,
    companyCode: c.companyCode,
    customer: c.customer,
    customerName: c.customerName,
    transactionId: c.record.match.state === 'matched' ? c.record.match.transactionId : null,
  };
};

function checkedAdd(a: number, b: number): number {
  const s = a + b;
  if (!Number.isSafeInteger(s))
    throw new RangeError('A chargebacks total is beyond the exact integer range; narrow the range.');
  return s;
}

interface Acc {
  key: string;
  label: string;
  currency: string;
  counts: Record<ChargebackOutcome, number>;
  minor: Record<ChargebackOutcome, number>;
  fees: number;
}

function groupBy(
  cases: readonly ChargebackReportCase[],
  keyOf: (c: ChargebackReportCase) => { key: string; label: string },
): ChargebackGroup[] {
  const groups = new Map<string, Acc>();
  for (const c of cases) {
    const { key, label } = keyOf(c);
    const id = `${key}\u0000${c.amount.currency}`;
    let g = groups.get(id);
    if (!g) {
      g = {
        key,
        label,
        currency: c.amount.currency,
        counts: { open: 0, won: 0, lost: 0, closed: 0 },
        minor: { open: 0, won: 0, lost: 0, closed: 0 },
        fees: 0,
      };
      groups.set(id, g);
    }
    g.counts[c.outcome] += 1;
    g.minor[c.outcome] = checkedAdd(g.minor[c.outcome], c.amount.minor);
    if (c.fee) g.fees = checkedAdd(g.fees, c.fee.minor);
  }
  return [...groups.values()]
    .sort((a, b) => a.currency.localeCompare(b.currency) || a.key.localeCompare(b.key))
    .map((g) => {
      const money = (minor: number): Money => ({ minor, currency: g.currency });
      const outcomes = Object.fromEntries(
        CHARGEBACK_OUTCOMES.map((o) => [o, { count: g.counts[o], amount: money(g.minor[o]) }]),
      ) as Record<ChargebackOutcome, ChargebackBucket>;
      const count = CHARGEBACK_OUTCOMES.reduce((s, o) => s + g.counts[o], 0);
      const minor = CHARGEBACK_OUTCOMES.reduce((s, o) => checkedAdd(s, g.minor[o]), 0);
      return {
        key: g.key,
        label: g.label,
        currency: g.currency,
        outcomes,
        total: { count, amount: money(minor) },
        fees: money(g.fees),
      };
    });
}

export const reasonKey = (c: Pick<ChargebackReportCase, 'network' | 'reasonCode' | 'reasonMeaning'>) => ({
  key: `${c.network} ${c.reasonCode}`,
  label: `${NETWORK_LABEL[c.network]} ${c.reasonCode}: ${c.reasonMeaning}`,
});

export const customerKey = (c: Pick<ChargebackReportCase, 'companyCode' | 'customer' | 'customerName'>) =>
  c.customer
    ? {
        key: `${c.companyCode ?? ''}/${c.customer}`,
        label: `${c.customer}${c.companyCode ? ` (${c.companyCode})` : ''}${c.customerName ? ` ${c.customerName}` : ''}`,
      }
    : { key: '', label: 'No SAP customer (unmatched or not proposed)' };

export const monthKey = (c: Pick<ChargebackReportCase, 'receivedDate'>) => ({
  key: c.receivedDate.slice(0, 7),
  label: c.receivedDate.slice(0, 7),
});

export class ChargebackReportTieOutError extends Error {
  override readonly name = 'ChargebackReportTieOutError';
}

/** Per currency, each grouping's groups must add up to the total (counts and amounts per outcome, fees). */
export function checkTieOut(report: Pick<ChargebackReport, 'byReason' | 'byCustomer' | 'byMonth' | 'totals'>): void {
  const sig = (gs: readonly ChargebackGroup[]): Map<string, string> => {
    const acc = new Map<string, number[]>();
    for (const g of gs) {
      const v = acc.get(g.currency) ?? Array<number>(2 * CHARGEBACK_OUTCOMES.length + 1).fill(0);
      CHARGEBACK_OUTCOMES.forEach((o, i) => {
        v[2 * i] = v[2 * i]! + g.outcomes[o].count;
        v[2 * i + 1] = checkedAdd(v[2 * i + 1]!, g.outcomes[o].amount.minor);
      });
      v[v.length - 1] = checkedAdd(v[v.length - 1]!, g.fees.minor);
      acc.set(g.currency, v);
    }
    return new Map([...acc].map(([k, v]) => [k, v.join(',')]));
  };
  const total = sig(report.totals);
  for (const [name, groups] of [
    ['reason code', report.byReason],
    ['customer', report.byCustomer],
    ['month', report.byMonth],
  ] as const) {
    const s = sig(groups);
    const currencies = new Set([...total.keys(), ...s.keys()]);
    for (const c of currencies)
      if (s.get(c) !== total.get(c))
        throw new ChargebackReportTieOutError(`The chargebacks by ${name} do not add up to the total in ${c}.`);
  }
}

export interface ChargebackReportContext {
  readonly generatedAt: string;
  readonly generatedBy: string;
}

/** The report from the cases (pure): only the company code's cases when one is asked, grouped, tied out. */
export function summariseChargebacks(
  all: readonly ChargebackReportCase[],
  query: ChargebackQuery,
  context: ChargebackReportContext,
): ChargebackReport {
  checkRange(query.from, query.to);
  const companyCode = query.companyCode?.trim() || null;
  const cases = all
    .filter((c) => c.receivedDate >= query.from && c.receivedDate <= query.to)
    .filter((c) => companyCode === null || c.companyCode === companyCode)
    .slice()
    .sort(
      (a, b) =>
        a.receivedDate.localeCompare(b.receivedDate) ||
        a.processor.localeCompare(b.processor) ||
        a.caseNumber.localeCompare(b.caseNumber),
    );
  for (const c of cases) currencyExponent(c.amount.currency); // an unknown currency cannot be printed: stop here
  const report: ChargebackReport = {
    query: { from: query.from, to: query.to, companyCode },
    generatedAt: context.generatedAt,
    generatedBy: context.generatedBy,
    cases,
    byReason: groupBy(cases, reasonKey),
    byCustomer: groupBy(cases, customerKey),
    byMonth: groupBy(cases, monthKey),
    totals: groupBy(cases, () => ({ key: '', label: 'Total' })),
  };
  checkTieOut(report);
  return report;
}

export async function buildChargebackReport(
  store: Repositories,
  query: ChargebackQuery,
  context: ChargebackReportContext,
): Promise<ChargebackReport> {
  checkRange(query.from, query.to);
  const rows = await store.disputes.reportCases({ from: query.from, to: query.to });
  return summariseChargebacks(rows.map(reportCaseOf), query, context);
}
