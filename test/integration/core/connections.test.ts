// An admin connects PayTrace and SAP from the app (first-run screen, Settings): through the core,
// which checks the role and audits, to the host's connection admin, which signs in to the real
// simulators over HTTP (PayTrace's REST, SAP's Gateway) and keeps the settings in the profile file and
// the password in the real OS keychain (gnome-keyring over D-Bus). Nothing secret reaches the store,
// the audit trail, an answer or the profile file; a wrong password or URL is said in words.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError, type ConnectionInput } from '../../../shared/api';
import type { Actor } from '../../../electron/core/ports';
import { connectionAdmin } from '../../../electron/hosts/connection-admin';
import { savedPayTraceConfig, savedSapConfig } from '../../../electron/hosts/connections';
import { DEMO_USER, startPayTraceSandbox, type RunningSandbox } from '../../../electron/sandbox/paytrace';
import { startSapSandbox, type SapSandbox } from '../../../electron/sandbox/sap';
import { KeychainVault } from '../../../electron/secrets';
import { describeEachDialect } from '../../support/store';
import { coreWith, type FakeWorld } from './core-fixture';

const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
if (!hasBus) console.warn('[skip] connections tests skipped: no D-Bus session (the test runner starts one).');

const ada: Actor = { name: 'ada', roles: ['admin'] };
const mia: Actor = { name: 'mia', roles: ['clerk', 'approver'] };
const SAP_PASSWORD = 'sandbox';
const world = (): FakeWorld => ({ paytrace: [], sap: { customers: [], openItems: [] }, posted: [] });

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) =>
      e instanceof ApiError ? { code: e.code, message: e.message } : { code: 'thrown', message: String(e) },
  );

let paytrace: RunningSandbox;
let sap: SapSandbox;
const vault = new KeychainVault();
const profiles: string[] = [];

beforeAll(async () => {
  if (!hasBus) return;
  paytrace = await startPayTraceSandbox({ port: 0, seed: 3 });
  sap = await startSapSandbox({ port: 0, seed: 3 });
});

afterAll(async () => {
  await paytrace?.close();
  await sap?.close();
  for (const p of profiles) {
    await vault.delete(p, 'paytrace.password').catch(() => false);
    await vault.delete(p, 'sap.password').catch(() => false);
  }
});

describeEachDialect('connections from the app', (h) => {
  it.skipIf(!hasBus)(
    'tests and saves PayTrace and SAP for the next start; the password only in the keychain',
    async () => {
      const store = await h.migrated();
      const dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-connections-'));
      const profile = `it-${randomBytes(4).toString('hex')}`;
      profiles.push(profile);
      try {
        const admin = connectionAdmin({
          dataDir,
          profile,
          vault: () => vault,
          env: {},
          running: { paytrace: 'sandbox', sap: 'sandbox' },
        });
        const core = await coreWith(store, world(), undefined, {}, { connections: admin });

        // A new installation: nothing connected, nothing chosen.
        const first = await core.handle('connections.status', {}, ada);
        expect(first).toMatchObject({
          profile,
          firstRun: true,
          running: { paytrace: 'sandbox', sap: 'sandbox' },
          paytrace: { source: 'none', settings: null, passwordSaved: false },
        });

        // Only an admin.
        for (const channel of ['connections.status', 'connections.firstRunDone'] as const)
          expect(await refusal(core.handle(channel, {}, mia))).toMatchObject({ code: 'forbidden' });

        const pt = (password?: string): ConnectionInput => ({
          system: 'paytrace',
          settings: { baseUrl: paytrace.url, username: DEMO_USER.username, integratorId: 'CDTEST' },
          ...(password !== undefined ? { password } : {}),
        });
        expect(await refusal(core.handle('connections.test', pt(DEMO_USER.password), mia))).toMatchObject({
          code: 'forbidden',
        });

        // A wrong password is said, not thrown, and not repeated back.
        const wrong = await core.handle('connections.test', pt('not-the-password-91'), ada);
        expect(wrong.ok).toBe(false);
        expect(wrong.message).toMatch(/PayTrace/);
        expect(wrong.message).not.toContain('not-the-password-91');
        // No password given and none saved.
        expect(await core.handle('connections.test', pt(), ada)).toEqual({
          ok: false,
          message: 'Give the PayTrace password to test with.',
        });
        // A URL that would send the password in clear text to another machine is refused before any call.
        const plain = await core.handle(
          'connections.test',
          {
            ...pt(DEMO_USER.password),
            settings: { ...pt().settings, baseUrl: 'http://paytrace.example.com' },
          } as ConnectionInput,
          ada,
        );
        expect(plain.ok).toBe(false);
        expect(plain.message).toMatch(/https/);

        const right = await core.handle('connections.test', pt(DEMO_USER.password), ada);
        expect(right).toEqual({
          ok: true,
          message: `Signed in to PayTrace at ${paytrace.url} as ${DEMO_USER.username} and read today's export.`,
        });
        // Testing saves nothing.
        expect(existsSync(join(dataDir, 'connections.json'))).toBe(false);

        // Saving without a password when none is kept is refused in words.
        expect(await refusal(core.handle('connections.save', pt(), ada))).toMatchObject({
          code: 'invalid_request',
          message: 'Give the password: none is saved for this connection yet.',
        });
        const saved = await core.handle('connections.save', pt(DEMO_USER.password), ada);
        expect(saved).toMatchObject({
          firstRun: false,
          paytrace: { source: 'profile', passwordSaved: true, settings: { baseUrl: paytrace.url } },
          running: { paytrace: 'sandbox' },
        });
        const file = readFileSync(join(dataDir, 'connections.json'), 'utf8');
        expect(file).toContain(paytrace.url);
        expect(file).not.toContain(DEMO_USER.password);
        // What the next start reads: the saved settings with the keychain's password.
        expect(await savedPayTraceConfig(dataDir, profile, vault)).toMatchObject({
          baseUrl: paytrace.url,
          username: DEMO_USER.username,
          password: DEMO_USER.password,
          integratorId: 'CDTEST',
        });
        // A saved password is used when the form leaves it empty.
        expect((await core.handle('connections.test', pt(), ada)).ok).toBe(true);

        // SAP over its Gateway (OData): a wrong client is SAP's refusal, a right one signs in.
        const sapInput = (client: string, password?: string): ConnectionInput => ({
          system: 'sap',
          settings: { transport: 'odata', url: sap.url, client, user: 'CLEARDESK', companyCodes: ['1000', '2000'] },
          ...(password !== undefined ? { password } : {}),
        });
        expect(
          await refusal(
            core.handle(
              'connections.save',
              { ...sapInput('100'), settings: { ...sapInput('100').settings, url: undefined } } as ConnectionInput,
              ada,
            ),
          ),
        ).toMatchObject({
          code: 'invalid_request',
          message: "The odata transport needs the server's URL.",
        });
        const badPw = await core.handle('connections.test', sapInput('100', 'wrong-sap-pw-33'), ada);
        expect(badPw.ok).toBe(false);
        expect(badPw.message).not.toContain('wrong-sap-pw-33');
        const sapOk = await core.handle('connections.test', sapInput('100', SAP_PASSWORD), ada);
        expect(sapOk).toEqual({ ok: true, message: 'SAP (odata) answered and its currency table could be read.' });
        await core.handle('connections.save', sapInput('100', SAP_PASSWORD), ada);
        expect(await savedSapConfig(dataDir, profile, vault)).toMatchObject({
          transport: 'odata',
          url: sap.url,
          client: '100',
          password: SAP_PASSWORD,
          companyCodes: ['1000', '2000'],
        });

        // Audited with what changed, never the password.
        const audit = await sql<{ action: string; subject: string; detail: string }>`
        SELECT action, subject, detail FROM audit_log WHERE action = 'connection.saved' ORDER BY seq`.execute(store.db);
        expect(audit.rows.map((r) => r.subject)).toEqual([
          `connection:${profile}:paytrace`,
          `connection:${profile}:sap`,
        ]);
        // Every setting, before and after: SAP's was not saved before.
        expect(JSON.parse(String(audit.rows[1]!.detail))).toMatchObject({
          system: 'sap',
          before: null,
          after: { transport: 'odata', url: sap.url, client: '100', user: 'CLEARDESK', companyCodes: ['1000', '2000'] },
          changed: expect.arrayContaining(['transport', 'url', 'client', 'user', 'companyCodes']),
          passwordChanged: true,
        });
        const details = audit.rows.map((r) => String(r.detail)).join('\n');
        expect(details).toContain('"passwordChanged":true');
        expect(details).not.toContain(DEMO_USER.password);
        // (The sandbox's SAP password is also its PayTrace user's name: no value can name it, so the keys do.)
        for (const r of audit.rows)
          expect(Object.keys(JSON.parse(String(r.detail)) as object).filter((k) => /password/i.test(k))).toEqual([
            'passwordChanged',
          ]);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );

  it('a core without a connection admin says where to connect instead', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    expect(await refusal(core.handle('connections.status', {}, ada))).toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/cleardesk connect/),
    });
  });

  it.skipIf(!hasBus)(
    'the first-run screen goes once an admin chose the sandbox, and never shows when connected',
    async () => {
      const store = await h.migrated();
      const dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-firstrun-'));
      try {
        const make = (running: 'sandbox' | 'connected') =>
          connectionAdmin({
            dataDir,
            profile: 'default',
            vault: () => vault,
            env: {},
            running: { paytrace: running, sap: running },
          });
        expect((await make('connected').status()).firstRun).toBe(false);
        const core = await coreWith(store, world(), undefined, {}, { connections: make('sandbox') });
        expect((await core.handle('connections.status', {}, ada)).firstRun).toBe(true);
        expect((await core.handle('connections.firstRunDone', {}, ada)).firstRun).toBe(false);
        expect((await make('sandbox').status()).firstRun).toBe(false);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
