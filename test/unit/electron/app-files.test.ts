// The desktop window's app:// protocol names files of the built renderer only, and never throws.
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererFile } from '../../../electron/main/app-files';

const dist = join(sep, 'opt', 'ClearDesk', 'renderer', 'dist');

describe('app:// files', () => {
  it('names files inside the renderer folder', () => {
    expect(rendererFile(dist, '/index.html')).toBe(join(dist, 'index.html'));
    expect(rendererFile(dist, '/assets/index-abc.js')).toBe(join(dist, 'assets', 'index-abc.js'));
    expect(rendererFile(dist, '/assets/a%20b.css')).toBe(join(dist, 'assets', 'a b.css'));
  });

  it('refuses malformed escapes, traversal, a sibling folder, NUL bytes and source maps without throwing', () => {
    for (const path of [
      '/%E0%A4%A',
      '/%',
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2f..%2fetc/passwd',
      '/../dist-other/index.html',
      '/index.html%00',
      '/assets/index-abc.js.map',
    ])
      expect(rendererFile(dist, path), path).toBeNull();
  });
});
