// The signed dispute webhook on the real browser host, with a real core over a real store (SQLite and
// PostgreSQL), the source's secret in a real Secret Service (the test runner's gnome-keyring), and fetch as
// the client: a good signature is taken through the intake; the same delivery again adds nothing; a wrong
// secret, a stale timestamp, a missing signature and a cross-site request are refused; a body that is not a
// delivery is 400 naming why; a case that cannot be read is rejected and the others taken.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/hosts/log';
import { startBrowserHost, type BrowserHost } from '../../../electron/hosts/serve/server';
import { signDelivery, webhookProfile } from '../../../electron/hosts/serve/webhook';
import { KeychainVault } from '../../../electron/secrets';
import type { Store } from '../../../electron/store';
import { clerk, coreWith, sale } from '../core/core-fixture';
import { makeUiFolder } from '../../support/host';
import { describeEachDialect } from '../../support/store';

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
const NOW = '2026-12-10T15:00:00.000Z';
const WINDOW_MS = 120_000;
const SECRET = randomBytes(32).toString('hex');

interface Answer {
  status: number;
  body: { ok: boolean; data?: Record<string, unknown>; error?: { code: string; message: string } };
}

describe.skipIf(!hasBus)('the signed dispute webhook', () => {
  const vault = new KeychainVault();
  const source = `t${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    await vault.set(webhookProfile(source), 'webhook.hmac_secret', SECRET);
  });
  afterAll(async () => {
    await vault.delete(webhookProfile(source), 'webhook.hmac_secret');
  });

  describeEachDialect('on the browser host', (h) => {
    let store: Store;
    let host: BrowserHost | null = null;
    let clock = Date.parse(NOW);
    const folder = makeUiFolder();

    // The harness closes its stores after each test: each test starts a host over a fresh one.
    beforeEach(async () => {
      clock = Date.parse(NOW);
      store = await h.migrated();
      await store.repos.payments.ingest([sale(41, 12500, { invoiceId: 'INV-41' })], NOW);
      const core = await coreWith(store, { paytrace: [], sap: { customers: [], openItems: [] }, posted: [] }, NOW);
      host = await startBrowserHost({
        core,
        rendererDir: folder.ui,
        users: [{ actor: clerk }],
        log: createLogger(() => {}),
        webhooks: {
          secretOf: (s) => vault.get(webhookProfile(s), 'webhook.hmac_secret'),
          windowMs: WINDOW_MS,
          now: () => clock,
        },
      });
    });
    afterEach(async () => {
      await host?.close();
      host = null;
    });
    afterAll(() => folder.cleanup());

    const deliver = async (
      body: string,
      {
        secret = SECRET,
        at = clock,
        to = source,
        headers = {},
      }: { secret?: string; at?: number; to?: string; headers?: Record<string, string> } = {},
    ): Promise<Answer> => {
      const timestamp = String(Math.floor(at / 1000));
      const res = await fetch(`${host!.origin}/webhooks/disputes/${to}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-ClearDesk-Timestamp': timestamp,
          'X-ClearDesk-Signature': `sha256=${signDelivery(secret, timestamp, body)}`,
          ...headers,
        },
        body,
      });
      return { status: res.status, body: (await res.json()) as Answer['body'] };
    };

    const delivery = (cases: unknown[]) => JSON.stringify({ cases });
    const good = {
      caseNumber: 'WH-1',
      stage: 'First Chargeback',
      status: 'Open',
      reasonCode: '10.4',
      cardBrand: 'VISA',
      amount: '125.00',
      currency: 'USD',
      dueDate: '2026-12-24',
      merchantReference: 'INV-41',
      cardLast4: '4111111111111111',
    };

    it('takes a signed delivery through the intake, and the same delivery again adds nothing', async () => {
      const body = delivery([good]);
      const first = await deliver(body);
      expect(first.status).toBe(200);
      expect(first.body.data).toMatchObject({ replay: false, imported: 1, matched: 1, rejected: 0 });
      const stored = await store.repos.disputes.get(source, 'WH-1');
      expect(stored).toMatchObject({
        source: 'webhook',
        dispute: {
          processor: source,
          amount: { minor: 12500, currency: 'USD' },
          cardLast4: '1111',
          stage: 'chargeback',
        },
        match: { state: 'matched', transactionId: 41 },
      });

      // The very same request (timestamp, body, signature) again: answered, nothing added.
      const replay = await deliver(body);
      expect(replay.status).toBe(200);
      expect(replay.body.data).toMatchObject({ replay: true, imported: 0, updated: 0 });
      // Signed anew with the same cases: the intake's key (processor + case number) adds nothing either.
      clock += 1000;
      expect((await deliver(body)).body.data).toMatchObject({ replay: false, imported: 0, duplicates: 1 });
      expect((await store.repos.audit.forSubject(`dispute:${source}:WH-1`)).map((a) => [a.action, a.actor])).toEqual([
        ['dispute.received', `webhook:${source}`],
      ]);
    });

    it('refuses a wrong secret, a stale timestamp, no signature, an unknown source and a cross-site request', async () => {
      const body = delivery([{ ...good, caseNumber: 'WH-2' }]);
      const wrong = await deliver(body, { secret: randomBytes(32).toString('hex') });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error?.message).toMatch(/not signed for this source/);
      expect(wrong.body.error?.message).not.toContain(SECRET);

      const stale = await deliver(body, { at: clock - WINDOW_MS - 5_000 });
      expect(stale.status).toBe(401);
      expect(stale.body.error?.message).toMatch(/more than 120 seconds/);
      expect((await deliver(body, { at: clock + WINDOW_MS + 5_000 })).status).toBe(401);

      const unsigned = await fetch(`${host!.origin}/webhooks/disputes/${source}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      expect(unsigned.status).toBe(401);
      expect((await deliver(body, { to: 'nobody-has-this' })).status).toBe(401);
      expect((await deliver(body, { to: 'Not_A_Source' })).status).toBe(404);
      expect((await deliver(body, { headers: { Origin: 'https://evil.example' } })).status).toBe(403);
      expect((await fetch(`${host!.origin}/webhooks/disputes/${source}`)).status).toBe(405);
      // Without a session the API stays closed: the webhook opens only its own path.
      expect((await fetch(`${host!.origin}/api/chargebacks.window`, { method: 'POST' })).status).toBe(401);
      expect(await store.repos.disputes.get(source, 'WH-2')).toBeNull();
    });

    it('answers 400 for a body that is not a delivery, 413 past the limit, and rejects only the cases it cannot read', async () => {
      const broken = await deliver('{"cases": [');
      expect(broken.status).toBe(400);
      expect(broken.body.error?.message).toBe('The delivery is not JSON.');

      const shape = await deliver(JSON.stringify({ case: good }));
      expect(shape.status).toBe(400);
      expect(shape.body.error?.message).toMatch(/cases/);

      const big = await deliver(delivery([{ ...good, reasonDescription: 'x'.repeat(300 * 1024) }]));
      expect(big.status).toBe(413);

      const mixed = await deliver(
        delivery([
          { ...good, caseNumber: 'WH-3' },
          { ...good, caseNumber: 'WH-4', amount: 125 },
          { ...good, caseNumber: 'WH-5', stage: 'Sideways' },
          { ...good, caseNumber: 'WH-6', currency: 'XYZ' },
        ]),
      );
      expect(mixed.status).toBe(200);
      expect(mixed.body.data).toMatchObject({ imported: 1, rejected: 3 });
      const reasons = (mixed.body.data!.rejections as { ref: string; reason: string }[]).map((r) => r.ref);
      expect(reasons).toEqual(['case 2', 'case 3', 'case 4']);
      expect(await store.repos.disputes.get(source, 'WH-3')).not.toBeNull();
      expect(await store.repos.disputes.get(source, 'WH-4')).toBeNull();
    });
  });
});
