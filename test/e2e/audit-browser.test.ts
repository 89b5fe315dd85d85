// The audit browser in real Chromium (docs/ARCHITECTURE.md, "The audit log"): alice (clerk) approves a
// payment; on the Audit trail screen its entry is found by who approved it and by the payment, the
// filters read by their labels, the table by its accessible name. A payment id that is not one says so
// beside the field, and the core refuses it too. The screenshot is docs/screenshots/audit-browser.png. The
// journal export on the same screen: the range's CSV downloaded, with the export's progress shown meanwhile.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalResult, AuditPage, QueueRow } from '../../shared/api';
import { presetRange } from '../../renderer/src/features/audit/ranges';
import { localDay } from '../../renderer/src/ui/format';
import { launchChromium } from '../support/browser';
import { projectRoot, serve, type Served } from '../support/cli';
import { People } from '../support/people';

describe('the audit browser in the browser host', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;
  let people: People;
  const call = <T = unknown>(who: string, channel: string, body: unknown) => people.call<T>(who, channel, body);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-audit-browser-'));
    served = await serve([
      '--sandbox',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--user',
      'alice:clerk',
      '--user',
      'carol:admin',
      '--sync-every',
      '0',
    ]);
    browser = await launchChromium();
    people = new People(browser, { width: 1400, height: 900 });
    for (const [who, link] of Object.entries(served.users)) await people.signIn(who, link);
    expect((await call('alice', 'sync.run', {})).status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function auditScreen(who: string): Promise<Page> {
    const { page } = await people.open(who);
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /Audit trail/ })
      .click();
    await expect
      .poll(() => page.getByTestId('audit-entries-count').textContent(), { timeout: 20_000 })
      .toMatch(/Showing \d+ of \d+ entries/);
    return page;
  }

  it("finds alice's approval by who approved it and by the payment", async () => {
    const waiting = (await call<QueueRow[]>('alice', 'queue.list', { states: ['review'] })).data;
    const one = waiting.find(
      (r) =>
        r.kind === 'sale' &&
        r.proposal?.customer &&
        r.proposal.items.length > 0 &&
        (r.proposal.secondApproval ?? []).length === 0,
    );
    expect(one, 'a sale one clerk may post in the demo scenario').toBeDefined();
    const id = one!.transactionId;
    const approved = await call<ApprovalResult>('alice', 'proposal.approve', {
      transactionId: id,
      proposalId: one!.proposal!.id,
    });
    expect(approved.status).toBe(200);

    const page = await auditScreen('carol');
    const search = page.getByRole('search', { name: 'Audit entries' });
    const table = page.getByRole('table', { name: 'Audit entries' });
    const rows = table.locator('tbody tr');
    const approval = rows.filter({ hasText: 'proposal.approved' }).filter({ hasText: `Payment ${id}` });

    // By who: only alice's entries, her approval among them.
    await search.getByLabel('Who').fill('alice');
    await search.getByRole('button', { name: 'Search' }).click();
    // The first page (before any filter) may show it too: wait until the table holds alice's entries only.
    const actors = async () => [...new Set(await rows.locator('td:nth-child(3)').allTextContents())];
    await expect.poll(actors, { timeout: 20_000 }).toEqual(['alice']);
    expect(await approval.count()).toBe(1);

    // By payment: every entry about it, whoever wrote it (the sync that proposed it, her approval, the posting).
    await search.getByRole('button', { name: 'Clear' }).click();
    await search.getByLabel('Payment').fill(String(id));
    await search.getByRole('button', { name: 'Search' }).click();
    const abouts = async () => [...new Set(await rows.locator('td:nth-child(5)').allTextContents())];
    await expect.poll(abouts, { timeout: 20_000 }).toEqual([`Payment ${id}`]);
    expect(await approval.count()).toBe(1);
    expect(await rows.filter({ hasText: 'posting.' }).count()).toBeGreaterThan(0);
    const shown = await page.getByTestId('audit-entries-count').textContent();
    const api = await call<AuditPage>('carol', 'audit.list', { transactionId: id });
    expect(shown).toContain(`of ${api.data.total} `);
    expect(api.data.entries.map((e) => e.seq)).toEqual(
      await Promise.all((await rows.all()).map(async (tr) => Number(await tr.getAttribute('data-audit-seq')))),
    );

    mkdirSync(join(projectRoot, 'docs', 'screenshots'), { recursive: true });
    await search.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'audit-browser.png') });

    // Not a payment id: said beside the field, Search disabled; the core refuses it as well.
    await search.getByLabel('Payment').fill('12ab');
    await expect
      .poll(() => search.getByRole('alert').textContent())
      .toContain('A payment is its PayTrace transaction id');
    expect(await search.getByRole('button', { name: 'Search' }).isDisabled()).toBe(true);
    expect((await call('carol', 'audit.list', { transactionId: -3 })).status).toBe(400);
    expect(people.errors).toEqual([]);
  });

  it('exports the journal as CSV from the Audit trail screen, showing its progress', async () => {
    const waiting = (await call<QueueRow[]>('alice', 'queue.list', { states: ['review'] })).data;
    const one = waiting.find(
      (r) => r.kind === 'sale' && r.proposal?.customer && (r.proposal.secondApproval ?? []).length === 0,
    );
    expect(one).toBeDefined();
    expect(
      (await call('alice', 'proposal.approve', { transactionId: one!.transactionId, proposalId: one!.proposal!.id }))
        .status,
    ).toBe(200);
    const page = await auditScreen('alice');
    const panel = page.getByRole('region', { name: 'Export journal' });
    // Every progress line the panel shows, however briefly.
    await page.evaluate(`(() => {
      const seen = (window.progressSeen = []);
      new MutationObserver(() => {
        for (const p of document.querySelectorAll('.bulk-progress p')) {
          const text = p.textContent ?? '';
          if (!seen.includes(text)) seen.push(text);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    // A ready-made range for a period (the form opens on today, for the end of day).
    const last = presetRange('last-month', localDay());
    expect(await panel.getByLabel('From').inputValue()).toBe(localDay());
    await panel.getByRole('button', { name: 'Last month' }).click();
    expect([await panel.getByLabel('From').inputValue(), await panel.getByLabel('To').inputValue()]).toEqual([
      last.from,
      last.to,
    ]);
    expect(await panel.getByRole('button', { name: 'Last month' }).getAttribute('aria-pressed')).toBe('true');
    await panel.getByLabel('From').fill('2026-01-01');
    await panel.getByLabel('To').fill('2030-12-31');
    await panel.getByText('CSV', { exact: true }).click();
    expect(await panel.getByRole('radio', { name: 'CSV' }).isChecked()).toBe(true);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      panel.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('cleardesk-journal_2026-01-01_2030-12-31.csv');
    // The file is the journal: its approved payment is on it, by PayTrace id.
    expect(readFileSync(await download.path(), 'utf8')).toContain(String(one!.transactionId));
    const done = panel.getByRole('status');
    await expect.poll(async () => (await done.textContent()) ?? '', { timeout: 20_000 }).toMatch(/journal lines? at/);
    const lines = Number(/with ([\d,]+) journal/.exec((await done.textContent()) ?? '')?.[1]?.replace(/,/g, ''));
    expect(lines).toBeGreaterThan(0);
    const seen = (await page.evaluate('window.progressSeen')) as string[];
    expect(seen[0]).toBe('Reading the postings and audit entries of the range…');
    // The events come over server-sent events and the file over HTTP: the file may arrive before the writing
    // step's event does, and then the panel is done before it shows it. What it shows names the lines.
    const counted = `${lines.toLocaleString('en-US')} journal ${lines === 1 ? 'line' : 'lines'}`;
    for (const line of seen.slice(1))
      expect([`Writing ${counted}…`, `Written ${counted}; downloading…`]).toContain(line);
  });
});
