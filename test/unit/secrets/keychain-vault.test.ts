// KeychainVault's naming and its use of the keytar migration, against an in-memory stand-in for @napi-rs/keyring.
// The real keychain is exercised in test/integration/secrets.
import { describe, expect, it } from 'vitest';
import { KeychainVault, VaultError } from '../../../electron/secrets';
import type { Keyring } from '../../../electron/secrets/keyring';
import { KeytarEntryLocked, type KeytarStore } from '../../../electron/secrets/keytar-store';

function fakeKeyring() {
  const saved = new Map<string, string>();
  const opened: unknown[] = [];
  class AsyncEntry {
    readonly #id: string;
    constructor(service: string, username: string, options?: unknown) {
      opened.push({ service, username, options });
      this.#id = `${service}|${username}`;
    }
    async getPassword() {
      return saved.get(this.#id) ?? null;
    }
    async setPassword(value: string) {
      saved.set(this.#id, value);
    }
    async deletePassword() {
      return saved.delete(this.#id);
    }
  }
  return { keyring: { AsyncEntry } as unknown as Keyring, saved, opened };
}

function keytarWith(entries: Map<string, string>, fault?: Error): KeytarStore {
  return {
    async read(service, account) {
      if (fault) throw fault;
      return entries.get(`${service}|${account}`) ?? null;
    },
    async remove(service, account) {
      if (fault) throw fault;
      return entries.delete(`${service}|${account}`);
    },
  };
}

describe('KeychainVault', () => {
  it('names entries service "ClearDesk/<profile>", username = key, pinned to the Secret Service on Linux', async () => {
    const { keyring, saved, opened } = fakeKeyring();
    const vault = new KeychainVault({ load: async () => keyring, keytar: () => null });
    await vault.set('prod', 'paytrace.password', 'pw');
    expect([...saved.keys()]).toEqual(['ClearDesk/prod|paytrace.password']);
    expect(opened[0]).toEqual({
      service: 'ClearDesk/prod',
      username: 'paytrace.password',
      options: { linux: { store: 'secret-service' } },
    });
  });

  it("moves a credential from keytar's naming on the first read that misses", async () => {
    const { keyring, saved } = fakeKeyring();
    const old = new Map([['ClearDesk/prod|sap.password', 'from keytar']]);
    const vault = new KeychainVault({ load: async () => keyring, keytar: () => keytarWith(old) });
    expect((await vault.get('prod', 'sap.password'))?.reveal()).toBe('from keytar');
    expect(saved.get('ClearDesk/prod|sap.password')).toBe('from keytar');
    expect(old.size).toBe(0);
  });

  it("deletes keytar's entry along with the new one", async () => {
    const { keyring } = fakeKeyring();
    const old = new Map([['ClearDesk/prod|sap.password', 'from keytar']]);
    const vault = new KeychainVault({ load: async () => keyring, keytar: () => keytarWith(old) });
    expect(await vault.delete('prod', 'sap.password')).toBe(true);
    expect(old.size).toBe(0);
    expect(await vault.get('prod', 'sap.password')).toBeNull();
  });

  it('turns a locked keyring holding the old entry into an actionable unavailable error', async () => {
    const { keyring } = fakeKeyring();
    const locked = keytarWith(new Map(), new KeytarEntryLocked('its unlock prompt was dismissed'));
    const vault = new KeychainVault({ load: async () => keyring, keytar: () => locked });
    const error = await vault.get('prod', 'sap.password').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultError);
    expect(error).toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/locked keyring \(its unlock prompt was dismissed\)\. Unlock the keyring/),
    });
  });

  it('does not look for keytar entries when the keychain itself cannot be reached', async () => {
    const failing = {
      AsyncEntry: class {
        constructor() {
          throw new Error('Platform failure: DBus error: Failed to connect to socket /run/user/1000/bus');
        }
      },
    } as unknown as Keyring;
    let looked = false;
    const vault = new KeychainVault({
      load: async () => failing,
      keytar: () => ((looked = true), keytarWith(new Map())),
    });
    await expect(vault.get('prod', 'sap.password')).rejects.toMatchObject({ code: 'unavailable' });
    expect(looked).toBe(false);
  });
});
