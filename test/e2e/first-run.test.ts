// A new installation in real Chromium: carol (admin) is greeted by the first-run screen, connects
// PayTrace (a PayTrace simulator of the test's own, over HTTP): a wrong password is said in words, the
// right one signs in, Save keeps the password in the OS keychain (gnome-keyring over D-Bus when the test
// runner has one) and says the sandbox runs until the next start; Done opens the app, and a reload does
// not bring the screen back. alice (clerk) never sees it. The screenshot is docs/screenshots/first-run.png.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER, startPayTraceSandbox, type RunningSandbox } from '../../electron/sandbox/paytrace';
import { KeychainVault } from '../../electron/secrets';
import { launchChromium } from '../support/browser';
import { projectRoot, serve, type Served } from '../support/cli';
import { People } from '../support/people';

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);

describe.skipIf(!hasBus)('the first-run screen in the browser host', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;
  let people: People;
  let paytrace: RunningSandbox;
  const profile = `e2e-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-first-run-'));
    paytrace = await startPayTraceSandbox({ port: 0, seed: 5 });
    served = await serve(
      [
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
        '--profile',
        profile,
      ],
      {},
      { firstRun: true },
    );
    browser = await launchChromium();
    people = new People(browser, { width: 1280, height: 900 });
    for (const [who, link] of Object.entries(served.users)) await people.signIn(who, link);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await paytrace?.close();
    await new KeychainVault().delete(profile, 'paytrace.password').catch(() => false);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a clerk goes straight to the app', async () => {
    const { page } = await people.open('alice');
    const nav = page.getByRole('navigation', { name: 'Screens' });
    await expect.poll(() => nav.getByRole('button', { name: 'Review queue' }).count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByRole('heading', { name: 'Welcome to ClearDesk' }).count()).toBe(0);
    expect((await people.call('alice', 'connections.status', {})).status).toBe(403);
    // Nothing was synced yet: the empty queue says so, not that all is clear.
    await expect
      .poll(() => page.locator('.empty').first().textContent(), { timeout: 20_000 })
      .toMatch(/^Nothing synced yet: “Sync now” reads the payments from PayTrace/);
  });

  it('an admin connects PayTrace from the first-run screen, then goes on in the sandbox', async () => {
    const { page } = await people.openPage('carol');
    const welcome = page.getByRole('heading', { name: 'Welcome to ClearDesk' });
    await expect.poll(() => welcome.count(), { timeout: 20_000 }).toBe(1);
    // Its one question first: no screens to switch to behind it.
    expect(await page.getByRole('navigation', { name: 'Screens' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Connect PayTrace and SAP' }).click();

    const form = page.getByRole('region', { name: 'PayTrace' });
    await form.getByLabel('PayTrace URL').fill(paytrace.url);
    await form.getByLabel('User').fill(DEMO_USER.username);
    await form.getByLabel('Integrator id').fill('CDE2E');
    await form.getByLabel('Password').fill('wrong-password-e2e');
    await form.getByRole('button', { name: 'Test connection' }).click();
    // Said as the test it was: signing in, where and as whom (not "PayTrace export of <dates> (signing in)").
    await expect
      .poll(() => form.getByRole('alert').textContent(), { timeout: 20_000 })
      .toMatch(/^PayTrace: signing in at http:\/\/127\.0\.0\.1:\d+\/? as [^:]+: /);
    expect(await form.getByRole('alert').textContent()).not.toContain('wrong-password-e2e');

    await form.getByLabel('Password').fill(DEMO_USER.password);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => form.getByRole('status').textContent(), { timeout: 20_000 })
      .toBe(`Signed in to PayTrace at ${paytrace.url} as ${DEMO_USER.username} and read today's export.`);
    mkdirSync(join(projectRoot, 'docs', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'first-run.png') });

    // A zone and a currency the rest of ClearDesk would refuse are refused here, beside their fields, all at once.
    await form.getByLabel('Time zone').fill('Mars/Olympus');
    await form.getByLabel('Currency').fill('zzz');
    await form.getByRole('button', { name: 'Save PayTrace' }).click();
    await expect
      .poll(() => form.getByRole('alert').allTextContents(), { timeout: 20_000 })
      .toEqual([
        'Give an IANA time zone, such as America/Los_Angeles.',
        'Give an ISO 4217 currency code, such as USD.',
        'Nothing was sent: correct the fields marked above.',
      ]);
    expect(await page.evaluate<string>("document.activeElement?.getAttribute('aria-invalid') ?? ''")).toBe('true');
    expect(existsSync(join(dataDir, 'connections.json'))).toBe(false);
    await form.getByLabel('Time zone').fill('America/Chicago');
    await form.getByLabel('Currency').fill('');

    await form.getByRole('button', { name: 'Save PayTrace' }).click();
    await expect
      .poll(() => form.getByRole('status').textContent(), { timeout: 20_000 })
      .toMatch(/keeps using the sandbox until it is started again/);
    // The password field is emptied, and says a password is kept.
    expect(await form.getByLabel('Password').inputValue()).toBe('');
    const file = readFileSync(join(dataDir, 'connections.json'), 'utf8');
    expect(file).toContain(paytrace.url);
    expect(file).toContain('America/Chicago');
    expect(file).not.toContain(DEMO_USER.password);
    expect((await new KeychainVault().get(profile, 'paytrace.password'))?.reveal()).toBe(DEMO_USER.password);

    await page.getByRole('button', { name: 'Done' }).click();
    const nav = page.getByRole('navigation', { name: 'Screens' });
    await expect.poll(() => welcome.count(), { timeout: 20_000 }).toBe(0);
    await page.reload();
    await expect.poll(() => nav.getByRole('button', { name: 'Settings' }).count(), { timeout: 20_000 }).toBe(1);
    expect(await welcome.count()).toBe(0);

    // Settings shows the saved connection, the password never.
    await nav.getByRole('button', { name: 'Settings' }).click();
    const saved = page.getByRole('region', { name: 'PayTrace' });
    await expect.poll(() => saved.getByLabel('PayTrace URL').inputValue(), { timeout: 20_000 }).toBe(paytrace.url);
    expect(await saved.getByLabel('Password').inputValue()).toBe('');
    expect(await saved.getByLabel('Password').getAttribute('placeholder')).toMatch(/Saved in the keychain/);
    expect(await page.content()).not.toContain(DEMO_USER.password);
    expect(people.errors).toEqual([]);
  });
});
