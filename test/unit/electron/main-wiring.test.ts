// The desktop shell cannot be launched here (no Electron binary), so the main process is checked as
// it would ship: its bundle, built as scripts/build-electron.mjs builds it, must wire in each guard
// the pure modules provide (tested on their own in app-protocol, guards, menu and ipc tests).
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

let main = '';

beforeAll(async () => {
  const result = await build({
    entryPoints: ['electron/main/index.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    external: ['electron', 'electron-store'],
    logLevel: 'silent',
  });
  main = result.outputFiles[0]!.text;
}, 30_000);

/** The body of the first function whose declaration matches `head`, up to its closing brace at column 0. */
function functionBody(head: RegExp): string {
  const start = main.search(head);
  expect(start, `no ${head} in the main bundle`).toBeGreaterThanOrEqual(0);
  return main.slice(start, main.indexOf('\n}\n', start));
}

describe('main process wiring (bundle)', () => {
  it('creates the window isolated, sandboxed, without Node, webviews or DevTools when packaged', () => {
    const prefs = functionBody(/function createWindow\(/);
    expect(prefs).toMatch(/contextIsolation: true/);
    expect(prefs).toMatch(/sandbox: true/);
    expect(prefs).toMatch(/nodeIntegration: false/);
    expect(prefs).toMatch(/webSecurity: true/);
    expect(prefs).toMatch(/webviewTag: false/);
    expect(prefs).toMatch(/devTools: !\w+\.isPackaged/);
    expect(prefs).toMatch(/closeIfItLeaves\(window\.webContents/);
  });

  it('serves app:// only through resolveAppFile, answering its refusals with their status', () => {
    const serve = functionBody(/async function serveApp\(/);
    expect(serve).toMatch(/resolveAppFile\(request\.url, rendererDir\)/);
    expect(serve).toMatch(/status: target\.status/);
    expect(serve).not.toMatch(/decodeURIComponent/);
    expect(functionBody(/function hardenSessions\(/)).toMatch(/\.handle\(APP_SCHEME, serveApp\)/);
  });

  it('locks down every webContents and the session, and sets the minimal menu', () => {
    const harden = functionBody(/function hardenSessions\(/);
    expect(harden).toMatch(/lockDownSession\(\w+\.defaultSession\)/);
    expect(harden).toMatch(/"web-contents-created", \(_e, contents\) => lockDownContents\(contents/);
    expect(harden).toMatch(/setApplicationMenu\(.*applicationMenu\(\{ packaged: \w+\.isPackaged/s);
    for (const guard of [
      'will-navigate',
      'will-frame-navigate',
      'will-redirect',
      'will-attach-webview',
      'did-frame-navigate',
    ])
      expect(main).toContain(`"${guard}"`);
    expect(main).toMatch(/setWindowOpenHandler\(\([^)]*\) => \{[^}]*return \{ action: "deny" \}/);
    expect(main).toMatch(/setPermissionCheckHandler\(\(\) => false\)/);
    expect(main).toMatch(/setPermissionRequestHandler\(\([^)]*\) => callback\(false\)\)/);
  });

  it('hands the IPC policy the sending frame and our main frame', () => {
    const ipc = functionBody(/function registerIpc\(/);
    expect(ipc).toMatch(/frame: frameRef\(event\.senderFrame\)/);
    expect(ipc).toMatch(/mainFrame: main/);
    expect(ipc).toMatch(/frameRef\(window\.webContents\.mainFrame\)/);
  });
  it('shows each alert the core raises through the desktop notification policy', () => {
    const onMessage = main.slice(main.indexOf('message.type === "event"'));
    expect(onMessage).toMatch(/message\.event === "alert\.raised"\) showAlert\(message\.payload\)/);
    const show = functionBody(/function showAlert\(/);
    expect(show).toMatch(/callCore\("alerts\.subscription\.get"/);
    expect(show).toMatch(/desktopAlertNotification\("alert\.raised", payload, \w+\.isSupported\(\), subscription\)/);
  });
});
