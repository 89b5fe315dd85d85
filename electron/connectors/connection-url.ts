// Which PayTrace, SAP and North URLs ClearDesk sends a password to: https only, plain http only to a
// simulator on this machine, and never a URL that carries credentials itself (they would end up in
// connections.json, the environment of every process and the logs). The one owner of the rule:
// both connectors' configuration, the saved profiles and `cleardesk connect` all ask it.
import { smtpUrlProblem } from '../../shared/api/smtp-url';
import { ConfigurationError } from '../../shared/ports';

export type ConnectedSystem = 'PayTrace' | 'SAP' | 'North';

/** A URL refused for a connection; a ConfigurationError, so exit code 4 at the command line. */
export class ConnectionUrlError extends ConfigurationError {}

/** Hosts plain http may reach: this machine's loopback, as the URL parser writes them. */
const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Where each system's user and password go instead of the URL. */
const CREDENTIALS_GO: Record<ConnectedSystem, string> = {
  PayTrace:
    'the user in --username or CLEARDESK_PAYTRACE_USERNAME, the password on standard input to `cleardesk connect paytrace` (it is kept in the OS keychain) or in CLEARDESK_PAYTRACE_PASSWORD',
  SAP: 'the user in --user or CLEARDESK_SAP_USER, the password on standard input to `cleardesk connect sap` (it is kept in the OS keychain) or in CLEARDESK_SAP_PASSWORD',
  North:
    'the client id and secret on standard input to `cleardesk connect north` (they are kept in the OS keychain) or in CLEARDESK_NORTH_CLIENT_ID and CLEARDESK_NORTH_CLIENT_SECRET',
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

/** Where alert e-mail goes: the SMTP server, how the connection is secured, and the user (never a password). */
export interface SmtpEndpoint {
  readonly host: string;
  readonly port: number;
  /** smtps://: TLS from the first byte (port 465 by default). */
  readonly secure: boolean;
  /**
   * smtp:// with a password to a server beyond this machine: STARTTLS is required, so the password never
   * crosses the network in clear; on loopback (a relay on this machine, a test server) it is not.
   */
  readonly requireTls: boolean;
  readonly user: string | null;
}

/**
 * The SMTP server of CLEARDESK_SMTP_URL or the alert settings (`source` names which), when ClearDesk may
 * send alerts and a password there; otherwise a ConnectionUrlError (exit code 4) that never repeats the URL.
 */
export function checkSmtpUrl(raw: string, source: string, hasPassword: boolean): SmtpEndpoint {
  const problem = smtpUrlProblem(raw);
  if (problem) throw new ConnectionUrlError(`${problem} (in ${source})`);
  const url = new URL(raw.trim());
  const secure = url.protocol === 'smtps:';
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    secure,
    requireTls: !secure && hasPassword && !LOOPBACK.has(url.hostname),
    user: url.username ? decodeURIComponent(url.username) : null,
  };
}
