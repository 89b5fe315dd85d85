// Users managed by an admin, over the real `cleardesk serve` and HTTP: the admin adds bob and issues
// his link, bob signs in and acts as a clerk (an admin's channel is 403 to him), a role change
// applies at his next request, and once the admin disables him his next request is 401 and his
// unused links no longer sign in. A restart without --user gives links to the store's active users.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serve } from '../../support/cli';
import { callApi, signIn } from '../../support/host';

const dataDir = mkdtempSync(join(tmpdir(), 'cleardesk-serve-users-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const base = ['--sandbox', '--data-dir', dataDir, '--port', '0', '--sync-every', '0'];

describe('users of the browser host, managed by an admin', () => {
  it('adds bob, issues his link, and disabling him ends his session at his next request', async () => {
    const s = await serve([...base, '--user', 'ada:admin', '--user', 'mia:clerk']);
    try {
      const origin = new URL(s.url).origin;
      const ada = await signIn(s.users.ada!);
      const mia = await signIn(s.users.mia!);

      expect((await callApi(origin, 'users.list', mia)).status).toBe(403);
      const added = await callApi(origin, 'users.save', ada, { name: 'bob', roles: ['clerk'], add: true });
      expect(added.status).toBe(200);
      const bad = await callApi(origin, 'users.save', ada, { name: 'bo b', roles: [], add: true });
      expect(bad.status).toBe(400);
      expect(bad.body.error?.message).toContain('A name is one word');
      expect(bad.body.error?.message).toContain('Give at least one role');

      const issued = await callApi(origin, 'users.link', ada, { name: 'bob' });
      expect(issued.status).toBe(200);
      const link = (issued.body.data as { url: string }).url;
      expect(link.startsWith(`${origin}/?token=`)).toBe(true);
      const spare = (await callApi(origin, 'users.link', ada, { name: 'bob' })).body.data as { url: string };
      const bob = await signIn(link);
      const info = await callApi(origin, 'session.info', bob);
      expect(info.body.data).toMatchObject({ user: 'bob', roles: ['clerk'] });
      // As a clerk he works the queue, and may not manage users.
      expect((await callApi(origin, 'sync.run', bob)).status).toBe(200);
      expect((await callApi(origin, 'users.list', bob)).status).toBe(403);

      // A role change applies at his next request.
      expect((await callApi(origin, 'users.save', ada, { name: 'bob', roles: ['approver'] })).status).toBe(200);
      expect((await callApi(origin, 'session.info', bob)).body.data).toMatchObject({ roles: ['approver'] });

      // The admin cannot disable herself, in words.
      const self = await callApi(origin, 'users.disable', ada, { name: 'ada' });
      expect(self.status).toBe(409);
      expect(self.body.error?.message).toBe('You cannot disable yourself; another admin can.');

      expect((await callApi(origin, 'users.disable', ada, { name: 'bob' })).status).toBe(200);
      const after = await callApi(origin, 'session.info', bob);
      expect(after.status).toBe(401);
      expect(after.body.error?.code).toBe('unauthenticated');
      // A link issued before he was disabled no longer signs him in.
      const refused = await fetch(spare.url, { redirect: 'manual' });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('This user is disabled');
      // Others go on.
      expect((await callApi(origin, 'session.info', mia)).status).toBe(200);

      const users = (await callApi(origin, 'users.list', ada)).body.data as { name: string; active: boolean }[];
      expect(users.map((u) => [u.name, u.active])).toEqual([
        ['ada', true],
        ['bob', false],
        ['mia', true],
      ]);
      // What the browser got never holds the token; the audit trail neither.
      const audit = await callApi(origin, 'audit.list', ada, { text: 'user:' });
      const text = JSON.stringify(audit.body);
      expect(text).toContain('user.link-issued');
      expect(text).not.toContain(new URL(link).searchParams.get('token')!);
    } finally {
      await s.stop();
    }

    // Restarted without --user: the store's active users get links, the disabled one none.
    const again = await serve(base);
    try {
      expect(Object.keys(again.users).sort()).toEqual(['ada', 'mia']);
    } finally {
      await again.stop();
    }
  });
});
