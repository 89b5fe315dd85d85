// What the admin's Settings screen calls, through the core on both dialects: only an admin changes a setting
// or gives the SMTP password; the password goes to the vault (a real keychain when the test runner has one;
// the environment vault, which cannot keep one, says so) and never to the store, the audit trail or an answer;
// a change is audited and the audit browser lists it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import type { Actor } from '../../../electron/core/ports';
import { reportFolders } from '../../../electron/hosts/report-folder';
import { EnvVault, KeychainVault } from '../../../electron/secrets';
import { describeEachDialect } from '../../support/store';
import { coreWith, type FakeWorld } from './core-fixture';

const ada: Actor = { name: 'ada', roles: ['admin'] };
const mia: Actor = { name: 'mia', roles: ['clerk'] };
const bob: Actor = { name: 'bob', roles: ['approver', 'clerk'] };
const PASSWORD = 'smtp-Pässword-7f3e9a';

const world = (): FakeWorld => ({ paytrace: [], sap: { customers: [], openItems: [] }, posted: [] });

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) =>
      e instanceof ApiError ? { code: e.code, message: e.message } : { code: 'thrown', message: String(e) },
  );

describeEachDialect('settings for the admin screen', (h) => {
  it('refuses clerks and approvers; an admin’s change is audited and listed by the audit browser', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    const rules = {
      rules: [
        {
          companyCode: '1000',
          amountAbove: { minor: 250_000, currency: 'USD' },
          writeOffs: true,
          customerChanges: true,
          suspense: true,
        },
      ],
    };
    for (const who of [mia, bob]) {
      expect(await refusal(core.handle('settings.update', { fourEyes: rules }, who))).toMatchObject({
        code: 'forbidden',
      });
      expect(await refusal(core.handle('settings.smtpPassword', { password: PASSWORD }, who))).toMatchObject({
        code: 'forbidden',
      });
      expect(await refusal(core.handle('alerts.test', {}, who))).toMatchObject({ code: 'forbidden' });
    }
    await core.handle('settings.update', { fourEyes: rules }, ada);
    // Saved again unchanged, as typed or as the screen read it back: nothing more in the trail.
    await core.handle('settings.update', { fourEyes: rules }, ada);
    const read = await core.handle('settings.get', {}, ada);
    await core.handle('settings.update', { fourEyes: read.fourEyes }, ada);
    const page = await core.handle('audit.list', { action: 'settings.changed' }, mia);
    expect(page.total).toBe(1);
    expect(page.entries[0]).toMatchObject({ actor: 'ada', subject: 'settings:fourEyes', detail: { after: rules } });
    // A first save equal to the defaults is kept and audited: the defaults may change under it later.
    const defaults = await core.handle('settings.get', {}, ada);
    await core.handle('settings.update', { jobs: defaults.jobs }, ada);
    expect((await core.handle('audit.list', { action: 'settings.changed' }, mia)).total).toBe(2);
    // Through Electron's IPC an empty optional field arrives as a key holding undefined: no change either.
    const every5 = { job: 'paytrace.sync', schedule: '*/5 * * * *' };
    await core.handle('settings.update', { jobs: { rules: [every5] } }, ada);
    await core.handle('settings.update', { jobs: { rules: [{ ...every5, jitterSeconds: undefined }] } }, ada);
    expect((await core.handle('audit.list', { action: 'settings.changed' }, mia)).total).toBe(3);
    expect((await core.handle('audit.list', { actor: 'ada' }, mia)).total).toBe(3);
    expect(await core.handle('audit.facets', {}, mia)).toMatchObject({ actors: ['ada'] });
  });

  it('a report folder or North URL that cannot work is refused at save, with what to do', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world(), undefined, undefined, { reportFolders: reportFolders({}) });
    const folder = mkdtempSync(join(tmpdir(), 'cleardesk-reports-'));
    try {
      expect(
        await refusal(core.handle('settings.update', { reports: { folder: 'reports', email: false } }, ada)),
      ).toEqual({
        code: 'invalid_request',
        message: 'The report folder reports (Settings) is not an absolute path; give the full path.',
      });
      const missing = join(folder, 'nope');
      expect(
        await refusal(core.handle('settings.update', { reports: { folder: missing, email: false } }, ada)),
      ).toEqual({
        code: 'invalid_request',
        message: `The report folder ${missing} (Settings) does not exist. Create it, or name another one.`,
      });
      // A clerk is refused as a clerk, before the folder is looked at.
      expect(
        await refusal(core.handle('settings.update', { reports: { folder: missing, email: false } }, mia)),
      ).toMatchObject({
        code: 'forbidden',
      });
      expect((await core.handle('settings.update', { reports: { folder, email: false } }, ada)).reports.folder).toBe(
        folder,
      );
      const north = (url: string) =>
        refusal(
          core.handle(
            'settings.update',
            { disputes: { northMerchantId: '900100200300', northBaseUrl: url, northAuthUrl: null, deadlineDays: 3 } },
            ada,
          ),
        );
      // The schema refuses it (the API's request check answers invalid_request with these words).
      expect((await north('http://north.example.com'))?.message).toContain('North is reached over https');
      expect(await north('http://127.0.0.1:4801')).toBeNull();
      expect(await north('https://api.north.example.com/v1')).toBeNull();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('an environment vault cannot keep the password: it says where to set it, and nothing is audited', async () => {
    const store = await h.migrated();
    const vault = new EnvVault({});
    const core = await coreWith(store, world(), undefined, undefined, {
      smtpPassword: { save: (p) => vault.set('default', 'smtp.password', p) },
    });
    const refused = await refusal(core.handle('settings.smtpPassword', { password: PASSWORD }, ada));
    expect(refused).toMatchObject({ code: 'unavailable' });
    expect(refused!.message).toContain('CLEARDESK_SMTP_PASSWORD');
    expect(refused!.message).not.toContain(PASSWORD);
    expect((await core.handle('audit.list', { action: 'settings.secretChanged' }, ada)).total).toBe(0);
    // Without a vault at all, the core takes no password either.
    const bare = await coreWith(store, world());
    expect(await refusal(bare.handle('settings.smtpPassword', { password: PASSWORD }, ada))).toMatchObject({
      code: 'unavailable',
    });
  });

  it.skipIf(!process.env.DBUS_SESSION_BUS_ADDRESS)(
    'the keychain keeps it; the audit says it changed, and nothing in the store or the answers holds it',
    async () => {
      const store = await h.migrated();
      const vault = new KeychainVault();
      const profile = `test-${randomBytes(4).toString('hex')}`;
      try {
        const core = await coreWith(store, world(), undefined, undefined, {
          smtpPassword: { save: (p) => vault.set(profile, 'smtp.password', p) },
        });
        const answer = await core.handle('settings.smtpPassword', { password: PASSWORD }, ada);
        expect(answer).toEqual({ saved: true });
        expect((await vault.get(profile, 'smtp.password'))?.reveal()).toBe(PASSWORD);
        const page = await core.handle('audit.list', { action: 'settings.secretChanged' }, ada);
        expect(page.entries).toMatchObject([{ actor: 'ada', subject: 'settings:smtp.password', detail: {} }]);
        const everything = JSON.stringify([
          await core.handle('settings.get', {}, ada),
          await core.handle('audit.list', { limit: 500 }, ada),
          (await sql`select * from audit_log`.execute(store.db)).rows,
          (await sql`select * from settings`.execute(store.db)).rows,
        ]);
        expect(everything).not.toContain(PASSWORD);
      } finally {
        await vault.delete(profile, 'smtp.password');
      }
    },
  );
});
