// A stand-in for node-rfc's Pool over in-process sandbox clients: release() resets the ABAP
// session (uncommitted work is lost) and keeps up to `high` connections ready.
import { type RfcClientOptions, type RfcConnectionParameters, SandboxClient, type SandboxServer } from './client';
import { ManagedPool, type RfcPoolConfiguration } from './managed-pool';

export type { RfcPoolConfiguration } from './managed-pool';

export class SandboxPool extends ManagedPool<SandboxClient> {
  constructor(
    private readonly server: SandboxServer,
    configuration: RfcPoolConfiguration,
  ) {
    super(configuration);
  }

  protected newClient(parameters: RfcConnectionParameters, options: RfcClientOptions | undefined): SandboxClient {
    return new SandboxClient(this.server, parameters, options);
  }

  protected async takeBack(c: SandboxClient): Promise<void> {
    await c.resetServerContext();
    if (c.alive && this.readyClients.length < this.high) this.readyClients.push(c);
    else c.shutdown();
  }
}
