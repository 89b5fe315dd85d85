// The queue's views in the review store against a fake API: an export sends the current view (tab,
// filter, sort, drill) and the visible columns, never the loaded ids; the column chooser's choice is
// kept per user in local storage and survives a new store (a reload).
import { describe, expect, it } from 'vitest';
import type { QueueRow, RequestOf, SavedView } from '../../../shared/api';
import type { PrefsStorage } from '../../../renderer/src/features/review/column-prefs';
import { createReviewStore } from '../../../renderer/src/features/review/store';
import { fakeApi, settle, windowOver } from './fake-api';

const row = (id: number): QueueRow => ({
  transactionId: id,
  kind: 'sale',
  status: 'settled',
  batch: 1,
  amount: { minor: 1000 + id, currency: 'USD' },
  createdAt: '2026-11-25T10:00:00.000Z',
  invoiceId: `9000${id}`,
  billingName: 'Northwind',
  maskedCard: '************4242',
  queueState: 'review',
  stateReason: null,
  proposal: null,
  posting: null,
});

function memoryStorage(): PrefsStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

function setup(prefs: PrefsStorage, user = 'mia') {
  const exports: RequestOf<'queue.export'>[] = [];
  const windows: RequestOf<'queue.window'>[] = [];
  let views: SavedView[] = [];
  const fake = fakeApi({
    'views.list': () => ({ views }),
    'views.save': (req) => {
      const view = req as SavedView;
      views = [...views.filter((v) => v.name !== view.name), view];
      return { views };
    },
    'views.delete': (req) => ((views = views.filter((v) => v.name !== req.name)), { views }),
    'session.info': () => ({ sandbox: true, dataDir: '/tmp', version: 't', user, roles: ['clerk'] }),
    'queue.window': windowOver(() => [row(1), row(2)], windows),
    'queue.export': (req) => {
      exports.push(req);
      return { fileName: 'cleardesk-queue_2026-11-25.csv', mimeType: 'text/csv', base64: btoa('a,b\r\n'), lines: 0 };
    },
  });
  return { store: createReviewStore(fake.api, prefs), exports, windows };
}

describe('views in the review store', () => {
  it('exports the current view with the visible columns', async () => {
    const { store, exports } = setup(memoryStorage());
    store.getState().start();
    await settle();
    store.getState().setTab('failed');
    store.getState().setSorting([{ id: 'amount', desc: false }]);
    store.getState().setColumnHidden('tier', true);
    store.getState().setColumnHidden('match', true);
    const file = await store.getState().exportView('csv', store.getState().visibleColumns());
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({
      format: 'csv',
      states: ['failed'],
      sort: { key: 'amount', desc: false },
      columns: ['transactionId', 'createdAt', 'customer', 'invoiceId', 'amount', 'queueState'],
    });
    expect(exports[0]).not.toHaveProperty('alsoIds');
    expect(exports[0]).not.toHaveProperty('offset');
    expect(new TextDecoder().decode(file!.bytes)).toBe('a,b\r\n');
    expect(store.getState()).toMatchObject({ exporting: false, exportError: null });
  });

  it('keeps hidden columns per user across a reload, and ignores what it cannot read', async () => {
    const prefs = memoryStorage();
    const first = setup(prefs).store;
    first.getState().start();
    await settle();
    first.getState().setColumnHidden('invoiceId', true);
    first.getState().setColumnHidden('tier', true);
    first.getState().setColumnHidden('tier', false);

    const again = setup(prefs).store;
    again.getState().start();
    await settle();
    expect([...again.getState().hiddenColumns]).toEqual(['invoiceId']);
    // Another user on the same machine has their own choice.
    const other = setup(prefs, 'noah').store;
    other.getState().start();
    await settle();
    expect([...other.getState().hiddenColumns]).toEqual([]);

    prefs.setItem('cleardesk.queue.hiddenColumns.mia', '{not json');
    const broken = setup(prefs).store;
    broken.getState().start();
    await settle();
    expect([...broken.getState().hiddenColumns]).toEqual([]);
  });

  it('saves the current view and applies it with one request for the whole view', async () => {
    const { store, windows } = setup(memoryStorage());
    store.getState().start();
    await settle();
    store.getState().setTab('posted');
    store.getState().setFilter('acme');
    store.getState().setSorting([{ id: 'customer', desc: true }]);
    store.getState().setDrill({ label: 'USD', filter: { currency: 'USD' } });
    expect(await store.getState().saveView('Acme posted')).toBe(true);
    expect(store.getState().savedViews).toEqual([
      {
        name: 'Acme posted',
        tab: 'posted',
        text: 'acme',
        sort: { key: 'customer', desc: true },
        drill: { filter: { currency: 'USD' }, label: 'USD' },
      },
    ]);

    store.getState().setTab('review');
    store.getState().setFilter('');
    store.getState().setDrill(null);
    await settle();
    const before = windows.length;
    store.getState().applyView(store.getState().savedViews[0]!);
    await settle();
    expect(store.getState()).toMatchObject({ tab: 'posted', filter: 'acme', appliedFilter: 'acme' });
    expect(windows.length).toBeGreaterThan(before);
    expect(windows.at(-1)).toMatchObject({
      states: ['approved', 'pending', 'posted'],
      text: 'acme',
      sort: { key: 'customer', desc: true },
      drill: { currency: 'USD' },
    });

    await store.getState().deleteView('Acme posted');
    expect(store.getState().savedViews).toEqual([]);
  });
});
