// The audit trail is append-only and hash-chained: an auditor can prove nothing was edited,
// removed or reordered. Tampering is simulated as an attacker with database access would: the
// append-only triggers dropped, and put back afterwards (test/support/audit-tamper.ts).
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  GENESIS_HASH,
  appendAudit,
  auditHash,
  auditMac,
  readChain,
  verifyAudit,
  type Store,
  type StoreOptions,
} from '../../../electron/store';
import type { AuditLogTable } from '../../../electron/store/schema';
import { testAuditKeys } from '../../support/audit-key';
import { dropAuditGuards, tamper } from '../../support/audit-tamper';
import { describeEachDialect } from '../../support/store';

async function fiveEntries(store: Store): Promise<void> {
  for (let i = 1; i <= 5; i++) {
    await appendAudit(
      store.db,
      {
        actor: 'clerk.anna',
        action: 'proposal.approved',
        subject: `paytrace:${1000 + i}`,
        detail: { amount_minor: i * 10000, currency: 'USD' },
      },
      store.auditKeys,
    );
  }
}

async function chainId(store: Store): Promise<string> {
  const chain = await readChain(store.db);
  if (chain.kind !== 'keyed') throw new Error('the store is not keyed');
  return chain.marker.chain;
}

type Row = Omit<AuditLogTable, 'hash'>;

/** Every entry rewritten from its fields with `hash` (ClearDesk's own functions), links and all. */
async function rebuild(store: Store, hash: (row: Row) => string): Promise<void> {
  const rows = await store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  let prev = GENESIS_HASH;
  for (const r of rows) {
    const row = { ...r, seq: Number(r.seq), prev_hash: prev };
    const h = hash(row);
    await sql`update audit_log set prev_hash = ${prev}, hash = ${h} where seq = ${row.seq}`.execute(store.db);
    prev = h;
  }
}

describeEachDialect('audit log', (h) => {
  it('chains each entry to the one before, starting from 64 zeros, keyed with the installation key', async () => {
    const store = await h.migrated();
    const first = await appendAudit(
      store.db,
      { actor: 'sync', action: 'sync.completed', subject: 'sync:1', detail: { z: 1, a: { y: 2, b: 3 } } },
      store.auditKeys,
    );
    const second = await appendAudit(
      store.db,
      { actor: 'clerk.anna', action: 'proposal.approved', subject: 'paytrace:105968532' },
      store.auditKeys,
    );
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, detail: { z: 1, a: { y: 2, b: 3 } } });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, detail: {} });
    const [row] = await store.db.selectFrom('audit_log').selectAll().where('seq', '=', 1).execute();
    expect(row!.detail).toBe('{"a":{"b":3,"y":2},"z":1}'); // canonical: sorted keys, no spaces
    // Keyed: not the plain SHA-256 anyone could recompute from the row.
    expect(first.hash).not.toBe(auditHash({ ...row!, seq: 1 }));
    expect(await verifyAudit(store.db, store.auditKeys)).toEqual({
      ok: true,
      entries: 2,
      brokenAt: null,
      head: { seq: 2, hash: second.hash },
      problem: null,
      keyedFrom: 1,
      anchor: null,
      message: expect.stringMatching(/intact: 2 entries.*keyed \(HMAC-SHA256\)/),
    });
  });

  it('says an empty log is intact', async () => {
    const store = await h.migrated();
    expect(await verifyAudit(store.db, store.auditKeys)).toMatchObject({
      ok: true,
      entries: 0,
      brokenAt: null,
      head: null,
      message: 'The audit log is empty.',
    });
  });

  it("commits an entry with the caller's transaction, or not at all", async () => {
    const store = await h.migrated();
    await expect(
      store.db.transaction().execute(async (trx) => {
        await appendAudit(
          trx,
          { actor: 'clerk.anna', action: 'transaction.parked', subject: 'paytrace:1' },
          store.auditKeys,
        );
        throw new Error('the change it records failed');
      }),
    ).rejects.toThrow('the change it records failed');
    await store.db
      .transaction()
      .execute((trx) =>
        appendAudit(trx, { actor: 'clerk.anna', action: 'transaction.parked', subject: 'paytrace:2' }, store.auditKeys),
      );
    expect(await store.db.selectFrom('audit_log').select(['seq', 'subject']).execute()).toEqual([
      { seq: 1, subject: 'paytrace:2' },
    ]);
  });

  it('gives concurrent appends distinct, consecutive seqs and one unbroken chain', async () => {
    const store = await h.migrated();
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        appendAudit(
          store.db,
          { actor: `clerk.${i % 3}`, action: 'proposal.approved', subject: `paytrace:${i}` },
          store.auditKeys,
        ),
      ),
    );
    const seqs = (await store.db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(await verifyAudit(store.db, store.auditKeys, { pageSize: 7 })).toMatchObject({ ok: true, entries: 25 });
  });

  it('masks a card number that slipped into an entry before hashing it', async () => {
    const store = await h.migrated();
    const event = await appendAudit(
      store.db,
      {
        actor: 'import',
        action: 'chargeback.imported',
        subject: 'card 4111 1111 1111 1111',
        detail: { note: 'cardholder said 5555555555554444' },
      },
      store.auditKeys,
    );
    expect(event.subject).toBe('card ************1111');
    expect(event.detail).toEqual({ note: 'cardholder said ************4444' });
    expect((await verifyAudit(store.db, store.auditKeys)).ok).toBe(true);
  });

  it('keeps a SHA-256 whole even when a digit run in it passes the card-number test', async () => {
    // What made the journal test fail now and then: report.exported records the file's SHA-256 and the audit
    // head; one in a few hundred hashes holds a Luhn-valid run of 13 to 19 digits, which used to be masked.
    const store = await h.migrated();
    const risky = `ab${'4111111111111111'}${'c'.repeat(46)}`;
    const event = await appendAudit(
      store.db,
      {
        actor: 'mia.clerk',
        action: 'report.exported',
        subject: 'report:journal:2026-11-25..2026-11-25',
        detail: { sha256: risky, auditHead: { seq: 7, hash: risky }, note: 'paid 4111 1111 1111 1111' },
      },
      store.auditKeys,
    );
    expect(event.detail).toEqual({ sha256: risky, auditHead: { seq: 7, hash: risky }, note: 'paid ************1111' });
    const row = await store.db.selectFrom('audit_log').select('detail').executeTakeFirstOrThrow();
    expect(JSON.parse(row.detail)).toMatchObject({ sha256: risky, auditHead: { hash: risky } });
    expect((await verifyAudit(store.db, store.auditKeys)).ok).toBe(true);
  });

  it('finds an entry whose content was edited', async () => {
    const store = await h.migrated();
    await fiveEntries(store);
    await tamper(store, () =>
      sql`update audit_log set detail = ${'{"amount_minor":1,"currency":"USD"}'} where seq = 3`.execute(store.db),
    );
    expect(await verifyAudit(store.db, store.auditKeys)).toMatchObject({
      ok: false,
      entries: 2,
      brokenAt: 3,
      problem: 'chain',
      message: expect.stringMatching(
        /Audit entry 3 \(proposal\.approved on paytrace:1003\) does not match its keyed hash/,
      ),
    });
  });

  it("finds an edit whose author recomputed that entry's hash with ClearDesk's own plain hash", async () => {
    const store = await h.migrated();
    await fiveEntries(store);
    await tamper(store, async () => {
      const row = await store.db.selectFrom('audit_log').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow();
      const edited = { ...row, seq: 3, actor: 'clerk.bob' };
      await sql`update audit_log set actor = 'clerk.bob', hash = ${auditHash(edited)} where seq = 3`.execute(store.db);
    });
    expect(await verifyAudit(store.db, store.auditKeys)).toMatchObject({
      ok: false,
      brokenAt: 3,
      message: expect.stringMatching(/Audit entry 3 .* carries a plain SHA-256 hash, but entries from 1 on are keyed/),
    });
  });

  it('fails a log rebuilt from the database alone: with the plain hash, or keyed under a key that is not its own', async () => {
    const store = await h.migrated();
    await fiveEntries(store);
    const chain = await chainId(store);
    await tamper(store, () => rebuild(store, (row) => auditHash(row)));
    expect(await verifyAudit(store.db, store.auditKeys)).toMatchObject({
      ok: false,
      brokenAt: 1,
      entries: 0,
      message: expect.stringMatching(
        /carries a plain SHA-256 hash.*rebuilt from this entry on by someone without the key/,
      ),
    });
    await tamper(store, () =>
      rebuild(store, (row) => auditMac(row, chain, 'a guess at the key, 32 characters or more')),
    );
    expect(await verifyAudit(store.db, store.auditKeys)).toMatchObject({
      ok: false,
      brokenAt: 1,
      message: expect.stringMatching(/Audit entry 1 .* does not match its keyed hash/),
    });
  });

  it('finds a removed entry', async () => {
    const store = await h.migrated();
    await fiveEntries(store);
    await tamper(store, () => sql`delete from audit_log where seq = 2`.execute(store.db));
    expect(await verifyAudit(store.db, store.auditKeys)).toMatchObject({
      ok: false,
      entries: 1,
      brokenAt: 2,
      message: expect.stringMatching(/Audit entry 2 is missing: the log goes from entry 1 to entry 3/),
    });
  });

  it('finds two entries swapped', async () => {
    const store = await h.migrated();
    await fiveEntries(store);
    await tamper(store, async () => {
      await sql`update audit_log set seq = 99 where seq = 3`.execute(store.db);
      await sql`update audit_log set seq = 3 where seq = 4`.execute(store.db);
      await sql`update audit_log set seq = 4 where seq = 99`.execute(store.db);
    });
    expect(await verifyAudit(store.db, store.auditKeys)).toMatchObject({
      ok: false,
      brokenAt: 3,
      message: expect.stringMatching(/does not follow entry 2/),
    });
  });

  it('finds entries cut from the end, and a log emptied, when given the head recorded earlier', async () => {
    const store = await h.migrated();
    await fiveEntries(store);
    const { head } = await verifyAudit(store.db, store.auditKeys);
    await tamper(store, () => sql`delete from audit_log where seq >= 4`.execute(store.db));
    expect((await verifyAudit(store.db, store.auditKeys)).ok).toBe(true); // the chain alone cannot see a cut tail
    expect(await verifyAudit(store.db, store.auditKeys, { anchor: head! })).toMatchObject({
      ok: false,
      brokenAt: 4,
      problem: 'anchor',
      message: expect.stringMatching(
        /ends at entry 3, but the anchor \(entry 5, .*\) records entry 5: entries were removed/,
      ),
    });
    await tamper(store, () => sql`delete from audit_log`.execute(store.db));
    expect(await verifyAudit(store.db, store.auditKeys, { anchor: head! })).toMatchObject({
      ok: false,
      problem: 'anchor',
      message: expect.stringMatching(/The audit log is empty, but the anchor .* records entry 5: the log was emptied/),
    });
  });

  it('finds an anchored entry rewritten, and an anchor taken from another audit log', async () => {
    const store = await h.migrated();
    await fiveEntries(store);
    const chain = await chainId(store);
    expect(
      await verifyAudit(store.db, store.auditKeys, { anchor: { seq: 4, hash: 'ab'.repeat(32), chain } }),
    ).toMatchObject({
      ok: false,
      brokenAt: 4,
      message: expect.stringMatching(/Audit entry 4 differs from the anchor/),
    });
    const { head } = await verifyAudit(store.db, store.auditKeys);
    expect(
      await verifyAudit(store.db, store.auditKeys, { anchor: { ...head!, chain: 'feedfeedfeedfeed' } }),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/taken from another audit log \(chain feedfeedfeedfeed; this log is chain /),
    });
    expect(await verifyAudit(store.db, store.auditKeys, { anchor: { ...head!, chain } })).toMatchObject({
      ok: true,
      message: expect.stringMatching(/still holds entry 5 of the anchor/),
    });
  });

  it('says the key is missing, never "intact", and refuses to append without it or with another key', async () => {
    const store = await h.migrated();
    await fiveEntries(store);
    // The same database, opened by a host that cannot find the key, and by one given another key.
    const keyless: StoreOptions =
      store.dialect === 'sqlite'
        ? { kind: 'sqlite', file: store.location }
        : { kind: 'postgres', url: await reopenUrl(store), poolSize: 2 };
    const without = await h.open(keyless, { auditKeys: testAuditKeys(null) });
    expect(await verifyAudit(without.db, without.auditKeys)).toMatchObject({
      ok: false,
      problem: 'key',
      brokenAt: 1,
      message: expect.stringMatching(/The audit key is missing: the log is keyed \(HMAC-SHA256\) from entry 1 on/),
    });
    await expect(
      appendAudit(without.db, { actor: 'x', action: 'proposal.approved', subject: 'paytrace:1' }, without.auditKeys),
    ).rejects.toMatchObject({ code: 'audit-key-missing', message: expect.stringMatching(/does not write unkeyed/) });
    await expect(without.repos.audit.prepareKey()).rejects.toMatchObject({ code: 'audit-key-missing' });
    await expect(
      appendAudit(without.db, { actor: 'x', action: 'proposal.approved', subject: 'paytrace:1' }, null),
    ).rejects.toMatchObject({ code: 'audit-key-missing' });

    const other = await h.open(keyless, { auditKeys: testAuditKeys('another key that is long enough, 32+ chars') });
    expect(await verifyAudit(other.db, other.auditKeys)).toMatchObject({
      ok: false,
      problem: 'key',
      message: expect.stringMatching(/is not the one this log is keyed with/),
    });
    await expect(other.repos.audit.prepareKey()).rejects.toMatchObject({ code: 'audit-key-mismatch' });
    expect(await store.db.selectFrom('audit_log').select('seq').execute()).toHaveLength(5);
  });

  it('finds the start of the keyed chain moved past the head, with every entry rebuilt plain', async () => {
    const store = await h.migrated();
    await fiveEntries(store);
    await tamper(store, async () => {
      await rebuild(store, (row) => auditHash(row));
      const last = await store.db.selectFrom('audit_log').select('hash').where('seq', '=', 5).executeTakeFirstOrThrow();
      await sql`update audit_chain set keyed_from = 6, start_hash = ${last.hash}`.execute(store.db);
    });
    expect(await verifyAudit(store.db, store.auditKeys)).toMatchObject({
      ok: false,
      problem: 'chain',
      message: expect.stringMatching(/does not match its seal under the audit key: it was changed/),
    });
  });

  it('reports dropped, disabled or defanged append-only triggers even when the chain holds', async () => {
    const store = await h.migrated();
    await fiveEntries(store);
    await dropAuditGuards(store);
    const dropped = await verifyAudit(store.db, store.auditKeys);
    const names =
      h.dialect === 'sqlite'
        ? ['audit_log_no_update', 'audit_log_no_delete', 'audit_chain_no_update', 'audit_chain_no_delete']
        : [
            'audit_log_no_update_delete',
            'audit_log_no_truncate',
            'audit_chain_no_update_delete',
            'audit_chain_no_truncate',
          ];
    expect(dropped).toMatchObject({ ok: false, problem: 'triggers', brokenAt: null, entries: 5 });
    for (const name of names) expect(dropped.message).toContain(`trigger ${name} on`);
    expect(dropped.message).toMatch(/The database no longer guards the audit log: trigger .* is missing \(dropped\)/);

    if (h.dialect === 'sqlite') {
      // Put back under the same name, but harmless.
      await sql`create trigger audit_log_no_update before update on audit_log begin select 1; end`.execute(store.db);
      expect((await verifyAudit(store.db, store.auditKeys)).message).toContain(
        'trigger audit_log_no_update on audit_log was replaced by one that no longer refuses changes',
      );
    } else {
      const { restoreAuditGuards } = await import('../../support/audit-tamper');
      await restoreAuditGuards(store);
      await sql`alter table audit_log disable trigger audit_log_no_update_delete`.execute(store.db);
      expect(await verifyAudit(store.db, store.auditKeys)).toMatchObject({
        ok: false,
        problem: 'triggers',
        message: expect.stringContaining('trigger audit_log_no_update_delete on audit_log is disabled'),
      });
    }
  });
});

/** A second connection's URL to the same PostgreSQL schema as `store`. */
async function reopenUrl(store: Store): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db);
  const url = new URL(process.env.CLEARDESK_TEST_PG_URL!);
  const { rows: db } = await sql<{ name: string }>`select current_database() as name`.execute(store.db);
  url.pathname = `/${db[0]!.name}`;
  url.searchParams.set('options', `-c search_path=${rows[0]!.schema}`);
  return url.toString();
}
