// The app:// handler serves the renderer's build folder and nothing else: hostile paths (traversal,
// encoded separators, a sibling folder sharing the prefix, NUL bytes, malformed escapes, Windows
// separators and drives) are refused before any file is opened.
import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_START_URL, resolveAppFile } from '../../../electron/main/app-protocol';

const root = '/srv/cleardesk/renderer/dist';

function refused(url: string, r = root, api: Parameters<typeof resolveAppFile>[2] = path) {
  const result = resolveAppFile(url, r, api);
  if (result.ok) throw new Error(`${url} was resolved to ${result.file}`);
  return result.status;
}

describe('app:// path resolution', () => {
  it('serves files inside the renderer folder, index.html for the root', () => {
    expect(resolveAppFile(APP_START_URL, root)).toEqual({ ok: true, file: `${root}/index.html` });
    expect(resolveAppFile('app://renderer/', root)).toEqual({ ok: true, file: `${root}/index.html` });
    expect(resolveAppFile('app://renderer', root)).toEqual({ ok: true, file: `${root}/index.html` });
    expect(resolveAppFile('app://renderer/assets/index-B1x_9.js?v=2#top', root)).toEqual({
      ok: true,
      file: `${root}/assets/index-B1x_9.js`,
    });
    expect(resolveAppFile('app://renderer/assets/space%20name.css', root)).toEqual({
      ok: true,
      file: `${root}/assets/space name.css`,
    });
  });

  it('refuses traversal, encoded or not, with 404', () => {
    expect(refused('app://renderer/..%2f..%2fetc%2fpasswd')).toBe(404);
    expect(refused('app://renderer/%2e%2e%2f%2e%2e%2fetc/passwd')).toBe(404);
    expect(refused('app://renderer/assets/..%2F..%2F..%2Fsecrets.json')).toBe(404);
    expect(refused('app://renderer/..%2f')).toBe(404);
    // Dot segments the URL parser removes itself stay inside the folder.
    expect(resolveAppFile('app://renderer/a/../../../etc/passwd', root)).toEqual({
      ok: true,
      file: `${root}/etc/passwd`,
    });
  });

  it('refuses a sibling folder that shares the prefix (the bare startsWith(root) bug)', () => {
    const url = 'app://renderer/..%2fdist-evil/payload.js';
    // What the old check did, to show the test would catch it:
    const naive = path.join(root, decodeURIComponent(new URL(url).pathname));
    expect(naive.startsWith(root)).toBe(true);
    expect(refused(url)).toBe(404);
  });

  it('answers malformed escapes with 400 instead of throwing', () => {
    expect(refused('app://renderer/%E0%A4%A')).toBe(400);
    expect(refused('app://renderer/%')).toBe(400);
    expect(refused('app://renderer/%zz.js')).toBe(400);
    expect(refused('not a url')).toBe(400);
  });

  it('refuses NUL bytes, control characters, backslashes and colons with 400', () => {
    expect(refused('app://renderer/%00')).toBe(400);
    expect(refused('app://renderer/index.html%00.png')).toBe(400);
    expect(refused('app://renderer/a%0a.js')).toBe(400);
    expect(refused('app://renderer/..%5c..%5cwindows%5cwin.ini')).toBe(400);
    expect(refused('app://renderer/C%3A%5CWindows%5Cwin.ini')).toBe(400);
    expect(refused('app://renderer/index.html:stream')).toBe(400);
  });

  it('never hands out source maps', () => {
    expect(refused('app://renderer/assets/index-abc.js.map')).toBe(404);
  });

  it('refuses other hosts and schemes with 404', () => {
    expect(refused('app://evil/index.html')).toBe(404);
    expect(refused('file:///etc/passwd')).toBe(404);
    expect(refused('https://renderer/index.html')).toBe(404);
  });

  it('keeps Windows paths inside the folder too', () => {
    const winRoot = 'C:\\Program Files\\ClearDesk\\resources\\app.asar\\renderer\\dist';
    expect(resolveAppFile('app://renderer/assets/a.js', winRoot, path.win32)).toEqual({
      ok: true,
      file: `${winRoot}\\assets\\a.js`,
    });
    expect(refused('app://renderer/..%2f..%2f..%2fapp.asar.unpacked%2fx', winRoot, path.win32)).toBe(404);
    expect(refused('app://renderer/..%2fdist-evil%2fx.js', winRoot, path.win32)).toBe(404);
    expect(refused('app://renderer/%5c%5cserver%5cshare', winRoot, path.win32)).toBe(400);
  });

  it('never resolves to a file outside the folder, whatever the path', () => {
    const piece = fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '%2E%2e',
      '%2f',
      '%2F',
      '/',
      '%5c',
      '%00',
      'a',
      'dist-evil',
      '%',
      '%e0',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.string(), (pieces, tail) => {
        for (const api of [path.posix, path.win32]) {
          const r = api === path.win32 ? 'C:\\app\\renderer\\dist' : root;
          const result = resolveAppFile(`app://renderer/${pieces.join('')}${tail}`, r, api);
          if (result.ok) expect(result.file.startsWith(r + api.sep)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
