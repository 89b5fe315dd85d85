// The Jobs screen in real Chromium against `cleardesk serve --sandbox` running its jobs in the
// background: the sync caught up at start is listed with its last and next run; a clerk runs the
// SAP mirror now and reads its log in the history; an admin pauses and resumes a job, which a
// clerk may not; the runs' chart shows a job's history. The screenshot is docs/jobs.png.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../shared/api';
import { launchChromium } from '../support/browser';
import { projectRoot, serve, type Served } from '../support/cli';
import { People } from '../support/people';

describe('the Jobs screen', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;
  let people: People;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-jobs-'));
    // No --sync-every: the jobs run on their schedules, and the sync once at start (it never ran).
    served = await serve([
      '--sandbox',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--user',
      'ada:admin,clerk',
      '--user',
      'cleo:clerk',
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

  const jobs = async (who: string) => (await people.call<JobView[]>(who, 'jobs.list', {})).data;

  it('lists the jobs with last and next run, runs one now, shows its log, and pauses for admins only', async () => {
    // The catch-up sync at start.
    await expect
      .poll(async () => (await jobs('ada')).find((j) => j.name === 'paytrace.sync')?.lastRun?.status, {
        timeout: 120_000,
        interval: 500,
      })
      .toBe('ok');

    const screen = await people.open('cleo');
    const page = screen.page;
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Jobs/ }).click();
    const table = page.getByRole('table', { name: 'Jobs' });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 20_000 }).toBe(8);
    const syncRow = table.getByRole('row').filter({ hasText: 'paytrace.sync' });
    expect(await syncRow.textContent()).toMatch(/ok/);
    expect(await syncRow.locator('time').count()).toBe(2); // last and next run
    const next = (await jobs('cleo')).find((j) => j.name === 'paytrace.sync')!;
    expect(next.scheduled).toBe(true);
    expect(Date.parse(next.nextRun!)).toBeGreaterThan(Date.now() - 60_000);

    // A clerk runs the delta mirror now; its run and log show in the history.
    await page.getByRole('button', { name: 'Run SAP open items (what changed) now' }).click();
    const runs = page.getByRole('table', { name: 'Job runs' });
    const mirrorRun = runs.getByRole('row').filter({ hasText: 'sap.mirror' }).filter({ hasText: 'run by cleo' });
    await expect.poll(() => mirrorRun.count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(async () => (await mirrorRun.textContent()) ?? '', { timeout: 60_000 }).toMatch(/ok/);
    await mirrorRun.getByText(/^Log \(\d+ lines\)$/).click();
    const log = mirrorRun.getByRole('log');
    expect(await log.textContent()).toMatch(/Company code \d{4}: read what changed, \d+ open items mirrored/);
    // The log's times read in the run's zone, as its start beside them (named when it is not the clerk's).
    const started = (await mirrorRun.locator('time').first().textContent()) ?? '';
    const zoneName = / ([A-Z]{2,5}|GMT[+-][\d:]+)$/.exec(started)?.[1] ?? null;
    const logTime = (await log.locator('.job-log-line > span').first().textContent()) ?? '';
    if (zoneName) expect(logTime).toMatch(new RegExp(` ${zoneName.replace('+', '\\+')}$`));
    else expect(logTime).toMatch(/\d (AM|PM)$/);

    // Monitoring: the runs over time, a bar per run (its height the duration); a bar shows its job's history.
    const chart = page.getByRole('figure', { name: 'Job runs over time' });
    const bars = chart.locator('.recharts-bar-rectangle path');
    await expect.poll(() => bars.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    await bars.first().click();
    const heading = page.getByRole('region', { name: 'Run history' }).getByRole('heading', { level: 2 });
    await expect
      .poll(async () => (await heading.textContent()) ?? '', { timeout: 20_000 })
      .toMatch(/^History of (?!every job)/);
    await page.getByRole('button', { name: 'Every job' }).click();
    await expect
      .poll(async () => (await heading.textContent()) ?? '', { timeout: 20_000 })
      .toBe('History of every job');

    // Pausing is an admin's: the clerk's button is disabled and the core refuses the clerk.
    const pauseAnchor = page.getByRole('button', { name: 'Pause Audit anchor' });
    expect(await pauseAnchor.isDisabled()).toBe(true);
    const refused = await people.call('cleo', 'jobs.pause', { job: 'audit.anchor' });
    expect(refused.status).toBe(403);

    const admin = await people.open('ada');
    await admin.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Jobs/ }).click();
    await admin.page.getByRole('button', { name: 'Pause Audit anchor' }).click();
    const anchorRow = admin.page
      .getByRole('table', { name: 'Jobs' })
      .getByRole('row')
      .filter({ hasText: 'audit.anchor' });
    await expect.poll(async () => (await anchorRow.textContent()) ?? '', { timeout: 20_000 }).toMatch(/Paused by ada/);
    expect((await jobs('cleo')).find((j) => j.name === 'audit.anchor')).toMatchObject({ paused: true, nextRun: null });
    // The clerk's screen follows (jobs.changed).
    await expect
      .poll(async () => (await table.getByRole('row').filter({ hasText: 'audit.anchor' }).textContent()) ?? '', {
        timeout: 20_000,
      })
      .toMatch(/Paused by ada/);

    await page.screenshot({ path: join(projectRoot, 'docs', 'jobs.png') });

    await admin.page.getByRole('button', { name: 'Resume Audit anchor' }).click();
    await expect.poll(async () => (await anchorRow.textContent()) ?? '', { timeout: 20_000 }).not.toMatch(/Paused/);
    expect(people.errors).toEqual([]);
  });
});
