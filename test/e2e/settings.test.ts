// The admin's Settings screen in real Chromium: carol (admin) changes the four-eyes limit; an amount her
// currency cannot hold is refused beside the field before anything is sent; the saved change is on the audit
// trail, where the audit browser lists it; she changes a matching tolerance (and one per currency) and a G/L
// account, each refused beside the field until it is one, and both changes are listed; she changes SAP's breaker
// cool-down (refused below 5 s), and the audit browser lists it; alice (clerk) has no Settings in her navigation, and the core
// refuses her the channel. The screenshot is docs/screenshots/settings.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../shared/api';
import { launchChromium } from '../support/browser';
import { projectRoot, serve, type Served } from '../support/cli';
import { People } from '../support/people';

describe('the Settings screen in the browser host', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;
  let people: People;
  const call = <T = unknown>(who: string, channel: string, body: unknown) => people.call<T>(who, channel, body);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-settings-'));
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
    people = new People(browser, { width: 1400, height: 1000 });
    for (const [who, link] of Object.entries(served.users)) await people.signIn(who, link);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an admin changes a four-eyes limit and the audit browser lists the change', async () => {
    const { page } = await people.open('carol');
    const nav = page.getByRole('navigation', { name: 'Screens' });
    await nav.getByRole('button', { name: 'Settings' }).click();
    const fourEyes = page.getByRole('region', { name: 'Four-eyes rules' });
    const amount = fourEyes.getByRole('textbox', { name: 'Amount above, row 1', exact: true });
    await expect.poll(() => amount.inputValue(), { timeout: 20_000 }).toBe('10000.00');
    // The address names the screen: a reload opens Settings again, not the review queue.
    expect(new URL(page.url()).hash).toBe('#settings');
    await page.reload();
    await expect.poll(() => amount.inputValue(), { timeout: 20_000 }).toBe('10000.00');

    // Three decimals in USD: said beside the field, in words; nothing sent.
    await amount.fill('5000.125');
    await fourEyes.getByRole('button', { name: 'Save four-eyes rules' }).click();
    await expect
      .poll(() => fourEyes.getByRole('alert').allTextContents())
      .toEqual(['Give an amount in USD: "5000.125" has 3 decimals; the currency allows 2.']);
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    expect((await call<Settings>('carol', 'settings.get', {})).data.fourEyes.rules[0]!.amountAbove).toEqual({
      minor: 1_000_000,
      currency: 'USD',
    });

    await amount.fill('5000.00');
    // A rule of its own for company code 2000: the new row's amount starts empty (no limit).
    await fourEyes.getByRole('button', { name: 'Add a rule' }).click();
    const codes = fourEyes.getByRole('textbox', { name: /^Company code, row \d+$/ });
    const added = await codes.count();
    const addedAmount = fourEyes.getByRole('textbox', { name: `Amount above, row ${added}`, exact: true });
    expect(await addedAmount.inputValue()).toBe('');
    await codes.nth(added - 1).fill('2000');
    await addedAmount.fill('250.00');
    await fourEyes.getByRole('button', { name: 'Save four-eyes rules' }).click();
    await expect
      .poll(() => fourEyes.getByRole('status').textContent(), { timeout: 20_000 })
      .toMatch(/Saved at .*audit trail/);
    expect(await fourEyes.getByRole('alert').count()).toBe(0);
    const saved = (await call<Settings>('carol', 'settings.get', {})).data.fourEyes.rules;
    expect(saved[0]!.amountAbove).toEqual({ minor: 500_000, currency: 'USD' });
    expect(saved[added - 1]).toMatchObject({ companyCode: '2000', amountAbove: { minor: 25_000, currency: 'USD' } });
    mkdirSync(join(projectRoot, 'docs', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'settings.png') });

    // The audit browser: the change, by action, with who and the new limit.
    await nav.getByRole('button', { name: /Audit trail/ }).click();
    const search = page.getByRole('search', { name: 'Audit entries' });
    const action = search.getByLabel('Action');
    await expect
      .poll(() => action.locator('option', { hasText: 'settings.changed' }).count(), { timeout: 20_000 })
      .toBe(1);
    await action.selectOption('settings.changed');
    await search.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(1);
    const row = rows.first();
    expect(await row.locator('td').nth(2).textContent()).toBe('carol');
    expect(await row.locator('td').nth(3).textContent()).toBe('settings.changed');
    expect(await row.locator('td').nth(4).textContent()).toBe('settings:fourEyes');
    expect(await row.locator('td').nth(5).textContent()).toContain('500000');
    expect(people.errors).toEqual([]);
  });

  it('an admin changes a matching tolerance and a G/L account; the audit browser lists both changes', async () => {
    const { page } = await people.open('carol');
    const nav = page.getByRole('navigation', { name: 'Screens' });
    await nav.getByRole('button', { name: 'Settings' }).click();

    // Matching: nothing set yet, the rules file's values (settings.files) shown as placeholders.
    const matching = page.getByRole('region', { name: 'Matching' });
    const tolerance = matching.getByRole('textbox', { name: 'Tolerance (minor units)', exact: true });
    await expect.poll(() => tolerance.getAttribute('placeholder'), { timeout: 20_000 }).toBe('100');
    expect(await tolerance.inputValue()).toBe('');
    const files = (await call<{ matching: Record<string, unknown> }>('carol', 'settings.files', {})).data;
    expect(files.matching).toMatchObject({ autoThreshold: 0.95, toleranceMinor: 100, multiInvoiceMaxItems: 5 });
    expect(
      await matching.getByRole('textbox', { name: 'Automatic threshold (%)', exact: true }).getAttribute('placeholder'),
    ).toBe('95');
    expect(
      await matching.getByRole('textbox', { name: 'Most invoices one payment pays' }).getAttribute('placeholder'),
    ).toBe('5');
    expect(
      await matching.getByRole('textbox', { name: 'Cleared in SAP: look back (days)' }).getAttribute('placeholder'),
    ).toBe('90');
    expect(
      await matching
        .getByRole('combobox', { name: 'Automatic posting waits for settlement' })
        .locator('option')
        .first()
        .textContent(),
    ).toBe('As in the rules file (yes)');
    const stages = matching.getByRole('table', { name: 'Stages, in the order they run' });
    expect(await stages.locator('tbody').textContent()).toContain(
      'Empty: the rules file’s, exact-key auto, customer suggest, scored suggest, refund suggest, suspense none.',
    );
    const prefixes = matching.getByRole('table', { name: 'Invoice-number prefixes' });
    expect(await prefixes.locator('tbody').textContent()).toContain('INVOICE, INV, RECHNUNG');
    // The file's per-currency tolerances are listed beside the admin's (none yet).
    const perCurrency = matching.getByRole('table', { name: 'Tolerance per currency' });
    expect(await perCurrency.locator('tr[data-from-file]').allTextContents()).toContain('1000 KRWRules file');

    // Stages and prefixes replace the file's: the exact key only suggests, invoices may carry FACT.
    await matching.getByRole('button', { name: 'Add a stage' }).click();
    await matching.getByRole('combobox', { name: 'Stage, row 1' }).selectOption('exact-key');
    await matching.getByRole('combobox', { name: 'Mode, row 1' }).selectOption('suggest');
    await matching.getByRole('button', { name: 'Add a stage' }).click();
    await matching.getByRole('combobox', { name: 'Stage, row 2' }).selectOption('exact-key');
    await matching.getByRole('button', { name: 'Add a prefix' }).click();
    await matching.getByRole('textbox', { name: 'Prefix, row 1' }).fill('fa-ct');
    await matching.getByRole('textbox', { name: 'Most invoices one payment pays' }).fill('3');
    await matching.getByRole('button', { name: 'Save matching' }).click();
    await expect
      .poll(() => matching.getByRole('alert').allTextContents())
      .toEqual([
        'The exact-key stage is listed twice; keep one.',
        'A prefix is 1 to 20 letters or digits, such as INV (separators are ignored).',
      ]);
    await matching.getByRole('button', { name: 'Remove row 2 of Stages, in the order they run' }).click();
    await matching.getByRole('textbox', { name: 'Prefix, row 1' }).fill('fact');

    // Not a whole number: said beside the field; nothing sent.
    await tolerance.fill('0.10');
    await matching.getByRole('button', { name: 'Save matching' }).click();
    await expect.poll(() => matching.getByRole('alert').allTextContents()).toEqual(['Give a whole number.']);
    expect(await tolerance.getAttribute('aria-invalid')).toBe('true');
    // The save button is at the foot of a long section: the field it refused takes the focus, so it is in view.
    const toleranceId = await tolerance.getAttribute('id');
    await expect.poll(() => page.evaluate<string>("document.activeElement?.id ?? ''")).toBe(toleranceId);
    expect((await call<Settings>('carol', 'settings.get', {})).data.matching.toleranceMinor).toBeUndefined();

    // 10 cents, and 0.10 EUR typed in euros in the per-currency table.
    await tolerance.fill('10');
    await matching.getByRole('button', { name: 'Add a currency' }).click();
    await matching.getByRole('textbox', { name: 'Tolerance, row 1', exact: true }).fill('0.10');
    await matching.getByRole('textbox', { name: 'Tolerance, row 1: currency' }).fill('EUR');
    await matching.getByRole('button', { name: 'Save matching' }).click();
    await expect
      .poll(() => matching.getByRole('status').textContent(), { timeout: 20_000 })
      .toMatch(/Saved at .*audit trail/);

    // G/L accounts: the write-off account for every company code, kept with SAP's leading zeros.
    const gl = page.getByRole('region', { name: 'G/L accounts' });
    await gl.getByRole('button', { name: 'Add a rule' }).click();
    expect(await gl.getByRole('combobox', { name: 'Transaction, row 1' }).inputValue()).toBe('write-off');
    const account = gl.getByRole('textbox', { name: 'G/L account, row 1' });
    await account.fill('88-0500');
    await gl.getByRole('button', { name: 'Save G/L accounts' }).click();
    await expect
      .poll(() => gl.getByRole('alert').allTextContents())
      .toEqual(['A G/L account has 1 to 10 digits, such as 113100 or 0000113100.']);
    await account.fill('880500');
    await gl.getByRole('textbox', { name: 'Line text, row 1' }).fill('Small differences');
    await gl.getByRole('button', { name: 'Save G/L accounts' }).click();
    await expect.poll(() => gl.getByRole('status').textContent(), { timeout: 20_000 }).toMatch(/Saved at/);
    await expect.poll(() => account.inputValue()).toBe('0000880500');
    // The rules file's G/L rules are listed under the admin's, read-only; the one hers replaces is marked.
    const glRows = gl.getByRole('table', { name: 'G/L rules' }).locator('tr[data-from-file]');
    await expect.poll(() => glRows.count()).toBe(10);
    const fileWriteOff = glRows.filter({ hasText: '0000880000' });
    expect(await fileWriteOff.locator('td').allTextContents()).toEqual([
      '*',
      'write-off',
      '*',
      '0000880000',
      'Small differences written off',
      '0000004100',
      '',
      'Rules file: overridden by yours',
    ]);
    expect(await glRows.filter({ hasText: '0000113100' }).first().locator('td').last().textContent()).toBe(
      'Rules file',
    );

    const saved = (await call<Settings>('carol', 'settings.get', {})).data;
    expect(saved.matching).toMatchObject({
      toleranceMinor: 10,
      toleranceByCurrency: [{ minor: 10, currency: 'EUR' }],
      stages: [{ id: 'exact-key', mode: 'suggest' }],
      referencePrefixes: ['FACT'],
      multiInvoiceMaxItems: 3,
    });
    expect(saved.glAccounts.rules).toEqual([
      {
        companyCode: '*',
        transactionType: 'write-off',
        paymentMethod: '*',
        account: '0000880500',
        text: 'Small differences',
        costCenter: null,
        profitCenter: null,
      },
    ]);

    // The audit browser lists both changes with the admin who made them.
    await nav.getByRole('button', { name: /Audit trail/ }).click();
    const search = page.getByRole('search', { name: 'Audit entries' });
    const action = search.getByLabel('Action');
    await expect
      .poll(() => action.locator('option', { hasText: 'settings.changed' }).count(), { timeout: 20_000 })
      .toBe(1);
    await action.selectOption('settings.changed');
    await search.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
    const subjects = async () => (await rows.locator('td:nth-child(5)').allTextContents()).sort();
    await expect.poll(subjects, { timeout: 20_000 }).toContain('settings:glAccounts');
    expect(await subjects()).toEqual(expect.arrayContaining(['settings:matching', 'settings:glAccounts']));
    const glRow = rows.filter({ hasText: 'settings:glAccounts' }).first();
    expect(await glRow.locator('td').nth(2).textContent()).toBe('carol');
    expect(await glRow.locator('td').nth(5).textContent()).toContain('0000880500');
    expect(people.errors).toEqual([]);
  });

  it('an admin changes SAP’s breaker cool-down; the audit browser lists the change', async () => {
    const { page } = await people.open('carol');
    const nav = page.getByRole('navigation', { name: 'Screens' });
    await nav.getByRole('button', { name: 'Settings' }).click();
    const section = page.getByRole('region', { name: 'Connections: retries and circuit breaker' });
    const coolDown = section.getByRole('textbox', { name: 'SAP: cool-down (seconds)', exact: true });
    await expect.poll(() => coolDown.inputValue(), { timeout: 20_000 }).toBe('30');
    const save = section.getByRole('button', { name: 'Save connections: retries and circuit breaker' });

    // Below the least cool-down: said beside the field, in words; nothing sent.
    await coolDown.fill('2');
    await save.click();
    await expect
      .poll(() => section.getByRole('alert').allTextContents())
      .toEqual(["Give SAP's cool-down in seconds as a whole number from 5 to 3,600."]);
    expect((await call<Settings>('carol', 'settings.get', {})).data.resilience.sap.coolDownSeconds).toBe(30);

    await coolDown.fill('120');
    await save.click();
    await expect
      .poll(() => section.getByRole('status').textContent(), { timeout: 20_000 })
      .toMatch(/Saved at .*audit trail/);
    expect((await call<Settings>('carol', 'settings.get', {})).data.resilience).toEqual({
      sap: { readAttempts: 4, failuresToOpen: 5, coolDownSeconds: 120 },
      paytrace: { readAttempts: 5, failuresToOpen: 5, coolDownSeconds: 30 },
      north: { readAttempts: 5, failuresToOpen: 5, coolDownSeconds: 30 },
      breakerWaitSeconds: 60,
    });

    await nav.getByRole('button', { name: /Audit trail/ }).click();
    const search = page.getByRole('search', { name: 'Audit entries' });
    const action = search.getByLabel('Action');
    await expect
      .poll(() => action.locator('option', { hasText: 'settings.changed' }).count(), { timeout: 20_000 })
      .toBe(1);
    await action.selectOption('settings.changed');
    await search.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
    const row = rows.filter({ hasText: 'settings:resilience' });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.locator('td').nth(2).textContent()).toBe('carol');
    expect(await row.locator('td').nth(5).textContent()).toContain('120');
    expect(people.errors).toEqual([]);
  });

  it('a clerk has no Settings in the navigation, and the core refuses her the settings', async () => {
    const { page } = await people.open('alice');
    const nav = page.getByRole('navigation', { name: 'Screens' });
    await expect.poll(() => nav.getByRole('button', { name: /Audit trail/ }).count(), { timeout: 20_000 }).toBe(1);
    expect(await nav.getByRole('button', { name: 'Settings' }).count()).toBe(0);
    const refused = await call('alice', 'settings.update', { logging: { level: 'debug' } });
    expect(refused.status).toBe(403);
    expect((await call('alice', 'settings.smtpPassword', { password: 'x' })).status).toBe(403);
    expect((await call<Settings>('carol', 'settings.get', {})).data.logging.level).toBe('info');
    expect(people.errors).toEqual([]);
  });
});
