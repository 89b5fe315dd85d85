// The audit browser's reads (repos/audit.ts, list and facets) on both dialects: each filter alone and
// together, newest first, pages that neither repeat nor skip an entry, counts over every page, LIKE's
// own characters taken literally, and each filter read through its index of 0230 (not a scan).
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Store } from '../../../electron/store';
import { describeEachDialect } from '../../support/store';

const DAY = '2026-11-0';

/** 30 entries over three days: anna approves and parks, ben corrects, the system syncs. */
async function seed(store: Store): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const actor = ['clerk.anna', 'clerk.ben', 'system'][i % 3]!;
    const action = actor === 'system' ? 'sync.finished' : i % 2 === 0 ? 'proposal.approved' : 'transaction.parked';
    await store.repos.audit.append({
      actor,
      action,
      subject: actor === 'system' ? `sync:${i}` : `paytrace:${100 + (i % 4)}`,
      detail: { note: i === 7 ? 'paid 100% of INV_7' : `entry ${i}`, card: '************1111' },
      at: `${DAY}${1 + Math.floor(i / 10)}T10:${String(i).padStart(2, '0')}:00.000Z`,
    });
  }
}

const seqs = (page: { entries: readonly { seq: number }[] }) => page.entries.map((e) => e.seq);

describeEachDialect('audit browser', (h) => {
  it('lists newest first in pages that neither repeat nor skip, with the total over every page', async () => {
    const store = await h.migrated();
    await seed(store);
    const all = await store.repos.audit.between('0000', '9999');
    expect(all).toHaveLength(30);
    const seen: number[] = [];
    let before: number | undefined;
    let pages = 0;
    do {
      const page = await store.repos.audit.list({ limit: 7, ...(before ? { before } : {}) });
      expect(page.total).toBe(30);
      seen.push(...seqs(page));
      before = page.nextBefore ?? undefined;
      pages++;
    } while (before !== undefined);
    expect(pages).toBe(5);
    expect(seen).toEqual(all.map((e) => e.seq).reverse());
  });

  it('filters by actor, payment, action, date range and text, alone and together', async () => {
    const store = await h.migrated();
    await seed(store);
    const all = await store.repos.audit.between('0000', '9999');
    const expectFilter = async (
      query: Parameters<Store['repos']['audit']['list']>[0],
      keep: (e: (typeof all)[number]) => boolean,
    ) => {
      const page = await store.repos.audit.list(query);
      const wanted = all
        .filter(keep)
        .map((e) => e.seq)
        .reverse();
      expect(wanted.length).toBeGreaterThan(0);
      expect(seqs(page)).toEqual(wanted.slice(0, query.limit));
      expect(page.total).toBe(wanted.length);
    };
    await expectFilter({ limit: 100, actor: 'clerk.anna' }, (e) => e.actor === 'clerk.anna');
    await expectFilter({ limit: 100, transactionId: 101 }, (e) => e.subject === 'paytrace:101');
    await expectFilter({ limit: 100, action: 'transaction.parked' }, (e) => e.action === 'transaction.parked');
    await expectFilter({ limit: 100, from: `${DAY}2T00:00:00.000Z`, to: `${DAY}3T00:00:00.000Z` }, (e) =>
      e.at.startsWith(`${DAY}2`),
    );
    await expectFilter(
      { limit: 2, actor: 'clerk.ben', action: 'proposal.approved', from: `${DAY}2T00:00:00.000Z` },
      (e) => e.actor === 'clerk.ben' && e.action === 'proposal.approved' && e.at >= `${DAY}2`,
    );
    // Text is matched in the subject and the detail, case-insensitively; % and _ are literal.
    await expectFilter({ limit: 100, text: 'SYNC:2' }, (e) => e.subject.startsWith('sync:2'));
    await expectFilter({ limit: 100, text: '100% of inv_' }, (e) => e.detail.note === 'paid 100% of INV_7');
    expect((await store.repos.audit.list({ limit: 100, text: '100%_' })).total).toBe(0);
    const none = await store.repos.audit.list({ limit: 100, actor: 'nobody' });
    expect(none).toEqual({ entries: [], total: 0, nextBefore: null });
    // Entries are as written: the masked card stays masked.
    const [entry] = (await store.repos.audit.list({ limit: 1, transactionId: 100 })).entries;
    expect(entry!.detail.card).toBe('************1111');
  });

  it('offers every actor and action in the log, sorted', async () => {
    const store = await h.migrated();
    expect(await store.repos.audit.facets()).toEqual({ actors: [], actions: [] });
    await seed(store);
    expect(await store.repos.audit.facets()).toEqual({
      actors: ['clerk.anna', 'clerk.ben', 'system'],
      actions: ['proposal.approved', 'sync.finished', 'transaction.parked'],
    });
  });

  it('reads each filter through its index', async () => {
    const store = await h.migrated();
    await seed(store);
    const plans: Record<string, string> = {};
    const filters = {
      audit_log_by_actor: sql`actor = 'clerk.anna'`,
      audit_log_by_subject: sql`subject = 'paytrace:101'`,
      audit_log_by_action: sql`action = 'sync.finished'`,
    };
    for (const [index, where] of Object.entries(filters)) {
      const query = sql`select * from audit_log where ${where} and seq < 1000 order by seq desc limit 101`;
      if (store.dialect === 'sqlite') {
        const rows = await sql<{ detail: string }>`explain query plan ${query}`.execute(store.db);
        plans[index] = rows.rows.map((r) => r.detail).join('\n');
      } else {
        // 30 rows are cheaper to scan; what matters is that the index serves the query when it is not.
        plans[index] = await store.db.transaction().execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          const rows = await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(trx);
          return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
        });
      }
      expect(plans[index]).toContain(index);
    }
  });
});
