// A list's free-text filter box, one rule for the review queue and the Chargebacks tab: what the clerk
// typed shows at once (`filter`); what the store is asked with (`appliedFilter`) follows when the typing
// has settled, or at once when the box is cleared, and then the view reloads.

/**
 * Typing settles this long before the store is asked. Short: the store answers a filter in 5-20 ms at
 * 100,000 payments (its index, docs/ARCHITECTURE.md), so the wait only has to gather a burst (a paste, a
 * held key, a fast typist) into one request; a request that a later keystroke supersedes is aborted.
 */
export const FILTER_DEBOUNCE_MS = 60;

export interface FilterBox {
  /** The box's new text. */
  type(filter: string): void;
  /** Forgets a pending apply (the store stops, or a saved view sets both texts itself). */
  cancel(): void;
}

interface FilterTexts {
  readonly filter: string;
  readonly appliedFilter: string;
}

export function filterBox(
  get: () => FilterTexts,
  set: (texts: Partial<FilterTexts>) => void,
  applied: () => void,
): FilterBox {
  let debounce: ReturnType<typeof setTimeout> | null = null;
  const cancel = (): void => {
    if (debounce) clearTimeout(debounce);
    debounce = null;
  };
  const apply = (): void => {
    debounce = null;
    if (get().appliedFilter === get().filter) return;
    set({ appliedFilter: get().filter });
    applied();
  };
  return {
    type(filter) {
      set({ filter });
      cancel();
      if (filter === '') apply();
      else debounce = setTimeout(apply, FILTER_DEBOUNCE_MS);
    },
    cancel,
  };
}
