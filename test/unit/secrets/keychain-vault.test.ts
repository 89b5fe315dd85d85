// KeychainVault's naming and errors, against an in-memory stand-in for @napi-rs/keyring.
// The real keychain is exercised in test/integration/secrets.
import { describe, expect, it } from 'vitest';
import { KeychainVault } from '../../../electron/secrets';
import type { Keyring } from '../../../electron/secrets/keyring';

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

describe('KeychainVault', () => {
  it('names entries service "ClearDesk/<profile>", username = key, pinned to the Secret Service on Linux', async () => {
    const { keyring, saved, opened } = fakeKeyring();
    const vault = new KeychainVault({ load: async () => keyring });
    await vault.set('prod', 'paytrace.password', 'pw');
    expect([...saved.keys()]).toEqual(['ClearDesk/prod|paytrace.password']);
    expect(opened[0]).toEqual({
      service: 'ClearDesk/prod',
      username: 'paytrace.password',
      options: { linux: { store: 'secret-service' } },
    });
  });

  it('says the keychain is unavailable when the keyring cannot reach its store', async () => {
    const failing = {
      AsyncEntry: class {
        constructor() {
          throw new Error('Platform failure: DBus error: Failed to connect to socket /run/user/1000/bus');
        }
      },
    } as unknown as Keyring;
    const vault = new KeychainVault({ load: async () => failing });
    await expect(vault.get('prod', 'sap.password')).rejects.toMatchObject({ code: 'unavailable' });
  });
});
