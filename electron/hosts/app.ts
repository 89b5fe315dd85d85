// The composition root: one place that turns configuration into a running core. The desktop's
// utility process, the browser host and the CLI all open ClearDesk through here.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type MatchingRules, matchPayments, parseRules } from '../../shared/matching';
import {
  ConfigurationError,
  systemClock,
  type CallRecorder,
  type Clock,
  type DisputeIntake,
  type LogLevel,
  type NorthDisputeSource,
} from '../../shared/ports';
import { PAYTRACE_DEFAULT_ZONE } from '../../shared/time';
import {
  PayTraceClient,
  payTraceConfigFromEnv,
  payTraceGateway,
  payTraceRefunds,
  type PayTraceConfig,
} from '../connectors/paytrace';
import { NorthClient, type NorthConfig } from '../connectors/north';
import {
  connectionParameters,
  createRfcSapSystem,
  createSapPolicy,
  createSapSystem,
  loadPostingRules,
  sapConfigFromEnv,
  sapErpSystem,
  type SapConfig,
  type SapSystem,
  instrumentSap,
} from '../connectors/sap';
import { CallMetricsBuffer } from '../../shared/monitoring/call-metrics';
import type { Policy, PolicyTuning } from '../resilience';
import { Core } from '../core/core';
import { createDocumentBuilder } from '../core/posting/document';
import { loggingSetting } from '../core/settings';
import { northConnection } from '../core/disputes/north-import';
import type { Matcher } from '../core/ports';
import { startEmbeddedSandbox, type EmbeddedSandbox, type NorthSimulatorConnection } from '../sandbox/embedded';
import { StoreError, migrate, openStoreFromEnv, type Repositories, type Store } from '../store';
import { sandboxAuditKeyFile, vaultAuditKeys, vaultForHost, type Vault } from '../secrets';
import { alertMailSource } from './alert-mail';
import { reportFolders } from './report-folder';
import { anchorDirOf, checkAnchorDir, folderAnchors } from './audit-anchors';
import { connectionAdmin } from './connection-admin';
import { savedPayTraceConfig, savedSapConfig } from './connections';
import type { Logger } from './log';
import { resourcesDir } from './paths';
import { RESILIENCE_FOLLOW_MS, ResilienceTuning } from './resilience-settings';

export interface AppOptions {
  readonly dataDir: string;
  /** Simulators stand in for whatever PayTrace or SAP connection is not configured. */
  readonly sandbox: boolean;
  readonly env: Record<string, string | undefined>;
  /** With useLevelSetting (a HostLogger), the admin's level setting is applied at start and on change. */
  readonly log: Logger & { useLevelSetting?(level: LogLevel): void };
  readonly clock?: Clock;
  /** Connection profile whose saved settings and keychain passwords are used (default 'default'). */
  readonly profile?: string;
  /** Where passwords of saved profiles are read; the OS keychain unless CLEARDESK_VAULT=env. */
  readonly vault?: Vault;
  /** Where audit anchors are written (--anchor-dir); CLEARDESK_AUDIT_ANCHOR_DIR when absent; none when neither. */
  readonly anchorDir?: string;
  /** Payment cases of the sandbox's scenario (default the demo's): the queue benches run it at 100,000. */
  readonly sandboxPayments?: number;
}

export interface App {
  readonly core: Core;
  readonly store: Store;
  /** Where the data lives, for people (the file, or the database URL without password). */
  readonly location: string;
  readonly sandbox: EmbeddedSandbox | null;
  /** SAP sessions used at once, for auto-posting: the RFC pool's size. */
  readonly postingConcurrency: number;
  close(): Promise<void>;
}

/**
 * The rules file (resources/matching-rules.json) and the engine over it: the core lays the admin's matching
 * setting over the file's rules for each run (electron/core/settings.ts `matchingRulesOf`) and hands them in.
 */
function loadMatcher(): { matcher: Matcher; rules: MatchingRules } {
  const rules = parseRules(JSON.parse(readFileSync(join(resourcesDir, 'matching-rules.json'), 'utf8')));
  const matcher: Matcher = (input) =>
    matchPayments(
      {
        transactions: input.transactions,
        openItems: input.openItems,
        customers: input.customers,
        aliases: input.aliases,
        ...(input.model ? { model: input.model } : {}),
        ...(input.history ? { history: input.history } : {}),
        ...(input.clearedItems ? { clearedItems: input.clearedItems } : {}),
        ...(input.glRules ? { glRules: input.glRules } : {}),
        ...(input.refundContext ? { refundContext: input.refundContext } : {}),
      },
      input.rules ?? rules,
    );
  return { matcher, rules };
}

export async function openApp(options: AppOptions): Promise<App> {
  const { env, log } = options;
  const clock = options.clock ?? systemClock;
  const profile = options.profile ?? env.CLEARDESK_PROFILE ?? 'default';
  const vault = (): Vault => options.vault ?? vaultForHost(env, log);
  // The environment (headless hosts) first, then a profile saved with `cleardesk connect`.
  const payTraceConfig =
    wrapConfig(() => payTraceConfigFromEnv(env)) ??
    (await wrapConfigAsync(() => savedPayTraceConfig(options.dataDir, profile, vault())));
  const sapConfig =
    wrapConfig(() => sapConfigFromEnv(env)) ??
    (await wrapConfigAsync(() => savedSapConfig(options.dataDir, profile, vault())));
  if (!options.sandbox && (!payTraceConfig || !sapConfig)) {
    const missing = [!payTraceConfig && 'PayTrace', !sapConfig && 'SAP'].filter(Boolean).join(' and ');
    throw new ConfigurationError(
      `No ${missing} connection is configured for profile '${profile}'. Save one with \`cleardesk connect\`, set the CLEARDESK_PAYTRACE_* / CLEARDESK_SAP_* variables (see README, Configuration), or add --sandbox to use the built-in simulators.`,
    );
  }

  const anchorDir = anchorDirOf(options.anchorDir, env);
  const anchors = anchorDir ? folderAnchors(checkAnchorDir(anchorDir, options.dataDir)) : undefined;

  // Everything opened so far, closed in reverse order if a later step fails (and by app.close()).
  const opened: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of opened.splice(0).reverse()) await close().catch(() => undefined);
  };
  try {
    // The audit chain's key: the environment first, then the OS keychain (made there on first use); a
    // sandbox with no real connection on a machine without a keychain keeps it in its data folder.
    const keyFile = {
      file: sandboxAuditKeyFile(options.dataDir),
      mayCreate: options.sandbox && !payTraceConfig && !sapConfig,
    };
    const store = await openStoreFromEnv(options.dataDir, env, { auditKeys: vaultAuditKeys(vault(), env, keyFile) });
    opened.push(() => store.close());
    await migrate(store);
    await prepareAuditKey(store);
    log.useLevelSetting?.((await loggingSetting(store.repos)).level);
    // The admin's retries and breakers (setting `resilience`): the policies read them at each call.
    // Between job runs it follows the store too, for a change another instance sharing it made.
    const tuning = (await ResilienceTuning.load(store.repos)).followStore(store.repos, RESILIENCE_FOLLOW_MS, () =>
      clock.now().getTime(),
    );
    const sandbox =
      options.sandbox && (!payTraceConfig || !sapConfig)
        ? await startEmbeddedSandbox({
            dataDir: options.dataDir,
            needPayTrace: !payTraceConfig,
            needSap: !sapConfig,
            log,
            now: () => clock.now(),
            ...(options.sandboxPayments !== undefined ? { payments: options.sandboxPayments } : {}),
          })
        : null;
    if (sandbox) opened.push(() => sandbox.close());
    const paytrace = payTraceConfig ?? sandboxPayTrace(sandbox);
    const poolSize = poolSizeOf(env);
    const callTimeoutSeconds = callTimeoutOf(env);
    // Call metrics (docs/ARCHITECTURE.md, "Monitoring"): PayTrace's policy, the SAP system and North's client
    // report to one buffer.
    const callMetrics = new CallMetricsBuffer(clock);
    const sapRecorder = callMetrics.recorder('sap');
    // One policy per SAP system, so the main transport and the IDoc routing share its breaker.
    const sapPolicy = createSapPolicy({ recorder: sapRecorder, clock, tuning: tuning.sap });
    const sapSystem = sapConfig
      ? await createSapSystem(sapConfig, { rfcOptions: { poolSize }, callTimeoutSeconds, policy: sapPolicy })
      : sandboxSap(sandbox, poolSize, callTimeoutSeconds, sapPolicy);
    opened.push(() => sapSystem.close());
    const sap = instrumentSap(sapSystem, sapRecorder);
    const idocSystem = await idocRouting(sapConfig, sapSystem, callTimeoutSeconds, sapPolicy);
    if (idocSystem && idocSystem.system !== sapSystem) opened.push(() => idocSystem.system.close());
    const idoc = idocSystem && {
      ...idocSystem,
      system: idocSystem.system === sapSystem ? sap : instrumentSap(idocSystem.system, sapRecorder),
    };
    const companyCodes = sapConfig?.companyCodes ?? sandboxCompanyCodes(sandbox);

    // The G/L rules file; the core lays the admin's G/L accounts over it for each document (settings.ts `postingConfigOf`).
    const { rules: glRules, deductionReason } = await loadPostingRules(join(resourcesDir, 'gl-rules.json'));
    const postingConfig = {
      rules: glRules,
      assignmentFrom: 'invoice' as const,
      ...(deductionReason ? { deductionReason } : {}),
    };
    const { matcher, rules: matchingRules } = loadMatcher();
    const payTraceClient = new PayTraceClient(paytrace, {
      policyOptions: { recorder: callMetrics.recorder('paytrace'), tuning: tuning.paytrace },
    });
    const northSource = northDisputeSource({
      vault,
      profile,
      sandbox: sandbox?.north?.connection ?? null,
      currency: paytrace.currency ?? 'USD',
      tuning: tuning.north,
      recorder: callMetrics.recorder('north'),
    });
    const core = new Core({
      store: store.repos,
      gateway: payTraceGateway(payTraceClient),
      refunds: payTraceRefunds(payTraceClient),
      erp: sapErpSystem(sap, sapConfig ? sapConfig.transport : 'sandbox', idoc ? { idoc } : {}),
      companyCodes,
      matcher,
      matchingRules,
      referencePrefixes: matchingRules.referencePrefixes,
      buildDocument: createDocumentBuilder(postingConfig),
      postingConfig,
      clock,
      session: { sandbox: sandbox !== null, dataDir: options.dataDir, version: readVersion() },
      // A real SAP's update task may finish a COMMIT after its connection broke: wait before looking,
      // counting from when the call failed (or could at the latest have failed: its start plus the timeout).
      recoveryGraceMs: sapConfig ? 60_000 : 0,
      sapCallTimeoutMs: sapConfig ? callTimeoutSeconds * 1000 : 0,
      instanceId: instanceIdOf(options.dataDir),
      ...(anchors ? { anchors } : {}),
      payTraceZone: paytrace.zone ?? PAYTRACE_DEFAULT_ZONE,
      // Automatic postings SAP's open breaker holds back wait, in all per run, what the admin set (a minute by
      // default; the cool-down 30 s) for its trial call, rather than for the next sync.
      breakerWaitMs: tuning.breakerWaitMs,
      // Another instance sharing a PostgreSQL store may have changed it: read again before each job's first call.
      beforeJob: () => tuning.refresh(store.repos),
      onSettingsChanged: (settings) => {
        log.useLevelSetting?.(settings.logging.level);
        tuning.use(settings.resilience);
      },
      alertMail: alertMailSource({ env, vault, profile }),
      smtpPassword: { save: (password) => vault().set(profile, 'smtp.password', password) },
      connections: connectionAdmin({
        dataDir: options.dataDir,
        profile,
        vault,
        env,
        running: { paytrace: payTraceConfig ? 'connected' : 'sandbox', sap: sapConfig ? 'connected' : 'sandbox' },
      }),
      reportFolders: reportFolders(env),
      northSource,
      onAlertError: (e) => log.error('alerts.failed', { error: e instanceof Error ? e.message : String(e) }),
      callMetrics,
      // PayTrace's resilience policy and SAP's (one per SAP system, electron/connectors/sap/resilience.ts) each have a
      // breaker; North's disputes client too, charted while North is simulated or configured (Settings, Chargebacks).
      breakers: monitoredBreakers(store.repos, Boolean(sandbox?.north)),
      log,
    });
    core.monitoring.start();
    // Keep the SAP simulator's postings on disk as soon as they happen, so a crash loses none.
    if (sandbox) core.events.on('queue.changed', () => sandbox.save());
    return {
      core,
      store,
      location: store.location,
      sandbox,
      postingConcurrency: poolSize,
      // The scheduled jobs first: a run under way ends before the store and connections close.
      close: async () => {
        await core.jobs.stop();
        await core.monitoring.stop();
        await closeAll();
      },
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}

/**
 * ClearDesk does not start without the audit key it will append with (docs/ARCHITECTURE.md, "The audit log"): a
 * missing or wrong key is a configuration to fix (exit 4), found before any work rather than at its first entry.
 */
async function prepareAuditKey(store: Store): Promise<void> {
  try {
    await store.repos.audit.prepareKey();
  } catch (e) {
    if (e instanceof StoreError && (e.code === 'audit-key-missing' || e.code === 'audit-key-mismatch'))
      throw new ConfigurationError(e.message);
    throw e;
  }
}

/**
 * The systems whose circuit breakers the Monitoring screen charts (docs/ARCHITECTURE.md, "Monitoring"), asked at
 * each series: PayTrace's and SAP's always; North's disputes client's while North is simulated or configured
 * (Settings, Chargebacks: merchant id and API URL). A breaker that moved in the window is charted in any case.
 */
export function monitoredBreakers(store: Repositories, northSimulated: boolean): () => Promise<string[]> {
  return async () => ['paytrace', 'sap', ...(northSimulated || (await northConnection(store)) ? ['north'] : [])];
}

/**
 * North's disputes for the admin's settings (docs/ARCHITECTURE.md, "Disputes"): the client id and secret from the
 * vault (`cleardesk connect north`, or CLEARDESK_NORTH_CLIENT_ID / _SECRET); without settings, the sandbox's North
 * simulator when one runs, else none. One client per connection, kept between runs, so its token and its circuit
 * breaker carry over; its retries and breaker read the admin's setting `resilience` (North) at each call.
 */
export function northDisputeSource(options: {
  vault: () => Vault;
  profile: string;
  sandbox: NorthSimulatorConnection | null;
  currency: string;
  tuning: () => PolicyTuning;
  /** Told of every call and breaker transition (call metrics, system 'north'); the policy is the one place they are taken. */
  recorder?: CallRecorder;
}): NorthDisputeSource {
  const { recorder } = options;
  let cached: { key: string; intake: DisputeIntake; client: NorthClient } | null = null;
  const clientFor = (key: string, config: NorthConfig): DisputeIntake => {
    if (cached?.key !== key) {
      // A new connection gets a new client, whose breaker starts closed: the chart follows it from there.
      const before = cached?.client.policy.circuitState;
      if (recorder && before && before !== 'closed') recorder.breaker(before, 'closed');
      const client = new NorthClient(config, {
        policyOptions: { tuning: options.tuning, ...(recorder ? { recorder } : {}) },
      });
      cached = { key, intake: client.intake(), client };
    }
    return cached.intake;
  };
  return async (connection) => {
    if (!connection) return options.sandbox ? clientFor(`sandbox:${options.sandbox.baseUrl}`, options.sandbox) : null;
    const vault = options.vault();
    const [id, secret] = await Promise.all([
      vault.get(options.profile, 'north.client_id'),
      vault.get(options.profile, 'north.client_secret'),
    ]);
    if (!id || !secret)
      throw new ConfigurationError(
        `North's client id and secret are not saved for profile '${options.profile}': run \`cleardesk connect north\` (or set CLEARDESK_NORTH_CLIENT_ID and CLEARDESK_NORTH_CLIENT_SECRET).`,
      );
    const config: NorthConfig = {
      ...connection,
      clientId: id.reveal(),
      clientSecret: secret.reveal(),
      currency: options.currency,
    };
    // The key names what the client was made for (a new secret makes a new client); the secret only as a digest.
    const secretDigest = createHash('sha256').update(secret.reveal()).digest('hex');
    return clientFor(
      `${connection.baseUrl}|${connection.authUrl ?? ''}|${connection.merchantId}|${id.reveal()}|${secretDigest}`,
      config,
    );
  };
}

/** Missing connections are only ever stood in for by a sandbox that was started for them. */
function sandboxPart<T>(part: T | null | undefined, what: string): T {
  if (part === null || part === undefined) {
    throw new ConfigurationError(`No ${what} connection is configured and no sandbox was started for it.`);
  }
  return part;
}

/** The embedded PayTrace simulator's settings as the client's configuration. */
function sandboxPayTrace(sandbox: EmbeddedSandbox | null): PayTraceConfig {
  const { baseUrl, username, password, integratorId, zone, currency } = sandboxPart(
    sandbox?.paytrace,
    'PayTrace',
  ).connection;
  return { baseUrl, username, password, integratorId, zone, currency };
}

function sandboxSap(
  sandbox: EmbeddedSandbox | null,
  poolSize: number,
  callTimeoutSeconds: number,
  policy: Policy,
): SapSystem {
  const sim = sandboxPart(sandbox?.sap, 'SAP');
  const scenario = sandboxPart(sandbox?.scenario, 'SAP');
  return createRfcSapSystem(
    sim.rfc,
    connectionParameters({ ashost: '127.0.0.1', sysnr: '00', client: '100', user: 'CLEARDESK' }, sim.users.CLEARDESK),
    {
      poolSize,
      timeoutSeconds: callTimeoutSeconds,
      policy,
      // The sandbox clears through its clearing RFC, so a paid invoice leaves the open items.
      clearingStrategies: Object.fromEntries(scenario.companyCodes.map((c) => [c.BUKRS, 'clearing-rfc' as const])),
    },
  );
}

function sandboxCompanyCodes(sandbox: EmbeddedSandbox | null): string[] {
  return sandboxPart(sandbox?.scenario, 'SAP').companyCodes.map((c) => c.BUKRS);
}

/** Company codes set to clear by IDoc post through the IDoc transport at CLEARDESK_SAP_URL. */
async function idocRouting(
  sapConfig: SapConfig | null,
  sap: SapSystem,
  callTimeoutSeconds: number,
  policy: Policy,
): Promise<{ system: SapSystem; companyCodes: ReadonlySet<string> } | null> {
  if (!sapConfig) return null;
  const companyCodes = new Set(
    Object.entries(sapConfig.clearing ?? {})
      .filter(([, s]) => s === 'idoc')
      .map(([c]) => c),
  );
  if (companyCodes.size === 0) return null;
  if (!sapConfig.url) {
    throw new ConfigurationError(
      `Company codes ${[...companyCodes].join(', ')} post as IDocs: set CLEARDESK_SAP_URL to the SAP server that has the IDoc XML port.`,
    );
  }
  const system =
    sapConfig.transport === 'idoc'
      ? sap
      : await createSapSystem({ ...sapConfig, transport: 'idoc' }, { callTimeoutSeconds, policy });
  return { system, companyCodes };
}

async function wrapConfigAsync<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    throw new ConfigurationError(e instanceof Error ? e.message : String(e));
  }
}

/** A stable id of this installation (its data folder), kept in <dataDir>/instance-id. */
function instanceIdOf(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'instance-id');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const id = `${hostname()}-${randomUUID()}`;
  writeFileSync(file, `${id}\n`);
  return id;
}

/** CLEARDESK_SAP_POOL_SIZE: SAP sessions ClearDesk may hold at once (default 4). */
function poolSizeOf(env: Record<string, string | undefined>): number {
  const raw = env.CLEARDESK_SAP_POOL_SIZE?.trim();
  if (!raw) return 4;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new ConfigurationError(`CLEARDESK_SAP_POOL_SIZE is "${raw}"; use a whole number from 1 to 64.`);
  return n;
}

/**
 * CLEARDESK_SAP_CALL_TIMEOUT_SECONDS: how long one call to SAP may take (default 120 s) before ClearDesk
 * cancels it (node-rfc's timeout; the HTTP timeout of OData and the IDoc port). A posting call cancelled
 * this way has an unknown outcome, looked up after the grace period.
 */
export function callTimeoutOf(env: Record<string, string | undefined>): number {
  const raw = env.CLEARDESK_SAP_CALL_TIMEOUT_SECONDS?.trim();
  if (!raw) return DEFAULT_SAP_CALL_TIMEOUT_SECONDS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 5 || n > 3600)
    throw new ConfigurationError(
      `CLEARDESK_SAP_CALL_TIMEOUT_SECONDS is "${raw}"; use a whole number of seconds from 5 to 3600.`,
    );
  return n;
}

export const DEFAULT_SAP_CALL_TIMEOUT_SECONDS = 120;

function wrapConfig<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw new ConfigurationError(e instanceof Error ? e.message : String(e));
  }
}

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(resourcesDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
