// The composition root: one place that turns configuration into a running core. The desktop's
// utility process, the browser host and the CLI all open ClearDesk through here.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { matchPayments, parseRules } from '../../shared/matching';
import { PayTraceClient, PayTraceError, payTraceConfigFromEnv, type PayTraceConfig } from '../connectors/paytrace';
import {
  connectionParameters,
  createRfcSapSystem,
  createSapSystem,
  loadGlRules,
  SapCallError,
  sapConfigFromEnv,
  type SapSystem,
} from '../connectors/sap';
import { systemClock, type Clock } from '../core/clock';
import { CircuitOpenError, TimeoutError } from '../core/resilience';
import { Core } from '../core/core';
import type { Logger } from '../core/log';
import { createDocumentBuilder } from '../core/posting/document';
import type { ErpSystem, Matcher, PaymentGateway } from '../core/ports';
import { startEmbeddedSandbox, type EmbeddedSandbox } from '../sandbox/embedded';
import { migrate, openStoreFromEnv, type Store } from '../store';
import { vaultForHost, type Vault } from '../secrets';
import { ConfigurationError, UnavailableError } from './cli/errors';
import { savedPayTraceConfig, savedSapConfig } from './connections';
import { refundGatewayOf } from './paytrace-refunds';
import { resourcesDir } from './paths';

export interface AppOptions {
  readonly dataDir: string;
  /** Simulators stand in for whatever PayTrace or SAP connection is not configured. */
  readonly sandbox: boolean;
  readonly env: Record<string, string | undefined>;
  readonly log: Logger;
  readonly clock?: Clock;
  /** Connection profile whose saved settings and keychain passwords are used (default 'default'). */
  readonly profile?: string;
  /** Where passwords of saved profiles are read; the OS keychain unless CLEARDESK_VAULT=env. */
  readonly vault?: Vault;
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

/** PayTrace as the core sees it; an unreachable PayTrace becomes an error that says so. */
function gatewayOf(client: PayTraceClient): PaymentGateway {
  return {
    async fetchTransactions(range, onNote) {
      try {
        return await client.fetchTransactions(range, onNote);
      } catch (e) {
        const unreachable =
          (e instanceof PayTraceError && (e.kind === 'unavailable' || e.kind === 'protocol')) ||
          e instanceof CircuitOpenError ||
          e instanceof TimeoutError;
        if (unreachable) {
          throw new UnavailableError(
            `PayTrace at ${client.config.baseUrl} could not be read (${(e as Error).message}). Nothing was changed; the next sync starts from the same point.`,
          );
        }
        if (e instanceof PayTraceError && e.kind === 'auth') {
          throw new ConfigurationError(
            `PayTrace at ${client.config.baseUrl} refused the sign-in (${e.message}). Check the API user, password and integrator id of the PayTrace connection.`,
          );
        }
        throw e;
      }
    },
  };
}

/**
 * SAP as the core sees it; an unreachable SAP during a read becomes an error that says so.
 * Company codes whose clearing strategy is 'idoc' post through `idoc` (ACC_DOCUMENT03 to the
 * HTTP XML port); every other posting, and every read, goes through `sap`.
 */
function erpOf(
  sap: SapSystem,
  where: string,
  idoc: { system: SapSystem; companyCodes: ReadonlySet<string> } | null = null,
): ErpSystem {
  const reading = async <T>(what: string, read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (e) {
      if (e instanceof SapCallError && e.communication) {
        throw new UnavailableError(
          `SAP (${where}) could not be reached while ${what} (${e.message}). Nothing was changed.`,
        );
      }
      throw e;
    }
  };
  return {
    listCustomers: (cc) => reading(`reading the customers of company code ${cc}`, () => sap.listCustomers(cc)),
    getOpenItems: (cc) => reading(`reading the open items of company code ${cc}`, () => sap.getOpenItems(cc)),
    postDocument: (doc, options) =>
      idoc?.companyCodes.has(doc.DOCUMENTHEADER.COMP_CODE)
        ? idoc.system.postDocument(doc)
        : sap.postDocument(doc, options),
    findDocumentByReference: (cc, ref) => sap.findDocumentByReference(cc, ref),
    isOutcomeUnknown: (e) => !(e instanceof SapCallError) || e.communication,
  };
}

function loadMatcher(): { matcher: Matcher; referencePrefixes: readonly string[] } {
  const rules = parseRules(JSON.parse(readFileSync(join(resourcesDir, 'matching-rules.json'), 'utf8')));
  const matcher: Matcher = (input) =>
    matchPayments(
      {
        transactions: input.transactions,
        openItems: input.openItems,
        customers: input.customers,
        aliases: input.aliases,
      },
      rules,
    );
  return { matcher, referencePrefixes: rules.referencePrefixes };
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

  const store = await openStoreFromEnv(options.dataDir, env);
  let sandbox: EmbeddedSandbox | null = null;
  let sap: SapSystem | null = null;
  let idocSystem: SapSystem | null = null;
  try {
    await migrate(store);
    if (options.sandbox && (!payTraceConfig || !sapConfig)) {
      sandbox = await startEmbeddedSandbox({
        dataDir: options.dataDir,
        needPayTrace: !payTraceConfig,
        needSap: !sapConfig,
        log,
        now: () => clock.now(),
      });
    }
    const paytrace: PayTraceConfig = payTraceConfig ?? sandbox!.paytrace!.config;
    const poolSize = poolSizeOf(env);
    sap = sapConfig
      ? await createSapSystem(sapConfig, { rfcOptions: { poolSize } })
      : // The sandbox clears through its clearing RFC, so a paid invoice leaves the open items.
        createRfcSapSystem(
          sandbox!.sap!.rfc,
          connectionParameters(
            { ashost: '127.0.0.1', sysnr: '00', client: '100', user: 'CLEARDESK' },
            sandbox!.sap!.users.CLEARDESK,
          ),
          {
            poolSize,
            clearingStrategies: Object.fromEntries(
              sandbox!.scenario.companyCodes.map((c) => [c.BUKRS, 'clearing-rfc' as const]),
            ),
          },
        );
    const companyCodes = sapConfig?.companyCodes ?? sandbox!.scenario.companyCodes.map((c) => c.BUKRS);
    const idocCodes = new Set(
      Object.entries(sapConfig?.clearing ?? {})
        .filter(([, s]) => s === 'idoc')
        .map(([c]) => c),
    );
    if (idocCodes.size > 0 && !sapConfig?.url) {
      throw new ConfigurationError(
        `Company codes ${[...idocCodes].join(', ')} post as IDocs: set CLEARDESK_SAP_URL to the SAP server that has the IDoc XML port.`,
      );
    }
    if (idocCodes.size > 0 && sapConfig)
      idocSystem = sapConfig.transport === 'idoc' ? sap : await createSapSystem({ ...sapConfig, transport: 'idoc' });
    const glRules = await loadGlRules(join(resourcesDir, 'gl-rules.json'));
    const { matcher, referencePrefixes } = loadMatcher();
    const payTraceClient = new PayTraceClient(paytrace);
    const core = new Core({
      db: store.db,
      gateway: gatewayOf(payTraceClient),
      refunds: refundGatewayOf(payTraceClient),
      erp: erpOf(
        sap,
        sapConfig ? sapConfig.transport : 'sandbox',
        idocSystem ? { system: idocSystem, companyCodes: idocCodes } : null,
      ),
      companyCodes,
      matcher,
      referencePrefixes,
      buildDocument: createDocumentBuilder({ rules: glRules, assignmentFrom: 'invoice' }),
      clock,
      session: { sandbox: sandbox !== null, dataDir: options.dataDir, version: readVersion() },
      // A real SAP's update task may finish a COMMIT after its connection broke: wait before looking.
      recoveryGraceMs: sapConfig ? 60_000 : 0,
      instanceId: instanceIdOf(options.dataDir),
    });
    const openedSap = sap;
    const openedIdoc = idocSystem !== sap ? idocSystem : null;
    // Keep the SAP simulator's postings on disk as soon as they happen, so a crash loses none.
    if (sandbox) core.events.on('queue.changed', () => sandbox?.save());
    return {
      core,
      store,
      location: store.location,
      sandbox,
      postingConcurrency: poolSize,
      async close() {
        await openedSap.close().catch(() => undefined);
        await openedIdoc?.close().catch(() => undefined);
        await sandbox?.close();
        await store.close();
      },
    };
  } catch (e) {
    await sap?.close().catch(() => undefined);
    if (idocSystem !== sap) await idocSystem?.close().catch(() => undefined);
    await sandbox?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw e;
  }
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
