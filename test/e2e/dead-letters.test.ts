// The dead-letter screen's actions in real Chromium, on the browser host with the sandbox's SAP
// simulator over RFC. SAP's period for the company code is closed (OB52, in the ledger the sandbox
// keeps in the data folder), so alice's approval is refused (F5 201) and becomes a dead letter. On
// the Dead-letter queue she retries it (approved again through the same approval; SAP refuses again,
// so the letter points to the new one), then resolves the new one with a reason: who and why show
// on the row, the audit trail has them, and the header's sync summary counts what waits.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalResult, DeadLetter, QueueRow, SyncSummary } from '../../shared/api';
import type { LedgerSnapshot } from '../../electron/sandbox/sap/ledger';
import { launchChromium } from '../support/browser';
import { projectRoot, serve, type Served } from '../support/cli';
import { People } from '../support/people';

const ARGS = (dataDir: string) => [
  '--sandbox',
  '--data-dir',
  dataDir,
  '--port',
  '0',
  '--user',
  'alice:clerk,approver',
  '--sync-every',
  '0',
];

describe('dead-letter actions in the browser host', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-e2e-dead-letters-'));
  const ledgerFile = join(dataDir, 'sandbox', 'sap-ledger.json');
  let served: Served | undefined;
  let browser: Browser;
  let people: People;
  const call = <T = unknown>(channel: string, body: unknown) => people.call<T>('alice', channel, body);

  beforeAll(async () => {
    // A first start mirrors SAP and proposes matches; the sandbox saves SAP's ledger when it stops.
    const first = await serve(ARGS(dataDir));
    browser = await launchChromium();
    people = new People(browser, { width: 1400, height: 1000 });
    await people.signIn('alice', first.url);
    expect((await call('sync.run', {})).status).toBe(200);
    await people.signOut('alice');
    await first.stop();

    // OB52: every period of company code 1000 closed, around today.
    const snapshot = JSON.parse(readFileSync(ledgerFile, 'utf8')) as LedgerSnapshot;
    const year = new Date().getUTCFullYear();
    const closed: string[] = [];
    for (const gjahr of [year - 1, year, year + 1]) {
      for (let monat = 1; monat <= 16; monat++) closed.push(`1000|${gjahr}|${String(monat).padStart(2, '0')}`);
    }
    writeFileSync(ledgerFile, JSON.stringify({ ...snapshot, closedPeriods: closed }));

    served = await serve(ARGS(dataDir));
    await people.signIn('alice', served.url);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Skipped: it needs a refusal SAP gives and ClearDesk cannot foresee. Since ClearDesk reads the company
  // code's fiscal calendar (T001B) before posting, a closed period no longer reaches SAP, so this setup no
  // longer makes a dead letter. Retry and resolve are covered through the core on both dialects
  // (test/integration/core/dead-letters.test.ts); the screen's buttons wait for a new refusal here.
  it.skip('alice retries a refused posting and resolves the letter with a reason; the sync summary counts what waits', async () => {
    const waiting = (await call<QueueRow[]>('queue.list', { states: ['review'] })).data;
    const sale = waiting.find(
      (r) =>
        r.kind === 'sale' &&
        r.proposal?.companyCode === '1000' &&
        r.proposal.items.length > 0 &&
        r.proposal.secondApproval?.length === 0,
    );
    expect(sale, 'a sale one person may post in company code 1000').toBeDefined();
    const id = sale!.transactionId;
    const refused = await call<ApprovalResult>('proposal.approve', {
      transactionId: id,
      proposalId: sale!.proposal!.id,
    });
    expect(refused.status, refused.error?.message).toBe(200);
    expect(refused.data).toMatchObject({ state: 'failed' });
    const letters = async () => (await call<DeadLetter[]>('deadLetters.list', {})).data;
    const first = (await letters()).find((l) => l.sourceKey === `PT${id}P` && l.resolvedAt === null);
    expect(first, 'the refused posting in the dead-letter queue').toBeDefined();
    const waitingBefore = (await letters()).filter((l) => l.resolvedAt === null).length;

    const review = await people.open('alice');
    const page = review.page;
    // The header's summary after a sync counts the letters waiting, this one among them.
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Last sync' }).textContent(), { timeout: 60_000 })
      .toContain(`${waitingBefore} ${waitingBefore === 1 ? 'dead letter' : 'dead letters'} waiting`);

    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Dead-letter queue/ })
      .click();
    const table = page.getByRole('table', { name: 'Dead-letter queue' });
    const retry = table.getByRole('button', { name: `Retry dead letter ${first!.id}` });
    await expect.poll(() => retry.isVisible(), { timeout: 20_000 }).toBe(true);
    await retry.click();
    const notice = page.locator('.dead-letter-notice');
    await expect.poll(() => notice.textContent(), { timeout: 60_000 }).toContain('SAP refused the posting again');

    // The retried letter is resolved by alice and points to SAP's new refusal, which waits instead.
    const after = await letters();
    const retried = after.find((l) => l.id === first!.id)!;
    const second = after.find((l) => l.sourceKey === `PT${id}P` && l.resolvedAt === null);
    expect(second, 'SAP’s new refusal waits as a new letter').toBeDefined();
    expect(retried).toMatchObject({
      resolvedBy: 'alice',
      resolution: expect.stringContaining(`dead letter ${second!.id}`),
    });
    expect(second!.error).toContain('is not open');
    await expect.poll(() => table.getByRole('button', { name: `Retry dead letter ${first!.id}` }).count()).toBe(0);

    // Resolve with a reason: the dialog asks for it, and the row shows who and why.
    await table.getByRole('button', { name: `Resolve dead letter ${second!.id}` }).click();
    const dialog = page.getByRole('dialog', { name: `Resolve dead letter ${second!.id}` });
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    await dialog.getByRole('textbox').fill('Posted by hand in FB05 after the period closed');
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(false);
    await expect
      .poll(() => notice.textContent(), { timeout: 10_000 })
      .toBe(`Dead letter ${second!.id} resolved by alice.`);
    await page.getByRole('checkbox', { name: 'Unresolved only' }).uncheck();
    await expect
      .poll(() => page.getByTestId(`resolution-${second!.id}`).textContent(), { timeout: 10_000 })
      .toBe('by alice: Posted by hand in FB05 after the period closed');
    await page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'dead-letters.png') });

    // The next sync counts one fewer waiting.
    const summary = await call<SyncSummary>('sync.run', {});
    expect(summary.data.dead_letters_waiting).toBe(waitingBefore - 1);
    await page.close();
    expect(people.errors).toEqual([]);
  }, 300_000);
});
