// Saved views through the core on both dialects: per user, saved under a name (the same name replaces
// it), applied as they were saved (tab, text, sort, drill), deleted; a stored view that no longer fits
// the schema is left out, not passed on.
import { expect, it } from 'vitest';
import type { Actor } from '../../../electron/core/ports';
import { ApiError, type SavedView } from '../../../shared/api';
import { describeEachDialect } from '../../support/store';
import { coreWith, type FakeWorld } from './core-fixture';

const mia: Actor = { name: 'mia', roles: ['clerk'] };
const noah: Actor = { name: 'noah', roles: ['approver'] };
const world = (): FakeWorld => ({ paytrace: [], sap: { customers: [], openItems: [] }, posted: [] });

const acme: SavedView = {
  name: 'Acme by amount',
  tab: 'review',
  text: 'acme',
  sort: { key: 'amount', desc: false },
  drill: { filter: { currency: 'USD', states: ['review'] }, label: 'USD in review' },
};

describeEachDialect('saved views through the core', (h) => {
  it('saves, lists per user, replaces by name and deletes', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    expect(await core.handle('views.list', {}, mia)).toEqual({ views: [] });
    const failed: SavedView = { name: 'Failed', tab: 'failed', text: '', sort: null, drill: null };
    await core.handle('views.save', acme, mia);
    expect(await core.handle('views.save', failed, mia)).toEqual({ views: [acme, failed] });
    // Another person sees none of them.
    expect(await core.handle('views.list', {}, noah)).toEqual({ views: [] });

    const replaced = { ...acme, text: 'acme corp', sort: { key: 'customer' as const, desc: true } };
    expect(await core.handle('views.save', replaced, mia)).toEqual({ views: [replaced, failed] });
    expect(await core.handle('views.delete', { name: 'Failed' }, mia)).toEqual({ views: [replaced] });
    await expect(core.handle('views.delete', { name: 'Failed' }, mia)).rejects.toBeInstanceOf(ApiError);
    await expect(core.handle('views.delete', { name: 'Acme by amount' }, noah)).rejects.toThrow(/no saved view/);
    expect(await core.handle('views.list', {}, mia)).toEqual({ views: [replaced] });
  });

  it('leaves out a stored view that does not fit the schema', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    await core.handle('views.save', acme, mia);
    await store.repos.savedViews.save(
      'mia',
      'old',
      JSON.stringify({ name: 'old', tab: 'gone' }),
      '2026-11-01T00:00:00Z',
    );
    await store.repos.savedViews.save('mia', 'broken', '{not json', '2026-11-01T00:00:00Z');
    expect(await core.handle('views.list', {}, mia)).toEqual({ views: [acme] });
    await expect(core.handle('views.save', { ...acme, name: '  ' }, mia)).rejects.toThrow(/name/);
  });
});
