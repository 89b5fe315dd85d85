// The browser host's users through the core on both dialects: only an admin lists, adds, changes,
// disables, enables or issues a link (a clerk is refused, forbidden = 403 over HTTP); each change is
// audited, a link's token never; an admin cannot disable themselves nor leave no active admin.
// The links come from the host's real session store through the SignInLinks port.
import { expect, it } from 'vitest';
import type { Actor } from '../../../electron/core/ports';
import { SessionStore } from '../../../electron/hosts/serve/sessions';
import { ApiError } from '../../../shared/api';
import { describeEachDialect } from '../../support/store';
import { coreWith, type FakeWorld } from './core-fixture';

const ada: Actor = { name: 'ada', roles: ['admin'] };
const mia: Actor = { name: 'mia', roles: ['clerk'] };
const world = (): FakeWorld => ({ paytrace: [], sap: { customers: [], openItems: [] }, posted: [] });

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) =>
      e instanceof ApiError ? { code: e.code, message: e.message } : { code: 'thrown', message: String(e) },
  );

describeEachDialect('users through the core', (h) => {
  it('an admin adds, changes, disables and enables users, each audited; a clerk is refused', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    await core.seedUsers([ada]);
    const changed: string[] = [];
    core.events.on('users.changed', ({ name }) => changed.push(name));

    for (const [channel, req] of [
      ['users.list', {}],
      ['users.save', { name: 'bob', roles: ['clerk'], add: true }],
      ['users.disable', { name: 'ada' }],
      ['users.enable', { name: 'ada' }],
      ['users.link', { name: 'ada' }],
    ] as const) {
      expect(await refusal(core.handle(channel, req as never, mia))).toMatchObject({ code: 'forbidden' });
    }
    expect(await store.repos.users.get('bob')).toBeNull();

    const bob = await core.handle('users.save', { name: 'bob', roles: ['clerk'], add: true }, ada);
    expect(bob).toMatchObject({ name: 'bob', roles: ['clerk'], active: true, createdBy: 'ada' });
    expect(await refusal(core.handle('users.save', { name: 'BOB', roles: ['approver'], add: true }, ada))).toEqual({
      code: 'conflict',
      message: 'There is already a user bob (names compare without case).',
    });
    expect(await refusal(core.handle('users.save', { name: 'carol', roles: ['clerk'] }, ada))).toMatchObject({
      code: 'not_found',
    });
    await core.handle('users.save', { name: 'Bob', roles: ['approver', 'clerk'] }, ada);
    // The same roles again change nothing and are not audited again.
    await core.handle('users.save', { name: 'bob', roles: ['clerk', 'approver'] }, ada);
    expect(await core.activeUser('BOB')).toEqual({ name: 'bob', roles: ['clerk', 'approver'] });
    await core.handle('users.disable', { name: 'bob' }, ada);
    expect(await core.activeUser('bob')).toBeNull();
    expect(await core.handle('users.list', {}, ada)).toMatchObject([
      { name: 'ada', roles: ['admin'], active: true, createdBy: 'system:serve' },
      { name: 'bob', roles: ['clerk', 'approver'], active: false, changedBy: 'ada' },
    ]);
    await core.handle('users.enable', { name: 'bob' }, ada);
    expect(changed).toEqual(['bob', 'bob', 'bob', 'bob', 'bob']);

    const entries = await store.repos.audit.forSubject('user:bob');
    expect(entries.map((e) => [e.actor, e.action, e.detail])).toEqual([
      ['ada', 'user.added', { roles: ['clerk'] }],
      ['ada', 'user.changed', { from: ['clerk'], to: ['approver', 'clerk'] }],
      ['ada', 'user.disabled', {}],
      ['ada', 'user.enabled', {}],
    ]);
  });

  it('refuses disabling oneself and leaving no active admin, in words', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    await core.seedUsers([ada, { name: 'zoe', roles: ['admin'] }]);
    expect(await refusal(core.handle('users.disable', { name: 'ADA' }, ada))).toEqual({
      code: 'conflict',
      message: 'You cannot disable yourself; another admin can.',
    });
    await core.handle('users.disable', { name: 'zoe' }, ada);
    // ada is now the only active admin: taking her admin role would leave nobody to manage users.
    expect(await refusal(core.handle('users.save', { name: 'ada', roles: ['clerk'] }, ada))).toEqual({
      code: 'conflict',
      message:
        'ada is the last active admin; give another user the admin role first, so someone can still manage users.',
    });
    expect(await store.repos.users.get('ada')).toMatchObject({ roles: ['admin'], active: true });
    // A disabled admin does not count; enabled again, she does.
    await core.handle('users.enable', { name: 'zoe' }, ada);
    await core.handle('users.save', { name: 'ada', roles: ['clerk'] }, ada);
    expect(await store.repos.users.get('ada')).toMatchObject({ roles: ['clerk'] });
  });

  it('issues a one-time link through the host for an active user, audited without the token', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    await core.seedUsers([ada, { name: 'bob', roles: ['clerk'] }]);
    expect(await refusal(core.handle('users.link', { name: 'bob' }, ada))).toMatchObject({ code: 'unavailable' });

    const sessions = new SessionStore({ idleMs: 60_000 });
    core.useSignInLinks({ issue: (user) => `http://127.0.0.1:1/?token=${sessions.mintLink(user)}` });
    const link = await core.handle('users.link', { name: 'BOB' }, ada);
    expect(link.name).toBe('bob');
    const token = new URL(link.url).searchParams.get('token')!;
    const redeemed = sessions.redeem(token);
    expect(redeemed).toMatchObject({ kind: 'started', session: { actor: { name: 'bob', roles: ['clerk'] } } });
    expect(sessions.redeem(token).kind).toBe('used');

    const entries = await store.repos.audit.forSubject('user:bob');
    expect(entries.map((e) => [e.actor, e.action])).toEqual([
      ['system:serve', 'user.added'],
      ['ada', 'user.link-issued'],
    ]);
    expect(JSON.stringify(entries)).not.toContain(token);

    await core.handle('users.disable', { name: 'bob' }, ada);
    expect(await refusal(core.handle('users.link', { name: 'bob' }, ada))).toEqual({
      code: 'conflict',
      message: 'bob is disabled; enable them before issuing a link.',
    });
    expect(await refusal(core.handle('users.link', { name: 'nobody' }, ada))).toMatchObject({ code: 'not_found' });
  });

  it('--user flags at start add people or set their roles, and leave an admin’s disable standing', async () => {
    const store = await h.migrated();
    const core = await coreWith(store, world());
    await core.seedUsers([ada, { name: 'bob', roles: ['clerk'] }]);
    await core.handle('users.disable', { name: 'bob' }, ada);
    await core.seedUsers([ada, { name: 'Bob', roles: ['approver'] }]);
    expect(await store.repos.users.get('bob')).toMatchObject({ roles: ['approver'], active: false });
    const actions = (await store.repos.audit.forSubject('user:bob')).map((e) => [e.actor, e.action, e.detail]);
    expect(actions).toEqual([
      ['system:serve', 'user.added', { roles: ['clerk'], source: '--user' }],
      ['ada', 'user.disabled', {}],
      ['system:serve', 'user.changed', { from: ['clerk'], to: ['approver'], source: '--user' }],
    ]);
  });
});
