// Migration 0180: a dead letter keeps who resolved it by hand and why; letters written before it
// read back with neither, open or resolved as they were.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/store';
import { MIGRATIONS } from '../../../../electron/store/migrations';
import { describeEachDialect } from '../../../support/store';
import { columnsOf } from '../../../support/store-introspect';

const at = MIGRATIONS.findIndex((m) => m.name === '0180_dead_letter_resolutions');

describeEachDialect('migration 0180_dead_letter_resolutions', (h) => {
  it('adds nullable resolved_by and resolution to dead_letters, after every earlier migration', async () => {
    expect(at).toBeGreaterThan(0);
    const store = await h.open(await h.fresh());
    await migrate(store, MIGRATIONS.slice(0, at));
    const before = (await columnsOf(store, 'dead_letters')).map((c) => c.name);
    expect(before).not.toContain('resolved_by');
    await store.db
      .insertInto('dead_letters')
      .values({
        source: 'posting',
        source_key: 'PT1P',
        error: 'E F5 808',
        payload: '{}',
        created_at: '2026-11-25T00:00:00Z',
        resolved_at: null,
      })
      .execute();
    await store.db
      .insertInto('dead_letters')
      .values({
        source: 'paytrace',
        source_key: 'export:2026-11-01..2026-11-02',
        error: 'timeout',
        payload: '{}',
        created_at: '2026-11-25T00:00:00Z',
        resolved_at: '2026-11-26T00:00:00Z',
      })
      .execute();
    await migrate(store);
    const added = (await columnsOf(store, 'dead_letters'))
      .filter((c) => ['resolved_by', 'resolution'].includes(c.name))
      .map((c) => [c.name, c.nullable]);
    expect(added).toEqual([
      ['resolved_by', true],
      ['resolution', true],
    ]);
    const letters = await store.repos.deadLetters.recent(10);
    expect(letters.map((l) => [l.sourceKey, l.resolvedAt, l.resolvedBy, l.resolution])).toEqual([
      ['export:2026-11-01..2026-11-02', '2026-11-26T00:00:00Z', null, null],
      ['PT1P', null, null, null],
    ]);
    expect(await store.repos.deadLetters.countOpen()).toBe(1);
  });
});
