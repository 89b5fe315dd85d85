// The Secret Service conversation for keytar's items, against an in-memory stand-in for the service: locked items,
// unlock prompts accepted or dismissed. The real service is exercised in test/integration/secrets.
import { describe, expect, it } from 'vitest';
import { keytarSecretService } from '../../../electron/secrets/keytar-secret-service';
import { KeytarEntryLocked } from '../../../electron/secrets/keytar-store';
import type { SessionBus } from '../../../electron/secrets/session-bus';

interface Item {
  attributes: Record<string, string>;
  secret: string;
  locked: boolean;
}

function fakeSecretService(items: Record<string, Item>, answer: 'accept' | 'dismiss') {
  const calls: string[] = [];
  let closed = 0;
  let pendingUnlock: string[] = [];
  let completed: (body: unknown[]) => void = () => {};
  const matches = (item: Item, wanted: Record<string, string>) =>
    Object.entries(wanted).every(([k, v]) => item.attributes[k] === v);

  const bus: SessionBus = {
    async call(path, _iface, member, _signature, body = []) {
      calls.push(member);
      switch (member) {
        case 'SearchItems': {
          const found = Object.keys(items).filter((p) => matches(items[p]!, body[0] as Record<string, string>));
          return [found.filter((p) => !items[p]!.locked), found.filter((p) => items[p]!.locked)];
        }
        case 'Unlock':
          pendingUnlock = body[0] as string[];
          return [[], '/org/freedesktop/secrets/prompt/u1'];
        case 'Prompt':
          if (answer === 'accept') for (const p of pendingUnlock) items[p]!.locked = false;
          queueMicrotask(() => completed([answer === 'dismiss', null]));
          return [];
        case 'OpenSession':
          return [null, '/org/freedesktop/secrets/session/s1'];
        case 'GetSecrets': {
          const wanted = (body[0] as string[]).filter((p) => items[p] && !items[p].locked);
          const secrets = Object.fromEntries(
            wanted.map((p) => [p, [body[1], Buffer.alloc(0), Buffer.from(items[p]!.secret), 'text/plain']]),
          );
          return [secrets];
        }
        case 'Delete':
          if (items[path]!.locked) throw new Error('org.freedesktop.Secret.Error.IsLocked');
          delete items[path];
          return ['/'];
        default:
          throw new Error(`unexpected call ${member}`);
      }
    },
    variant: (_signature, value) => value,
    async nextSignal() {
      return { received: new Promise<unknown[]>((resolve) => (completed = resolve)) };
    },
    close: () => void closed++,
  };
  return { store: keytarSecretService(async () => bus), calls, closed: () => closed };
}

const keytarItem = (account: string, secret: string, locked = false): Item => ({
  attributes: { service: 'ClearDesk/default', account, 'xdg:schema': 'org.freedesktop.Secret.Generic' },
  secret,
  locked,
});

describe('keytarSecretService', () => {
  it("reads keytar's item by {service, account}, without unlocking anything when it is unlocked", async () => {
    const items = {
      '/c/login/1': keytarItem('sap.password', 'pässwörd'),
      '/c/login/2': keytarItem('sap.username', 'U'),
    };
    const ss = fakeSecretService(items, 'dismiss');
    expect(await ss.store.read('ClearDesk/default', 'sap.password')).toBe('pässwörd');
    expect(await ss.store.read('ClearDesk/default', 'paytrace.password')).toBeNull();
    expect(ss.calls).not.toContain('Unlock');
    expect(ss.closed()).toBe(2);
  });

  it('does not take an item of @napi-rs/keyring (attribute username) for one of keytar', async () => {
    const items = {
      '/c/login/1': {
        attributes: { service: 'ClearDesk/default', username: 'sap.password' },
        secret: 'x',
        locked: false,
      },
    };
    expect(await fakeSecretService(items, 'accept').store.read('ClearDesk/default', 'sap.password')).toBeNull();
  });

  it('unlocks a locked item through the keyring prompt, as keytar did', async () => {
    const ss = fakeSecretService({ '/c/work/1': keytarItem('sap.password', 'locked-away', true) }, 'accept');
    expect(await ss.store.read('ClearDesk/default', 'sap.password')).toBe('locked-away');
    expect(ss.calls).toEqual(['SearchItems', 'Unlock', 'Prompt', 'OpenSession', 'GetSecrets']);
  });

  it('says the keyring stayed locked when its prompt is dismissed, and closes the connection', async () => {
    const ss = fakeSecretService({ '/c/work/1': keytarItem('sap.password', 'locked-away', true) }, 'dismiss');
    await expect(ss.store.read('ClearDesk/default', 'sap.password')).rejects.toBeInstanceOf(KeytarEntryLocked);
    await expect(ss.store.remove('ClearDesk/default', 'sap.password')).rejects.toBeInstanceOf(KeytarEntryLocked);
    expect(ss.closed()).toBe(2);
  });

  it('removes every item under that naming, locked ones after unlocking them', async () => {
    const items = {
      '/c/login/1': keytarItem('sap.password', 'a'),
      '/c/work/1': keytarItem('sap.password', 'b', true),
      '/c/login/2': keytarItem('sap.username', 'U'),
    };
    const ss = fakeSecretService(items, 'accept');
    expect(await ss.store.remove('ClearDesk/default', 'sap.password')).toBe(true);
    expect(Object.keys(items)).toEqual(['/c/login/2']);
    expect(await ss.store.remove('ClearDesk/default', 'sap.password')).toBe(false);
  });
});
