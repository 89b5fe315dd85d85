// createSandboxRfc(): node-rfc-compatible { Client, Pool } classes bound to one sandbox ledger,
// to plug into the RFC transport's factory where the real node-rfc would go.
import type { SapLedger } from '../ledger';
import { type RfcClientOptions, type RfcConnectionParameters, SandboxClient, type SandboxServer } from './client';
import { RfcFaults } from './faults';
import { DEFAULT_CLEARING_FUNCTION, DEFAULT_RESET_CLEARING_FUNCTION, functionModules } from './functions';
import { type RfcPoolConfiguration, SandboxPool } from './pool';

export { SandboxClient } from './client';
export { SandboxPool } from './pool';
export { RfcFaults, type FaultPoint, type RfcHooks } from './faults';
export { DEFAULT_CLEARING_FUNCTION, DEFAULT_RESET_CLEARING_FUNCTION } from './functions';

export interface SandboxRfcOptions {
  /** user -> password accepted at logon; omit to accept any user with a password. */
  users?: Record<string, string>;
  /** The SAP client (MANDT); a logon to another client fails. */
  client?: string;
  sysId?: string;
  latencyMs?: number;
  clearingFunction?: string;
  resetClearingFunction?: string;
}

export interface SandboxRfc {
  Client: new (connectionParameters: RfcConnectionParameters, clientOptions?: RfcClientOptions) => SandboxClient;
  Pool: new (configuration: RfcPoolConfiguration) => SandboxPool;
  faults: RfcFaults;
  ledger: SapLedger;
  /** Breaks every open connection now (their uncommitted work is lost). */
  dropAllConnections(): void;
}

export function createSandboxRfc(ledger: SapLedger, options: SandboxRfcOptions = {}): SandboxRfc {
  const faults = new RfcFaults();
  faults.latencyMs = options.latencyMs ?? 0;
  let counter = 0;
  const server: SandboxServer = {
    ledger,
    modules: functionModules(
      options.clearingFunction ?? DEFAULT_CLEARING_FUNCTION,
      options.resetClearingFunction ?? DEFAULT_RESET_CLEARING_FUNCTION,
    ),
    faults,
    users: options.users
      ? Object.fromEntries(Object.entries(options.users).map(([u, p]) => [u.toUpperCase(), p]))
      : undefined,
    client: options.client ?? '100',
    sysId: options.sysId ?? 'ECC',
    clients: new Set(),
    nextId: () => ++counter,
  };
  class Client extends SandboxClient {
    constructor(connectionParameters: RfcConnectionParameters, clientOptions?: RfcClientOptions) {
      super(server, connectionParameters, clientOptions);
    }
  }
  class Pool extends SandboxPool {
    constructor(configuration: RfcPoolConfiguration) {
      super(server, configuration);
    }
  }
  return {
    Client,
    Pool,
    faults,
    ledger,
    dropAllConnections: () => {
      for (const c of server.clients) c.dropConnection();
    },
  };
}
