// Electron main process: windows, tray, IPC wiring. The core runs in a utility process, so a
// long sync never blocks this process's event loop or the window.
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  net,
  Notification,
  protocol,
  session,
  Tray,
  utilityProcess,
  type UtilityProcess,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { channelNames, CONTENT_SECURITY_POLICY, type Channel } from '../../shared/api';
import { ipcChannel, ipcEvent, type CoreReplyMessage } from '../../shared/api/ipc';
import { rendererFile } from './app-files';
import { APP_SCHEME, createIpcHandler } from './ipc';
import { loadSettings } from './settings';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const here = import.meta.dirname;
const rendererDir = join(here, '..', '..', '..', 'renderer', 'dist');
let core: UtilityProcess | null = null;
let window: BrowserWindow | null = null;
let tray: Tray | null = null;
let nextId = 1;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

function startCore(): void {
  const settings = loadSettings();
  core = utilityProcess.fork(join(here, '..', 'core-process.js'), [], {
    serviceName: 'ClearDesk core',
    env: {
      ...process.env,
      CLEARDESK_DATA_DIR: app.getPath('userData'),
      CLEARDESK_SANDBOX: settings.sandbox ? '1' : '0',
      CLEARDESK_SYNC_MINUTES: String(settings.syncIntervalMinutes),
    },
  });
  core.on('message', (message: CoreReplyMessage) => {
    if (message.type === 'reply') {
      const p = pending.get(message.id);
      pending.delete(message.id);
      if (!p) return;
      if (message.ok) p.resolve(message.data);
      else p.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
    } else if (message.type === 'event') {
      window?.webContents.send(ipcEvent(message.event), message.payload);
    } else if (message.type === 'fatal') {
      new Notification({ title: 'ClearDesk could not start', body: message.message }).show();
    }
  });
  core.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`The ClearDesk core stopped (exit ${code}).`));
    pending.clear();
    core = null;
  });
}

function callCore(channel: Channel, request: unknown): Promise<unknown> {
  if (!core) return Promise.reject(new Error('The ClearDesk core is not running.'));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    core!.postMessage({
      type: 'call',
      id,
      channel,
      request,
      actor: process.env.USER ?? process.env.USERNAME ?? 'clerk',
    });
  });
}

function registerIpc(): void {
  const handle = createIpcHandler({ trustedWebContentsId: () => window?.webContents.id ?? null, callCore });
  for (const channel of channelNames) {
    ipcMain.handle(ipcChannel(channel), (event, request: unknown) =>
      handle(channel, { webContentsId: event.sender.id, frameUrl: event.senderFrame?.url ?? '' }, request),
    );
  }
}

function createWindow(): void {
  window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'ClearDesk',
    show: false,
    webPreferences: {
      preload: join(here, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => (window = null));
  void window.loadURL(`${APP_SCHEME}://renderer/index.html`);
}

function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFile(rendererDir, new URL(request.url).pathname);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

function createTray(): void {
  tray = new Tray(join(here, '..', '..', '..', 'resources', 'icon.png'));
  tray.setToolTip('ClearDesk');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open ClearDesk', click: () => (window ? window.show() : createWindow()) },
      { label: 'Sync now', click: () => void callCore('sync.run', {}).catch(() => undefined) },
      { type: 'separator' },
      { label: 'Quit', role: 'quit' },
    ]),
  );
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => window?.show());
  void app.whenReady().then(() => {
    hardenSessions();
    startCore();
    registerIpc();
    createWindow();
    createTray();
  });
  // The tray keeps ClearDesk syncing in the background when its window is closed.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', () => core?.kill());
}
