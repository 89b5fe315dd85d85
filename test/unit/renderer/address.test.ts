// The screen in the page's address (renderer/src/app/address.ts): a reload opens the screen it showed, going to a
// screen replaces the address (no history entry per click), an address typed while the page is open is followed,
// and an unknown one is the review queue.
import { describe, expect, it } from 'vitest';
import { keepScreenInAddress, screenFromHash, type AddressHost } from '../../../renderer/src/app/address';
import { createAppStore } from '../../../renderer/src/app/store';
import type { ReviewStore } from '../../../renderer/src/features/review/store';

function fakeHost(hash: string) {
  const listeners = new Set<() => void>();
  const replaced: string[] = [];
  const host: AddressHost & { location: { hash: string } } = {
    location: { hash },
    history: {
      replaceState: (_d, _u, url) => {
        replaced.push(url);
        host.location.hash = url;
      },
    },
    addEventListener: (_t, l) => listeners.add(l),
    removeEventListener: (_t, l) => listeners.delete(l),
  };
  const type = (next: string) => {
    host.location.hash = next;
    for (const l of listeners) l();
  };
  return { host, replaced, type, listeners };
}

describe('the screen in the address', () => {
  it('reads a known screen, with or without a slash, and nothing else', () => {
    expect(screenFromHash('#settings')).toBe('settings');
    expect(screenFromHash('#/dead-letters')).toBe('dead-letters');
    expect(screenFromHash('')).toBeNull();
    expect(screenFromHash('#nowhere')).toBeNull();
    expect(screenFromHash('#review?x=1')).toBeNull();
  });

  it('keeps the address on the screen shown and follows one typed; stops when asked', () => {
    const { host, replaced, type, listeners } = fakeHost('#jobs');
    const app = createAppStore({} as ReviewStore, screenFromHash(host.location.hash) ?? 'review');
    expect(app.getState().screen).toBe('jobs');
    const stop = keepScreenInAddress(app, host);
    app.getState().go('settings');
    app.getState().go('settings');
    expect(replaced).toEqual(['#settings']);
    type('#audit');
    expect(app.getState().screen).toBe('audit');
    // Following an address does not write it again, and an unknown one changes nothing.
    expect(replaced).toEqual(['#settings']);
    type('#nowhere');
    expect(app.getState().screen).toBe('audit');
    stop();
    expect(listeners.size).toBe(0);
    app.getState().go('review');
    expect(replaced).toEqual(['#settings']);
  });
});
