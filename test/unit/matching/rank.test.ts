// The learned model applied to a run's proposals (shared/matching/rank.ts): it explains every
// payment's proposal, never takes an item another payment of the run has, and never changes a tier.
import { describe, expect, it } from 'vitest';
import {
  applyModel,
  createMatchContext,
  DEFAULT_RULES,
  type MatchModel,
  matchPayments,
  matchWithContext,
  PRIOR_MODEL,
  RANK_GUARD,
} from '../../../shared/matching';
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

  it('never puts first a suggestion the rules rate well below their choice, however sure the model is', () => {
    // 240.00 naming 91200301 (250.00): the rules read a round deduction (0.85); 91200304 of exactly
    // 240.00 is an alternative they rate far lower. A model that only cares for an exact amount wants it.
    const all = [...items, invoice('91200304', '240.00', { documentDate: '2025-02-25', postingDate: '2025-02-25' })];
    const EXACT: MatchModel = {
      ...PRIOR_MODEL,
      version: 10,
      source: 'trained',
      weights: { ...PRIOR_MODEL.weights, amountExact: 30, rulesFirst: 0 },
    };
    const ctx = createMatchContext(all, [ACME], [], DEFAULT_RULES);
    const t = payment('240.00', { billingName: 'Acme Corp', description: '91200301' });
    const [rules] = matchWithContext(ctx, [t]);
    expect(rules!.items.map((i) => i.item.BELNR)).toEqual(['0091200301']);
    const [guarded] = applyModel(ctx, [t], [rules!], EXACT);
    expect(guarded!.items.map((i) => i.item.BELNR)).toEqual(['0091200301']);
    expect(guarded!.explanation!.ranked.of).toBeGreaterThan(1); // the alternative was scored
    // Without the guard the same model swaps: the guard, not the lack of an alternative, keeps it.
    const [unguarded] = applyModel(ctx, [t], [rules!], EXACT, new Map(), { closeConfidence: 1, margin: 0 });
    expect(unguarded!.items.map((i) => i.item.BELNR)).toEqual(['0091200304']);
    expect(unguarded!.reasons.at(-1)).toMatch(/offered first by the learned model/);
    expect(RANK_GUARD.closeConfidence).toBeLessThan(0.85 - unguarded!.confidence);
  });
});
