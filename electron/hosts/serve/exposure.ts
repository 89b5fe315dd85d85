// Who can reach the host: loopback by default; any other address only over TLS, because the session
// cookie and every payment would otherwise cross the network in clear text.
import { isIP } from 'node:net';
import { ConfigurationError } from '../../../shared/ports';

export function isLoopback(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  if (a === 'localhost' || a.endsWith('.localhost')) return true;
  if (a === '::1') return true;
  const v4 = a.startsWith('::ffff:') ? a.slice('::ffff:'.length) : a;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** `0.0.0.0` and `::` listen on every interface. */
export function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '[::]';
}

export function checkExposure(host: string, tls: boolean): void {
  if (isLoopback(host) || tls) return;
  throw new ConfigurationError(
    `--host ${host} would serve ClearDesk to the network over plain HTTP, where the session cookie and every ` +
      'payment could be read on the way. Give a certificate for the name people will use ' +
      '(--tls-cert FILE --tls-key FILE), or bind 127.0.0.1 (the default).',
  );
}
