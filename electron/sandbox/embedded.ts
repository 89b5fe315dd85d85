// Sandbox mode: the PayTrace simulator (real HTTP on loopback) and the SAP ECC simulator (the
// node-rfc interface over its ledger) seeded from one demo scenario, so every payment has the
// invoices it pays. What ClearDesk posts into the SAP simulator is kept in the data folder, so
// a second run sees the same SAP as the first.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currencyExponent, minorToDecimal } from '../../shared/money';
import type { SandboxLog } from './log';
import {
  NORTH_SANDBOX_CLIENT,
  NORTH_SANDBOX_MERCHANT,
  seedNorthCases,
  startNorthSandbox,
  type NorthSimSale,
  type RunningNorthSandbox,
} from './north';
import { DEMO_USER, startPayTraceSandbox, type RunningSandbox } from './paytrace';
import { sandboxScenario } from './scenario';
import type { Scenario } from './scenario/types';
import { startSapSandbox, type SapSandbox } from './sap';
import type { LedgerSnapshot } from './sap/ledger';

export const SANDBOX_INTEGRATOR_ID = 'CLEARDESKSBX';
const DAY = 86_400_000;

interface SandboxState {
  seed: number;
  /** The first day of the demo scenario, fixed when the data folder is first used. */
  startDate: string;
}

/**
 * How to reach the PayTrace simulator, as plain settings: the host turns them into the PayTrace
 * client's configuration, so the sandbox does not depend on the connector.
 */
export interface PayTraceSimulatorConnection {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly integratorId: string;
  /** The simulator's local zone, in which its export timestamps are written. */
  readonly zone: string;
  /** The simulated account's currency. */
  readonly currency: string;
}

/** How to reach the North disputes simulator, as plain settings (the host makes the North client of them). */
export interface NorthSimulatorConnection {
  readonly baseUrl: string;
  readonly merchantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly currency: string;
}

export interface EmbeddedSandbox {
  readonly scenario: Scenario;
  /** Chargebacks of the PayTrace simulator's sales; only started with it. */
  readonly north: { readonly connection: NorthSimulatorConnection; readonly server: RunningNorthSandbox } | null;
  /** Only started when PayTrace is not configured. */
  readonly paytrace: { readonly connection: PayTraceSimulatorConnection; readonly server: RunningSandbox } | null;
  /** Only started when SAP is not configured. */
  readonly sap: SapSandbox | null;
  /** Writes the SAP simulator's postings to the data folder. */
  save(): void;
  close(): Promise<void>;
}

function loadState(dir: string, seed: number, now: Date): SandboxState {
  const file = join(dir, 'sandbox.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SandboxState;
  const state = { seed, startDate: new Date(now.getTime() - 13 * DAY).toISOString().slice(0, 10) };
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
  return state;
}

/**
 * The SAP simulator's postings could not be written to the data folder: said as it is (a full disk
 * is not a bug), keeping the file system's code so the host picks its exit code.
 */
function ledgerNotSaved(file: string, error: unknown): Error {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const why =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'the disk is full. Free some space on that disk, then try again'
      : code === 'EROFS' || code === 'EACCES' || code === 'EPERM'
        ? 'its folder cannot be written (a read-only file system or permissions). Make it writable, then try again'
        : error instanceof Error
          ? error.message
          : String(error);
  return Object.assign(
    new Error(
      `The sandbox SAP's postings could not be saved to ${file}: ${why}. The file keeps what was saved before.`,
      { cause: error },
    ),
    { code },
  );
}

function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

export async function startEmbeddedSandbox(options: {
  dataDir: string;
  needPayTrace: boolean;
  needSap: boolean;
  log: SandboxLog;
  seed?: number;
  now?: () => Date;
  /** Payment cases of the scenario (default the demo's). */
  payments?: number;
}): Promise<EmbeddedSandbox> {
  const dir = join(options.dataDir, 'sandbox');
  mkdirSync(dir, { recursive: true });
  const now = (options.now ?? (() => new Date()))();
  const state = loadState(dir, options.seed ?? 1, now);
  // The scenario's days end today: what it would place later today has not happened yet.
  const scenario = sandboxScenario({
    seed: state.seed,
    startDate: state.startDate,
    notAfter: now.toISOString(),
    ...(options.payments !== undefined ? { payments: options.payments } : {}),
  });

  let paytrace: EmbeddedSandbox['paytrace'] = null;
  let north: EmbeddedSandbox['north'] = null;
  if (options.needPayTrace) {
    const server = await startPayTraceSandbox({
      port: 0,
      seed: state.seed,
      autoSettle: { enabled: false, cutoff: '20:00' },
    });
    for (const op of scenario.payments) server.sim.apply(op);
    const sales: NorthSimSale[] = [...server.sim.ledger.transactions.values()]
      .filter((t) => t.type === 'SALE' && (t.state === 'settled' || t.state === 'pending') && t.refundedMinor === 0)
      .map((t) => ({
        transactionId: t.id,
        amount: minorToDecimal(t.amountMinor, currencyExponent(server.sim.currency)),
        currency: server.sim.currency,
        invoice: t.invoiceId,
        date: new Date(t.createdAt).toISOString().slice(0, 10),
        brand: t.card.brand || 'unknown',
        bin: t.card.bin,
        last4: t.card.last4,
        authCode: t.approvalCode,
      }));
    const northServer = await startNorthSandbox({
      port: 0,
      now: () => (options.now ?? (() => new Date()))().getTime(),
    });
    northServer.sim.addCases(seedNorthCases(sales, { seed: state.seed, count: 8 }));
    north = {
      server: northServer,
      connection: {
        baseUrl: northServer.url,
        merchantId: NORTH_SANDBOX_MERCHANT,
        clientId: NORTH_SANDBOX_CLIENT.clientId,
        clientSecret: NORTH_SANDBOX_CLIENT.clientSecret,
        currency: server.sim.currency,
      },
    };
    paytrace = {
      server,
      connection: {
        baseUrl: server.url,
        username: DEMO_USER.username,
        password: DEMO_USER.password,
        integratorId: SANDBOX_INTEGRATOR_ID,
        zone: server.sim.zone,
        currency: server.sim.currency,
      },
    };
  }

  let sap: SapSandbox | null = null;
  const ledgerFile = join(dir, 'sap-ledger.json');
  if (options.needSap) {
    sap = await startSapSandbox({ port: 0, seed: scenario });
    if (existsSync(ledgerFile)) sap.ledger.restore(JSON.parse(readFileSync(ledgerFile, 'utf8')) as LedgerSnapshot);
  }
  options.log.info('sandbox.started', {
    paytrace: paytrace?.server.url ?? null,
    north: north?.server.url ?? null,
    sap: sap?.url ?? null,
    startDate: state.startDate,
    seed: state.seed,
  });

  const save = (): void => {
    if (!sap) return;
    try {
      writeAtomically(ledgerFile, JSON.stringify(sap.ledger.snapshot()));
    } catch (error) {
      rmSync(`${ledgerFile}.tmp`, { force: true });
      throw ledgerNotSaved(ledgerFile, error);
    }
  };
  return {
    scenario,
    paytrace,
    north,
    sap,
    save,
    async close() {
      save();
      await Promise.all([paytrace?.server.close(), north?.server.close(), sap?.close()]);
    },
  };
}
