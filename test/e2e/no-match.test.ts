// No dead ends in real Chromium (issue 12 item 4): a "No match" payment in the sandbox offers "Post on
// account…"; alice (clerk) picks a customer and company code, sees the FI document preview with the
// unassigned customer credit and why it needs a second person, and prepares it; bob (approver) gives
// the second approval and SAP (the sandbox's, over RFC) posts it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CandidateOpenItem, QueueRow, TransactionDetail } from '../../shared/api';
import { projectRoot } from '../support/cli';
import { sandboxHost } from '../support/sandbox-host';

describe('a No match payment posted on account in the browser host', () => {
  const host = sandboxHost('no-match');
  const call = <T = unknown>(who: string, channel: string, body: unknown) => host.call<T>(who, channel, body);

  it('alice posts it on account to a customer she picks, bob gives the second approval, SAP posts it', async () => {
    const waiting = (await call<QueueRow[]>('alice', 'queue.list', { states: ['review'] })).data;
    // Dates on screen are never in the future: the sandbox's payments happened by now.
    const all = (await call<QueueRow[]>('alice', 'queue.list', {})).data;
    expect(all.filter((r) => Date.parse(r.createdAt) > Date.now()).map((r) => r.createdAt)).toEqual([]);
    const noMatch = waiting.find(
      (r) => r.kind === 'sale' && r.proposal !== null && !r.proposal.companyCode && r.amount.currency === 'USD',
    );
    expect(noMatch, 'a USD sale nobody could place in the demo scenario').toBeDefined();
    const id = noMatch!.transactionId;
    // A customer of a company code in the payment's currency, as the mirror has them.
    const candidates = (
      await call<CandidateOpenItem[]>('alice', 'proposal.candidates', { transactionId: id, query: '' })
    ).data;
    const target = candidates.find((c) => c.openAmount.currency === 'USD' && !c.excluded);
    expect(target, 'an open item of a USD customer').toBeDefined();
    const { customer, companyCode } = target!;

    const alice = await host.people.open('alice');
    // The queue is windowed: the filter brings the payment into view.
    await alice.page.getByRole('searchbox', { name: 'Filter transactions' }).fill(String(id));
    await expect.poll(() => alice.open(id).isVisible(), { timeout: 20_000 }).toBe(true);
    await alice.open(id).click();
    await expect
      .poll(() => alice.detail(id).textContent(), { timeout: 10_000 })
      .toContain('No match: no customer or company code to post into');
    expect(await alice.button(id, /^Approve/).isDisabled()).toBe(true);
    // Nothing can be approved: the preview says what to do, and no "confidence that a clerk approves it" is shown.
    expect(await alice.section(id, 'FI document preview').textContent()).toContain(
      'Nothing to post yet: no customer or open item says which company code the payment belongs to.',
    );
    expect(await alice.detail(id).getByRole('region', { name: 'What decided' }).count()).toBe(0);
    await alice.button(id, 'Post on account…').click();
    const dialog = alice.page.getByRole('dialog', { name: /Post on account/ });
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    // A customer SAP does not have in that company code is refused with the reason; nothing changes.
    await dialog.getByLabel('Company code').selectOption(companyCode);
    const field = dialog.getByLabel('Customer', { exact: true });
    await field.fill('9999999999');
    await expect
      .poll(() => dialog.locator('.customer-found').textContent(), { timeout: 10_000 })
      .toBe('No customer of the SAP mirror has this name, city or number.');
    await dialog.getByRole('button', { name: 'Prepare on-account posting' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent(), { timeout: 10_000 })
      .toContain(`Customer 9999999999 is not known in company code ${companyCode}`);
    // The clerk knows the payer by name: typed, the mirror's customers of that name are offered to pick.
    const name = target!.customerName!;
    const part = name.split(' ')[0]!;
    await field.fill(part);
    const hits = dialog.getByRole('list', { name: 'Customers found' });
    await expect.poll(() => hits.isVisible(), { timeout: 10_000 }).toBe(true);
    mkdirSync(join(projectRoot, 'docs', 'screenshots'), { recursive: true });
    await alice.page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'post-on-account-search.png') });
    await dialog.getByRole('button', { name: 'Prepare on-account posting' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent(), { timeout: 10_000 })
      .toContain(`"${part}" is not a customer number: pick the customer from those found`);
    await hits.getByRole('button', { name: new RegExp(`^${customer} ${name}`) }).click();
    expect(await field.inputValue()).toBe(customer);
    await expect.poll(() => dialog.locator('.customer-found').textContent(), { timeout: 10_000 }).toContain(`${name}`);
    await dialog.getByRole('button', { name: 'Prepare on-account posting' }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(false);

    // The clerk's proposal: the customer, everything on account, the preview's two lines, four eyes.
    const reason = `alice chose customer ${customer} to post it on account`;
    await expect.poll(() => alice.section(id, 'Proposed match').textContent(), { timeout: 10_000 }).toContain(reason);
    const preview = alice.section(id, 'FI document preview');
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain(customer);
    const detail = (await call<TransactionDetail>('alice', 'queue.detail', { transactionId: id })).data;
    expect(detail.preview!.lines.map((l) => [l.kind, l.amount.minor])).toEqual([
      ['gl', noMatch!.amount.minor],
      ['customer', -noMatch!.amount.minor],
    ]);
    expect(detail.row.proposal).toMatchObject({ customer, companyCode, items: [], secondApproval: [reason] });
    mkdirSync(join(projectRoot, 'docs', 'screenshots'), { recursive: true });
    await alice.page.screenshot({ path: join(projectRoot, 'docs', 'screenshots', 'post-on-account.png') });

    const approve = alice.button(id, 'Approve for a second person');
    await expect.poll(() => approve.isEnabled(), { timeout: 10_000 }).toBe(true);
    await approve.click();
    await expect
      .poll(async () => (await call<TransactionDetail>('alice', 'queue.detail', { transactionId: id })).data.row, {
        timeout: 20_000,
      })
      .toMatchObject({ queueState: 'prepared', posting: null });

    const bob = await host.people.open('bob');
    await bob.secondApprovalTab().click();
    await bob.page.getByRole('searchbox', { name: 'Filter transactions' }).fill(String(id));
    await expect.poll(() => bob.open(id).isVisible(), { timeout: 20_000 }).toBe(true);
    await bob.open(id).click();
    const post = bob.button(id, 'Give second approval and post');
    await expect.poll(() => post.isEnabled(), { timeout: 10_000 }).toBe(true);
    await post.click();
    const sapDocument = bob.detail(id).getByTestId('sap-document');
    await expect.poll(() => sapDocument.isVisible(), { timeout: 30_000 }).toBe(true);
    expect((await sapDocument.textContent()) ?? '').toMatch(/\d{10}/);
    const posted = (await call<TransactionDetail>('bob', 'queue.detail', { transactionId: id })).data.row;
    expect(posted).toMatchObject({ queueState: 'posted', posting: { state: 'posted', approvedBy: 'bob' } });
    expect(host.people.errors).toEqual([]);
  });
});
