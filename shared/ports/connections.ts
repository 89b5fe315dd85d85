// Where the admin's connections are kept and tried (the host: the profile file, the keychain, the
// connectors); the core checks the role and audits (docs/ARCHITECTURE.md, "Security").
import type { ConnectionInput, ConnectionsStatus, ConnectionTest } from '../api/connections';

export interface ConnectionAdmin {
  status(): Promise<ConnectionsStatus>;
  /** Signs in with the input (the saved password when it has none); never throws for a refused sign-in. */
  test(input: ConnectionInput): Promise<ConnectionTest>;
  /** Validates and keeps the input; rejects with a ConfigurationError saying what is wrong. */
  save(input: ConnectionInput): Promise<ConnectionsStatus>;
  firstRunDone(): Promise<ConnectionsStatus>;
}
