// The Monitoring screen in real Chromium against `cleardesk serve --sandbox`: the sync caught up at start
// calls the PayTrace simulator over HTTP and the SAP simulator, its calls are flushed to the store and the
// queue is sampled after it; a clerk opens Monitoring and every chart is drawn with that data, each a
// figure named by its caption with a table of the same figures; a clerk runs North's disputes import (the
// sandbox's North simulator) and North's latency and breaker are shown beside PayTrace's and SAP's; the
// windows switch; an approver who is not a clerk is refused by the core. The screenshot is
// docs/screenshots/monitoring.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView, MonitoringSeries } from '../../shared/api';
import { launchChromium } from '../support/browser';
import { projectRoot, serve, type Served } from '../support/cli';
import { People } from '../support/people';

const CHARTS = [
  'Job runs over time',
  'Records per run',
  'Error and retry rates',
  'Call latency',
  'Circuit breaker state',
  'Queue depth and dead letters',
];

describe('the Monitoring screen', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;
  let people: People;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-monitoring-'));
    served = await serve([
      '--sandbox',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--user',
      'cleo:clerk',
      '--user',
      'abe:approver',
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

  it('draws the job runs, call rates, latency, breaker and queue charts with a table each', async () => {
    // The catch-up sync at start.
    await expect
      .poll(
        async () =>
          (await people.call<JobView[]>('cleo', 'jobs.list', {})).data.find((j) => j.name === 'paytrace.sync')?.lastRun
            ?.status,
        { timeout: 120_000, interval: 500 },
      )
      .toBe('ok');
    // North's simulator (sandbox mode): a clerk runs the disputes import, whose calls go through North's policy.
    const imported = await people.call<{ status: string }>('cleo', 'jobs.runNow', { job: 'disputes.import' });
    expect(imported.data.status).toBe('ok');
    const series = (await people.call<MonitoringSeries>('cleo', 'monitoring.series', { window: '24h' })).data;
    const attempts = (system: string) =>
      series.calls.filter((c) => c.system === system).reduce((n, c) => n + c.ok + c.error + c.retry, 0);
    expect(attempts('paytrace')).toBeGreaterThan(0);
    expect(attempts('sap')).toBeGreaterThan(0);
    expect(attempts('north')).toBeGreaterThan(0);
    expect(series.breaker.some((b) => b.system === 'north')).toBe(true);
    expect(series.samples.some((s) => s.metric === 'deadLetters.open')).toBe(true);

    const screen = await people.open('cleo');
    const page = screen.page;
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Monitoring/ })
      .click();
    for (const name of CHARTS) {
      const figure = page.getByRole('figure', { name });
      await expect.poll(() => figure.isVisible(), { timeout: 20_000, message: name }).toBe(true);
      await expect
        .poll(() => figure.locator('.recharts-bar-rectangle path, .recharts-line-curve').count(), {
          timeout: 20_000,
          message: name,
        })
        .toBeGreaterThan(0);
    }
    // The latency table has a row for the hour the sync ran, with PayTrace's p50 and p95.
    const latency = page.getByRole('figure', { name: 'Call latency' });
    await latency.getByText('Call latency as a table').click();
    const rows = latency.getByRole('table', { name: 'Call latency' }).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const pt = series.calls.find((c) => c.system === 'paytrace' && c.p50Ms !== null)!;
    expect(await rows.first().textContent()).toContain(String(pt.p50Ms));
    // North beside PayTrace and SAP: its columns in the tables, its lines in the latency and breaker charts.
    const head = latency.getByRole('table', { name: 'Call latency' }).locator('thead');
    expect(await head.textContent()).toMatch(/PayTrace p50 ms.*SAP p50 ms.*North p50 ms.*North p95 ms/);
    const latencyTable = latency.getByRole('table', { name: 'Call latency' });
    const col = (await latencyTable.locator('thead th').allTextContents()).indexOf('North p50 ms');
    const northP50: string[] = [];
    for (let r = 0; r < (await rows.count()); r++)
      northP50.push((await rows.nth(r).locator('td').allTextContents())[col]!);
    const np = series.calls.filter((c) => c.system === 'north' && c.p50Ms !== null).map((c) => String(c.p50Ms));
    expect(np.length).toBeGreaterThan(0);
    expect(northP50.filter((v) => v !== '–')).toEqual(np);
    await expect.poll(() => latency.locator('.recharts-legend-item-text', { hasText: 'North p50' }).count()).toBe(1);
    const breaker = page.getByRole('figure', { name: 'Circuit breaker state' });
    await expect
      .poll(async () => (await breaker.locator('.recharts-legend-item-text').allTextContents()).sort())
      .toEqual(['North', 'PayTrace', 'SAP']);
    const queue = page.getByRole('figure', { name: 'Queue depth and dead letters' });
    await queue.getByText('Queue depth and dead letters as a table').click();
    await expect
      .poll(() => queue.getByRole('table', { name: 'Queue depth and dead letters' }).locator('tbody tr').count())
      .toBeGreaterThan(0);

    mkdirSync(join(projectRoot, 'docs', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'monitoring.png'), fullPage: true });

    // Another window: 30 days, per day.
    await page.getByRole('group', { name: 'Window' }).getByRole('button', { name: '30 days' }).click();
    await expect
      .poll(async () => (await page.locator('.toolbar-note').first().textContent()) ?? '', { timeout: 10_000 })
      .toMatch(/last 30 days, per day/);
    await expect
      .poll(() => page.getByRole('figure', { name: 'Call latency' }).locator('.recharts-line-curve').count())
      .toBeGreaterThan(0);

    // Clerks and admins read it; an approver who is neither is refused.
    expect((await people.call('abe', 'monitoring.series', { window: '24h' })).status).toBe(403);
    expect(people.errors).toEqual([]);
  });
});
