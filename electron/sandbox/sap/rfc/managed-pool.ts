// node-rfc's Pool, whatever the client talks to: acquire() hands out open, managed clients;
// release() gives them back for the subclass to reset and keep (up to `high`) or shut down.
// Imports no client, so a process without the sandbox ledger can use it.
import type { RfcClientOptions, RfcConnectionParameters } from './client';

export interface RfcPoolConfiguration {
  connectionParameters: RfcConnectionParameters;
  clientOptions?: RfcClientOptions;
  poolOptions?: { low?: number; high?: number };
}

export interface PooledClient {
  readonly id: number;
  /** @internal set by the pool */
  _managed: boolean;
  logon(): Promise<unknown>;
  cancel(): Promise<void>;
  shutdown(): void | Promise<void>;
}

export abstract class ManagedPool<C extends PooledClient> {
  protected readonly readyClients: C[] = [];
  private readonly leased = new Set<C>();
  private readonly low: number;
  protected readonly high: number;

  constructor(private readonly configuration: RfcPoolConfiguration) {
    if (!configuration?.connectionParameters || Object.keys(configuration.connectionParameters).length === 0) {
      throw new TypeError('Pool configuration parameter missing: connectionParameters');
    }
    this.low = configuration.poolOptions?.low ?? 2;
    this.high = configuration.poolOptions?.high ?? 4;
  }

  /** A new, not yet opened client for this pool's connection parameters. */
  protected abstract newClient(parameters: RfcConnectionParameters, options: RfcClientOptions | undefined): C;
  /** A client back from its lease: reset its session and keep it ready, or shut it down. */
  protected abstract takeBack(client: C): Promise<void>;

  get status(): { ready: number; leased: number } {
    return { ready: this.readyClients.length, leased: this.leased.size };
  }

  get poolConfiguration(): RfcPoolConfiguration {
    return this.configuration;
  }

  acquire(): Promise<C>;
  acquire(n: number): Promise<C[]>;
  async acquire(n?: number): Promise<C | C[]> {
    const out: C[] = [];
    for (let i = 0; i < (n ?? 1); i++) {
      const client = this.readyClients.pop() ?? (await this.openOne());
      this.leased.add(client);
      out.push(client);
    }
    return n === undefined ? out[0]! : out;
  }

  release(client: C): Promise<void>;
  release(clients: C[]): Promise<void>;
  async release(clients: C | C[]): Promise<void> {
    for (const c of Array.isArray(clients) ? clients : [clients]) {
      if (!this.leased.delete(c))
        throw { name: 'nodeRfcError', message: `Client ${c.id} is not leased from this pool` };
      await this.takeBack(c);
    }
  }

  async ready(n?: number): Promise<void> {
    const want = n ?? this.low;
    while (this.readyClients.length < want) this.readyClients.push(await this.openOne());
  }

  async cancel(client: C): Promise<void> {
    await client.cancel();
  }

  async closeAll(): Promise<void> {
    const all = [...this.readyClients, ...this.leased];
    this.readyClients.length = 0;
    this.leased.clear();
    await Promise.all(all.map((c) => c.shutdown()));
  }

  private async openOne(): Promise<C> {
    const c = this.newClient(this.configuration.connectionParameters, this.configuration.clientOptions);
    c._managed = true;
    await c.logon();
    return c;
  }
}
