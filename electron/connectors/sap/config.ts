// SAP connection settings for headless hosts, from the environment:
//   CLEARDESK_SAP_TRANSPORT   rfc | odata | idoc (default rfc)
//   CLEARDESK_SAP_ASHOST, _SYSNR, _CLIENT, _USER, _PASSWORD, _LANG
//   CLEARDESK_SAP_COMPANY_CODES  comma-separated BUKRS list
//   CLEARDESK_SAP_URL         for odata / idoc: the server root (https://host:port; http only to loopback)
//   CLEARDESK_SAP_CLEARING    per company code: 1000=clearing-rfc,2000=on-account,3000=idoc (default on-account)
//   CLEARDESK_SAP_CLEARING_FUNCTION  the customer's clearing RFC (default Z_CLEARDESK_POST_AND_CLEAR)
//   CLEARDESK_SAP_RESET_CLEARING_FUNCTION  the customer's RFC resetting a clearing (FBRA) before a
//                             reversal (default Z_CLEARDESK_RESET_CLEARING)
// Returns null when nothing is configured.
import { checkConnectionUrl } from '../connection-url';
import { SapConfigError } from './errors';
import type { RfcProfile } from './rfc/connection';
import type { ClearingStrategy, SapTransport } from './types';

export interface SapConfig {
  transport: SapTransport;
  /** RFC profile (ashost/sysnr/client/lang/user …). */
  rfc: RfcProfile;
  /** For odata/idoc: server root URL. */
  url: string | null;
  client: string;
  user: string;
  /** From the keychain on the desktop; from the environment in headless hosts. */
  password: string;
  companyCodes: string[];
  /** Clearing strategy per company code; missing ones post on account. */
  clearing?: Record<string, ClearingStrategy>;
  clearingFunction?: string;
  resetClearingFunction?: string;
}

/** "1000=clearing-rfc,2000=on-account" to a map; an unknown strategy is an error. */
export function parseClearing(text: string): Record<string, ClearingStrategy> {
  const out: Record<string, ClearingStrategy> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [bukrs, strategy] = part.split('=').map((x) => x.trim());
    if (!bukrs || (strategy !== 'on-account' && strategy !== 'clearing-rfc' && strategy !== 'idoc')) {
      throw new SapConfigError(
        `Clearing setting "${part}" is not valid: write COMPANYCODE=on-account, COMPANYCODE=clearing-rfc or COMPANYCODE=idoc.`,
      );
    }
    out[bukrs] = strategy;
  }
  return out;
}

export function sapConfigFromEnv(env: Record<string, string | undefined>): SapConfig | null {
  const v = (k: string): string => (env[`CLEARDESK_SAP_${k}`] ?? '').trim();
  const transport = (v('TRANSPORT') || 'rfc').toLowerCase();
  const anything = ['TRANSPORT', 'ASHOST', 'URL', 'USER'].some((k) => v(k) !== '');
  if (!anything) return null;
  if (transport !== 'rfc' && transport !== 'odata' && transport !== 'idoc') {
    throw new SapConfigError(`CLEARDESK_SAP_TRANSPORT is "${transport}"; use rfc, odata or idoc.`);
  }
  const missing: string[] = [];
  if (transport === 'rfc' && !v('ASHOST')) missing.push('CLEARDESK_SAP_ASHOST');
  if (transport !== 'rfc' && !v('URL')) missing.push('CLEARDESK_SAP_URL');
  if (!v('USER')) missing.push('CLEARDESK_SAP_USER');
  if (!v('PASSWORD')) missing.push('CLEARDESK_SAP_PASSWORD');
  if (!v('COMPANY_CODES')) missing.push('CLEARDESK_SAP_COMPANY_CODES');
  if (missing.length > 0)
    throw new SapConfigError(`SAP ${transport} connection is incomplete: set ${missing.join(', ')}.`);
  const client = v('CLIENT') || '100';
  return {
    transport,
    rfc: {
      ashost: v('ASHOST') || undefined,
      sysnr: v('SYSNR') || '00',
      client,
      lang: v('LANG') || 'EN',
      user: v('USER'),
    },
    url: v('URL') ? checkConnectionUrl(v('URL'), { system: 'SAP', source: 'CLEARDESK_SAP_URL' }) : null,
    client,
    user: v('USER'),
    password: v('PASSWORD'),
    companyCodes: v('COMPANY_CODES')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
    clearing: parseClearing(v('CLEARING')),
    ...(v('CLEARING_FUNCTION') ? { clearingFunction: v('CLEARING_FUNCTION') } : {}),
    ...(v('RESET_CLEARING_FUNCTION') ? { resetClearingFunction: v('RESET_CLEARING_FUNCTION') } : {}),
  };
}

/** For logs: the configuration without its password. */
export function describeSapConfig(c: SapConfig): string {
  const where = c.transport === 'rfc' ? `${c.rfc.ashost ?? c.rfc.dest ?? c.rfc.mshost}/${c.rfc.sysnr ?? ''}` : c.url;
  return `${c.transport} ${where} client ${c.client} user ${c.user} company codes ${c.companyCodes.join(',')}`;
}
