import { PAYTRACE_DEFAULT_ZONE } from '../../../shared/time';
import { checkConnectionUrl } from '../connection-url';

export const PAYTRACE_PRODUCTION_URL = 'https://api.paytrace.com';
export const PAYTRACE_SANDBOX_URL = 'https://api.sandbox.paytrace.com';

/** A PayTrace connection. Credentials come from the caller (keychain or environment), never from files. */
export interface PayTraceConfig {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly integratorId: string;
  /** PayTrace's local zone: export timestamps carry none. */
  readonly zone?: string;
  /** The account's currency (PayTrace amounts carry none). */
  readonly currency?: string;
  /** Per-attempt timeout. */
  readonly timeoutMs?: number;
  /**
   * The most records PayTrace is known to return in one export answer. A window that comes back
   * with this many is split, because it may have been cut short. null: no known cap.
   */
  readonly exportCap?: number | null;
  /** Parallel export calls. */
  readonly exportConcurrency?: number;
}

export type ResolvedConfig = Required<PayTraceConfig>;

export function resolveConfig(c: PayTraceConfig): ResolvedConfig {
  // Checked where the URL is read too (environment, saved profile, connect), with its source named;
  // this is the last check before a password is sent.
  const baseUrl = checkConnectionUrl(c.baseUrl, { system: 'PayTrace', source: 'the PayTrace connection' });
  if (c.username.trim() === '' || c.password === '')
    throw new Error('PayTrace API user name and password are required: set them on the PayTrace connection');
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    username: c.username,
    password: c.password,
    integratorId: c.integratorId,
    zone: c.zone ?? PAYTRACE_DEFAULT_ZONE,
    currency: c.currency ?? 'USD',
    timeoutMs: c.timeoutMs ?? 30_000,
    exportCap: c.exportCap ?? null,
    exportConcurrency: Math.max(1, c.exportConcurrency ?? 2),
  };
}

export const presets = {
  production: (creds: { username: string; password: string; integratorId: string }): PayTraceConfig => ({
    baseUrl: PAYTRACE_PRODUCTION_URL,
    ...creds,
  }),
  sandbox: (creds: { username: string; password: string; integratorId: string }): PayTraceConfig => ({
    baseUrl: PAYTRACE_SANDBOX_URL,
    ...creds,
  }),
};

/**
 * Headless configuration: CLEARDESK_PAYTRACE_URL, _USERNAME, _PASSWORD, _INTEGRATOR_ID (and
 * optionally _ZONE, _CURRENCY). null when PayTrace is not configured at all; an error naming
 * what is missing when it is configured in part.
 */
export function payTraceConfigFromEnv(env: Record<string, string | undefined>): PayTraceConfig | null {
  const v = (k: string): string => (env[`CLEARDESK_PAYTRACE_${k}`] ?? '').trim();
  if (!['URL', 'USERNAME', 'PASSWORD', 'INTEGRATOR_ID'].some((k) => v(k) !== '')) return null;
  const missing = ['URL', 'USERNAME', 'PASSWORD', 'INTEGRATOR_ID']
    .filter((k) => v(k) === '')
    .map((k) => `CLEARDESK_PAYTRACE_${k}`);
  if (missing.length > 0) throw new Error(`The PayTrace connection is incomplete: set ${missing.join(', ')}.`);
  return {
    baseUrl: checkConnectionUrl(v('URL'), { system: 'PayTrace', source: 'CLEARDESK_PAYTRACE_URL' }),
    username: v('USERNAME'),
    password: env.CLEARDESK_PAYTRACE_PASSWORD ?? '',
    integratorId: v('INTEGRATOR_ID'),
    ...(v('ZONE') ? { zone: v('ZONE') } : {}),
    ...(v('CURRENCY') ? { currency: v('CURRENCY') } : {}),
  };
}
