// What a sync met ends in the sync log and, for what could not be read, in the dead-letter queue:
// malformed records, an amount with three decimals, unknown status codes, truncated and empty
// pages, an HTML 502 from a proxy. A run PayTrace stops keeps everything earlier syncs stored,
// and the next run that reads the range whole resolves the letter it left.
import { afterEach, expect, it } from 'vitest';
import { DEFAULT_RULES, matchPayments } from '../../../shared/matching';
import type { ErpSystem } from '../../../electron/core/ports';
import { runSync } from '../../../electron/core/sync/run';
import { Core } from '../../../electron/core/core';
import { createDocumentBuilder } from '../../../electron/core/posting/document';
import { loadGlRules } from '../../../electron/connectors/sap';
import { readSyncLog } from '../../../electron/core/sync/log';
import { generateBusinessDay } from '../../../electron/sandbox/paytrace';
import type { Store } from '../../../electron/store';
import { describeEachDialect } from '../../support/store';
import { clientFor, harness, type Harness } from '../paytrace/helpers';

const DAY = '2025-03-10';
const noSap: ErpSystem = {
  listCustomers: async () => [],
  getOpenItems: async () => [],
  postDocument: async () => {
    throw new Error('no posting in this test');
  },
  findDocumentByReference: async () => null,
  reverseDocument: async () => {
    throw new Error('no reversal in this test');
  },
  findReversal: async () => null,
};

describeEachDialect('the sync log', (h) => {
  let pt: Harness | null = null;
  afterEach(async () => {
    await pt?.sandbox.close();
    pt = null;
  });

  async function setUp(): Promise<{
    store: Store;
    pt: Harness;
    sync: (client?: Harness['client']) => ReturnType<typeof runSync>;
  }> {
    const store = await h.migrated();
    pt = await harness({ sandbox: { seed: 5 } });
    for (const op of generateBusinessDay({ seed: 5, date: DAY, transactions: 300, settlements: ['12:00'] }))
      pt.sandbox.sim.apply(op);
    pt.clock.set('2025-03-11T06:30:00Z');
    const p = pt;
    const sync = (client = p.client) =>
      runSync(
        {
          store: store.repos,
          gateway: client,
          erp: noSap,
          companyCodes: ['1000'],
          matcher: (input) => matchPayments(input, DEFAULT_RULES),
          clock: { now: () => new Date(p.clock.now()) },
        },
        { since: DAY },
      );
    return { store, pt: p, sync };
  }

  it('logs each dead-lettered record and each page PayTrace sent broken, and ingests everything else', async () => {
    const { store, pt, sync } = await setUp();
    // Broken pages and the proxy's 502s on the export calls only, so each is met where the test looks for it.
    pt.sandbox.sim.faults.set({
      malformedRate: 0.1,
      truncateNext: 1,
      emptyNext: 1,
      badGatewayNext: 2,
      paths: ['/v1/transactions/export'],
    });
    const summary = await sync();
    const { stats } = pt.sandbox.sim.faults;
    expect(stats.truncated + stats.empty).toBe(2);
    expect(stats.badGateway).toBe(2);

    const { entries } = await readSyncLog(store.repos);
    const letters = await store.db
      .selectFrom('dead_letters')
      .selectAll()
      .where('resolved_at', 'is', null)
      .orderBy('id')
      .execute();
    expect(summary.dead_lettered).toBe(letters.length);
    expect(letters.length).toBeGreaterThan(3);
    // One error entry per dead letter, naming the record, the field and the letter.
    const recordErrors = entries.filter((e) => e.level === 'error');
    expect(recordErrors).toHaveLength(letters.length);
    for (const letter of letters) {
      const entry = recordErrors.find((e) => e.message.includes(`(#${letter.id})`));
      expect(entry, `log entry for dead letter ${letter.id}`).toBeDefined();
      expect(entry!.message).toContain(letter.error);
      if (letter.source_key && /^\d+$/.test(letter.source_key))
        expect(entry!.subject).toBe(`paytrace:${letter.source_key}`);
    }
    // The simulator damages records in several ways (which ones a run gets depends on its dice).
    const fields = new Set(
      recordErrors.map((e) => /^PayTrace transaction (?:\(no transaction_id\)|\d+): (\S+)/.exec(e.message)?.[1]),
    );
    expect(fields.size).toBeGreaterThanOrEqual(2);
    expect(
      [...fields].every((f) => f === 'transaction_id' || f === 'amount' || f === 'status_code'),
      [...fields].join(),
    ).toBe(true);
    // The broken pages and the proxy's error pages, as warnings: what was seen and what was done.
    const warnings = entries.filter((e) => e.level === 'warning').map((e) => `${e.subject}: ${e.message}`);
    expect(warnings.some((w) => /not complete JSON|an empty body/.test(w) && /tried again/.test(w))).toBe(true);
    expect(warnings.some((w) => /non-JSON page \("502 Bad Gateway"\)/.test(w) && /tried again/.test(w))).toBe(true);
    // Everything readable was ingested once.
    const { n } = await store.db
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n) + letters.length).toBe(pt.sandbox.sim.ledger.transactions.size);
    expect(JSON.stringify(entries)).not.toMatch(/\d{13,19}/);
  });

  it('a run PayTrace stops is logged and dead-lettered, loses nothing stored, and the next whole read resolves the letter', async () => {
    const { store, pt, sync } = await setUp();
    await sync();
    const before = await store.db
      .selectFrom('transactions')
      .select(['transaction_id', 'content_hash', 'queue_state'])
      .orderBy('transaction_id')
      .execute();
    expect(before.length).toBe(pt.sandbox.sim.ledger.transactions.size);

    pt.sandbox.sim.faults.set({ badGatewayRate: 1 });
    const impatient = clientFor(pt.sandbox, pt.clock, {}, { maxAttempts: 2 });
    await expect(sync(impatient)).rejects.toThrow(/502/);
    const failed = await readSyncLog(store.repos);
    const run = await store.db
      .selectFrom('sync_runs')
      .selectAll()
      .where('id', '=', failed.runId!)
      .executeTakeFirstOrThrow();
    expect(run.status).toBe('failed');
    const stop = failed.entries.find((e) => e.level === 'error')!;
    expect(stop).toMatchObject({
      source: 'paytrace',
      subject: expect.stringMatching(/^export of \d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/),
    });
    expect(stop.message).toMatch(/502 Bad Gateway.*The run stopped; nothing stored earlier was changed\./);
    // The attempts before the stop are in its log too.
    expect(
      failed.entries.some(
        (e) => e.level === 'warning' && /non-JSON page \("502 Bad Gateway"\).*tried again/.test(e.message),
      ),
    ).toBe(true);
    expect(failed.entries.at(-1)).toEqual(stop);
    const letter = await store.db
      .selectFrom('dead_letters')
      .selectAll()
      .where('source_key', 'like', 'export:%')
      .executeTakeFirstOrThrow();
    expect(letter).toMatchObject({ source: 'paytrace', resolved_at: null });
    expect(letter.error).toMatch(
      /^The PayTrace export of .* could not be read: .*the next sync reads the range again\.$/,
    );
    expect(
      await store.db
        .selectFrom('transactions')
        .select(['transaction_id', 'content_hash', 'queue_state'])
        .orderBy('transaction_id')
        .execute(),
    ).toEqual(before);

    // Failing again does not pile up letters; reading the range whole resolves it.
    await expect(sync(impatient)).rejects.toThrow(/502/);
    expect(
      await store.db.selectFrom('dead_letters').select('id').where('source_key', 'like', 'export:%').execute(),
    ).toHaveLength(1);
    pt.sandbox.sim.faults.set({ badGatewayRate: 0 });
    await sync();
    const resolved = await store.db
      .selectFrom('dead_letters')
      .select('resolved_at')
      .where('id', '=', letter.id)
      .executeTakeFirstOrThrow();
    expect(resolved.resolved_at).not.toBeNull();
    expect((await readSyncLog(store.repos)).entries).toEqual([]);
  });

  it('the core tells the screens when a run stops, and serves the run with its log on sync.log', async () => {
    const { store, pt } = await setUp();
    const client = clientFor(pt.sandbox, pt.clock, {}, { maxAttempts: 2 });
    const core = new Core({
      store: store.repos,
      gateway: client,
      erp: noSap,
      companyCodes: ['1000'],
      matcher: (input) => matchPayments(input, DEFAULT_RULES),
      buildDocument: createDocumentBuilder({ rules: await loadGlRules(), assignmentFrom: 'invoice' }),
      clock: { now: () => new Date(pt.clock.now()) },
      session: { sandbox: true, dataDir: '/tmp', version: 'test' },
    });
    let changed = 0;
    core.events.on('queue.changed', () => void (changed += 1));
    pt.sandbox.sim.faults.set({ badGatewayRate: 1 });
    await expect(core.sync({ since: DAY })).rejects.toThrow(/502/);
    expect(changed).toBe(1);
    const log = await core.handle('sync.log', {}, { name: 'mia.clerk', roles: ['clerk'] });
    expect(log.run).toMatchObject({ status: 'failed', error: expect.stringMatching(/502 Bad Gateway/) });
    expect(log.entries.at(-1)).toMatchObject({ level: 'error', source: 'paytrace' });
  });
});
