// One entry point: a SapSystem for a configuration. The RFC transport takes any node-rfc-shaped
// { Client, Pool } (the sandbox's, in tests and the thin path) or loads node-rfc lazily.
import type { Policy } from '../../resilience';
import { checkConnectionUrl } from '../connection-url';
import type { SapConfig } from './config';
import { SapConfigError } from './errors';
import { IdocSapSystem } from './idoc/idoc-system';
import { ODataSapSystem } from './odata/odata-system';
import { connectionParameters } from './rfc/connection';
import { type NodeRfcModule, loadNodeRfc } from './rfc/node-rfc';
import { type RfcSystemOptions, createRfcSapSystem } from './rfc/rfc-system';
import type { SapSystem } from './types';

export interface SapFactoryDeps {
  /** A node-rfc-compatible module; default: node-rfc, loaded on first use. */
  rfc?: NodeRfcModule;
  /**
   * How long one call to SAP may take, in seconds, whatever the transport: node-rfc's timeout (client
   * and call option), the HTTP timeout of the Gateway service and of the IDoc XML port. After it the
   * call's outcome is unknown (see the poster's grace period). Default: RFC none, HTTP 60 s.
   */
  callTimeoutSeconds?: number;
  rfcOptions?: RfcSystemOptions;
  /** IDoc partner settings (sender/receiver logical systems and ports). */
  idoc?: {
    SNDPRN?: string;
    SNDPOR?: string;
    RCVPRN?: string;
    RCVPOR?: string;
    statusTimeoutMs?: number;
    pollMs?: number;
  };
  odataServicePath?: string;
  /**
   * The SAP system's resilience policy (./resilience.ts, `createSapPolicy`): reads retried, postings
   * sent again only when refused before sending, one circuit breaker. Pass the same policy to every SapSystem of one SAP (the main
   * transport and the IDoc routing) so they share the breaker. Without it, calls are made as they are.
   */
  policy?: Policy;
}

export async function createSapSystem(config: SapConfig, deps: SapFactoryDeps = {}): Promise<SapSystem> {
  switch (config.transport) {
    case 'rfc': {
      const rfc = deps.rfc ?? (await loadNodeRfc());
      return createRfcSapSystem(rfc, connectionParameters(config.rfc, config.password), {
        ...(config.clearing ? { clearingStrategies: config.clearing } : {}),
        ...(config.clearingFunction ? { clearingFunction: config.clearingFunction } : {}),
        ...(config.resetClearingFunction ? { resetClearingFunction: config.resetClearingFunction } : {}),
        ...(deps.callTimeoutSeconds ? { timeoutSeconds: deps.callTimeoutSeconds } : {}),
        ...(deps.policy ? { policy: deps.policy } : {}),
        ...deps.rfcOptions,
      });
    }
    case 'odata':
      return odata(config, deps);
    case 'idoc': {
      const companion = odata(config, deps);
      return new IdocSapSystem({
        url: config.url!,
        user: config.user,
        password: config.password,
        client: config.client,
        companion,
        statusTimeoutMs: deps.idoc?.statusTimeoutMs,
        pollMs: deps.idoc?.pollMs,
        ...(deps.callTimeoutSeconds ? { timeoutMs: deps.callTimeoutSeconds * 1000 } : {}),
        partners: {
          MANDT: config.client,
          SNDPRN: deps.idoc?.SNDPRN ?? 'CLEARDESK',
          SNDPOR: deps.idoc?.SNDPOR ?? 'CLEARDESK',
          RCVPRN: deps.idoc?.RCVPRN ?? `ECCCLNT${config.client}`,
          RCVPOR: deps.idoc?.RCVPOR ?? 'SAPECC',
        },
      });
    }
  }
}

function odata(config: SapConfig, deps: SapFactoryDeps): ODataSapSystem {
  if (!config.url)
    throw new SapConfigError(`The ${config.transport} transport needs the SAP server URL (CLEARDESK_SAP_URL).`);
  // The last check before the SAP password is sent (the IDoc transport goes through here too).
  const url = checkConnectionUrl(config.url, { system: 'SAP', source: 'the SAP connection' });
  return new ODataSapSystem({
    url,
    user: config.user,
    password: config.password,
    client: config.client,
    servicePath: deps.odataServicePath,
    ...(deps.policy ? { policy: deps.policy } : {}),
    ...(deps.callTimeoutSeconds ? { timeoutMs: deps.callTimeoutSeconds * 1000 } : {}),
  });
}
