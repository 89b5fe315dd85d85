// The only surface the renderer gets: one function per API channel and event subscription.
// Requests are validated again in the main process; nothing else of Electron or Node leaks.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ClearDeskApi } from '../../shared/api';
import { ipcChannel, ipcEvent } from '../../shared/api/ipc';

const api = {
  call: (channel, request) => ipcRenderer.invoke(ipcChannel(channel), request),
  on: (event, listener) => {
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(ipcEvent(event), wrapped);
    return () => {
      ipcRenderer.off(ipcEvent(event), wrapped);
    };
  },
} satisfies ClearDeskApi;

contextBridge.exposeInMainWorld('clearDesk', api);
