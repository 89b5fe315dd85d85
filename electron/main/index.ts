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
  type WebFrameMain,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { channelNames, CONTENT_SECURITY_POLICY, type Channel } from '../../shared/api';
import { ipcChannel, ipcEvent, type CoreReplyMessage } from '../../shared/api/ipc';
import { desktopAlertNotification } from './alert-notification';
import { APP_SCHEME, APP_START_URL, resolveAppFile } from './app-protocol';
import { closeIfItLeaves, lockDownContents, lockDownSession, type Refused } from './guards';
import { createIpcHandler, type IpcSender } from './ipc';
import { applicationMenu } from './menu';
import { loadSettings } from './settings';
import { trayMenu, type TrayActions, type TrayJob } from './tray';

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
      // The core's rotating log file goes to the platform's logs folder (electron/hosts/log.ts).
      CLEARDESK_LOG_DIR: app.getPath('logs'),
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
      if (message.event === 'alert.raised') showAlert(message.payload);
      if (message.event === 'jobs.changed') refreshTray();
    } else if (message.type === 'ready') {
      refreshTray();
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

/** A frame as the IPC policy sees it; null when it is gone (reading a disposed frame throws). */
function frameRef(frame: WebFrameMain | null): IpcSender['frame'] {
  try {
    if (!frame || frame.detached) return null;
    return { processId: frame.processId, routingId: frame.routingId, url: frame.url };
  } catch {
    return null;
  }
}

function registerIpc(): void {
  const handle = createIpcHandler({
    trustedWindow: () => {
      const main = window ? frameRef(window.webContents.mainFrame) : null;
      return window && main ? { webContentsId: window.webContents.id, mainFrame: main } : null;
    },
    callCore,
  });
  for (const channel of channelNames) {
    ipcMain.handle(ipcChannel(channel), (event, request: unknown) =>
      handle(channel, { webContentsId: event.sender.id, frame: frameRef(event.senderFrame) }, request),
    );
  }
}

const logRefused: Refused = (what, url) => console.warn(`ClearDesk refused a ${what}: ${url}`);

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
      webviewTag: false,
      // No DevTools in a clerk's copy: a console there sits beside the bridge to the core.
      devTools: !app.isPackaged,
      spellcheck: false,
    },
  });
  closeIfItLeaves(window.webContents, logRefused);
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => (window = null));
  void window.loadURL(APP_START_URL);
}

/** The renderer's files over app://, each with the CSP; resolveAppFile decides what may be read. */
async function serveApp(request: Request): Promise<Response> {
  const target = resolveAppFile(request.url, rendererDir);
  if (!target.ok) return new Response(target.status === 400 ? 'Bad request' : 'Not found', { status: target.status });
  let response: Response;
  try {
    response = await net.fetch(pathToFileURL(target.file).toString());
  } catch {
    return new Response('Not found', { status: 404 });
  }
  const headers = new Headers(response.headers);
  headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  return new Response(response.body, { status: response.status, headers });
}

function hardenSessions(): void {
  lockDownSession(session.defaultSession);
  protocol.handle(APP_SCHEME, serveApp);
  app.on('web-contents-created', (_e, contents) => lockDownContents(contents, logRefused));
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(applicationMenu({ packaged: app.isPackaged, platform: process.platform })),
  );
}

const trayActions: TrayActions = {
  open: () => (window ? window.show() : createWindow()),
  syncNow: () => void callCore('sync.run', {}).catch(() => undefined),
  runNow: (job) => void callCore('jobs.runNow', { job }).catch(() => undefined),
  setPaused: (job, paused) => void callCore(paused ? 'jobs.pause' : 'jobs.resume', { job }).catch(() => undefined),
};

/** An alert as a notification, if the person chose its kind (their subscription, asked of the core each time). */
function showAlert(payload: unknown): void {
  void callCore('alerts.subscription.get', {})
    .catch(() => null)
    .then((subscription) => {
      const alert = desktopAlertNotification('alert.raised', payload, Notification.isSupported(), subscription);
      if (alert) new Notification(alert).show();
    });
}

/** The tray's menu with the jobs as the core lists them now (on start and on every jobs.changed). */
function refreshTray(): void {
  void callCore('jobs.list', {})
    .then((jobs) => tray?.setContextMenu(Menu.buildFromTemplate(trayMenu(jobs as TrayJob[], trayActions))))
    .catch(() => undefined);
}

function createTray(): void {
  tray = new Tray(join(here, '..', '..', '..', 'resources', 'icon.png'));
  tray.setToolTip('ClearDesk');
  tray.setContextMenu(Menu.buildFromTemplate(trayMenu(null, trayActions)));
  refreshTray();
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
