// What `cleardesk sandbox paytrace --port N --seed S` runs: a simulator with a demo day in it.
import { DEMO_USER } from './simulator';
import { generateBusinessDay } from './demo-day';
import { type RunningSandbox, startPayTraceSandbox } from './server';
import type { FaultUpdate } from './faults';

export interface RunSandboxOptions {
  port?: number | string;
  host?: string;
  seed?: number | string;
  /** Demo transactions to seed for yesterday (PayTrace local date); 0 for an empty gateway. */
  transactions?: number | string;
  faults?: FaultUpdate;
  log?: (line: string) => void;
}

/** Starts the sandbox, seeds a demo day, prints how to connect, and keeps running until closed. */
export async function runPayTraceSandbox(o: RunSandboxOptions = {}): Promise<RunningSandbox> {
  const log = o.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const seed = Number(o.seed ?? 1);
  const port = Number(o.port ?? 8790);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${String(o.seed)}`);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${String(o.port)}`);
  const sandbox = await startPayTraceSandbox({
    port,
    host: o.host ?? '127.0.0.1',
    seed,
    users: [DEMO_USER],
    ...(o.faults ? { faults: o.faults } : {}),
  });
  const count = Number(o.transactions ?? 200);
  if (count > 0) {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    for (const op of generateBusinessDay({ seed, date: yesterday, transactions: count, settlements: ['12:00'] }))
      sandbox.sim.apply(op);
    sandbox.sim.now();
  }
  log(
    `PayTrace sandbox listening on ${sandbox.url} (seed ${seed}, ${sandbox.sim.ledger.transactions.size} transactions, ${sandbox.sim.ledger.batches.length} batches)`,
  );
  log(`  API user: ${DEMO_USER.username}   password: ${DEMO_USER.password}   integrator id: any`);
  log(
    `  faults:   POST ${sandbox.url}/_sandbox/faults  e.g. {"errorRates":{"503":0.1},"throttleNext":3,"resetRate":0.05}`,
  );
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return sandbox;
}
