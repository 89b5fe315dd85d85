// `cleardesk connect paytrace|sap`: saves a connection profile. Settings go to
// <dataDir>/connections.json, the password to the OS keychain; it is read from standard input
// (piped, or typed without echo), never from a command-line argument where `ps` would show it.
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { PayTraceConnectionSchema, SapConnectionSchema } from '../../../shared/api';
import { checkConnectionUrl } from '../../connectors/connection-url';
import { parseClearing, type ClearingStrategy } from '../../connectors/sap';
import { vaultForHost } from '../../secrets';
import { tryPayTrace } from '../connection-admin';
import { PayTraceProfileSchema, SapProfileSchema, saveProfile } from '../connections';
import { ConfigurationError } from './errors';

/** A secret from standard input: piped, or typed without echo. Never from an argument `ps` would show. */
export async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  const rl = createInterface({ input: stdin, terminal: false });
  return new Promise((resolve) => {
    let value = '';
    const onData = (b: Buffer): void => {
      const ch = b.toString('utf8');
      if (ch === '\r' || ch === '\n') {
        stdin.off('data', onData);
        stdin.setRawMode(false);
        rl.close();
        process.stderr.write('\n');
        resolve(value);
      } else if (ch === '\u0003') process.exit(130);
      else if (ch === '\u007f') value = value.slice(0, -1);
      else value += ch;
    };
    stdin.on('data', onData);
  });
}

function parse<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
  what: string,
): T {
  const r = schema.safeParse(value);
  if (!r.success)
    throw new ConfigurationError(
      `The ${what} connection is not valid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}

export interface ConnectPayTraceOptions {
  dataDir: string;
  profile: string;
  url: string;
  username: string;
  integratorId: string;
  zone?: string;
  currency?: string;
  check: boolean;
}

export async function runConnectPayTrace(opts: ConnectPayTraceOptions): Promise<void> {
  // Before the password is read: a URL that would expose it is refused (exit code 4).
  const baseUrl = checkConnectionUrl(opts.url, { system: 'PayTrace', source: '--url' });
  const given = {
    baseUrl,
    username: opts.username,
    integratorId: opts.integratorId,
    zone: opts.zone,
    currency: opts.currency?.toUpperCase(),
  };
  // The checks the app's forms and the core make (shared/api), then the profile's shape.
  parse(PayTraceConnectionSchema, given, 'PayTrace');
  const profile = parse(PayTraceProfileSchema, given, 'PayTrace');
  const password = await readPassword(`PayTrace password for ${opts.username}: `);
  if (password === '') throw new ConfigurationError('No password was given on standard input.');
  if (opts.check) await tryPayTrace({ ...profile, password });
  mkdirSync(opts.dataDir, { recursive: true });
  await vaultForHost().set(opts.profile, 'paytrace.password', password);
  saveProfile(opts.dataDir, opts.profile, { paytrace: profile });
  process.stdout.write(
    `Saved PayTrace connection '${opts.profile}' (${profile.baseUrl}, user ${profile.username}); the password is in the OS keychain.\n`,
  );
}

export interface ConnectSapOptions {
  dataDir: string;
  profile: string;
  transport: 'rfc' | 'odata' | 'idoc';
  ashost?: string;
  sysnr?: string;
  dest?: string;
  mshost?: string;
  msserv?: string;
  group?: string;
  url?: string;
  client: string;
  lang: string;
  user: string;
  companyCodes: string;
  /** "1000=clearing-rfc,2000=on-account" */
  clearing?: string;
  clearingFunction?: string;
  resetClearingFunction?: string;
}

function wrapClearing(text: string): Record<string, ClearingStrategy> {
  try {
    return parseClearing(text);
  } catch (e) {
    throw new ConfigurationError(e instanceof Error ? e.message : String(e));
  }
}

export async function runConnectSap(opts: ConnectSapOptions): Promise<void> {
  const { dataDir: _d, profile: _p, companyCodes, clearing, url, ...rest } = opts;
  const given = {
    ...rest,
    // Before the password is read: a URL that would expose it is refused (exit code 4).
    ...(url !== undefined ? { url: checkConnectionUrl(url, { system: 'SAP', source: '--url' }) } : {}),
    companyCodes: companyCodes
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
  };
  parse(SapConnectionSchema, given, 'SAP');
  const profile = parse(
    SapProfileSchema,
    { ...given, ...(clearing ? { clearing: wrapClearing(clearing) } : {}) },
    'SAP',
  );
  if (profile.transport === 'rfc' && !profile.ashost && !profile.dest && !profile.mshost)
    throw new ConfigurationError('An RFC connection needs --ashost (with --sysnr), --dest or --mshost.');
  if (profile.transport !== 'rfc' && !profile.url)
    throw new ConfigurationError(`The ${profile.transport} transport needs --url.`);
  const password = await readPassword(`SAP password for ${profile.user}: `);
  if (password === '') throw new ConfigurationError('No password was given on standard input.');
  mkdirSync(opts.dataDir, { recursive: true });
  await vaultForHost().set(opts.profile, 'sap.password', password);
  saveProfile(opts.dataDir, opts.profile, { sap: profile });
  process.stdout.write(
    `Saved SAP connection '${opts.profile}' (${profile.transport}, client ${profile.client}, user ${profile.user}, company codes ${profile.companyCodes.join(',')}); the password is in the OS keychain.\n`,
  );
}

export interface ConnectSmtpOptions {
  profile: string;
}

/**
 * `cleardesk connect smtp`: the alert mail server's password into the OS keychain (read from standard input).
 * The server and user stay in CLEARDESK_SMTP_URL or the alert settings; CLEARDESK_SMTP_PASSWORD wins when set.
 */
export async function runConnectSmtp(opts: ConnectSmtpOptions): Promise<void> {
  const password = await readPassword('SMTP password for alert e-mail: ');
  if (password === '') throw new ConfigurationError('No password was given on standard input.');
  await vaultForHost().set(opts.profile, 'smtp.password', password);
  process.stdout.write(
    `Saved the alert mail server's password for profile '${opts.profile}' in the OS keychain; the server and user come from CLEARDESK_SMTP_URL or the alert settings.\n`,
  );
}

export interface ConnectNorthOptions {
  profile: string;
  clientId: string;
}

/**
 * `cleardesk connect north`: North's client id and secret into the OS keychain (the secret read from standard
 * input). The merchant id and URLs are the admin's settings (Settings screen, Chargebacks); CLEARDESK_NORTH_CLIENT_ID
 * and CLEARDESK_NORTH_CLIENT_SECRET stand in on a host without a keychain.
 */
export async function runConnectNorth(opts: ConnectNorthOptions): Promise<void> {
  const clientId = opts.clientId.trim();
  if (clientId === '') throw new ConfigurationError("Give North's client id with --client-id.");
  const secret = await readPassword(`North client secret for ${clientId}: `);
  if (secret === '') throw new ConfigurationError('No client secret was given on standard input.');
  const vault = vaultForHost();
  await vault.set(opts.profile, 'north.client_id', clientId);
  await vault.set(opts.profile, 'north.client_secret', secret);
  process.stdout.write(
    `Saved North's client id ${clientId} and its secret for profile '${opts.profile}' in the OS keychain; set the merchant id and API URL on the Settings screen (Chargebacks).\n`,
  );
}
