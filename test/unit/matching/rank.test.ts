// The learned model applied to a run's proposals (shared/matching/rank.ts): it explains every
// payment's proposal, never takes an item another payment of the run has, and never changes a tier.
import { describe, expect, it } from 'vitest';
import { type MatchModel, matchPayments, PRIOR_MODEL } from '../../../shared/matching';
import { ACME, invoice, payment } from './helpers';

// Two items of the amount (the oldest suggested, never automatic) and one short by a round deduction.
const items = [
  invoice('91200301', '250.00', { documentDate: '2025-01-10', postingDate: '2025-01-10' }),
  invoice('91200302', '255.00', { documentDate: '2025-02-10', postingDate: '2025-02-10' }),
  invoice('91200303', '250.00', { documentDate: '2025-02-20', postingDate: '2025-02-20' }),
];
/** A model that prefers the newest item and does not care what the rules chose. */
const NEWEST: MatchModel = {
  ...PRIOR_MODEL,
  version: 9,
  source: 'trained',
  weights: { ...PRIOR_MODEL.weights, dateDistance: -40, rulesFirst: 0 },
};

describe('the learned model on a run', () => {
  it("explains the rules' choice and keeps its tier: the oldest of two equal items, never automatic", () => {
    const t = payment('250.00', { billingName: 'Acme Corp' });
    const [rules] = matchPayments({ transactions: [t], openItems: items, customers: [ACME] });
    for (const model of [PRIOR_MODEL, NEWEST]) {
      const [p] = matchPayments({ transactions: [t], openItems: items, customers: [ACME], model });
      expect(p!.tier).toBe(rules!.tier);
      expect(p!.tier).toBe('suggest');
      expect(p!.items.map((i) => i.item.BELNR)).toEqual(['0091200301']);
      expect(p!.explanation).toMatchObject({ model: { source: model.source, version: model.version } });
      expect(p!.explanation!.top.length).toBeGreaterThan(0);
    }
    expect(rules!.explanation).toBeUndefined();
  });

  it('never offers an item another payment of the run takes, and never touches an automatic proposal', () => {
    const byNumber = payment('255.00', { invoiceId: '91200302', vaultCustomerId: 'ACME01' });
    const t = payment('250.00', { vaultCustomerId: 'ACME01' });
    const [auto, p] = matchPayments({
      transactions: [byNumber, t],
      openItems: items,
      customers: [ACME],
      model: NEWEST,
    });
    expect(auto!.tier).toBe('auto');
    expect(auto!.items.map((i) => i.item.BELNR)).toEqual(['0091200302']);
    expect(auto!.explanation?.ranked).toEqual({ by: 'rules', of: 1 });
    expect(p!.items.map((i) => i.item.BELNR)).toEqual(['0091200301']);
    expect(p!.reasons.join(' ')).not.toMatch(/offered first/);
  });
});
