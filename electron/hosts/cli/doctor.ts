// `cleardesk doctor`: checks what ClearDesk depends on and says what to do about each problem:
// the store (opens, migrations, SQLite's full integrity check), disk space, the keychain, the
// PayTrace and SAP connections, and the clock. Checks that do not apply (a keychain with nothing
// saved in it, a real SAP in sandbox mode) are skipped and do not fail. Exit 0 when all pass; a
// store that failed its check exits with that failure's code (3, 7, 8, 9); anything else 1.
//   cleardesk doctor [--sandbox] [--data-dir D] [--json]
import { existsSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { payTraceConfigFromEnv, type PayTraceConfig } from '../../connectors/paytrace';
import { sapConfigFromEnv, type SapConfig } from '../../connectors/sap';
import {
  SQLITE_FILE_NAME,
  DATABASE_URL_ENV,
  StoreError,
  checkIntegrity,
  migrationStatus,
  openStoreFromEnv,
} from '../../store';
import { sandboxAuditKeyFile, vaultForHost, type Vault } from '../../secrets';
import { auditKeyId, readChain, type Store } from '../../store';
import { tryPayTrace, trySap } from '../connection-admin';
import { openExisting } from './audit';
import { foundKey, keysOf } from './audit-key';
import { readConnections, savedPayTraceConfig, savedSapConfig } from '../connections';
import { EXIT, storeExitCode } from './errors';

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly message: string;
  readonly skipped?: true;
  /**
   * Why the store check failed, as the store names it ('read-only', 'disk-full', 'locked',
   * 'corrupt', ...); doctor then exits with that failure's own code (7, 8, 9, 3).
   */
  readonly code?: StoreError['code'];
}

export interface DoctorOptions {
  readonly dataDir: string;
  readonly sandbox: boolean;
  readonly json: boolean;
  readonly profile: string;
}

/** Less free space than this on the data folder's disk fails the check. */
const MIN_FREE_MB = 200;
/** PayTrace's and our clocks may differ this much before the watermark and timestamps suffer. */
const MAX_SKEW_MS = 2 * 60_000;

const pass = (name: string, message: string): Check => ({ name, ok: true, message });
const fail = (name: string, message: string): Check => ({ name, ok: false, message });
/** The store check failed for `e`: its message, and its code when the store named one. */
const storeFail = (e: unknown): Check =>
  e instanceof StoreError ? { name: 'store', ok: false, message: e.message, code: e.code } : fail('store', text(e));
const skip = (name: string, message: string): Check => ({ name, ok: true, skipped: true, message });
const text = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function storeCheck(dataDir: string): Promise<Check> {
  const usesPostgres = Boolean(process.env[DATABASE_URL_ENV]?.trim());
  if (!usesPostgres && !existsSync(join(dataDir, SQLITE_FILE_NAME))) {
    return skip('store', `No store in ${dataDir} yet; ClearDesk creates one on first use.`);
  }
  let store;
  try {
    store = await openStoreFromEnv(dataDir);
  } catch (e) {
    return storeFail(e);
  }
  try {
    const status = await migrationStatus(store);
    const integrity = await checkIntegrity(store);
    if (!integrity.ok) return { ...fail('store', integrity.message), code: 'corrupt' };
    if (status.pending.length > 0) {
      return fail(
        'store',
        `${store.location} was written by an older ClearDesk and needs ${status.pending.length} migration(s); start ClearDesk once (cleardesk serve or the desktop app) to upgrade it.`,
      );
    }
    return pass('store', `${integrity.message} Migrations: ${status.applied.length}, all known.`);
  } catch (e) {
    return storeFail(e);
  } finally {
    await store.close();
  }
}

function diskCheck(dataDir: string): Check {
  try {
    const s = statfsSync(existsSync(dataDir) ? dataDir : join(dataDir, '..'));
    const freeMb = Math.floor((s.bavail * s.bsize) / (1024 * 1024));
    return freeMb >= MIN_FREE_MB
      ? pass('disk', `${freeMb} MB free where ClearDesk keeps its data (${dataDir}).`)
      : fail(
          'disk',
          `Only ${freeMb} MB free where ClearDesk keeps its data (${dataDir}); below ${MIN_FREE_MB} MB a sync may fail half way. Free some space or move the data folder (--data-dir, CLEARDESK_DATA_DIR).`,
        );
  } catch (e) {
    return fail('disk', `Could not read the free space of ${dataDir}: ${text(e)}.`);
  }
}

async function keychainCheck(dataDir: string, profile: string, vault: Vault): Promise<Check> {
  if (process.env.CLEARDESK_VAULT === 'env') {
    return skip('keychain', 'CLEARDESK_VAULT=env: passwords come from environment variables, not the keychain.');
  }
  let saved;
  try {
    saved = readConnections(dataDir).profiles[profile];
  } catch (e) {
    return fail('keychain', text(e));
  }
  if (!saved?.paytrace && !saved?.sap) {
    return skip('keychain', `Nothing is saved for profile '${profile}', so nothing is read from the keychain.`);
  }
  try {
    const missing: string[] = [];
    if (saved.paytrace && !(await vault.get(profile, 'paytrace.password'))) missing.push('PayTrace');
    if (saved.sap && !(await vault.get(profile, 'sap.password'))) missing.push('SAP');
    return missing.length === 0
      ? pass('keychain', `The OS keychain answered and holds the passwords of profile '${profile}'.`)
      : fail(
          'keychain',
          `The OS keychain has no ${missing.join(' or ')} password for profile '${profile}'. Save it again with cleardesk connect.`,
        );
  } catch (e) {
    return fail('keychain', text(e));
  }
}

async function payTraceChecks(config: PayTraceConfig | null, sandbox: boolean): Promise<Check[]> {
  if (!config) {
    return sandbox
      ? [
          skip('paytrace', 'Sandbox mode: the PayTrace simulator stands in.'),
          skip('clock', 'Sandbox mode: no PayTrace clock to compare with.'),
        ]
      : [
          fail(
            'paytrace',
            'No PayTrace connection is configured. Save one with cleardesk connect paytrace, or set CLEARDESK_PAYTRACE_*.',
          ),
          skip('clock', 'No PayTrace to compare with.'),
        ];
  }
  const checks: Check[] = [];
  try {
    checks.push(pass('paytrace', await tryPayTrace(config)));
  } catch (e) {
    checks.push(fail('paytrace', `PayTrace at ${config.baseUrl}: ${text(e)}`));
  }
  try {
    const res = await fetch(config.baseUrl, { method: 'HEAD', signal: AbortSignal.timeout(10_000) });
    const date = res.headers.get('date');
    const skew = date ? Date.now() - Date.parse(date) : NaN;
    if (Number.isNaN(skew)) checks.push(skip('clock', `PayTrace at ${config.baseUrl} sent no date to compare with.`));
    else if (Math.abs(skew) <= MAX_SKEW_MS)
      checks.push(pass('clock', `This clock and PayTrace's differ by ${Math.round(skew / 1000)} s.`));
    else
      checks.push(
        fail(
          'clock',
          `This clock is ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'ahead of' : 'behind'} PayTrace's; sync windows and posting dates depend on it. Turn on time synchronisation (NTP).`,
        ),
      );
  } catch (e) {
    checks.push(skip('clock', `Could not read PayTrace's clock: ${text(e)}.`));
  }
  return checks;
}

async function sapCheck(config: SapConfig | null, sandbox: boolean): Promise<Check> {
  if (!config) {
    return sandbox
      ? skip('sap', 'Sandbox mode: the SAP ECC simulator stands in.')
      : fail('sap', 'No SAP connection is configured. Save one with cleardesk connect sap, or set CLEARDESK_SAP_*.');
  }
  try {
    return pass('sap', await trySap(config));
  } catch (e) {
    return fail('sap', `SAP (${config.transport}): ${text(e)}`);
  }
}

/**
 * Whether this host finds the key the audit log is keyed with (as `audit key show` says), then where it is: a
 * sandbox on a machine without a keychain keeps it in its data folder. Without the log's own key ClearDesk can
 * neither verify nor write the log.
 */
async function auditKeyCheck(dataDir: string, sandbox: boolean): Promise<Check> {
  let store: Store | null = null;
  let matched = false;
  try {
    store = await openExisting(dataDir);
    const chain = await readChain(store.db);
    if (chain.kind === 'keyed') {
      const keys = keysOf(dataDir);
      const found = await foundKey(keys, chain.marker);
      const where = keys.where(chain.marker.chain);
      if (!found)
        return fail(
          'audit key',
          `No key for this audit log (key id ${chain.marker.keyId}) was found in ${where}: ClearDesk cannot verify or write the log. Import the exported key (cleardesk audit key import --file F) or set CLEARDESK_AUDIT_KEY to it.`,
        );
      if (!found.same)
        return fail(
          'audit key',
          `The audit key found in ${where} (key id ${auditKeyId(found.key)}) is not the one this log is keyed with (key id ${chain.marker.keyId}): ClearDesk cannot verify or write the log. Give it the log's key (cleardesk audit key import, or CLEARDESK_AUDIT_KEY).`,
        );
      matched = true;
    }
  } catch {
    // The store check says what is wrong with the store; where the key is kept is still worth saying.
  } finally {
    await store?.close();
  }
  const file = sandboxAuditKeyFile(dataDir);
  if (!existsSync(file))
    return pass(
      'audit key',
      `${matched ? "The audit log's key is found, kept" : 'The audit key is kept'} outside the data folder (environment or OS keychain).`,
    );
  const where = `The audit key is in ${file}, beside the database (made by the sandbox on a machine without a keychain)`;
  return sandbox
    ? skip('audit key', `${where}: fine for trying ClearDesk; it moves into the keychain when one answers.`)
    : fail(
        'audit key',
        `${where}: anyone who can read the data folder could rebuild the audit log. Start ClearDesk once where the OS keychain answers (the key moves there), or set CLEARDESK_AUDIT_KEY to it and delete the file.`,
      );
}

export async function runDoctor(opts: DoctorOptions): Promise<{ ok: boolean; checks: Check[] }> {
  const vault = vaultForHost(process.env);
  const checks: Check[] = [await storeCheck(opts.dataDir), diskCheck(opts.dataDir)];
  checks.push(await keychainCheck(opts.dataDir, opts.profile, vault));
  checks.push(await auditKeyCheck(opts.dataDir, opts.sandbox));
  let payTrace: PayTraceConfig | null = null;
  let sap: SapConfig | null = null;
  try {
    payTrace = payTraceConfigFromEnv(process.env) ?? (await savedPayTraceConfig(opts.dataDir, opts.profile, vault));
  } catch (e) {
    checks.push(fail('paytrace', text(e)));
  }
  try {
    sap = sapConfigFromEnv(process.env) ?? (await savedSapConfig(opts.dataDir, opts.profile, vault));
  } catch (e) {
    checks.push(fail('sap', text(e)));
  }
  if (!checks.some((c) => c.name === 'paytrace')) checks.push(...(await payTraceChecks(payTrace, opts.sandbox)));
  if (!checks.some((c) => c.name === 'sap')) checks.push(await sapCheck(sap, opts.sandbox));
  return { ok: checks.every((c) => c.ok), checks };
}

export async function runDoctorCommand(opts: DoctorOptions): Promise<void> {
  const result = await runDoctor(opts);
  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    for (const c of result.checks)
      process.stdout.write(`${c.skipped ? '–' : c.ok ? '✓' : '✗'} ${c.name}: ${c.message}\n`);
    process.stdout.write(
      result.ok ? 'Everything ClearDesk needs is in order.\n' : 'Some checks failed; each says what to do.\n',
    );
  }
  if (!result.ok) process.exitCode = doctorExitCode(result.checks);
}

/**
 * 0 when every check passed. A store that failed its check for a reason the store names exits as
 * any command on that store would (3 damaged or unknown, 7 read-only, 8 disk full, 9 locked), so a
 * script can tell them apart; any other failed check is 1.
 */
export function doctorExitCode(checks: readonly Check[]): number {
  const store = checks.find((c) => c.name === 'store' && !c.ok);
  if (store?.code) return storeExitCode(store.code);
  return checks.every((c) => c.ok) ? 0 : EXIT.failure;
}
