// The review queue's keyboard: which key is a command and when it is typing; the cursor j/k move
// (the open detail follows it); what a No match or parked row offers; unpark through the store.
import { describe, expect, it } from 'vitest';
import type { QueueRow } from '../../../shared/api';
import { keyCommand, isTyping, type KeyLike } from '../../../renderer/src/features/review/keys';
import { CHARGEBACK_KEYS, CHARGEBACK_SHORTCUTS } from '../../../renderer/src/features/chargebacks/keys';
import { createReviewStore } from '../../../renderer/src/features/review/store';
import {
  approveEnabled,
  approveHint,
  canApprove,
  canCorrect,
  canUnpark,
  needsMatch,
} from '../../../renderer/src/features/review/tabs';
import { fakeApi, settle, windowOver } from './fake-api';

const usd = (minor: number) => ({ minor, currency: 'USD' });

function row(id: number, queueState: QueueRow['queueState'], match: 'matched' | 'none' = 'matched'): QueueRow {
  return {
    transactionId: id,
    kind: 'sale',
    status: 'settled',
    batch: 1,
    amount: usd(52006),
    createdAt: '2026-11-25T10:00:00.000Z',
    invoiceId: 'PO-7788',
    billingName: 'Unknown Buyer',
    maskedCard: '************4242',
    queueState,
    stateReason: null,
    proposal: {
      id: id + 1000,
      tier: match === 'none' ? 'none' : 'suggest',
      confidence: match === 'none' ? 0 : 0.8,
      customer: match === 'none' ? null : '0000100017',
      customerName: match === 'none' ? null : 'Northwind',
      companyCode: match === 'none' ? null : '1000',
      items: [],
      onAccount: usd(52006),
      reasons: [],
      rule: 'r',
    },
    posting: null,
  };
}

/** An element as far as keys.ts looks at one. */
function el(tagName: string, attrs: { type?: string; inside?: string } = {}): object {
  return {
    tagName: tagName.toUpperCase(),
    type: attrs.type ?? '',
    isContentEditable: false,
    getAttribute: () => null,
    closest: (selector: string) =>
      selector.split(',').some((s) => s.trim() === tagName || (attrs.inside && s.includes(attrs.inside))) ? {} : null,
  };
}

const press = (key: string, target: unknown = null, extra: Partial<KeyLike> = {}): KeyLike => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  defaultPrevented: false,
  target,
  ...extra,
});

describe('review keys', () => {
  it('maps the clerk keys to commands', () => {
    const body = el('body');
    expect(
      ['j', 'ArrowDown', 'k', 'ArrowUp', 'Enter', 'a', 'p', 'i', 'c', 'u', '/', 'Escape', '?', 'x', 'X', 'q'].map((k) =>
        keyCommand(press(k, body), false),
      ),
    ).toEqual([
      'next',
      'next',
      'previous',
      'previous',
      'open',
      'approve',
      'park',
      'ignore',
      'correct',
      'unpark',
      'filter',
      'close',
      'help',
      'select',
      'select',
      null,
    ]);
  });

  it('ignores keys typed into fields, with a modifier, under a modal dialog, or that the focused control owns', () => {
    for (const field of [
      el('input', { type: 'search' }),
      el('input', { type: 'text' }),
      el('textarea'),
      el('select'),
    ]) {
      expect(isTyping(field)).toBe(true);
      expect(keyCommand(press('j', field), false)).toBeNull();
      expect(keyCommand(press('a', field), false)).toBeNull();
    }
    expect(isTyping(el('input', { type: 'checkbox' }))).toBe(false);
    expect(keyCommand(press('a', el('body'), { ctrlKey: true }), false)).toBeNull();
    expect(keyCommand(press('r', el('body'), { metaKey: true }), false)).toBeNull();
    expect(keyCommand(press('a', el('body')), true)).toBeNull();
    expect(keyCommand(press('Escape', el('body')), true)).toBeNull();
    expect(keyCommand(press('Enter', el('button')), false)).toBeNull();
    expect(keyCommand(press('ArrowDown', el('button', { inside: 'tablist' })), false)).toBeNull();
    expect(keyCommand(press('a', el('button')), false)).toBe('approve');
    expect(keyCommand(press('j', el('body'), { defaultPrevented: true }), false)).toBeNull();
  });

  it('a No match row offers no Approve, says why in words and offers Correct match', () => {
    const none = row(1, 'review', 'none');
    expect(needsMatch(none)).toBe(true);
    expect(canApprove(none)).toBe(false);
    expect(approveEnabled(none, 'mia', false)).toBe(false);
    expect(canCorrect(none)).toBe(true);
    expect(approveHint(none, 'mia', false)).toMatch(/No match: no customer or company code.*Correct match/);
    const matched = row(2, 'review');
    expect(needsMatch(matched)).toBe(false);
    expect(approveEnabled(matched, 'mia', false)).toBe(true);
    expect(approveHint(matched, 'mia', false)).toBeNull();
    // A proposal the core cannot post as it stands (its preview says why) is not offered for approval.
    const problem = 'Refund 100000093 has no open credit of customer 0000100001 to clear';
    expect(approveEnabled(matched, 'mia', false, problem)).toBe(false);
    expect(approveHint(matched, 'mia', false, problem)).toBe(
      `It cannot be posted as it stands: ${problem}. Correct the match, or park or ignore it.`,
    );
    // A refund's match is not corrected by hand: the hint does not send the clerk to a disabled button.
    const refund = { ...matched, kind: 'refund' as const };
    expect(canCorrect(refund)).toBe(false);
    expect(approveHint(refund, 'mia', false, problem)).toBe(
      `It cannot be posted as it stands: ${problem}. Meanwhile, park it or ignore it.`,
    );
    // A void of the sale in progress holds the approval, in the core's words, whatever the document.
    const held =
      'Refund request 4 of 75.50 USD for sale 2, by ann, waits for an approver: … Decide the refund first (Refunds).';
    expect(approveEnabled(matched, 'mia', false, undefined, held)).toBe(false);
    expect(approveHint(matched, 'mia', false, undefined, held)).toBe(held);
    const parked = row(3, 'parked');
    expect(canUnpark(parked)).toBe(true);
    expect(canUnpark(matched)).toBe(false);
    expect(canApprove(parked)).toBe(false);
    expect(approveHint(parked, 'mia', false)).toMatch(/unpark it/);
  });

  it('j/k move the cursor without opening; with the detail open it follows the cursor', async () => {
    const rows = [row(1, 'review'), row(2, 'review'), row(3, 'review')];
    const { api } = fakeApi({
      'queue.window': windowOver(() => rows),
      'queue.detail': ({ transactionId }) => ({
        row: rows.find((r) => r.transactionId === transactionId)!,
        preview: null,
        audit: [],
      }),
    });
    const store = createReviewStore(api);
    await store.getState().loadList();
    expect(store.getState().moveCursor(1)).toBe(0);
    expect(store.getState()).toMatchObject({ cursorId: 1, selectedId: null });
    store.getState().moveCursor(1);
    store.getState().moveCursor(1);
    store.getState().moveCursor(1);
    expect(store.getState()).toMatchObject({ cursorId: 3, selectedId: null });
    store.getState().select(3);
    store.getState().moveCursor(-1);
    await settle();
    expect(store.getState()).toMatchObject({ cursorId: 2, selectedId: 2, detail: { row: { transactionId: 2 } } });
    store.getState().select(null);
    expect(store.getState()).toMatchObject({ cursorId: 2, selectedId: null });
  });

  it('unpark sends the payment back to review and says so', async () => {
    let rows = [row(5, 'parked')];
    const { api, calls } = fakeApi({
      'queue.window': windowOver(() => rows),
      'queue.detail': ({ transactionId }) => ({
        row: rows.find((r) => r.transactionId === transactionId)!,
        preview: null,
        audit: [],
      }),
      'transaction.unpark': ({ transactionId }) => {
        rows = rows.map((r) => (r.transactionId === transactionId ? { ...r, queueState: 'review' as const } : r));
        return rows[0]!;
      },
    });
    const store = createReviewStore(api);
    store.getState().setTab('parked');
    await settle();
    store.getState().select(5);
    await store.getState().unpark(5);
    await settle();
    expect(calls).toContain('transaction.unpark');
    expect(store.getState().outcome).toMatchObject({
      kind: 'done',
      message: 'Unparked: back to review',
      state: 'review',
    });
    expect(store.getState().stickyIds.has(5)).toBe(true);
  });
});

describe("the Chargebacks tab's keys (the review queue's table, a subset)", () => {
  it('moves, opens, selects, filters, helps and leaves; the queue-only commands are not its keys; typing and dialogs keep theirs', () => {
    const keys = CHARGEBACK_KEYS;
    expect(keyCommand(press('j'), false, keys)).toBe('next');
    expect(keyCommand(press('ArrowDown'), false, keys)).toBe('next');
    expect(keyCommand(press('k'), false, keys)).toBe('previous');
    expect(keyCommand(press('ArrowUp'), false, keys)).toBe('previous');
    expect(keyCommand(press('Enter'), false, keys)).toBe('open');
    expect(keyCommand(press('Escape'), false, keys)).toBe('close');
    expect(keyCommand(press('x'), false, keys)).toBe('select');
    expect(keyCommand(press('X'), false, keys)).toBe('select');
    expect(keyCommand(press('/'), false, keys)).toBe('filter');
    expect(keyCommand(press('?'), false, keys)).toBe('help');
    expect(keyCommand(press('x', { tagName: 'INPUT', type: 'search' }), false, keys)).toBeNull();
    for (const k of ['a', 'p', 'i', 'c', 'u']) expect(keyCommand(press(k), false, keys), k).toBeNull();
    // The overlay lists every key of the tab's table, and only those.
    const listed = new Set(CHARGEBACK_SHORTCUTS.flatMap((s) => s.keys));
    for (const key of Object.keys(keys))
      expect(
        listed.has(
          key === 'ArrowDown' ? '↓' : key === 'ArrowUp' ? '↑' : key === 'Escape' ? 'Esc' : key === 'X' ? 'x' : key,
        ),
        key,
      ).toBe(true);
    expect(listed.size).toBe(9);
    expect(keyCommand(press('j'), true, keys)).toBeNull();
    expect(keyCommand(press('j', { tagName: 'INPUT', type: 'date' }), false, keys)).toBeNull();
    expect(keyCommand(press('j', null, { ctrlKey: true }), false, keys)).toBeNull();
    // The review queue's own table is unchanged.
    expect(keyCommand(press('a'), false)).toBe('approve');
  });
});
