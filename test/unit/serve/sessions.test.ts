// One-time links and idle sessions, on a clock the test moves.
import { describe, expect, it } from 'vitest';
import { SessionStore, type EndReason } from '../../../electron/hosts/serve/sessions';

const alice = { name: 'alice', roles: ['clerk' as const] };

function store(idleMs = 1_000) {
  let now = 0;
  const ended: [string, EndReason][] = [];
  const sessions = new SessionStore({ idleMs, linkLifetimeMs: 10_000, now: () => now });
  sessions.onEnded((s, why) => ended.push([s.actor.name, why]));
  return { sessions, ended, advance: (ms: number) => (now += ms) };
}

describe('session store', () => {
  it('redeems a link once; the session id is not the link token, and only its digest is kept', () => {
    const { sessions } = store();
    const token = sessions.mintLink(alice);
    const first = sessions.redeem(token);
    expect(first.kind).toBe('started');
    if (first.kind !== 'started') return;
    expect(first.id).not.toBe(token);
    expect(first.session.key).not.toBe(first.id);
    expect(sessions.find(first.id, false)?.actor).toEqual(alice);
    expect(sessions.redeem(token)).toEqual({ kind: 'used', actor: alice });
    expect(sessions.redeem('not a token')).toEqual({ kind: 'unknown' });
    expect(sessions.redeem('A'.repeat(43))).toEqual({ kind: 'unknown' });
    expect(sessions.find(token, false)).toBeNull();
  });

  it('ends a session left idle, on use or by the sweep, and says why', () => {
    const { sessions, ended, advance } = store();
    const a = sessions.redeem(sessions.mintLink(alice));
    const b = sessions.redeem(sessions.mintLink(alice));
    if (a.kind !== 'started' || b.kind !== 'started') throw new Error('not started');
    advance(900);
    expect(sessions.find(a.id, true)).not.toBeNull(); // touched at 900
    expect(sessions.find(b.id, false)).not.toBeNull(); // not touched: still idle since 0
    advance(200);
    sessions.sweep();
    expect(ended).toEqual([['alice', 'idle']]);
    expect(sessions.find(b.id, false)).toBeNull();
    expect(sessions.find(a.id, false)).not.toBeNull();
    sessions.end(sessions.find(a.id, false)!.key, 'signed-out');
    expect(ended).toEqual([
      ['alice', 'idle'],
      ['alice', 'signed-out'],
    ]);
    expect(sessions.find(a.id, false)).toBeNull();
  });

  it('lets unused links expire', () => {
    const { sessions, advance } = store();
    const token = sessions.mintLink(alice);
    advance(10_000);
    expect(sessions.redeem(token)).toEqual({ kind: 'unknown' });
  });
});
