// Signing in to the browser host in real Chromium: the printed link is traded for a session cookie
// the page cannot read, the token never stays in the address bar, a reload keeps the session, the
// header's "Sign out" ends it, and a link that was used once is refused with a page saying so.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { serve, type Served } from '../support/cli';

describe('signing in to the browser host in Chromium', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-session-'));
    served = await serve([
      '--sandbox', '--data-dir', dataDir, '--port', '0', '--sync-every', '0',
      '--user', 'carol:clerk', '--user', 'dave:approver',
    ]); // prettier-ignore
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const user = (page: Page) => page.locator('header .user');

  it('opens the link without keeping the token, with a cookie the page cannot read; a reload keeps the session; sign-out ends it', async () => {
    const origin = new URL(served.url).origin;
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    const response = await page.goto(served.users.carol!);
    expect(response!.status()).toBe(200);
    expect(page.url()).toBe(`${origin}/`);
    await expect.poll(() => user(page).textContent(), { timeout: 20_000 }).toBe('Ccarolclerk');
    // The only entries: the new tab and the app at / (the link itself was a redirect).
    expect(await page.evaluate<number>('history.length')).toBeLessThanOrEqual(2);
    expect(await page.evaluate<string>('document.cookie')).toBe('');
    expect(await page.evaluate<string>('JSON.stringify({ ...sessionStorage, ...localStorage })')).not.toMatch(/token/i);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, path: '/' });
    expect(cookie!.name).toBe(`cleardesk-${new URL(origin).port}`);

    await page.reload();
    expect(page.url()).toBe(`${origin}/`);
    await expect.poll(() => user(page).textContent(), { timeout: 20_000 }).toBe('Ccarolclerk');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.url(), { timeout: 10_000 }).toBe(`${origin}/auth/ended`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are signed out');
    expect(await context.cookies()).toEqual([]);
    // The app at / finds no session and comes back to the signed-out page.
    await page.goto(`${origin}/`);
    await expect.poll(() => page.url(), { timeout: 10_000 }).toBe(`${origin}/auth/ended`);
    expect((await context.request.post(`${origin}/api/session.info`, { data: {} })).status()).toBe(401);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses a link that was used once, in another browser, with a page saying what to do', async () => {
    const first = await browser.newContext();
    await (await first.newPage()).goto(served.users.dave!);
    await expect.poll(async () => (await first.cookies()).length).toBe(1);

    const other = await browser.newContext();
    const page = await other.newPage();
    const response = await page.goto(served.users.dave!);
    expect(response!.status()).toBe(410);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link was already used');
    expect(await page.textContent('body')).toContain('Ask whoever runs ClearDesk for a new link');
    expect(await other.cookies()).toEqual([]);
    await first.close();
    await other.close();
  });

  it('prints fresh links on SIGUSR2, each good for one sign-in', async () => {
    served.process.kill('SIGUSR2');
    await expect
      .poll(() => served.stdout(), { timeout: 10_000 })
      .toMatch(/New links[^\n]*\n {2}carol \(clerk\): \S+\n {2}dave/);
    const fresh = /New links[^\n]*\n {2}carol \(clerk\): (\S+)/.exec(served.stdout())![1]!;
    expect(fresh).not.toBe(served.users.carol);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(fresh);
    await expect.poll(() => user(page).textContent(), { timeout: 20_000 }).toBe('Ccarolclerk');
    await context.close();
  });
});
