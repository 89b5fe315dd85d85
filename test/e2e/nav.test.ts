// The screens' navigation for an admin (every screen, Settings among them) in real Chromium at 1024 and 1400 px:
// with Settings open, each screen's button is in view (its box inside the window) without scrolling sideways, in
// the page or in the navigation, and a click on the first of them still reaches it. The screenshots are
// docs/screenshots/nav-1024.png and nav-1400.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENS } from '../../renderer/src/app/screens';
import { launchChromium } from '../support/browser';
import { projectRoot, serve, type Served } from '../support/cli';
import { People } from '../support/people';

describe('the navigation of an admin in narrow and wide windows', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;
  let people: People;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-nav-'));
    served = await serve([
      '--sandbox',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--user',
      'carol:admin',
      '--user',
      'alice:clerk',
      '--sync-every',
      '0',
    ]);
    browser = await launchChromium();
    people = new People(browser, { width: 1400, height: 900 });
    for (const [who, link] of Object.entries(served.users)) await people.signIn(who, link);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows every screen at 1024 and 1400 px with Settings open, nothing scrolled sideways', async () => {
    const { page } = await people.openPage('carol');
    const nav = page.getByRole('navigation', { name: 'Screens' });
    const labels = SCREENS.map((s) => s.label); // an admin sees them all
    await expect.poll(() => nav.getByRole('button').count(), { timeout: 20_000 }).toBe(labels.length);
    mkdirSync(join(projectRoot, 'docs', 'screenshots'), { recursive: true });
    for (const width of [1024, 1400]) {
      await page.setViewportSize({ width, height: 800 });
      await nav.getByRole('button', { name: 'Settings' }).click();
      await expect.poll(() => page.getByRole('region', { name: 'Four-eyes rules' }).isVisible()).toBe(true);
      for (const label of labels) {
        const button = nav.getByRole('button', { name: new RegExp(`^${label}`) });
        const box = await button.boundingBox();
        expect(box, `${label} at ${width} px`).not.toBeNull();
        expect(box!.x, `${label} at ${width} px`).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, `${label} at ${width} px`).toBeLessThanOrEqual(width);
        expect(box!.y, `${label} at ${width} px`).toBeGreaterThanOrEqual(0);
        expect(box!.y + box!.height, `${label} at ${width} px`).toBeLessThanOrEqual(800);
      }
      // Nothing to scroll sideways: neither the page nor the navigation itself.
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      const overflow = await page.evaluate<number>(
        '(() => { const n = document.querySelector(\'nav[aria-label="Screens"]\'); return n.scrollWidth - n.clientWidth; })()',
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', `nav-${width}.png`) });
      // The first screens are not only shown but reachable.
      await nav.getByRole('button', { name: 'Dashboard' }).click();
      await expect.poll(() => nav.getByRole('button', { name: 'Dashboard' }).getAttribute('aria-current')).toBe('page');
    }
    expect(people.errors).toEqual([]);
  });
});
