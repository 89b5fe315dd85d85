// Bulk and keyboard work on the Chargebacks tab in real Chromium on the browser host (issue 13, point 4): alice
// (clerk) filters the tab with `/`, ticks cases with x and shift+x and with a shift-click, selects all that match,
// reads the summary (count, totals per company code and currency, what cannot be prepared and why), prepares, and
// sees a result per case; `?` lists the tab's keys. Preparing is not approving: bob (approver) then approves the
// prepared postings in bulk and SAP (the sandbox, over RFC) posts each once.
import { describe, expect, it } from 'vitest';
import type { ChargebackPlanDto, DisputeWindow, QueueRow } from '../../shared/api';
import { sandboxHost } from '../support/sandbox-host';

describe('bulk work on the Chargebacks tab in the browser host', () => {
  const host = sandboxHost('chargeback-bulk');
  const call = <T = unknown>(who: string, channel: string, body: unknown) => host.call<T>(who, channel, body);

  it('alice filters, selects with x, shift and all that match, reads the summary, prepares; bob approves', async () => {
    // Four sales posted by alice (no second person needed), each disputed: three first chargebacks and a
    // retrieval request, which posts nothing.
    const rows = (await call<QueueRow[]>('alice', 'queue.list', { states: ['review'] })).data.filter(
      (r) =>
        r.kind === 'sale' &&
        r.proposal?.customer &&
        r.proposal.tier !== 'none' &&
        (r.proposal.secondApproval ?? []).length === 0 &&
        !r.proposal.writeOff,
    );
    const sales: QueueRow[] = [];
    for (const r of rows) {
      if (sales.length === 4) break;
      const approved = await call<{ state: string }>('alice', 'proposal.approve', {
        transactionId: r.transactionId,
        proposalId: r.proposal!.id,
      });
      if (approved.data?.state === 'posted') sales.push(r);
    }
    expect(sales, 'four sales of the sandbox posted by a clerk').toHaveLength(4);
    for (const [i, sale] of sales.entries()) {
      const recorded = await call('alice', 'chargeback.record', {
        transactionId: sale.transactionId,
        processor: 'North',
        caseNumber: `E2E-BULK-${i + 1}`,
        stage: i === 3 ? 'retrieval' : 'chargeback',
        reasonCode: '13.1',
        amount: { minor: Math.min(1000 * (i + 1), sale.amount.minor), currency: sale.amount.currency },
        dueDate: `2099-01-0${i + 1}`,
      });
      expect(recorded.status, JSON.stringify(recorded.error)).toBe(200);
    }

    // A case the filter leaves out.
    const other = await call('alice', 'chargeback.record', {
      transactionId: sales[0]!.transactionId,
      processor: 'North',
      caseNumber: 'E2E-OTHER-9',
      stage: 'retrieval',
      reasonCode: '13.1',
      amount: { minor: 100, currency: sales[0]!.amount.currency },
      dueDate: '2099-01-09',
    });
    expect(other.status, JSON.stringify(other.error)).toBe(200);

    const alice = await host.people.open('alice');
    const page = alice.page;
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Chargebacks/ })
      .click();
    const table = page.getByRole('table', { name: 'Chargeback cases' });
    await expect.poll(() => table.isVisible(), { timeout: 20_000 }).toBe(true);

    // `/` goes to the filter box; the store narrows the tab (and its counts) to the typed text.
    await page.keyboard.press('/');
    const filter = page.getByRole('searchbox', { name: 'Filter chargeback cases' });
    await expect
      .poll(() => page.evaluate<string>("document.activeElement?.getAttribute('aria-label') ?? ''"))
      .toBe('Filter chargeback cases');
    await page.keyboard.type('e2e-bulk');
    expect(await filter.inputValue()).toBe('e2e-bulk');
    const boxes = table.getByRole('checkbox', { name: /^Select case / });
    await expect.poll(() => boxes.count(), { timeout: 10_000 }).toBe(4);
    expect(await table.getByRole('checkbox', { name: 'Select case E2E-OTHER-9' }).count()).toBe(0);
    expect(await page.getByRole('tab', { name: /^All/ }).locator('.count').textContent()).toBe('4');
    await page.keyboard.press('Escape');

    // A click and a shift-click tick a range.
    const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
    await table.getByRole('checkbox', { name: 'Select case E2E-BULK-1' }).click();
    await table.getByRole('checkbox', { name: 'Select case E2E-BULK-3' }).click({ modifiers: ['Shift'] });
    await expect.poll(async () => (await bar.textContent()) ?? '').toContain('3 cases selected');
    await bar.getByRole('button', { name: 'Clear selection' }).click();
    expect(await bar.count()).toBe(0);

    // x ticks the keyboard's case, shift+x the range from the last one ticked.
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await expect.poll(async () => (await bar.textContent()) ?? '').toContain('1 case selected');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('Shift+X');
    await expect.poll(async () => (await bar.textContent()) ?? '').toContain('3 cases selected');
    for (const n of [1, 2, 3])
      expect(await table.getByRole('checkbox', { name: `Select case E2E-BULK-${n}` }).isChecked()).toBe(true);
    expect(await table.getByRole('checkbox', { name: 'Select case E2E-BULK-4' }).isChecked()).toBe(false);

    // Every case that matches the tab and the filter, resolved by the store.
    await bar.getByRole('button', { name: 'Select all 4 that match' }).click();
    await expect.poll(async () => (await bar.textContent()) ?? '').toContain('All 4 cases that match selected');

    await bar.getByRole('button', { name: 'Prepare postings…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Prepare the postings of the selected cases?' });
    const totals = dialog.getByRole('table', { name: 'Totals per company code and currency' });
    await expect.poll(() => totals.isVisible(), { timeout: 20_000 }).toBe(true);
    const summary = (await dialog.textContent()) ?? '';
    expect(summary).toMatch(/4 selected/);
    expect(summary).toMatch(/3 prepared, each waiting for an approver/);
    expect(summary).toMatch(/1 cannot be prepared/);
    expect(summary).toMatch(/nothing to post at its stage: 1/);
    const totalRows = totals.locator('tbody tr');
    let cases = 0;
    for (let i = 0; i < (await totalRows.count()); i++)
      cases += Number(await totalRows.nth(i).locator('td').nth(2).textContent());
    expect(cases).toBe(3);

    await dialog.getByRole('button', { name: 'Prepare 3 postings' }).click();
    const done = page.getByRole('dialog', { name: 'Prepared: result per case' });
    const results = done.getByRole('table', { name: 'Result per case' });
    await expect.poll(() => results.isVisible(), { timeout: 30_000 }).toBe(true);
    const resultRows = results.locator('tbody tr');
    expect(await resultRows.count()).toBe(4);
    const byCase = new Map<string, string>();
    for (let i = 0; i < 4; i++) {
      const cells = resultRows.nth(i).locator('td');
      byCase.set((await cells.nth(0).textContent())!, (await cells.nth(1).textContent())!);
    }
    expect(Object.fromEntries(byCase)).toEqual({
      'E2E-BULK-1': 'Prepared',
      'E2E-BULK-2': 'Prepared',
      'E2E-BULK-3': 'Prepared',
      'E2E-BULK-4': 'Not done',
    });
    await done.getByRole('button', { name: 'Close' }).click();
    expect(await bar.count()).toBe(0);

    // `?` lists the tab's keys.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => help.isVisible()).toBe(true);
    const keys = (await help.getByRole('table', { name: 'Keyboard shortcuts' }).textContent()) ?? '';
    expect(keys).toContain('Select the case for a bulk action');
    expect(keys).toContain('Filter the cases');
    expect(keys).not.toContain('Approve the open payment');
    await help.getByRole('button', { name: 'Close' }).click();

    // Prepared by alice, nothing in SAP: bob approves them in bulk from his own tab.
    const window = (await call<DisputeWindow>('bob', 'chargebacks.window', { text: 'E2E-BULK', offset: 0, limit: 10 }))
      .data;
    expect(window.rows.map((r) => r.caseNumber)).toEqual(['E2E-BULK-1', 'E2E-BULK-2', 'E2E-BULK-3', 'E2E-BULK-4']);
    const plan = (await call<ChargebackPlanDto>('bob', 'chargeback.plan', { caseId: window.rows[0]!.id })).data;
    expect(plan.postings).toEqual([expect.objectContaining({ state: 'prepared', preparedBy: 'alice' })]);

    const bob = await host.people.open('bob');
    await bob.page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Chargebacks/ })
      .click();
    await bob.page.getByRole('searchbox', { name: 'Filter chargeback cases' }).fill('E2E-BULK');
    const bobTable = bob.page.getByRole('table', { name: 'Chargeback cases' });
    await expect
      .poll(() => bobTable.getByRole('checkbox', { name: /^Select case / }).count(), { timeout: 10_000 })
      .toBe(4);
    await bobTable.getByRole('checkbox', { name: 'Select the shown cases' }).click();
    await bob.page
      .getByRole('toolbar', { name: 'Bulk actions' })
      .getByRole('button', { name: 'Approve prepared…' })
      .click();
    const confirm = bob.page.getByRole('dialog', { name: 'Approve the prepared postings of the selected cases?' });
    // The approver's summary before anything goes to SAP: what would be posted, by whom prepared, what is left.
    await expect
      .poll(async () => (await confirm.textContent()) ?? '', { timeout: 10_000 })
      .toMatch(/3 approved and posted to SAP/);
    expect(await confirm.getByRole('region', { name: 'Prepared by' }).textContent()).toContain('prepared by alice: 3');
    expect(await confirm.getByRole('region', { name: 'Not approved' }).textContent()).toContain(
      'no posting of this case waits for approval: 1',
    );
    await confirm.getByRole('button', { name: 'Approve and post 3 postings' }).click();
    const approved = bob.page.getByRole('dialog', { name: 'Approved: result per case' });
    await expect
      .poll(async () => (await approved.textContent()) ?? '', { timeout: 60_000 })
      .toMatch(/3 posted, 0 failed, 1 not done/);
    const after = await Promise.all(
      window.rows
        .slice(0, 3)
        .map(async (r) => (await call<ChargebackPlanDto>('bob', 'chargeback.plan', { caseId: r.id })).data.postings),
    );
    for (const postings of after)
      expect(postings).toEqual([
        expect.objectContaining({
          state: 'posted',
          preparedBy: 'alice',
          decidedBy: 'bob',
          sapDocument: expect.anything(),
        }),
      ]);
    expect(host.people.errors).toEqual([]);
  });
});
