// A chargeback posted with four eyes in real Chromium on the browser host (issue 13, point 3): a sale of the
// sandbox is posted to SAP, alice (clerk) records a first chargeback of it, opens the case's SAP posting on the
// Chargebacks tab, reads the FI document (the customer debited, the card clearing account credited) and prepares
// it; bob (approver) approves it and the sandbox's SAP (over RFC) posts it under PT<sale>C.
import { describe, expect, it } from 'vitest';
import type { ChargebackPlanDto, DisputeWindow, QueueRow } from '../../shared/api';
import { toDecimal } from '../../shared/money';
import { sandboxHost } from '../support/sandbox-host';

describe('a chargeback posted with four eyes in the browser host', () => {
  const host = sandboxHost('chargeback-posting');
  const call = <T = unknown>(who: string, channel: string, body: unknown) => host.call<T>(who, channel, body);

  it('alice prepares the chargeback of a posted sale, bob approves it, SAP posts it', async () => {
    // A sale whose proposal clears an invoice of a customer and needs no second person, posted by alice.
    const rows = (await call<QueueRow[]>('alice', 'queue.list', { states: ['review'] })).data.filter(
      (r) =>
        r.kind === 'sale' &&
        r.proposal?.customer &&
        r.proposal.tier !== 'none' &&
        r.proposal.items.length > 0 &&
        (r.proposal.secondApproval ?? []).length === 0 &&
        !r.proposal.writeOff,
    );
    let sale: QueueRow | null = null;
    for (const r of rows) {
      const approved = await call<{ state: string }>('alice', 'proposal.approve', {
        transactionId: r.transactionId,
        proposalId: r.proposal!.id,
      });
      if (approved.data?.state === 'posted') {
        sale = r;
        break;
      }
    }
    expect(sale, 'a sale of the sandbox posted by a clerk').not.toBeNull();
    const id = sale!.transactionId;
    const amount = { minor: Math.min(2500, sale!.amount.minor), currency: sale!.amount.currency };
    const recorded = await call('alice', 'chargeback.record', {
      transactionId: id,
      processor: 'North',
      caseNumber: 'E2E-POST-1',
      stage: 'chargeback',
      reasonCode: '13.1',
      amount,
      dueDate: '2099-03-01',
    });
    expect(recorded.status, JSON.stringify(recorded.error)).toBe(200);

    const alice = await host.people.open('alice');
    await alice.page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Chargebacks/ })
      .click();
    const open = alice.page.getByRole('button', { name: 'SAP posting of case E2E-POST-1' });
    await expect.poll(() => open.isVisible(), { timeout: 20_000 }).toBe(true);
    await open.click();
    const dialog = alice.page.getByRole('dialog', { name: /Posting for case E2E-POST-1/ });
    const lines = dialog.getByRole('table', { name: 'Chargeback FI document' });
    await expect.poll(() => lines.isVisible(), { timeout: 10_000 }).toBe(true);
    const text = (await lines.textContent()) ?? '';
    expect(text).toContain(sale!.proposal!.customer!);
    expect(text).toMatch(/receivable reopened/);
    expect(text).toContain(toDecimal(amount));
    expect(await dialog.getByTestId('chargeback-why').textContent()).toMatch(/first chargeback/i);
    expect(await dialog.getByTestId('chargeback-header').textContent()).toMatch(
      /reference \(XBLNR\) PT\d+C, posting date \d{4}-\d{2}-\d{2} \(the day it is approved\)$/,
    );
    // A clerk cannot approve: only Prepare is offered.
    expect(await dialog.getByRole('button', { name: 'Approve and post' }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Prepare posting' }).click();
    await expect
      .poll(() => dialog.getByRole('list', { name: 'Postings of this case' }).textContent(), { timeout: 10_000 })
      .toMatch(/waits for an approver, prepared by alice/);
    // Withdrawn from the keyboard (Ctrl+Enter in the reason, as in every reason dialog), then prepared again.
    await dialog.getByRole('button', { name: 'Withdraw…' }).click();
    await dialog.getByLabel('Why it is not approved').fill('Wrong fee, preparing again');
    await dialog.getByLabel('Why it is not approved').press('Control+Enter');
    await expect
      .poll(() => dialog.getByRole('list', { name: 'Postings of this case' }).textContent(), { timeout: 10_000 })
      .toMatch(/rejected, prepared by alice, rejected by alice/);
    await dialog.getByRole('button', { name: 'Prepare posting' }).click();
    await expect
      .poll(() => dialog.getByRole('list', { name: 'Postings of this case' }).textContent(), { timeout: 10_000 })
      .toMatch(/rejected by alice.*waits for an approver, prepared by alice/);
    await dialog.getByRole('button', { name: 'Close' }).click();

    const bob = await host.people.open('bob');
    await bob.page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: /^Chargebacks/ })
      .click();
    const bobOpen = bob.page.getByRole('button', { name: 'SAP posting of case E2E-POST-1' });
    await expect.poll(() => bobOpen.isVisible(), { timeout: 20_000 }).toBe(true);
    await bobOpen.click();
    const bobDialog = bob.page.getByRole('dialog', { name: /Posting for case E2E-POST-1/ });
    const approve = bobDialog.getByRole('button', { name: 'Approve and post' });
    await expect.poll(() => approve.isVisible(), { timeout: 10_000 }).toBe(true);
    await approve.click();
    await expect
      .poll(() => bobDialog.getByRole('list', { name: 'Postings of this case' }).textContent(), { timeout: 30_000 })
      .toMatch(/posted, prepared by alice, approved by bob · SAP \d+/);

    const window = (await call<DisputeWindow>('bob', 'chargebacks.window', { offset: 0, limit: 10 })).data;
    const caseId = window.rows.find((r) => r.caseNumber === 'E2E-POST-1')!.id;
    const plan = (await call<ChargebackPlanDto>('bob', 'chargeback.plan', { caseId })).data;
    expect(plan.step).toBe('none');
    expect(plan.postings).toEqual([
      expect.objectContaining({ state: 'rejected', reference: `PT${id}C`, preparedBy: 'alice', decidedBy: 'alice' }),
      expect.objectContaining({ state: 'posted', reference: `PT${id}C`, preparedBy: 'alice', decidedBy: 'bob' }),
    ]);
    expect(plan.postings[1]!.sapDocument?.BELNR).toMatch(/^\d{10}$/);
    expect(host.people.errors).toEqual([]);
  });
});
