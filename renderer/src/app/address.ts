// The screen in the page's address (`#settings`), so a reload, or a link kept from the address bar, opens the screen
// it showed rather than the review queue. Only the screen: a transaction or a filter is not an address worth keeping.
import type { AppStore } from './store';
import { SCREENS, type ScreenKey } from './screens';

/** The screen an address names (`#jobs`), or null for none or an unknown one. */
export function screenFromHash(hash: string): ScreenKey | null {
  const key = decodeURIComponent(hash.replace(/^#\/?/, ''));
  return SCREENS.find((s) => s.key === key)?.key ?? null;
}

/** The parts of `window` this needs (a test gives its own). */
export interface AddressHost {
  readonly location: { readonly hash: string };
  readonly history: { replaceState(data: unknown, unused: string, url: string): void };
  addEventListener(type: 'hashchange', listener: () => void): void;
  removeEventListener(type: 'hashchange', listener: () => void): void;
}

/**
 * Keeps the address on the screen shown (replaced, not pushed: Back leaves the app as before), and follows an address
 * typed or pasted while the page is open. Returns the function that stops it.
 */
export function keepScreenInAddress(app: AppStore, host: AddressHost): () => void {
  const follow = () => {
    const named = screenFromHash(host.location.hash);
    if (named && named !== app.getState().screen) app.getState().go(named);
  };
  const stop = app.subscribe((s, before) => {
    if (s.screen !== before.screen && screenFromHash(host.location.hash) !== s.screen)
      host.history.replaceState(null, '', `#${s.screen}`);
  });
  host.addEventListener('hashchange', follow);
  return () => {
    stop();
    host.removeEventListener('hashchange', follow);
  };
}
