// Alerts in the browser host, in real Chromium: a sync that fails because PayTrace cannot be reached
// raises an alert that reaches the open page over the server-sent events stream and shows as a browser
// notification (the person allowed them), is e-mailed once through a real SMTP server, and is listed
// on the Alerts screen, where the person also saves which alerts they want by e-mail.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { projectRoot, serve, type Served } from '../support/cli';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { ALERT_KINDS } from '../../shared/api';

const SMTP_PASSWORD = 'e2e-smtp-Pass-31c4';

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('alerts on the browser host', () => {
  let dataDir: string;
  let served: Served;
  let smtp: TestSmtp;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-alerts-'));
    smtp = await startSmtp({ user: 'alerts', password: SMTP_PASSWORD });
    const paytrace = await closedPort();
    served = await serve(
      ['--sandbox', '--data-dir', dataDir, '--port', '0', '--user', 'e2e.admin', '--sync-every', '0'],
      {
        CLEARDESK_VAULT: 'env',
        CLEARDESK_AUDIT_KEY: 'the e2e audit key, 32 characters or more',
        CLEARDESK_PAYTRACE_URL: `http://127.0.0.1:${paytrace}`,
        CLEARDESK_PAYTRACE_USERNAME: 'api-user',
        CLEARDESK_PAYTRACE_PASSWORD: 'e2e-paytrace-Pass-77',
        CLEARDESK_PAYTRACE_INTEGRATOR_ID: 'X',
        CLEARDESK_SMTP_URL: `smtp://alerts@127.0.0.1:${smtp.port}`,
        CLEARDESK_SMTP_PASSWORD: SMTP_PASSWORD,
        CLEARDESK_ALERT_FROM: 'cleardesk@example.com',
        CLEARDESK_ALERT_EMAIL: 'ar-admin@example.com',
      },
    );
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.grantPermissions(['notifications'], { origin: new URL(served.url).origin });
    // Every notification the page shows is recorded (and still shown), so the test can read it.
    await context.addInitScript(`
      (() => {
        const Real = window.Notification;
        const shown = [];
        window.__notifications = shown;
        class Recorded extends Real {
          constructor(title, options) {
            super(title, options);
            shown.push({ title, body: (options && options.body) || '', tag: (options && options.tag) || '' });
          }
        }
        Object.defineProperty(window, 'Notification', { value: Recorded, configurable: true, writable: true });
      })();
    `);
    expect((await context.request.get(served.url)).ok()).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await smtp?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the alert as a notification and on the Alerts screen, e-mails it once, and saves my subscription', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(new URL('/', served.url).href);
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Alerts/ })
      .click();
    await expect
      .poll(() => page.getByRole('status', { name: 'Notifications' }).textContent(), { timeout: 20_000 })
      .toContain('This browser shows alerts as notifications');
    await expect.poll(() => page.getByText('No alerts yet.').isVisible(), { timeout: 20_000 }).toBe(true);

    const sync = await context.request.post(new URL('/api/sync.run', served.url).href, { data: {} });
    expect(sync.status()).toBeGreaterThanOrEqual(500);

    await expect
      .poll(() => page.evaluate('window.__notifications'), {
        timeout: 60_000,
      })
      .toEqual([
        {
          title: 'ClearDesk: sync failed, PayTrace could not be reached',
          body: expect.stringMatching(/^The sync that started at \S+ stopped: PayTrace could not be reached\.$/),
          tag: 'cleardesk-sync.failed',
        },
      ]);
    const history = page.getByRole('table', { name: 'Alert history' });
    await expect
      .poll(() => history.getByRole('row').filter({ hasText: 'PayTrace could not be reached' }).textContent(), {
        timeout: 20_000,
      })
      .toMatch(/E-mailed.*ar-admin@example\.com/);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.raw).not.toContain(SMTP_PASSWORD);

    const form = page.getByRole('form', { name: 'My alerts' });
    await form.getByLabel('My e-mail address').fill('e2e.admin@example.com');
    const mail = form.getByRole('group', { name: 'E-mail me when' });
    await mail.getByLabel('SAP refused postings').check();
    await mail.getByLabel('The audit log fails verification').check();
    // Every kind is shown as a notification until the person chooses; this one no longer wants failed syncs.
    const shown = form.getByRole('group', { name: 'Show me a notification when' });
    expect(await shown.getByRole('checkbox', { checked: true }).count()).toBe(ALERT_KINDS.length);
    await shown.getByRole('checkbox').first().uncheck();
    await form.getByRole('button', { name: 'Save my alerts' }).click();
    await expect.poll(() => form.getByRole('status').textContent(), { timeout: 20_000 }).toContain('Saved.');
    const mine = await context.request.post(new URL('/api/alerts.subscription.get', served.url).href, { data: {} });
    expect(((await mine.json()) as { data: unknown }).data).toEqual({
      email: 'e2e.admin@example.com',
      kinds: ['postings.failed', 'audit.broken'],
      notify: ALERT_KINDS.slice(1),
    });

    await history.getByText('sync failed, PayTrace could not be reached').click();
    await page.screenshot({ path: join(projectRoot, 'docs', 'alerts.png') });
    expect(errors).toEqual([]);
  }, 180_000);

  it('an admin sends a test e-mail from Settings and reads that the mail server took it', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(new URL('/', served.url).href);
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Settings/ })
      .click();
    const card = page.getByRole('region', { name: 'SMTP password and test' });
    const before = smtp.received.length;
    await card.getByRole('button', { name: 'Send a test e-mail' }).click();
    await expect
      .poll(() => card.getByRole('status').textContent(), { timeout: 20_000 })
      .toMatch(/^Sent to ar-admin@example\.com at .*: the mail server took it\.$/);
    expect(smtp.received.length).toBe(before + 1);
    expect(smtp.received.at(-1)).toMatchObject({ to: ['ar-admin@example.com'], subject: 'ClearDesk: test e-mail' });
    expect(errors).toEqual([]);
  }, 60_000);
});
