// Picks the transport once: the Electron preload when present, otherwise the browser host.
import type { ClearDeskApi } from '../../../shared/api';
import './global';
import { trackActivity } from './activity';
import { createElectronApi } from './ipcTransport';
import { createHttpApi } from './httpTransport';

export { describeError, toApiError } from './errors';

export interface Bridge {
  readonly api: ClearDeskApi;
  /** Only the browser host has sessions to end; the desktop app has none. */
  readonly signOut: (() => Promise<void>) | null;
}

let bridge: Bridge | null = null;

export function getBridge(): Bridge {
  if (bridge) return bridge;
  if (window.clearDesk) {
    bridge = { api: createElectronApi(window.clearDesk), signOut: null };
  } else {
    const base = new URL('./', window.location.href);
    const http = createHttpApi({
      baseUrl: base.href,
      isActive: trackActivity(window),
      // The host's shortest idle time is a minute: a call at most 30 s after the last use keeps it.
      keepAliveMs: 20_000,
      // The host's page says what happened and what to do; replace() keeps the app out of Back.
      onSessionEnded: () => window.location.replace(new URL('auth/ended', base)),
    });
    bridge = { api: http, signOut: () => http.signOut() };
  }
  return bridge;
}

export function getApi(): ClearDeskApi {
  return getBridge().api;
}
