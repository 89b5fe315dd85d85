// keytar on Windows: target "<service>/<account>", password as UTF-8 bytes. Checked against a stand-in for
// @napi-rs/keyring, since the Credential Manager exists only on Windows.
import { describe, expect, it } from 'vitest';
import type { Keyring } from '../../../electron/secrets/keyring';
import { keytarCredentialManager } from '../../../electron/secrets/keytar-credential-manager';

function fakeKeyring(credentials: Map<string, number[]>) {
  const opened: string[][] = [];
  const keyring = {
    AsyncEntry: {
      withTarget(target: string, service: string, username: string) {
        opened.push([target, service, username]);
        return {
          getSecret: async () => credentials.get(target) ?? null,
          deleteCredential: async () => credentials.delete(target),
        };
      },
    },
  } as unknown as Keyring;
  return { keyring, opened };
}

describe('keytarCredentialManager', () => {
  it('opens the credential keytar named "<service>/<account>" and decodes its UTF-8 bytes', async () => {
    const credentials = new Map([['ClearDesk/prod/sap.password', [...Buffer.from('pässwörd', 'utf8')]]]);
    const { keyring, opened } = fakeKeyring(credentials);
    const store = keytarCredentialManager(keyring);

    expect(await store.read('ClearDesk/prod', 'sap.password')).toBe('pässwörd');
    expect(opened[0]).toEqual(['ClearDesk/prod/sap.password', 'ClearDesk/prod', 'sap.password']);
    expect(await store.read('ClearDesk/prod', 'sap.username')).toBeNull();
  });

  it('refuses bytes that are not UTF-8 rather than return a mangled password', async () => {
    const { keyring } = fakeKeyring(new Map([['ClearDesk/prod/sap.password', [0xff, 0xfe, 0x41]]]));
    await expect(keytarCredentialManager(keyring).read('ClearDesk/prod', 'sap.password')).rejects.toThrow();
  });

  it('removes that credential', async () => {
    const credentials = new Map([['ClearDesk/prod/sap.password', [0x61]]]);
    const store = keytarCredentialManager(fakeKeyring(credentials).keyring);
    expect(await store.remove('ClearDesk/prod', 'sap.password')).toBe(true);
    expect(credentials.size).toBe(0);
    expect(await store.remove('ClearDesk/prod', 'sap.password')).toBe(false);
  });
});
