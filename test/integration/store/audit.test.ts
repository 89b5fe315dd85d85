// The audit trail is append-only and hash-chained: an auditor can prove nothing was edited,
// removed or reordered. Tampering is simulated with the append-only triggers dropped, as an
// attacker with database access would.
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { GENESIS_HASH, appendAudit, verifyAudit, type Store } from '../../../electron/store';
import { describeEachDialect } from '../../support/store';

async function dropAppendOnlyTriggers(store: Store): Promise<void> {
  if (store.dialect === 'sqlite') {
    await sql`drop trigger audit_log_no_update`.execute(store.db);
    await sql`drop trigger audit_log_no_delete`.execute(store.db);
  } else {
    await sql`drop trigger audit_log_no_update_delete on audit_log`.execute(store.db);
  }
}

async function fiveEntries(store: Store): Promise<void> {
  for (let i = 1; i <= 5; i++) {
    await appendAudit(store.db, {
      actor: 'clerk.anna',
      action: 'proposal.approved',
      subject: `paytrace:${1000 + i}`,
      detail: { amount_minor: i * 10000, currency: 'USD' },
    });
  }
}

describeEachDialect('audit log', (h) => {
  it('chains each entry to the one before, starting from 64 zeros', async () => {
    const store = await h.migrated();
    const first = await appendAudit(store.db, {
      actor: 'sync',
      action: 'sync.completed',
      subject: 'sync:1',
      detail: { z: 1, a: { y: 2, b: 3 } },
    });
    const second = await appendAudit(store.db, {
      actor: 'clerk.anna',
      action: 'proposal.approved',
      subject: 'paytrace:105968532',
    });
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, detail: { z: 1, a: { y: 2, b: 3 } } });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, detail: {} });
    const [row] = await store.db.selectFrom('audit_log').select('detail').where('seq', '=', 1).execute();
    expect(row!.detail).toBe('{"a":{"b":3,"y":2},"z":1}'); // canonical: sorted keys, no spaces
    expect(await verifyAudit(store.db)).toEqual({
      ok: true,
      entries: 2,
      brokenAt: null,
      head: { seq: 2, hash: second.hash },
      message: expect.stringMatching(/intact: 2 entries/),
    });
  });

  it('says an empty log is intact', async () => {
    const store = await h.migrated();
    expect(await verifyAudit(store.db)).toMatchObject({
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
        await appendAudit(trx, { actor: 'clerk.anna', action: 'transaction.parked', subject: 'paytrace:1' });
        throw new Error('the change it records failed');
      }),
    ).rejects.toThrow('the change it records failed');
    await store.db
      .transaction()
      .execute((trx) => appendAudit(trx, { actor: 'clerk.anna', action: 'transaction.parked', subject: 'paytrace:2' }));
    expect(await store.db.selectFrom('audit_log').select(['seq', 'subject']).execute()).toEqual([
      { seq: 1, subject: 'paytrace:2' },
    ]);
  });

  it('gives concurrent appends distinct, consecutive seqs and one unbroken chain', async () => {
    const store = await h.migrated();
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        appendAudit(store.db, { actor: `clerk.${i % 3}`, action: 'proposal.approved', subject: `paytrace:${i}` }),
      ),
    );
    const seqs = (await store.db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(await verifyAudit(store.db, { pageSize: 7 })).toMatchObject({ ok: true, entries: 25 });
  });

  it('masks a card number that slipped into an entry before hashing it', async () => {
    const store = await h.migrated();
    const event = await appendAudit(store.db, {
      actor: 'import',
      action: 'chargeback.imported',
      subject: 'card 4111 1111 1111 1111',
      detail: { note: 'cardholder said 5555555555554444' },
    });
    expect(event.subject).toBe('card ************1111');
    expect(event.detail).toEqual({ note: 'cardholder said ************4444' });
    expect((await verifyAudit(store.db)).ok).toBe(true);
  });

  it('keeps a SHA-256 whole even when a digit run in it passes the card-number test', async () => {
    // What made the journal test fail now and then: report.exported records the file's SHA-256 and the audit
    // head; one in a few hundred hashes holds a Luhn-valid run of 13 to 19 digits, which used to be masked.
    const store = await h.migrated();
    const risky = `ab${'4111111111111111'}${'c'.repeat(46)}`;
    const event = await appendAudit(store.db, {
      actor: 'mia.clerk',
      action: 'report.exported',
      subject: 'report:journal:2026-11-25..2026-11-25',
      detail: { sha256: risky, auditHead: { seq: 7, hash: risky }, note: 'paid 4111 1111 1111 1111' },
    });
    expect(event.detail).toEqual({ sha256: risky, auditHead: { seq: 7, hash: risky }, note: 'paid ************1111' });
    const row = await store.db.selectFrom('audit_log').select('detail').executeTakeFirstOrThrow();
    expect(JSON.parse(row.detail)).toMatchObject({ sha256: risky, auditHead: { hash: risky } });
    expect((await verifyAudit(store.db)).ok).toBe(true);
  });

  it('finds an entry whose content was edited', async () => {
    const store = await h.migrated();
    await fiveEntries(store);
    await dropAppendOnlyTriggers(store);
    await sql`update audit_log set detail = ${'{"amount_minor":1,"currency":"USD"}'} where seq = 3`.execute(store.db);
    expect(await verifyAudit(store.db)).toMatchObject({
      ok: false,
      entries: 2,
      brokenAt: 3,
      message: expect.stringMatching(
        /Audit entry 3 \(proposal\.approved on paytrace:1003\) was changed after it was written/,
      ),
    });
  });

  it("finds an edit whose author also recomputed that entry's hash", async () => {
    const store = await h.migrated();
    await fiveEntries(store);
    await dropAppendOnlyTriggers(store);
    await sql`update audit_log set actor = 'clerk.bob', hash = ${'f'.repeat(64)} where seq = 3`.execute(store.db);
    expect(await verifyAudit(store.db)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('finds a removed entry', async () => {
    const store = await h.migrated();
    await fiveEntries(store);
    await dropAppendOnlyTriggers(store);
    await sql`delete from audit_log where seq = 2`.execute(store.db);
    expect(await verifyAudit(store.db)).toMatchObject({
      ok: false,
      entries: 1,
      brokenAt: 2,
      message: expect.stringMatching(/Audit entry 2 is missing: the log goes from entry 1 to entry 3/),
    });
  });

  it('finds two entries swapped', async () => {
    const store = await h.migrated();
    await fiveEntries(store);
    await dropAppendOnlyTriggers(store);
    await sql`update audit_log set seq = 99 where seq = 3`.execute(store.db);
    await sql`update audit_log set seq = 3 where seq = 4`.execute(store.db);
    await sql`update audit_log set seq = 4 where seq = 99`.execute(store.db);
    expect(await verifyAudit(store.db)).toMatchObject({
      ok: false,
      brokenAt: 3,
      message: expect.stringMatching(/does not follow entry 2/),
    });
  });

  it('finds entries cut from the end when given the head recorded earlier', async () => {
    const store = await h.migrated();
    await fiveEntries(store);
    const { head } = await verifyAudit(store.db);
    await dropAppendOnlyTriggers(store);
    await sql`delete from audit_log where seq >= 4`.execute(store.db);
    expect((await verifyAudit(store.db)).ok).toBe(true); // the chain alone cannot see a cut tail
    expect(await verifyAudit(store.db, { anchor: head! })).toMatchObject({
      ok: false,
      brokenAt: 4,
      message: expect.stringMatching(/ends at entry 3, but entry 5 was recorded/),
    });
  });
});
