// The Chargebacks tab's store: it holds one window of cases, asks the store for the tab's view and the page
// on screen, follows queue.changed, keeps only the newest answer, and hands the core's refusals to the dialogs.
import { describe, expect, it } from 'vitest';
import { ApiError, type DisputeCaseDto, type RequestOf, type ResponseOf } from '../../../shared/api';
import { CHARGEBACK_PAGE, createChargebacksStore } from '../../../renderer/src/features/chargebacks/store';
import { FILTER_DEBOUNCE_MS } from '../../../renderer/src/features/review/store';
import { fakeApi, settle } from './fake-api';

const kase = (id: number, matched: boolean): DisputeCaseDto => ({
  id,
  processor: 'north',
  caseNumber: `C-${id}`,
  stage: 'chargeback',
  stageRaw: 'CBK1',
  status: 'open',
  statusRaw: 'Open',
  network: 'visa',
  reasonCode: '10.4',
  reasonMeaning: 'Other fraud: card-absent environment',
  amount: { minor: 1000 + id, currency: 'USD' },
  originalAmount: null,
  receivedDate: '2026-12-01',
  dueDate: '2026-12-20',
  overdue: false,
  cardLast4: '1111',
  merchantReference: '',
  source: 'report',
  match: matched
    ? { state: 'matched', transactionId: id, method: 'transaction-id', reasons: [] }
    : { state: 'unmatched', candidates: [], reasons: ['no sale on card ending 1111'] },
  salePosting: null,
  updatedAt: '2026-12-01T00:00:00.000Z',
});

/** 250 cases, every third unmatched; the window the store would answer. */
function windowOver(cases: () => DisputeCaseDto[], seen: RequestOf<'chargebacks.window'>[]) {
  return (req: RequestOf<'chargebacks.window'>): ResponseOf<'chargebacks.window'> => {
    seen.push(req);
    const all = cases();
    const view = all.filter((c) => !req.match || c.match.state === req.match);
    const matched = all.filter((c) => c.match.state === 'matched').length;
    return {
      rows: view.slice(req.offset, req.offset + req.limit),
      offset: req.offset,
      total: view.length,
      counts: { matched, unmatched: all.length - matched },
      today: '2026-12-10',
    };
  };
}

describe('chargebacks store', () => {
  it('holds one page of the view, pages within it, and asks again for a new tab', async () => {
    const cases = Array.from({ length: 250 }, (_, i) => kase(i + 1, (i + 1) % 3 !== 0));
    const seen: RequestOf<'chargebacks.window'>[] = [];
    const { api, emit } = fakeApi({ 'chargebacks.window': windowOver(() => cases, seen) });
    const store = createChargebacksStore(api);
    const stop = store.getState().start();
    await settle();
    let s = store.getState();
    expect(s.rows).toHaveLength(CHARGEBACK_PAGE);
    expect(s).toMatchObject({ total: 250, counts: { matched: 167, unmatched: 83 }, today: '2026-12-10', loaded: true });
    expect(seen.at(-1)).toEqual({ offset: 0, limit: CHARGEBACK_PAGE });

    s.page(-1); // nothing before the first page
    s.page(1);
    await settle();
    s.page(1);
    await settle();
    expect(store.getState().rows.map((r) => r.id)).toEqual(cases.slice(200).map((c) => c.id));
    store.getState().page(1); // nothing after the last page
    await settle();
    expect(store.getState().offset).toBe(200);

    store.getState().setTab('unmatched');
    await settle();
    s = store.getState();
    expect(seen.at(-1)).toEqual({ match: 'unmatched', offset: 0, limit: CHARGEBACK_PAGE });
    expect(s.rows.every((r) => r.match.state === 'unmatched')).toBe(true);
    expect(s.total).toBe(83);

    // Linked elsewhere: the view shrinks; queue.changed reloads it.
    cases.splice(0, cases.length, ...cases.map((c) => kase(c.id, true)));
    emit('queue.changed', { transactionIds: [] });
    await settle();
    expect(store.getState()).toMatchObject({ rows: [], total: 0, counts: { unmatched: 0, matched: 250 } });
    stop();
  });

  it('falls back to the last page when the view shrank under the page shown', async () => {
    let cases = Array.from({ length: 150 }, (_, i) => kase(i + 1, true));
    const seen: RequestOf<'chargebacks.window'>[] = [];
    const { api } = fakeApi({ 'chargebacks.window': windowOver(() => cases, seen) });
    const store = createChargebacksStore(api);
    await store.getState().load();
    store.getState().page(1);
    await settle();
    expect(store.getState().offset).toBe(100);
    cases = cases.slice(0, 60);
    await store.getState().load();
    await settle();
    expect(store.getState()).toMatchObject({ offset: 0, total: 60 });
    expect(store.getState().rows).toHaveLength(60);
  });

  it("gives the dialogs the core's refusal in its words, and reloads after a link or a record", async () => {
    const seen: RequestOf<'chargebacks.window'>[] = [];
    const { api, calls } = fakeApi({
      'chargebacks.window': windowOver(() => [kase(1, false)], seen),
      'chargeback.link': (req) => {
        if (req.transactionId === 9) throw new ApiError('invalid_request', 'Sale 9 is in CAD; the case is in USD.');
        return kase(1, true);
      },
      'chargeback.record': (req) => ({
        outcome: 'duplicate',
        dispute: { ...kase(2, true), caseNumber: req.caseNumber },
      }),
    });
    const store = createChargebacksStore(api);
    expect(await store.getState().link(1, 9, 'the auth code')).toBe('Sale 9 is in CAD; the case is in USD.');
    expect(await store.getState().link(1, 5, 'the auth code')).toBeNull();
    await settle();
    expect(calls.filter((c) => c === 'chargebacks.window')).toHaveLength(1);
    const result = await store.getState().record({
      transactionId: 5,
      processor: 'north',
      caseNumber: 'M-1',
      stage: 'chargeback',
      reasonCode: '10.4',
      amount: { minor: 100, currency: 'USD' },
      dueDate: null,
    });
    expect(result).toMatchObject({ outcome: 'duplicate', dispute: { caseNumber: 'M-1' } });
    await settle();
    expect(calls.filter((c) => c === 'chargebacks.window')).toHaveLength(2);
  });

  it('asks the store with the settled filter text, ticks ranges, and sends "all that match" as the view', async () => {
    const cases = Array.from({ length: 150 }, (_, i) => kase(i + 1, true));
    const seen: RequestOf<'chargebacks.window'>[] = [];
    const bulk: RequestOf<'chargebacks.bulkPrepare'>[] = [];
    const { api, emit } = fakeApi({
      'chargebacks.window': windowOver(() => cases, seen),
      'chargebacks.bulkPreview': () => ({
        count: 150,
        prepare: 1,
        blocked: 149,
        totals: [],
        steps: [],
        cannotPrepare: [{ reason: 'nothing to post at its stage', count: 149 }],
      }),
      'chargebacks.bulkPrepare': (req) => {
        bulk.push(req);
        emit('bulk.progress', { progressId: req.progressId!, done: 1, total: 2, posted: 0, prepared: 1, failed: 0 });
        return { results: [], counts: {} };
      },
    });
    const store = createChargebacksStore(api);
    const stop = store.getState().start();
    await settle();
    const s = () => store.getState();

    // A click, then a shift-click: the range between, in the page's order; a shift-click again unticks its range.
    s().toggleChecked(3, false);
    s().toggleChecked(6, true);
    expect([...s().checked].sort((a, b) => a - b)).toEqual([3, 4, 5, 6]);
    s().toggleChecked(5, true);
    expect([...s().checked].sort((a, b) => a - b)).toEqual([3, 4]);
    expect(s().selection()).toEqual({ caseIds: [3, 4] });

    // Typing settles before the store is asked; a new view clears the selection.
    s().setFilter('cb-');
    s().setFilter('cb-1');
    await settle();
    expect(seen.at(-1)?.text).toBeUndefined();
    await new Promise((r) => setTimeout(r, FILTER_DEBOUNCE_MS + 20));
    expect(seen.at(-1)).toEqual({ text: 'cb-1', offset: 0, limit: CHARGEBACK_PAGE });
    expect(s().checked.size).toBe(0);

    // "All that match" is the tab and the filter, not the page's ids.
    s().setTab('matched');
    await settle();
    s().checkAllMatching();
    expect(s().selection()).toEqual({ matching: { match: 'matched', text: 'cb-1' } });
    await s().openBulk('prepare');
    expect(s().bulk).toMatchObject({ phase: 'preview', preview: { prepare: 1 } });
    await s().runBulk();
    expect(bulk[0]).toMatchObject({ matching: { match: 'matched', text: 'cb-1' } });
    expect(s().bulk).toMatchObject({ phase: 'done' });
    expect(s().allMatching).toBe(false);
    // Clearing the box applies at once.
    s().setFilter('');
    await settle();
    expect(seen.at(-1)).toEqual({ match: 'matched', offset: 0, limit: CHARGEBACK_PAGE });
    stop();
  });
});
