// The move from keytar's naming never loses the old entry: it is removed only after the copy reads back equal.
import { describe, expect, it } from 'vitest';
import type { Keyring } from '../../../electron/secrets/keyring';
import { keytarStoreFor, moveFromKeytar, removeFromKeytar } from '../../../electron/secrets/keytar-migration';
import { KeytarEntryLocked, type KeytarStore } from '../../../electron/secrets/keytar-store';

const SERVICE = 'ClearDesk/default';
const ACCOUNT = 'paytrace.password';

/** keytar's store and the current entry, in memory, recording what was done in which order. */
function world(old: string | null, faults: { read?: Error; save?: Error; remove?: Error; readBack?: string } = {}) {
  const steps: string[] = [];
  const state = { old, current: null as string | null };
  const store: KeytarStore = {
    async read() {
      steps.push('old.read');
      if (faults.read) throw faults.read;
      return state.old;
    },
    async remove() {
      steps.push('old.remove');
      if (faults.remove) throw faults.remove;
      const had = state.old !== null;
      state.old = null;
      return had;
    },
  };
  const current = {
    async save(value: string) {
      steps.push('current.save');
      if (faults.save) throw faults.save;
      state.current = value;
    },
    async read() {
      steps.push('current.read');
      return faults.readBack ?? state.current;
    },
    async remove() {
      steps.push('current.remove');
      state.current = null;
    },
  };
  const events: string[] = [];
  const log = { info: (e: string) => events.push(e), warn: (e: string) => events.push(e) };
  return { steps, state, store, current, events, log };
}

describe('moveFromKeytar', () => {
  it('saves under the new naming, reads it back, and only then removes the old entry', async () => {
    const w = world('pw');
    expect(await moveFromKeytar(w.store, SERVICE, ACCOUNT, w.current, w.log)).toBe('pw');
    expect(w.steps).toEqual(['old.read', 'current.save', 'current.read', 'old.remove']);
    expect(w.state).toEqual({ old: null, current: 'pw' });
    expect(w.events).toEqual(['keychain.keytar-migrated']);
  });

  it('returns null, touching nothing, when keytar has no entry', async () => {
    const w = world(null);
    expect(await moveFromKeytar(w.store, SERVICE, ACCOUNT, w.current, w.log)).toBeNull();
    expect(w.steps).toEqual(['old.read']);
    expect(w.events).toEqual([]);
  });

  it("treats keytar's store as empty when it cannot be reached (no D-Bus), and leaves it alone", async () => {
    const w = world('pw', { read: new Error('connect ENOENT /run/user/1000/bus') });
    expect(await moveFromKeytar(w.store, SERVICE, ACCOUNT, w.current, w.log)).toBeNull();
    expect(w.steps).toEqual(['old.read']);
    expect(w.state.old).toBe('pw');
    expect(w.events).toEqual(['keychain.keytar-lookup-failed']);
  });

  it('keeps the old entry, and still returns it, when saving the copy fails', async () => {
    const w = world('pw', { save: new Error('collection is read-only') });
    expect(await moveFromKeytar(w.store, SERVICE, ACCOUNT, w.current, w.log)).toBe('pw');
    expect(w.steps).not.toContain('old.remove');
    expect(w.state.old).toBe('pw');
    expect(w.events).toEqual(['keychain.keytar-migration-failed']);
  });

  it('takes a copy that reads back different away again, so the next read still finds the old entry', async () => {
    const w = world('pw', { readBack: 'p\uFFFDw' });
    expect(await moveFromKeytar(w.store, SERVICE, ACCOUNT, w.current, w.log)).toBe('pw');
    expect(w.steps).toEqual(['old.read', 'current.save', 'current.read', 'current.remove']);
    expect(w.state).toEqual({ old: 'pw', current: null });
  });

  it('returns the secret when only removing the old entry fails (the copy is what later reads find)', async () => {
    const w = world('pw', { remove: new Error('IsLocked') });
    expect(await moveFromKeytar(w.store, SERVICE, ACCOUNT, w.current, w.log)).toBe('pw');
    expect(w.state).toEqual({ old: 'pw', current: 'pw' });
    expect(w.events).toEqual(['keychain.keytar-cleanup-failed']);
  });

  it('passes on a locked keyring, which the user can unlock', async () => {
    const w = world('pw', { read: new KeytarEntryLocked('its unlock prompt was dismissed') });
    await expect(moveFromKeytar(w.store, SERVICE, ACCOUNT, w.current, w.log)).rejects.toBeInstanceOf(KeytarEntryLocked);
    expect(w.state.old).toBe('pw');
  });

  it('never puts the secret in what it logs', async () => {
    const fields: unknown[] = [];
    const log = { info: (_: string, f?: unknown) => fields.push(f), warn: (_: string, f?: unknown) => fields.push(f) };
    for (const faults of [{}, { save: new Error('no') }, { remove: new Error('no') }]) {
      const w = world('hunter2', faults);
      await moveFromKeytar(w.store, SERVICE, ACCOUNT, w.current, log);
    }
    expect(fields).toHaveLength(3);
    expect(JSON.stringify(fields)).not.toContain('hunter2');
  });
});

describe('removeFromKeytar', () => {
  it("reports whether keytar had an entry, and false when keytar's store cannot be reached", async () => {
    expect(await removeFromKeytar(world('pw').store, SERVICE, ACCOUNT)).toBe(true);
    expect(await removeFromKeytar(world(null).store, SERVICE, ACCOUNT)).toBe(false);
    expect(await removeFromKeytar(world('pw', { remove: new Error('no bus') }).store, SERVICE, ACCOUNT)).toBe(false);
  });

  it('passes on a locked keyring', async () => {
    const w = world('pw', { remove: new KeytarEntryLocked('deleting it was refused at its prompt') });
    await expect(removeFromKeytar(w.store, SERVICE, ACCOUNT)).rejects.toBeInstanceOf(KeytarEntryLocked);
  });
});

describe('keytarStoreFor', () => {
  const keyring = {} as Keyring;
  it('looks in the Secret Service on Linux and the Credential Manager on Windows; nowhere else on macOS', () => {
    expect(keytarStoreFor('linux', keyring)).not.toBeNull();
    expect(keytarStoreFor('win32', keyring)).not.toBeNull();
    expect(keytarStoreFor('darwin', keyring)).toBeNull();
  });
});
