// node-rfc's Client.config, shared by the in-process and the remote sandbox clients (a small file
// of its own, so the remote client's process does not load the in-process sandbox).
import type { RfcClientOptions, RfcConnectionParameters } from './client';

export interface ClientConfig {
  connectionParameters: RfcConnectionParameters;
  clientOptions: RfcClientOptions;
}

/** The connection as given, without the password. */
export function clientConfig(parameters: RfcConnectionParameters, options: RfcClientOptions): ClientConfig {
  const { passwd: _p, PASSWD: _P, ...safe } = parameters;
  return { connectionParameters: safe, clientOptions: options };
}
