// Settings that are not secrets, in electron-store with a schema. Secrets live in the keychain.
import Store from 'electron-store';

export interface Settings {
  sandbox: boolean;
  syncIntervalMinutes: number;
  profile: string;
}

const store = new Store<Settings>({
  name: 'settings',
  schema: {
    sandbox: { type: 'boolean', default: true },
    syncIntervalMinutes: { type: 'integer', minimum: 1, maximum: 1440, default: 15 },
    profile: { type: 'string', minLength: 1, maxLength: 64, default: 'default' },
  },
});

export function loadSettings(): Settings {
  return {
    sandbox: store.get('sandbox'),
    syncIntervalMinutes: store.get('syncIntervalMinutes'),
    profile: store.get('profile'),
  };
}
