// The part of node-rfc's API ClearDesk uses, so the real module and the sandbox's stand-in are
// interchangeable, and the lazy loader that turns a missing SAP NW RFC SDK into advice.
import { SapSdkMissingError } from '../errors';

export type RfcConnectionParameters = Record<string, string>;

export interface RfcClientLike {
  readonly alive: boolean;
  readonly id: number;
  open(): Promise<unknown>;
  close(): Promise<unknown>;
  ping(): Promise<boolean>;
  call(
    rfmName: string,
    params: Record<string, unknown>,
    options?: { timeout?: number },
  ): Promise<Record<string, unknown>>;
}

export interface RfcPoolLike {
  acquire(): Promise<RfcClientLike>;
  release(client: RfcClientLike): Promise<unknown>;
  readonly status: { ready: number; leased: number };
  closeAll?(): Promise<unknown>;
}

/** node-rfc's module shape: `{ Client, Pool }`. */
export interface NodeRfcModule {
  Client: new (connectionParameters: RfcConnectionParameters, clientOptions?: Record<string, unknown>) => RfcClientLike;
  Pool: new (configuration: {
    connectionParameters: RfcConnectionParameters;
    clientOptions?: Record<string, unknown>;
    poolOptions?: { low?: number; high?: number };
  }) => RfcPoolLike;
}

let cached: Promise<NodeRfcModule> | null = null;

/** Loads node-rfc on first use. Without the SDK, rejects with SapSdkMissingError. */
export function loadNodeRfc(
  importer: () => Promise<unknown> = () => import('node-rfc' as string),
): Promise<NodeRfcModule> {
  cached ??= importer().then(
    (m) => {
      const mod = ((m as { default?: unknown }).default ?? m) as Partial<NodeRfcModule>;
      if (typeof mod.Client !== 'function' || typeof mod.Pool !== 'function')
        throw new SapSdkMissingError(new Error('node-rfc did not export Client and Pool'));
      return mod as NodeRfcModule;
    },
    (e: unknown) => {
      cached = null;
      throw new SapSdkMissingError(e);
    },
  );
  return cached;
}
