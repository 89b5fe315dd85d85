// Saved connection profiles: what is not secret (URLs, users, company codes) in
// <dataDir>/connections.json, schema-validated; passwords in the OS keychain under the profile.
// Environment variables (headless hosts) take precedence over a saved profile. A URL read back is
// checked again (https, no credentials in it): the file may have been edited by hand.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { checkConnectionUrl } from '../connectors/connection-url';
import type { PayTraceConfig } from '../connectors/paytrace';
import type { SapConfig } from '../connectors/sap';
import type { Vault } from '../secrets';

const PayTraceProfile = z.object({
  baseUrl: z.string().url(),
  username: z.string().min(1),
  integratorId: z.string().min(1),
  zone: z.string().optional(),
  currency: z.string().length(3).optional(),
});

const SapProfile = z.object({
  transport: z.enum(['rfc', 'odata', 'idoc']),
  ashost: z.string().optional(),
  sysnr: z.string().optional(),
  dest: z.string().optional(),
  mshost: z.string().optional(),
  msserv: z.string().optional(),
  group: z.string().optional(),
  url: z.string().url().optional(),
  client: z.string().regex(/^\d{3}$/, 'an SAP client has three digits'),
  lang: z.string().default('EN'),
  user: z.string().min(1),
  companyCodes: z.array(z.string().min(1).max(4)).min(1),
  /** Clearing strategy per company code (docs/ARCHITECTURE.md, "Posting exactly once"); missing ones post on account. */
  clearing: z.record(z.string(), z.enum(['on-account', 'clearing-rfc', 'idoc'])).optional(),
  clearingFunction: z.string().min(1).optional(),
  /** The customer's RFC that resets a clearing (FBRA) before a reversal. */
  resetClearingFunction: z.string().min(1).optional(),
});

const ConnectionsFile = z.object({
  profiles: z.record(z.string(), z.object({ paytrace: PayTraceProfile.optional(), sap: SapProfile.optional() })),
});

export type PayTraceProfile = z.infer<typeof PayTraceProfile>;
export type SapProfile = z.infer<typeof SapProfile>;
type Connections = z.infer<typeof ConnectionsFile>;

const fileOf = (dataDir: string): string => join(dataDir, 'connections.json');
const savedIn = (dataDir: string, profile: string): string => `connection profile '${profile}' (${fileOf(dataDir)})`;

export function readConnections(dataDir: string): Connections {
  const file = fileOf(dataDir);
  if (!existsSync(file)) return { profiles: {} };
  const parsed = ConnectionsFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `${file} is not a valid ClearDesk connections file: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}. Fix it or save the connection again with \`cleardesk connect\`.`,
    );
  }
  return parsed.data;
}

export function saveProfile(
  dataDir: string,
  profile: string,
  part: { paytrace?: PayTraceProfile; sap?: SapProfile },
): void {
  const all = readConnections(dataDir);
  all.profiles[profile] = { ...all.profiles[profile], ...part };
  const file = fileOf(dataDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export const PayTraceProfileSchema = PayTraceProfile;
export const SapProfileSchema = SapProfile;

/** The saved PayTrace connection with its password from the vault, or null when none is saved. */
export async function savedPayTraceConfig(
  dataDir: string,
  profile: string,
  vault: Vault,
): Promise<PayTraceConfig | null> {
  const p = readConnections(dataDir).profiles[profile]?.paytrace;
  if (!p) return null;
  const baseUrl = checkConnectionUrl(p.baseUrl, { system: 'PayTrace', source: savedIn(dataDir, profile) });
  const password = await vault.get(profile, 'paytrace.password');
  if (!password)
    throw new Error(
      `The PayTrace password of connection profile '${profile}' is not in the ${vault.kind === 'keychain' ? 'OS keychain' : 'environment'}. Save it again with \`cleardesk connect paytrace\`.`,
    );
  return {
    baseUrl,
    username: p.username,
    password: password.reveal(),
    integratorId: p.integratorId,
    ...(p.zone ? { zone: p.zone } : {}),
    ...(p.currency ? { currency: p.currency } : {}),
  };
}

export async function savedSapConfig(dataDir: string, profile: string, vault: Vault): Promise<SapConfig | null> {
  const p = readConnections(dataDir).profiles[profile]?.sap;
  if (!p) return null;
  const password = await vault.get(profile, 'sap.password');
  if (!password)
    throw new Error(
      `The SAP password of connection profile '${profile}' is not in the ${vault.kind === 'keychain' ? 'OS keychain' : 'environment'}. Save it again with \`cleardesk connect sap\`.`,
    );
  return sapConfigOf(p, password.reveal(), savedIn(dataDir, profile));
}

/** A saved (or about to be saved) SAP profile with its password, as the connectors take it; `source` names it in errors. */
export function sapConfigOf(p: SapProfile, password: string, source: string): SapConfig {
  const url = p.url ? checkConnectionUrl(p.url, { system: 'SAP', source }) : null;
  return {
    transport: p.transport,
    rfc: {
      ashost: p.ashost,
      sysnr: p.sysnr,
      dest: p.dest,
      mshost: p.mshost,
      msserv: p.msserv,
      group: p.group,
      client: p.client,
      lang: p.lang,
      user: p.user,
    },
    url,
    client: p.client,
    user: p.user,
    password,
    companyCodes: p.companyCodes,
    ...(p.clearing ? { clearing: p.clearing } : {}),
    ...(p.clearingFunction ? { clearingFunction: p.clearingFunction } : {}),
    ...(p.resetClearingFunction ? { resetClearingFunction: p.resetClearingFunction } : {}),
  };
}
