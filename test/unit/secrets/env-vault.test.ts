// Headless hosts take credentials from CLEARDESK_* environment variables.
import { describe, expect, it } from 'vitest';
import { EnvVault, KeychainVault, VaultError, envVariableNames, vaultForHost } from '../../../electron/secrets';

describe('EnvVault', () => {
  const env = {
    CLEARDESK_PAYTRACE_PASSWORD: 'pt-pass',
    CLEARDESK_SAP_USERNAME: 'RFC_CLEARDESK',
    CLEARDESK_PROD_EU__PAYTRACE_PASSWORD: 'pt-pass-eu',
    CLEARDESK_SAP_PASSWORD: '',
  };
  const vault = new EnvVault(env);

  it('maps paytrace.password to CLEARDESK_PAYTRACE_PASSWORD, and prefers CLEARDESK_<PROFILE>__PAYTRACE_PASSWORD', async () => {
    expect(envVariableNames('prod-eu', 'paytrace.password')).toEqual([
      'CLEARDESK_PROD_EU__PAYTRACE_PASSWORD',
      'CLEARDESK_PAYTRACE_PASSWORD',
    ]);
    expect((await vault.get('default', 'paytrace.password'))?.reveal()).toBe('pt-pass');
    expect((await vault.get('prod-eu', 'paytrace.password'))?.reveal()).toBe('pt-pass-eu');
    expect((await vault.get('default', 'sap.username'))?.reveal()).toBe('RFC_CLEARDESK');
  });

  it('treats an unset or empty variable as no credential', async () => {
    expect(await vault.get('default', 'sap.password')).toBeNull();
    expect(await vault.get('default', 'webhook.hmac_secret')).toBeNull();
  });

  it('refuses to save or delete, and says which variable to set instead', async () => {
    await expect(vault.set('default', 'sap.password', 'x')).rejects.toMatchObject({
      code: 'read-only',
      message: expect.stringMatching(/Set CLEARDESK_SAP_PASSWORD/),
    });
    await expect(vault.delete('default', 'sap.password')).rejects.toBeInstanceOf(VaultError);
  });

  it('refuses a profile or key it cannot name safely', async () => {
    await expect(vault.get('../etc', 'sap.password')).rejects.toMatchObject({ code: 'invalid-name' });
    await expect(vault.get('default', 'sap.pin' as 'sap.password')).rejects.toThrow(
      /'sap\.pin' is not a credential ClearDesk keeps/,
    );
  });
});

describe('vaultForHost', () => {
  it('uses the environment when CLEARDESK_VAULT=env, the OS keychain otherwise', () => {
    expect(vaultForHost({ CLEARDESK_VAULT: 'env' })).toBeInstanceOf(EnvVault);
    expect(vaultForHost({})).toBeInstanceOf(KeychainVault);
  });
});

describe('KeychainVault without its native module', () => {
  it('says the keychain is unavailable and what to do on a headless host', async () => {
    // What @napi-rs/keyring throws where its binary for this platform is missing (e.g. installed with --omit=optional).
    const vault = new KeychainVault({ load: () => Promise.reject(new Error('Cannot find native binding.')) });
    await expect(vault.get('default', 'sap.password')).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(
        /@napi-rs\/keyring\) could not be loaded: Error: Cannot find native binding\..*set the CLEARDESK_\* environment variables instead/,
      ),
    });
  });
});
