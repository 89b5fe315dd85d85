// The preload (electron/preload) exposes the API on window.clearDesk through contextBridge.
// Declared here so the renderer can find it without importing anything from electron/.
import type { ClearDeskApi } from '../../../shared/api';

declare global {
  interface Window {
    clearDesk?: ClearDeskApi;
  }
}

export {};
