// Which secret signs for a webhook source: the keychain's entry for the source, or from the environment only
// the source's own variable, never the variable every profile falls back to.
import { describe, expect, it } from 'vitest';
import { signDelivery, webhookSecretOf } from '../../../electron/hosts/serve/webhook';
import { EnvVault } from '../../../electron/secrets';

describe('webhook secrets', () => {
  it('reads only the source’s own environment variable', async () => {
    const env = {
      CLEARDESK_WEBHOOK_HMAC_SECRET: 'one-for-every-profile',
      CLEARDESK_WEBHOOK_NORTH__WEBHOOK_HMAC_SECRET: 'north-only',
    };
    const vault = new EnvVault(env);
    expect((await webhookSecretOf(vault, env, 'north'))?.reveal()).toBe('north-only');
    expect(await webhookSecretOf(vault, env, 'elavon')).toBeNull();
    // The vault itself would have fallen back to the shared one.
    expect((await vault.get('webhook-elavon', 'webhook.hmac_secret'))?.reveal()).toBe('one-for-every-profile');
  });

  it('signs "<timestamp>.<body>" with HMAC-SHA256, as any sender computes it', () => {
    // Computed with Python's hmac module: hmac.new(b'whsec-test-key', b'1700000000.{"cases":[]}', sha256).
    expect(signDelivery('whsec-test-key', '1700000000', '{"cases":[]}')).toBe(
      '5f5f80b6d1f2a6fbec2c3ded6dd65c3ac5c0b71302d3b42dde0930665671c455',
    );
    expect(signDelivery('whsec-test-key', '1700000000', Buffer.from('{"cases":[]}'))).toBe(
      '5f5f80b6d1f2a6fbec2c3ded6dd65c3ac5c0b71302d3b42dde0930665671c455',
    );
  });
});
