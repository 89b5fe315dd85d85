// What a bulk action's summary adds up, the same for payments (review/bulk.ts) and chargeback cases
// (disputes/bulk.ts): the amounts per company code and currency, and reasons counted, most frequent first.
import { add, type Money, zero } from '../../shared/money';

export interface CompanyCodeTotal {
  readonly companyCode: string;
  readonly currency: string;
  readonly count: number;
  readonly amount: Money;
}

/** Count and sum per company code and currency, sorted by company code, then currency. */
export function totalsByCompanyCode(items: readonly { companyCode: string; amount: Money }[]): CompanyCodeTotal[] {
  const totals = new Map<string, CompanyCodeTotal>();
  for (const { companyCode, amount } of items) {
    const key = `${companyCode}/${amount.currency}`;
    const t = totals.get(key) ?? { companyCode, currency: amount.currency, count: 0, amount: zero(amount.currency) };
    totals.set(key, { ...t, count: t.count + 1, amount: add(t.amount, amount) });
  }
  return [...totals.values()].sort((a, b) =>
    a.companyCode === b.companyCode ? a.currency.localeCompare(b.currency) : a.companyCode.localeCompare(b.companyCode),
  );
}

/** Each reason with how often it came, most frequent first. */
export function countBy(reasons: readonly string[]): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}
