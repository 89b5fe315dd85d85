// `cleardesk serve` builds the UI itself when it is missing or older than its sources, so a fresh
// clone needs no separate build step. CLEARDESK_RENDERER_DIST points each host at a UI folder of its
// own: renderer/dist stays as the browser tests running meanwhile expect it.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, serve, type Served } from '../../support/cli';

const work = mkdtempSync(join(tmpdir(), 'cleardesk-serve-ui-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ui = join(work, 'ui');
const args = (name: string) => ['--sandbox', '--data-dir', join(work, name), '--port', '0', '--sync-every', '0'];

async function served<T>(name: string, check: (s: Served) => Promise<T>): Promise<T> {
  const s = await serve(args(name), { CLEARDESK_RENDERER_DIST: ui });
  try {
    return await check(s);
  } finally {
    await s.stop();
  }
}

describe('cleardesk serve without a built UI', () => {
  it('builds it, says so, then prints its URL with the token and serves the UI', async () => {
    expect(existsSync(ui)).toBe(false);
    await served('first', async (s) => {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/);
      expect(s.stderr()).toContain('The UI is not built yet; building it (vite build)...');
      const page = await fetch(s.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script type="module"');
    });
    expect(existsSync(join(ui, 'index.html'))).toBe(true);
    expect(readdirSync(work).filter((f) => f.startsWith('ui.'))).toEqual([]);
  });

  it('does not build again while the UI is newer than its sources', async () => {
    await served('second', async (s) => expect(s.stderr()).not.toContain('building it'));
  });

  it('builds again when the UI is older than its sources', async () => {
    writeFileSync(join(ui, 'index.html'), 'stale');
    utimesSync(join(ui, 'index.html'), new Date('2000-01-01'), new Date('2000-01-01'));
    await served('third', async (s) => {
      expect(s.stderr()).toContain('The UI is older than its sources; building it (vite build)...');
      expect(await (await fetch(s.url)).text()).toContain('<script type="module"');
    });
    expect(readFileSync(join(ui, 'index.html'), 'utf8')).not.toBe('stale');
  });

  it('exits 1 with what to do when the build fails', () => {
    const file = join(work, 'a-file');
    writeFileSync(file, '');
    // A folder inside a regular file cannot be created, so Vite fails.
    const r = runCli(['serve', ...args('failed')], { CLEARDESK_RENDERER_DIST: join(file, 'ui') });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      /cleardesk: The UI could not be built \(vite build exited with 1; its messages are above\)/,
    );
    expect(r.stdout).not.toContain('serving at');
  });
});
