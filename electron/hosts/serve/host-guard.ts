// DNS rebinding: a page on evil.example whose name is made to resolve to 127.0.0.1 reaches the host
// as "same origin", with `Host: evil.example`. Only the names this host is known by are answered.
import { networkInterfaces } from 'node:os';
import { isLoopback, isWildcard } from './exposure';

export interface HostGuardOptions {
  /** The address the server is bound to. */
  readonly bound: string;
  /** Further names people reach it by (--allow-host), e.g. the name on the TLS certificate. */
  readonly allowed?: readonly string[];
}

/** `Example.COM.:443` -> `example.com`, `[::1]:80` -> `::1`; null when it is not a host at all. */
export function hostName(header: string | undefined): string | null {
  if (!header) return null;
  const h = header.trim().toLowerCase();
  let name: string;
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    if (end === -1 || !/^(:\d{1,5})?$/.test(h.slice(end + 1))) return null;
    name = h.slice(1, end);
  } else {
    const m = /^([^:]+)(:\d{1,5})?$/.exec(h);
    if (!m) return null;
    name = m[1]!;
  }
  name = name.replace(/\.$/, '');
  return name !== '' && /^[a-z0-9.:_-]+$/.test(name) ? name : null;
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .map((i) => i?.address.toLowerCase())
    .filter((a): a is string => !!a);
}

export function createHostGuard({ bound, allowed = [] }: HostGuardOptions): (header: string | undefined) => boolean {
  const names = new Set(['localhost', '127.0.0.1', '::1', bound.toLowerCase().replace(/^\[|\]$/g, '')]);
  for (const name of allowed) {
    const n = hostName(name);
    if (n) names.add(n);
  }
  // Bound to every interface: each of this machine's addresses is "the bound address".
  if (isWildcard(bound)) for (const a of interfaceAddresses()) names.add(a);
  return (header) => {
    const name = hostName(header);
    // Loopback literals and *.localhost never resolve elsewhere, so no attacker can rebind them.
    return name !== null && (names.has(name) || isLoopback(name));
  };
}
