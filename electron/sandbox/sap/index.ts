// The SAP ECC sandbox: one in-memory ledger behind node-rfc's Client/Pool interface and behind
// HTTP (the Gateway service and the IDoc XML port).
import type { Scenario } from '../scenario/types';
import { demoSeed } from './demo-seed';
import { type LedgerOptions, SapLedger } from './ledger';
import { type SandboxRfc, createSandboxRfc } from './rfc';
import { type SapSeed, seedLedger } from './seed';
import { type SapHttpServer, startSapHttp } from './http/server';

export { SapLedger } from './ledger';
export { IdocInbox, FINAL_INBOUND_STATUSES, type IdocKnobs } from './idoc-inbox';
export { HttpFaults, type HttpFaultPoint } from './http/server';
export { createSandboxRfc, type SandboxRfc, type FaultPoint } from './rfc';
export { seedLedger, type SapSeed } from './seed';
export { demoSeed } from './demo-seed';
export { SERVICE_PATH } from './http/odata-json';

export interface SapSandboxOptions extends LedgerOptions {
  port?: number;
  host?: string;
  /** A seed number (demo data), a scenario, or the SAP part of one. */
  seed?: number | SapSeed | Scenario;
  /** user -> password for RFC logon and HTTP basic auth. */
  users?: Record<string, string>;
  client?: string;
  sysId?: string;
  /** Simulated round trip per RFC call and per HTTP request, in milliseconds. */
  latencyMs?: number;
  clearingFunction?: string;
  /** The customer's RFC that resets a clearing (FBRA) before a reversal. */
  resetClearingFunction?: string;
  pageSize?: number;
}

export interface SapSandbox {
  url: string;
  ledger: SapLedger;
  rfc: SandboxRfc;
  http: SapHttpServer;
  users: Record<string, string>;
  close(): Promise<void>;
}

export const DEFAULT_SANDBOX_USERS: Readonly<Record<string, string>> = { CLEARDESK: 'sandbox' };

export async function startSapSandbox(options: SapSandboxOptions = {}): Promise<SapSandbox> {
  const ledger = new SapLedger(options);
  const seed = options.seed ?? 1;
  seedLedger(ledger, typeof seed === 'number' ? demoSeed(seed) : toSapSeed(seed));
  const users = { ...(options.users ?? DEFAULT_SANDBOX_USERS) };
  const rfc = createSandboxRfc(ledger, {
    users,
    client: options.client,
    sysId: options.sysId,
    latencyMs: options.latencyMs,
    clearingFunction: options.clearingFunction,
    resetClearingFunction: options.resetClearingFunction,
  });
  const http = await startSapHttp({
    ledger,
    users,
    port: options.port,
    host: options.host,
    client: options.client,
    sysId: options.sysId,
    pageSize: options.pageSize,
    latencyMs: options.latencyMs,
  });
  return {
    url: http.url,
    ledger,
    rfc,
    http,
    users,
    close: async () => {
      ledger.stop();
      await http.close();
    },
  };
}

function toSapSeed(s: SapSeed | Scenario): SapSeed {
  return {
    companyCodes: s.companyCodes,
    customers: s.customers,
    invoices: s.invoices,
    ...(s.creditMemos ? { creditMemos: s.creditMemos } : {}),
    closedPeriods: 'closedPeriods' in s ? s.closedPeriods : undefined,
  };
}

/** What `npx cleardesk sandbox sap --port N --seed S` runs: serve until SIGINT/SIGTERM. */
export async function runSapSandbox(
  options: SapSandboxOptions & { log?: (line: string) => void },
): Promise<SapSandbox> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const sandbox = await startSapSandbox(options);
  const codes = [...sandbox.ledger.t001.values()].map((t) => `${t.BUKRS} (${t.WAERS}, ${t.PERIV})`).join(', ');
  log(`SAP ECC sandbox listening on ${sandbox.url}`);
  log(`  OData: ${sandbox.url}${'/sap/opu/odata/sap/ZCLEARDESK_FIAR_SRV/'}?sap-client=${options.client ?? '100'}`);
  log(`  IDoc XML port: ${sandbox.url}/sap/bc/idoc_xml`);
  log(`  Company codes: ${codes}; ${sandbox.ledger.kna1.size} customers; ${sandbox.ledger.documents.size} documents`);
  log(`  Users: ${Object.keys(sandbox.users).join(', ')} (basic auth; passwords as configured)`);
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return sandbox;
}
