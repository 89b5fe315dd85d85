// The admin's connections from the app (docs/ARCHITECTURE.md, "Security"): the first-run screen
// and the Settings screen test and save PayTrace and SAP connections through the core, which checks
// the role and audits; this is where they are tried and kept: the same profile file and keychain
// entries as `cleardesk connect`, the same sign-in as `cleardesk doctor`. A saved connection is used
// from the next start (the running core keeps the systems it opened with).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ApiError,
  ConnectionInputSchema,
  type ConnectionInput,
  type ConnectionsStatus,
  type PayTraceConnection,
  type SapConnection,
} from '../../shared/api';
import type { ConnectionAdmin } from '../../shared/ports';
import { checkConnectionUrl } from '../connectors/connection-url';
import { PayTraceClient, PayTraceError, payTraceConfigFromEnv, type PayTraceConfig } from '../connectors/paytrace';
import { createSapSystem, sapConfigFromEnv, type SapConfig } from '../connectors/sap';
import type { Vault } from '../secrets';
import {
  PayTraceProfileSchema,
  readConnections,
  SapProfileSchema,
  sapConfigOf,
  saveProfile,
  type PayTraceProfile,
  type SapProfile,
} from './connections';

const text = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Signs in to PayTrace and reads today's export: what sync does first. Resolves with what worked. */
export async function tryPayTrace(config: PayTraceConfig): Promise<string> {
  const client = new PayTraceClient(config);
  const today = client.today();
  try {
    await client.exportByDateRange({ startDate: today, endDate: today });
  } catch (e) {
    if (!(e instanceof PayTraceError)) throw e;
    // Said as the test it was, not as the export it used: "signing in at https://...: could not reach PayTrace".
    const step = e.operation.endsWith('(signing in)') ? 'signing in' : "reading today's export";
    throw new Error(
      `${step} at ${config.baseUrl} as ${config.username}: ${e.message.replace(/^PayTrace [^:]*: /, '')}`,
    );
  }
  return `Signed in to PayTrace at ${config.baseUrl} as ${config.username} and read today's export.`;
}

/** Opens SAP and reads its currency table (TCURX, every transport has it). Resolves with what worked. */
export async function trySap(config: SapConfig): Promise<string> {
  const system = await createSapSystem(config);
  try {
    await system.readCurrencies();
    return `SAP (${config.transport}) answered and its currency table could be read.`;
  } finally {
    await system.close().catch(() => undefined);
  }
}

export interface ConnectionAdminOptions {
  readonly dataDir: string;
  readonly profile: string;
  readonly vault: () => Vault;
  readonly env: Record<string, string | undefined>;
  /** What the running ClearDesk opened: a simulator, or the configured system. */
  readonly running: ConnectionsStatus['running'];
}

const firstRunMarker = (dataDir: string): string => join(dataDir, 'first-run-done');

/** An admin chose (the sandbox, or saved a connection): the first-run screen no longer shows for this data folder. */
export function markFirstRunDone(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(firstRunMarker(dataDir))) writeFileSync(firstRunMarker(dataDir), `${new Date().toISOString()}\n`);
}

/** The connections admin of one data folder and profile. */
export function connectionAdmin(options: ConnectionAdminOptions): ConnectionAdmin {
  const { dataDir, profile, env, running } = options;
  const where = `the connection form (profile '${profile}')`;

  const payTraceConfig = (settings: PayTraceConnection, password: string): PayTraceConfig => ({
    baseUrl: checkConnectionUrl(settings.baseUrl, { system: 'PayTrace', source: where }),
    username: settings.username,
    password,
    integratorId: settings.integratorId,
    ...(settings.zone ? { zone: settings.zone } : {}),
    ...(settings.currency ? { currency: settings.currency.toUpperCase() } : {}),
  });

  /** The input as the profile file keeps it; what the form does not set (clearing) stays as saved. */
  const profileOf = (input: ConnectionInput): PayTraceProfile | SapProfile => {
    if (input.system === 'paytrace') {
      const r = PayTraceProfileSchema.safeParse({
        ...input.settings,
        baseUrl: checkConnectionUrl(input.settings.baseUrl, { system: 'PayTrace', source: where }),
        ...(input.settings.currency ? { currency: input.settings.currency.toUpperCase() } : {}),
      });
      if (!r.success) throw invalid('PayTrace', r.error.issues);
      return r.data;
    }
    const saved = readConnections(dataDir).profiles[profile]?.sap;
    const settings = Object.fromEntries(Object.entries(input.settings).filter(([, v]) => v !== '' && v !== undefined));
    const r = SapProfileSchema.safeParse({
      ...(saved ? { clearing: saved.clearing, clearingFunction: saved.clearingFunction } : {}),
      ...(saved?.resetClearingFunction ? { resetClearingFunction: saved.resetClearingFunction } : {}),
      ...settings,
      ...(input.settings.url ? { url: checkConnectionUrl(input.settings.url, { system: 'SAP', source: where }) } : {}),
    });
    if (!r.success) throw invalid('SAP', r.error.issues);
    const p = r.data;
    if (p.transport === 'rfc' && !p.ashost && !p.dest && !p.mshost)
      throw new ApiError(
        'invalid_request',
        'An RFC connection needs an application server (with its system number), a destination or a message server.',
      );
    if (p.transport !== 'rfc' && !p.url)
      throw new ApiError('invalid_request', `The ${p.transport} transport needs the server's URL.`);
    return p;
  };

  /** The password given, else the one saved for this profile; null when there is neither. */
  const passwordFor = async (input: ConnectionInput): Promise<string | null> => {
    if (input.password !== undefined) return input.password;
    const saved = await options.vault().get(profile, `${input.system}.password`);
    return saved ? saved.reveal() : null;
  };

  const status = async (): Promise<ConnectionsStatus> => {
    const saved = readConnections(dataDir).profiles[profile] ?? {};
    const vault = options.vault();
    const has = async (system: 'paytrace' | 'sap'): Promise<boolean> =>
      (await vault.get(profile, `${system}.password`).catch(() => null)) !== null;
    const envPayTrace = safely(() => payTraceConfigFromEnv(env));
    const envSap = safely(() => sapConfigFromEnv(env));
    const paytrace: ConnectionsStatus['paytrace'] = envPayTrace
      ? { source: 'environment', settings: payTraceSettingsOf(envPayTrace), passwordSaved: true }
      : saved.paytrace
        ? { source: 'profile', settings: payTraceSettingsOf(saved.paytrace), passwordSaved: await has('paytrace') }
        : { source: 'none', settings: null, passwordSaved: false };
    const sap: ConnectionsStatus['sap'] = envSap
      ? { source: 'environment', settings: sapSettingsOfConfig(envSap), passwordSaved: true }
      : saved.sap
        ? { source: 'profile', settings: sapSettingsOf(saved.sap), passwordSaved: await has('sap') }
        : { source: 'none', settings: null, passwordSaved: false };
    const firstRun =
      running.paytrace === 'sandbox' &&
      running.sap === 'sandbox' &&
      paytrace.source === 'none' &&
      sap.source === 'none' &&
      !existsSync(firstRunMarker(dataDir));
    return { profile, running, paytrace, sap, firstRun };
  };

  return {
    status,
    async test(raw) {
      const input = ConnectionInputSchema.parse(raw);
      try {
        const p = profileOf(input);
        const password = await passwordFor(input);
        if (password === null)
          return {
            ok: false,
            message: `Give the ${input.system === 'sap' ? 'SAP' : 'PayTrace'} password to test with.`,
          };
        return {
          ok: true,
          message:
            input.system === 'paytrace'
              ? await tryPayTrace(payTraceConfig(input.settings, password))
              : await trySap(sapConfigOf(p as SapProfile, password, where)),
        };
      } catch (e) {
        const why = text(e);
        const words = input.password ? why.split(input.password).join('[redacted]') : why;
        return { ok: false, message: `${input.system === 'sap' ? 'SAP' : 'PayTrace'}: ${words}` };
      }
    },
    async save(raw) {
      const input = ConnectionInputSchema.parse(raw);
      const p = profileOf(input);
      const password = await passwordFor(input);
      if (password === null)
        throw new ApiError('invalid_request', 'Give the password: none is saved for this connection yet.');
      mkdirSync(dataDir, { recursive: true });
      if (input.password !== undefined) await options.vault().set(profile, `${input.system}.password`, input.password);
      saveProfile(
        dataDir,
        profile,
        input.system === 'paytrace' ? { paytrace: p as PayTraceProfile } : { sap: p as SapProfile },
      );
      markFirstRunDone(dataDir);
      return status();
    },
    async firstRunDone() {
      markFirstRunDone(dataDir);
      return status();
    },
  };
}

function invalid(system: string, issues: readonly { path: PropertyKey[]; message: string }[]): ApiError {
  return new ApiError(
    'invalid_request',
    `The ${system} connection is not valid: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
  );
}

/** An incomplete environment is reported where the connection is used; here it is shown as not set. */
function safely<T>(read: () => T | null): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

function payTraceSettingsOf(p: PayTraceProfile | PayTraceConfig): PayTraceConnection {
  return {
    baseUrl: p.baseUrl,
    username: p.username,
    integratorId: p.integratorId,
    ...(p.zone ? { zone: p.zone } : {}),
    ...(p.currency ? { currency: p.currency } : {}),
  };
}

function sapSettingsOf(p: SapProfile): SapConnection {
  const { clearing: _c, clearingFunction: _f, resetClearingFunction: _r, ...settings } = p;
  return settings;
}

function sapSettingsOfConfig(c: SapConfig): SapConnection {
  const { ashost, sysnr, dest, mshost, msserv, group, lang } = c.rfc;
  const defined = Object.fromEntries(
    Object.entries({ ashost, sysnr, dest, mshost, msserv, group, lang }).filter(([, v]) => v !== undefined),
  );
  return {
    transport: c.transport,
    ...defined,
    ...(c.url ? { url: c.url } : {}),
    client: c.client,
    user: c.user,
    companyCodes: c.companyCodes,
  };
}
