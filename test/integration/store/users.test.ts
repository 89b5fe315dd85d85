// The users repository on both dialects: a name is unique without case, roles are kept in one order,
// a disabled user stays listed, and who changed what and when is kept.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../support/store';

const T1 = '2026-12-01T09:00:00.000Z';
const T2 = '2026-12-01T10:00:00.000Z';

describeEachDialect('users repository', (h) => {
  it('adds, refuses the same name in another case, changes roles and state, lists by name', async () => {
    const { repos } = await h.migrated();
    expect(await repos.users.list()).toEqual([]);
    expect(await repos.users.add('Sam', ['admin', 'clerk'], 'system:serve', T1)).toBe(true);
    expect(await repos.users.add('sam', ['clerk'], 'ada', T2)).toBe(false);
    expect(await repos.users.add('ada', ['approver'], 'Sam', T2)).toBe(true);
    expect(await repos.users.get('SAM')).toEqual({
      name: 'Sam',
      roles: ['clerk', 'admin'],
      active: true,
      createdBy: 'system:serve',
      createdAt: T1,
      changedBy: 'system:serve',
      changedAt: T1,
    });
    const changed = await repos.users.update('sam', { roles: ['approver'] }, 'ada', T2);
    expect(changed).toMatchObject({ name: 'Sam', roles: ['approver'], active: true, changedBy: 'ada', changedAt: T2 });
    const disabled = await repos.users.update('Sam', { active: false }, 'ada', T2);
    expect(disabled).toMatchObject({ roles: ['approver'], active: false, createdAt: T1 });
    expect((await repos.users.list()).map((u) => [u.name, u.active])).toEqual([
      ['ada', true],
      ['Sam', false],
    ]);
    expect(await repos.users.update('nobody', { active: false }, 'ada', T2)).toBeNull();
    expect(await repos.users.get('nobody')).toBeNull();
  });

  it('runs all or none inside a transaction', async () => {
    const { repos } = await h.migrated();
    await expect(
      repos.transaction(async (tx) => {
        await tx.users.add('bob', ['clerk'], 'ada', T1);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await repos.users.get('bob')).toBeNull();
  });
});
