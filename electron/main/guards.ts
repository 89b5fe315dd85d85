// What any web page in ClearDesk may not do: navigate, be redirected, open windows, attach
// webviews, or get a browser permission. The renderer is one page served from app://; it has no
// reason to leave it, so every such attempt is refused rather than checked against a list. Apart
// from index.ts (types only from Electron) so the guards can be tested with stand-in objects.
import type { Session, WebContents } from 'electron';
import { isOwnPage } from './app-protocol';

/** Told about each refused attempt, for the log; never decides anything. */
export type Refused = (what: string, url: string) => void;

/**
 * For every webContents (app.on('web-contents-created')): no navigation of the page or any of its
 * frames, no server redirect, no new window, no <webview>. Loads the main process starts itself
 * (loadURL) emit none of these events, so our own page still loads.
 */
export function lockDownContents(contents: WebContents, refused: Refused = () => undefined): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    refused('navigation', event.url);
  });
  // Fired for subframes too, which will-navigate is not.
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault();
    refused(event.isMainFrame ? 'navigation' : 'frame navigation', event.url);
  });
  // app:// never redirects; a redirect can only come from somewhere we did not mean to load.
  contents.on('will-redirect', (event) => {
    event.preventDefault();
    refused('redirect', event.url);
  });
  contents.on('will-attach-webview', (event, _prefs, params) => {
    event.preventDefault();
    refused('webview', params.src ?? '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    refused('new window', url);
    return { action: 'deny' };
  });
}

/**
 * For our own window: should any frame still end up on a page that is not ours (a way round the
 * guards above), the window is closed rather than leave that page beside the preload's bridge.
 * The tray opens a fresh one.
 */
export function closeIfItLeaves(contents: WebContents, refused: Refused = () => undefined): void {
  contents.on('did-frame-navigate', (_event, url) => {
    if (isOwnPage(url)) return;
    refused('page outside ClearDesk, window closed', url);
    contents.close();
  });
}

/**
 * No browser permission for any page: the request handler answers the prompts (camera,
 * notifications, ...), the check handler the synchronous queries (navigator.permissions, clipboard
 * reads), the device handler USB, HID and serial. Electron grants what no handler answers, so the
 * request handler alone would leave every check granted.
 */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
