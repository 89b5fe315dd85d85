// Credentials from environment variables, for headless hosts (a scheduler running `cleardesk sync`
// on a server has no keychain). Read-only: the host's operator sets them.
//
// Mapping: key "paytrace.password" -> CLEARDESK_PAYTRACE_PASSWORD, for every profile.
// A profile-specific variable wins when set: profile "prod" -> CLEARDESK_PROD__PAYTRACE_PASSWORD
// (profile upper-cased, '-' as '_', then a double underscore).
//   paytrace.username   CLEARDESK_PAYTRACE_USERNAME
//   paytrace.password   CLEARDESK_PAYTRACE_PASSWORD
//   sap.username        CLEARDESK_SAP_USERNAME
//   sap.password        CLEARDESK_SAP_PASSWORD
//   webhook.hmac_secret CLEARDESK_WEBHOOK_HMAC_SECRET
//   audit.key           CLEARDESK_AUDIT_KEY (the audit chain's key; its "profile" is audit-<chain id>, audit-keys.ts)
//   smtp.password       CLEARDESK_SMTP_PASSWORD (the alert mail server's password)
//   north.client_id     CLEARDESK_NORTH_CLIENT_ID (North's disputes API)
//   north.client_secret CLEARDESK_NORTH_CLIENT_SECRET
import { Secret } from './secret';
import { VaultError, checkNames, type SecretKey, type Vault } from './vault';

const keyPart = (key: string) => key.toUpperCase().replace(/\./g, '_');
const profilePart = (profile: string) => profile.toUpperCase().replace(/-/g, '_');

/** The variables consulted for a credential, most specific first. */
export function envVariableNames(profile: string, key: SecretKey): [string, string] {
  return [`CLEARDESK_${profilePart(profile)}__${keyPart(key)}`, `CLEARDESK_${keyPart(key)}`];
}

export class EnvVault implements Vault {
  readonly kind = 'env' as const;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(profile: string, key: SecretKey): Promise<Secret | null> {
    checkNames(profile, key);
    for (const name of envVariableNames(profile, key)) {
      const value = this.env[name];
      if (value !== undefined && value !== '') return new Secret(value);
    }
    return null;
  }

  async set(profile: string, key: SecretKey, _secret?: Secret | string): Promise<void> {
    checkNames(profile, key);
    throw new VaultError(
      'read-only',
      `Credentials come from environment variables on this host, so ClearDesk cannot save ${key}. ` +
        `Set ${envVariableNames(profile, key)[1]} (or ${envVariableNames(profile, key)[0]} for this profile only) where ClearDesk is started.`,
    );
  }

  async delete(profile: string, key: SecretKey): Promise<boolean> {
    checkNames(profile, key);
    throw new VaultError(
      'read-only',
      `Credentials come from environment variables on this host; to remove ${key}, unset ${envVariableNames(profile, key).join(' and ')} where ClearDesk is started.`,
    );
  }
}
