// Run in a child process by keychain-vault.test.ts with a session bus address that leads nowhere, or none.
import { KeychainVault, type VaultError } from '../../../electron/secrets';

try {
  await new KeychainVault().get('default', 'paytrace.password');
  process.stdout.write(JSON.stringify({ code: 'none', message: 'no error' }));
} catch (error) {
  const e = error as VaultError;
  process.stdout.write(JSON.stringify({ code: e.code, message: e.message }));
}
