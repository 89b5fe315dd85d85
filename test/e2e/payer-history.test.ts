// The payer history beside the learned rules, in real Chromium: after alice approves sales that SAP (the sandbox's,
// over RFC) posts, the cards on file they were paid with show under "Payer history" with the customer they paid,
// searchable by customer number; a search that matches nothing says so. The list is read from the postings, so the
// screen offers nothing to remove.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApprovalResult, PayerHistoryPage, QueueRow } from '../../shared/api';
import { sandboxHost } from '../support/sandbox-host';

describe('the payer history on the learned rules screen', () => {
  const host = sandboxHost('payer-history');
  const call = <T = unknown>(who: string, channel: string, body: unknown) => host.call<T>(who, channel, body);

  it('lists the cards of the sales alice approved with their customers, and searches them', async () => {
    const before = (await call<PayerHistoryPage>('alice', 'aliases.history', {})).data;
    const waiting = (await call<QueueRow[]>('alice', 'queue.list', { states: ['review'] })).data;
    const postable = waiting.filter(
      (r) =>
        r.kind === 'sale' &&
        r.proposal?.customer &&
        r.proposal.items.length > 0 &&
        r.proposal.writeOff === null &&
        (r.proposal.secondApproval ?? []).length === 0,
    );
    const posted: { id: number; customer: string }[] = [];
    for (const r of postable.slice(0, 12)) {
      const answer = await call<ApprovalResult>('alice', 'proposal.approve', {
        transactionId: r.transactionId,
        proposalId: r.proposal!.id,
      });
      if (answer.status === 200 && answer.data.state === 'posted')
        posted.push({ id: r.transactionId, customer: r.proposal!.customer! });
    }
    expect(posted.length, 'sales one clerk may post in the demo scenario').toBeGreaterThan(0);
    const after = (await call<PayerHistoryPage>('alice', 'aliases.history', { limit: 500 })).data;
    // Each approval paid by a card on file shows as that card's latest payment, with the customer it paid.
    const shown = after.rows.filter((row) => posted.some((p) => p.id === row.lastPayment));
    expect(shown.length, 'a posted sale paid by a card on file').toBeGreaterThan(0);
    for (const row of shown) expect(row.customer).toBe(posted.find((p) => p.id === row.lastPayment)!.customer);
    expect(after.total).toBeGreaterThan(before.total);

    const { page } = await host.people.openPage('alice');
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /Learned rules/ })
      .click();
    const region = page.getByRole('region', { name: 'Payer history' });
    const table = region.getByRole('table', { name: 'Payer history' });
    const one = shown[0]!;
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 20_000 }).toBe(Math.min(after.total, 200));
    await expect.poll(() => region.getByRole('status').textContent()).toMatch(/vault ids?/);

    // By customer number, typed without its leading zeros as clerks do: only that customer's cards.
    const search = region.getByRole('searchbox', { name: 'Search payer history' });
    await search.fill(one.customer.replace(/^0+/, ''));
    const customers = () => table.locator('tbody tr td:nth-child(2)').allTextContents();
    await expect.poll(async () => [...new Set(await customers())], { timeout: 10_000 }).toEqual([one.customer]);
    await expect
      .poll(() => table.locator('tbody tr').filter({ hasText: one.vaultId }).count(), { timeout: 10_000 })
      .toBe(1);
    // Nothing to remove by hand here: a reversal or a correction takes a wrong one away.
    expect(await region.getByRole('button', { name: /Remove/ }).count()).toBe(0);
    await page.screenshot({ path: join(host.dataDir, '..', 'cleardesk-payer-history.png') });

    await search.fill('no-such-card');
    await expect
      .poll(() => region.getByRole('status').textContent(), { timeout: 10_000 })
      .toBe('No vault id or customer matches "no-such-card".');
    expect(await table.count()).toBe(0);
  });
});
