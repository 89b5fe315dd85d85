// keytar's entries in the Secret Service (GNOME Keyring, KWallet) on Linux: items with the attributes
// {service, account} (libsecret's org.freedesktop.Secret.Generic schema). @napi-rs/keyring searches for
// {service, username}, so it never sees them; they are read and removed here over D-Bus instead. As keytar did
// through libsecret, a locked item is unlocked first, which may show the desktop's unlock prompt.
import { KeytarEntryLocked, type KeytarStore } from './keytar-store';
import { openSessionBus, type SessionBus } from './session-bus';

const SECRETS = '/org/freedesktop/secrets';
const SERVICE = 'org.freedesktop.Secret.Service';
const ITEM = 'org.freedesktop.Secret.Item';
const PROMPT = 'org.freedesktop.Secret.Prompt';
const NO_PROMPT = '/';
const PROMPT_TIMEOUT_MS = 120_000; // a person may be typing the keyring's password

/** Runs the keyring's prompt, if it asked for one; false when it was dismissed. */
async function prompted(bus: SessionBus, prompt: string): Promise<boolean> {
  if (prompt === NO_PROMPT) return true;
  const completed = await bus.nextSignal(prompt, PROMPT, 'Completed', PROMPT_TIMEOUT_MS);
  await bus.call(prompt, PROMPT, 'Prompt', 's', ['']);
  const [dismissed] = await completed.received;
  return dismissed !== true;
}

/** The items keytar saved for this service and account, unlocked ones first. */
async function search(bus: SessionBus, service: string, account: string) {
  const [unlocked, locked] = (await bus.call(SECRETS, SERVICE, 'SearchItems', 'a{ss}', [{ service, account }])) as [
    string[],
    string[],
  ];
  return { unlocked, locked };
}

async function unlock(bus: SessionBus, items: string[]): Promise<void> {
  if (items.length === 0) return;
  const [, prompt] = (await bus.call(SECRETS, SERVICE, 'Unlock', 'ao', [items])) as [string[], string];
  if (!(await prompted(bus, prompt))) throw new KeytarEntryLocked('its unlock prompt was dismissed');
}

async function readItem(bus: SessionBus, item: string): Promise<string> {
  // 'plain': no transport encryption. Whatever could read the session bus runs as this user and could ask the
  // Secret Service for the secret itself.
  const [, session] = (await bus.call(SECRETS, SERVICE, 'OpenSession', 'sv', ['plain', bus.variant('s', '')])) as [
    unknown,
    string,
  ];
  const [secrets] = (await bus.call(SECRETS, SERVICE, 'GetSecrets', 'aoo', [[item], session])) as [
    Record<string, [string, Uint8Array, Uint8Array, string]>,
  ];
  const secret = secrets[item];
  if (!secret) throw new Error(`the Secret Service gave no secret for ${item}`);
  return new TextDecoder('utf-8', { fatal: true }).decode(secret[2]);
}

async function withBus<T>(open: () => Promise<SessionBus>, work: (bus: SessionBus) => Promise<T>): Promise<T> {
  const bus = await open();
  try {
    return await work(bus);
  } finally {
    bus.close();
  }
}

/** `open` is replaceable for tests; by default the session bus of this login. */
export function keytarSecretService(open: () => Promise<SessionBus> = () => openSessionBus()): KeytarStore {
  return {
    read: (service, account) =>
      withBus(open, async (bus) => {
        const { unlocked, locked } = await search(bus, service, account);
        const item = unlocked[0] ?? locked[0];
        if (item === undefined) return null;
        if (unlocked.length === 0) await unlock(bus, [item]);
        return readItem(bus, item);
      }),
    remove: (service, account) =>
      withBus(open, async (bus) => {
        const { unlocked, locked } = await search(bus, service, account);
        await unlock(bus, locked); // a locked item cannot be deleted
        for (const item of [...unlocked, ...locked]) {
          const [prompt] = (await bus.call(item, ITEM, 'Delete')) as [string];
          if (!(await prompted(bus, prompt))) throw new KeytarEntryLocked('deleting it was refused at its prompt');
        }
        return unlocked.length + locked.length > 0;
      }),
  };
}
