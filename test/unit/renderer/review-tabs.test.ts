// The review queue's tabs: every payment state is in exactly one tab besides "All", so nothing is
// only findable under All; closed payments (declined, voided before settlement, authorisation only)
// have their own Closed tab.
import { describe, expect, it } from 'vitest';
import { PAYMENT_STATES } from '../../../shared/domain/payment-state';
import { tabCounts } from '../../../renderer/src/features/review/store';
import { TABS, tabFor } from '../../../renderer/src/features/review/tabs';
import type { QueueRow } from '../../../shared/api';

describe('review tabs', () => {
  it('put every state in exactly one tab besides All', () => {
    for (const state of PAYMENT_STATES) {
      const holding = TABS.filter((t) => t.states?.includes(state)).map((t) => t.key);
      expect(holding, state).toHaveLength(1);
    }
    expect(TABS.map((t) => t.label)).toEqual([
      'To review',
      'Second approval',
      'Posted',
      'Parked/Ignored',
      'Failed',
      'Closed',
      'All',
    ]);
  });

  it('count closed payments under Closed, and open a closed row there', () => {
    expect(tabCounts({ closed: 3, review: 2 })).toMatchObject({ closed: 3, review: 2, posted: 0, all: 5 });
    expect(tabFor({ queueState: 'closed' } as QueueRow)).toBe('closed');
  });
});
