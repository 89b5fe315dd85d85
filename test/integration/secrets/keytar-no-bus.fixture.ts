// Run in a child process by keytar-vault.test.ts with a session bus address that leads nowhere.
import { KeytarVault, type VaultError } from '../../../electron/secrets';

try {
  await new KeytarVault().get('default', 'paytrace.password');
  process.stdout.write(JSON.stringify({ code: 'none', message: 'no error' }));
} catch (error) {
  const e = error as VaultError;
  process.stdout.write(JSON.stringify({ code: e.code, message: e.message }));
}
