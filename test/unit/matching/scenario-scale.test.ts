// The sandbox scenario at a real company's volume: no crash past a few thousand payments, every
// invoice paid at most once, and nothing dated after the moment the sandbox starts.
import { describe, expect, it } from 'vitest';
import { sandboxScenario, scenarioToPayTrace } from '../../../electron/sandbox/scenario';
import type { Scenario } from '../../../electron/sandbox/scenario/types';

const NOW = '2025-12-04T03:08:00.000Z';

/** Truth entries that pay invoices, and operations that refer to one before them. */
function checkConsistent(s: Scenario): void {
  const keys = new Set(s.payments.map((p) => p.key));
  const seen = new Set<string>();
  for (const op of s.payments) {
    if ('ref' in op) expect(seen.has(op.ref), `${op.key} refers to ${op.ref}, which is not before it`).toBe(true);
    seen.add(op.key);
  }
  for (const t of s.truth) {
    expect(keys.has(t.key), `truth ${t.key} has no payment`).toBe(true);
    if (t.relatedKey !== undefined) expect(keys.has(t.relatedKey)).toBe(true);
  }
  const invoices = new Set(s.invoices.map((i) => `${i.BUKRS}:${i.XBLNR}`));
  const paid = new Set<string>();
  for (const t of s.truth)
    for (const item of t.items) {
      const id = `${item.BUKRS}:${item.XBLNR}`;
      expect(invoices.has(id), `truth ${t.key} pays ${id}, which SAP does not hold`).toBe(true);
      expect(paid.has(id), `invoice ${id} is paid twice`).toBe(false);
      paid.add(id);
    }
}

describe('sandbox scenario at volume', () => {
  it('generates 20,000 payments with every invoice paid at most once and none dated after now', () => {
    const s = sandboxScenario({ payments: 20_000, startDate: '2025-11-21', notAfter: NOW });
    const sales = s.payments.filter((p) => p.op === 'sale' || p.op === 'authorize');
    // Only the rest of today (and what hangs on it) is left out: most of 14 days remain.
    expect(sales.length).toBeGreaterThan(17_000);
    expect(sales.length).toBeLessThanOrEqual(20_000 + 2_000); // a duplicate case adds a second sale
    expect(s.payments.every((p) => p.at <= NOW)).toBe(true);
    expect(s.payments.some((p) => p.at.startsWith('2025-12-04'))).toBe(true); // today's morning is there
    expect(new Set(s.truth.map((t) => t.case)).size).toBe(16);
    checkConsistent(s);
    const { records } = scenarioToPayTrace(s);
    expect(records.length).toBe(
      s.payments.filter((p) => p.op === 'sale' || p.op === 'authorize' || p.op === 'refund').length,
    );
  }, 120_000);

  it('leaves out a payment whose void, capture or refund would come later, with its truth', () => {
    const full = sandboxScenario({ payments: 600, startDate: '2025-11-21' });
    const refund = full.payments.find((p) => p.op === 'refund' && 'ref' in p)!;
    expect(refund).toBeDefined();
    // Just before the refund: the sale it refunds has happened, but is left out with the refund.
    const before = new Date(Date.parse(refund.at) - 1000).toISOString();
    const cut = sandboxScenario({ payments: 600, startDate: '2025-11-21', notAfter: before });
    const ref = 'ref' in refund ? refund.ref : '';
    expect(full.payments.find((p) => p.key === ref)!.at <= before).toBe(true);
    expect(cut.payments.some((p) => p.key === ref || p.key === refund.key)).toBe(false);
    expect(cut.truth.some((t) => t.key === ref || t.key === refund.key)).toBe(false);
    expect(cut.payments.every((p) => p.at <= before)).toBe(true);
    checkConsistent(cut);
    // The demo size is unchanged without a limit.
    expect(sandboxScenario().truth.length).toBe(sandboxScenario({ payments: 98 }).truth.length);
  });

  it('refuses a limit that is no instant', () => {
    expect(() => sandboxScenario({ notAfter: 'yesterday' })).toThrow(/notAfter yesterday is not an ISO instant/);
  });
});
