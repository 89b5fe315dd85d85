// Which PayTrace and SAP URLs ClearDesk sends a password to: https only, plain http only to a
// simulator on this machine, and never a URL that carries credentials itself (they would end up in
// connections.json, the environment of every process and the logs). The one owner of the rule:
// both connectors' configuration, the saved profiles and `cleardesk connect` all ask it.
import { ConfigurationError } from '../../shared/ports';

export type ConnectedSystem = 'PayTrace' | 'SAP';

/** A URL refused for a connection; a ConfigurationError, so exit code 4 at the command line. */
export class ConnectionUrlError extends ConfigurationError {}

/** Hosts plain http may reach: this machine's loopback, as the URL parser writes them. */
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Where each system's user and password go instead of the URL. */
const CREDENTIALS_GO: Record<ConnectedSystem, string> = {
  PayTrace:
    'the user in --username or CLEARDESK_PAYTRACE_USERNAME, the password on standard input to `cleardesk connect paytrace` (it is kept in the OS keychain) or in CLEARDESK_PAYTRACE_PASSWORD',
  SAP: 'the user in --user or CLEARDESK_SAP_USER, the password on standard input to `cleardesk connect sap` (it is kept in the OS keychain) or in CLEARDESK_SAP_PASSWORD',
};

/**
 * `raw`, trimmed, when a password may be sent to it; otherwise a ConnectionUrlError that names the
 * system and `source` (the option, variable or file the URL came from) and says what to write
 * instead. The message never repeats a URL that may hold a password: an unreadable one not at all,
 * a refused one only as scheme and host.
 */
export function checkConnectionUrl(raw: string, where: { system: ConnectedSystem; source: string }): string {
  const { system, source } = where;
  const value = raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConnectionUrlError(
      `The ${system} URL in ${source} is not a URL ClearDesk can read. Write it as https://host[:port][/path].`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConnectionUrlError(
      `The ${system} URL in ${source} starts with ${url.protocol}//; ClearDesk connects over https:// only.`,
    );
  if (url.username !== '' || url.password !== '')
    throw new ConnectionUrlError(
      `The ${system} URL in ${source} has a user name or password in it (user:password@host). Give the URL without them: ${CREDENTIALS_GO[system]}.`,
    );
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
    throw new ConnectionUrlError(
      `The ${system} URL http://${url.host} in ${source} is not https: the password would cross the network in clear. Use https://${url.host}; plain http is accepted only for a simulator on this machine (127.0.0.1, [::1] or localhost).`,
    );
  return value;
}
