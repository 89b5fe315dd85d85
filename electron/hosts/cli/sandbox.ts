// `cleardesk sandbox paytrace|sap`: a simulator on its own, until Ctrl+C.
import { runPayTraceSandbox } from '../../sandbox/paytrace';
import { runSapSandbox } from '../../sandbox/sap';

export interface SandboxCommandOptions {
  port: number;
  host: string;
  seed: number;
}

export async function runPayTraceSandboxCommand(opts: SandboxCommandOptions): Promise<void> {
  await runPayTraceSandbox({ port: opts.port, host: opts.host, seed: opts.seed });
}

export async function runSapSandboxCommand(opts: SandboxCommandOptions): Promise<void> {
  await runSapSandbox({ port: opts.port, host: opts.host, seed: opts.seed });
}
