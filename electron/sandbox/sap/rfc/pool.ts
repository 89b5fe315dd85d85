// A stand-in for node-rfc's Pool: acquire() hands out open, managed clients; release() resets
// the ABAP session (uncommitted work is lost) and keeps up to `high` connections ready.
import { type RfcClientOptions, type RfcConnectionParameters, SandboxClient, type SandboxServer } from './client';

export interface RfcPoolConfiguration {
  connectionParameters: RfcConnectionParameters;
  clientOptions?: RfcClientOptions;
  poolOptions?: { low?: number; high?: number };
}

export class SandboxPool {
  private readonly readyClients: SandboxClient[] = [];
  private readonly leased = new Set<SandboxClient>();
  private readonly low: number;
  private readonly high: number;

  constructor(private readonly server: SandboxServer, private readonly configuration: RfcPoolConfiguration) {
    if (!configuration?.connectionParameters || Object.keys(configuration.connectionParameters).length === 0) {
      throw new TypeError('Pool configuration parameter missing: connectionParameters');
    }
    this.low = configuration.poolOptions?.low ?? 2;
    this.high = configuration.poolOptions?.high ?? 4;
  }

  get status(): { ready: number; leased: number } {
    return { ready: this.readyClients.length, leased: this.leased.size };
  }

  get poolConfiguration(): RfcPoolConfiguration {
    return this.configuration;
  }

  acquire(): Promise<SandboxClient>;
  acquire(n: number): Promise<SandboxClient[]>;
  async acquire(n?: number): Promise<SandboxClient | SandboxClient[]> {
    const count = n ?? 1;
    const out: SandboxClient[] = [];
    for (let i = 0; i < count; i++) {
      const client = this.readyClients.pop() ?? (await this.openOne());
      this.leased.add(client);
      out.push(client);
    }
    return n === undefined ? out[0]! : out;
  }

  release(client: SandboxClient): Promise<void>;
  release(clients: SandboxClient[]): Promise<void>;
  async release(clients: SandboxClient | SandboxClient[]): Promise<void> {
    for (const c of Array.isArray(clients) ? clients : [clients]) {
      if (!this.leased.delete(c)) throw { name: 'nodeRfcError', message: `Client ${c.id} is not leased from this pool` };
      await c.resetServerContext();
      if (c.alive && this.readyClients.length < this.high) this.readyClients.push(c);
      else c.shutdown();
    }
  }

  async ready(n?: number): Promise<void> {
    const want = n ?? this.low;
    while (this.readyClients.length < want) this.readyClients.push(await this.openOne());
  }

  async cancel(client: SandboxClient): Promise<void> {
    await client.cancel();
  }

  async closeAll(): Promise<void> {
    for (const c of [...this.readyClients, ...this.leased]) c.shutdown();
    this.readyClients.length = 0;
    this.leased.clear();
  }

  private async openOne(): Promise<SandboxClient> {
    const c = new SandboxClient(this.server, this.configuration.connectionParameters, this.configuration.clientOptions);
    c._managed = true;
    await c.logon();
    return c;
  }
}
