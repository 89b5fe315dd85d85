// Picks the transport once: the Electron preload when present, otherwise the browser host.
import type { ClearDeskApi } from '../../../shared/api';
import './global';
import { createElectronApi } from './ipcTransport';
import { createHttpApi } from './httpTransport';
import { takeSessionToken } from './token';

export { describeError, toApiError } from './errors';

let api: ClearDeskApi | null = null;

export function getApi(): ClearDeskApi {
  if (api) return api;
  if (window.clearDesk) {
    api = createElectronApi(window.clearDesk);
  } else {
    const page = new URL(window.location.href);
    api = createHttpApi({ baseUrl: new URL('./', page).href, token: takeSessionToken() });
  }
  return api;
}
