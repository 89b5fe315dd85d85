// A North connection: the admin's settings (merchant id, base URL, token URL) and the client id and secret the host
// keeps in its vault. The URL rule is the one owner's (connection-url.ts): https, or http to a simulator on loopback.
import { checkConnectionUrl } from '../connection-url';

export interface NorthConfig {
  readonly baseUrl: string;
  /** Where the token is asked for (`POST <authUrl>/oauth/token`); default the base URL. */
  readonly authUrl?: string | null;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The merchant id (MID) whose chargebacks are read. */
  readonly merchantId: string;
  /** The merchant account's currency, for a record that names none. */
  readonly currency?: string;
  /** Per-attempt timeout. */
  readonly timeoutMs?: number;
  /** Records asked for per page. */
  readonly pageSize?: number;
}

export interface ResolvedNorthConfig {
  readonly baseUrl: string;
  readonly authUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly merchantId: string;
  readonly currency: string;
  readonly timeoutMs: number;
  readonly pageSize: number;
}

/** North's merchant ids are digits (the spec's examples: 9001, 111222333444555). */
export const MERCHANT_ID = /^\d{1,20}$/;

export function resolveNorthConfig(c: NorthConfig): ResolvedNorthConfig {
  const baseUrl = checkConnectionUrl(c.baseUrl, { system: 'North', source: 'the North settings (base URL)' });
  const authUrl = c.authUrl
    ? checkConnectionUrl(c.authUrl, { system: 'North', source: 'the North settings (token URL)' })
    : baseUrl;
  if (c.clientId.trim() === '' || c.clientSecret === '')
    throw new Error('North client id and secret are required: save them with `cleardesk connect north`');
  if (!MERCHANT_ID.test(c.merchantId.trim()))
    throw new Error(`The North merchant id "${c.merchantId}" is not a merchant id (digits only)`);
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    authUrl: authUrl.replace(/\/+$/, ''),
    clientId: c.clientId.trim(),
    clientSecret: c.clientSecret,
    merchantId: c.merchantId.trim(),
    currency: (c.currency ?? 'USD').toUpperCase(),
    timeoutMs: c.timeoutMs ?? 30_000,
    pageSize: Math.min(100, Math.max(1, c.pageSize ?? 50)),
  };
}
