// The dead-letter screen's actions in real Chromium, on the browser host with the sandbox's SAP
// simulator over RFC. Two customers are blocked for posting in company code 1000 (XD05, KNB1-SPERR,
// in the ledger the sandbox keeps in the data folder): a refusal only SAP knows of, so alice's
// approvals are refused (F5 351) and become dead letters. On the Dead-letter queue she retries one
// while the block stands (SAP refuses again, the letter points to the new one); after the customer is
// unblocked, Retry posts it (approved again through the same approval, under the same reference) and
// the letter is resolved; the other she resolves with a reason: who and why show on the row, and the
// header's sync summary counts what waits.
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
  const sales: QueueRow[] = [];
  let browser: Browser;
  let people: People;
  const call = <T = unknown>(channel: string, body: unknown) => people.call<T>('alice', channel, body);

  /** Restarts the host over the same data folder with these customers blocked in 1000 (KNB1-SPERR). */
  async function restartWithBlocks(customers: string[]): Promise<void> {
    if (served) {
      await people.signOut('alice');
      await served.stop();
    }
    const snapshot = JSON.parse(readFileSync(ledgerFile, 'utf8')) as LedgerSnapshot;
    writeFileSync(ledgerFile, JSON.stringify({ ...snapshot, postingBlocks: customers.map((c) => `${c}|1000`) }));
    served = await serve(ARGS(dataDir));
    await people.signIn('alice', served.url);
  }

  beforeAll(async () => {
    // A first start mirrors SAP and proposes matches; the sandbox saves SAP's ledger when it stops.
    served = await serve(ARGS(dataDir));
    browser = await launchChromium();
    people = new People(browser, { width: 1400, height: 1000 });
    await people.signIn('alice', served.url);
    expect((await call('sync.run', {})).status).toBe(200);
    const waiting = (await call<QueueRow[]>('queue.list', { states: ['review'] })).data;
    // Two sales one person may post in company code 1000, to two customers.
    for (const r of waiting) {
      if (
        r.kind === 'sale' &&
        r.proposal?.companyCode === '1000' &&
        r.proposal.customer &&
        r.proposal.items.length > 0 &&
        r.proposal.secondApproval?.length === 0 &&
        !sales.some((s) => s.proposal!.customer === r.proposal!.customer)
      )
        sales.push(r);
      if (sales.length === 2) break;
    }
    expect(sales, 'two sales one person may post in company code 1000').toHaveLength(2);
    // XD05: both customers blocked for posting in 1000.
    await restartWithBlocks(sales.map((r) => r.proposal!.customer!));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('alice retries a refused posting (refused again while blocked, posted once unblocked) and resolves another with a reason; the sync summary counts what waits', async () => {
    const letters = async () => (await call<DeadLetter[]>('deadLetters.list', {})).data;
    const refusedLetter = async (row: QueueRow) => {
      const id = row.transactionId;
      const refused = await call<ApprovalResult>('proposal.approve', {
        transactionId: id,
        proposalId: row.proposal!.id,
      });
      expect(refused.status, refused.error?.message).toBe(200);
      expect(refused.data).toMatchObject({ state: 'failed' });
      const letter = (await letters()).find((l) => l.sourceKey === `PT${id}P` && l.resolvedAt === null);
      expect(letter, 'the refused posting in the dead-letter queue').toBeDefined();
      expect(letter!.error).toMatch(/F5 351|is blocked for posting/);
      return letter!;
    };
    const [retried, resolved] = sales as [QueueRow, QueueRow];
    const first = await refusedLetter(retried);
    const other = await refusedLetter(resolved);
    const waitingBefore = (await letters()).filter((l) => l.resolvedAt === null).length;

    let review = await people.open('alice');
    let page = review.page;
    // The header's summary after a sync counts the letters waiting, these among them.
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Last sync' }).textContent(), { timeout: 60_000 })
      .toContain(`${waitingBefore} ${waitingBefore === 1 ? 'dead letter' : 'dead letters'} waiting`);

    const toLetters = async () => {
      await page
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('button', { name: /^Dead-letter queue/ })
        .click();
      return page.getByRole('table', { name: 'Dead-letter queue' });
    };
    let table = await toLetters();
    const retry = table.getByRole('button', { name: `Retry dead letter ${first.id}` });
    await expect.poll(() => retry.isVisible(), { timeout: 20_000 }).toBe(true);
    await retry.click();
    let notice = page.locator('.dead-letter-notice');
    await expect.poll(() => notice.textContent(), { timeout: 60_000 }).toContain('SAP refused the posting again');

    // The retried letter is resolved by alice and points to SAP's new refusal, which waits instead.
    const after = await letters();
    const second = after.find((l) => l.sourceKey === `PT${retried.transactionId}P` && l.resolvedAt === null);
    expect(second, 'SAP’s new refusal waits as a new letter').toBeDefined();
    expect(after.find((l) => l.id === first.id)).toMatchObject({
      resolvedBy: 'alice',
      resolution: expect.stringContaining(`dead letter ${second!.id}`),
    });
    expect(second!.error).toContain('is blocked for posting');
    await expect.poll(() => table.getByRole('button', { name: `Retry dead letter ${first.id}` }).count()).toBe(0);
    await page.close();

    // XD05 again: the customer is unblocked. Retry now posts it, once, and the letter is resolved.
    await restartWithBlocks([resolved.proposal!.customer!]);
    review = await people.open('alice');
    page = review.page;
    table = await toLetters();
    notice = page.locator('.dead-letter-notice');
    const retryAgain = table.getByRole('button', { name: `Retry dead letter ${second!.id}` });
    await expect.poll(() => retryAgain.isVisible(), { timeout: 20_000 }).toBe(true);
    await retryAgain.click();
    await expect
      .poll(() => notice.textContent(), { timeout: 60_000 })
      .toMatch(new RegExp(`Dead letter ${second!.id}: Posted: SAP document \\d{10} in 1000/`));
    expect((await letters()).find((l) => l.id === second!.id)!.resolvedAt).not.toBeNull();
    const posted = (await call<QueueRow[]>('queue.list', { states: ['posted'] })).data.find(
      (r) => r.transactionId === retried.transactionId,
    );
    expect(posted?.posting).toMatchObject({ state: 'posted', reference: `PT${retried.transactionId}P` });

    // Resolve with a reason: the dialog asks for it, and the row shows who and why.
    await table.getByRole('button', { name: `Resolve dead letter ${other.id}` }).click();
    const dialog = page.getByRole('dialog', { name: `Resolve dead letter ${other.id}` });
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    await dialog.getByRole('textbox').fill('Customer blocked on purpose; posted by hand in FB05 after review');
    await dialog.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(false);
    await expect
      .poll(() => notice.textContent(), { timeout: 10_000 })
      .toBe(`Dead letter ${other.id} resolved by alice.`);
    await page.getByRole('checkbox', { name: 'Unresolved only' }).uncheck();
    await expect
      .poll(() => page.getByTestId(`resolution-${other.id}`).textContent(), { timeout: 10_000 })
      .toBe('by alice: Customer blocked on purpose; posted by hand in FB05 after review');
    await page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'dead-letters.png') });

    // The next sync counts the two fewer waiting: one posted, one resolved by hand.
    const summary = await call<SyncSummary>('sync.run', {});
    expect(summary.data.dead_letters_waiting).toBe(waitingBefore - 2);
    await page.close();
    expect(people.errors).toEqual([]);
  }, 300_000);
});
