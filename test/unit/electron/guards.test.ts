// The guards every webContents and the session get, driven with stand-ins for Electron's objects:
// each way of leaving the page is prevented, new windows are denied, and no permission is granted,
// neither when a page asks nor when it only checks.
import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { closeIfItLeaves, lockDownContents, lockDownSession } from '../../../electron/main/guards';

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  closed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  close(): void {
    this.closed = true;
  }
}

function guarded() {
  const contents = new FakeContents();
  const refused: [string, string][] = [];
  lockDownContents(contents as unknown as WebContents, (what, url) => refused.push([what, url]));
  return { contents, refused };
}

const attempt = (url: string, isMainFrame = true) => ({ preventDefault: vi.fn(), url, isMainFrame });

describe('webContents guards', () => {
  it('prevents navigation of the page, and of any frame in it', () => {
    const { contents, refused } = guarded();
    const top = attempt('https://evil.example/');
    contents.emit('will-navigate', top);
    const frame = attempt('https://evil.example/frame', false);
    contents.emit('will-frame-navigate', frame);
    expect(top.preventDefault).toHaveBeenCalled();
    expect(frame.preventDefault).toHaveBeenCalled();
    expect(refused).toEqual([
      ['navigation', 'https://evil.example/'],
      ['frame navigation', 'https://evil.example/frame'],
    ]);
  });

  it('prevents server redirects', () => {
    const { contents } = guarded();
    const redirect = attempt('https://evil.example/landing');
    contents.emit('will-redirect', redirect);
    expect(redirect.preventDefault).toHaveBeenCalled();
  });

  it('prevents <webview> and denies every new window', () => {
    const { contents, refused } = guarded();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview, {}, { src: 'https://evil.example/' });
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(contents.openHandler?.({ url: 'https://evil.example/popup' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'app://renderer/index.html' })).toEqual({ action: 'deny' });
    expect(refused.map(([what]) => what)).toEqual(['webview', 'new window', 'new window']);
  });

  it('closes our window when a frame ended up on a page that is not ours anyway', () => {
    const contents = new FakeContents();
    closeIfItLeaves(contents as unknown as WebContents);
    contents.emit('did-frame-navigate', {}, 'app://renderer/index.html', -1, '', true, 1, 1);
    expect(contents.closed).toBe(false);
    contents.emit('did-frame-navigate', {}, 'https://evil.example/', 200, 'OK', false, 1, 2);
    expect(contents.closed).toBe(true);
  });
});

describe('session guards', () => {
  it('refuses permission requests, permission checks and device access', () => {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: (...args: unknown[]) => unknown) => (handlers.request = h),
      setPermissionCheckHandler: (h: (...args: unknown[]) => unknown) => (handlers.check = h),
      setDevicePermissionHandler: (h: (...args: unknown[]) => unknown) => (handlers.device = h),
    };
    lockDownSession(session as unknown as Session);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      const callback = vi.fn();
      handlers.request!({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(handlers.check!({}, permission, 'app://renderer', {})).toBe(false);
    }
    expect(handlers.device!({ deviceType: 'usb', origin: 'app://renderer' })).toBe(false);
  });
});
