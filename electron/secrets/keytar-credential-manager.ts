// keytar's entries in the Windows Credential Manager: generic credentials with the target name
// "<service>/<account>" and the password as UTF-8 bytes. @napi-rs/keyring names its own "<account>.<service>" and
// reads passwords as UTF-16, so the old ones are opened by target name and their bytes decoded here.
import type { Keyring } from './keyring';
import type { KeytarStore } from './keytar-store';

export function keytarCredentialManager(keyring: Keyring): KeytarStore {
  const entry = (service: string, account: string) =>
    keyring.AsyncEntry.withTarget(`${service}/${account}`, service, account);
  return {
    async read(service, account) {
      const bytes = await entry(service, account).getSecret();
      return bytes === null ? null : new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    },
    remove: (service, account) => entry(service, account).deleteCredential(),
  };
}
