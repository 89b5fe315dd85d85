// North's simulator with three cases ten days old behind the TCP fault proxy, for the tests of North's client as
// the host composes it (breaker settings, call metrics). `base` keeps each test file's cases apart.
import { seedNorthCases, startNorthSandbox, type RunningNorthSandbox } from '../../../electron/sandbox/north';
import { type FaultProxy, type RequestHead, startFaultProxy } from '../../support/fault-proxy';

/** North's chargebacks read: what the proxy's faults are aimed at. */
export const chargebacks = (r: RequestHead) => r.method === 'GET' && r.path.includes('/chargebacks');

export interface NorthBehindProxy {
  readonly north: RunningNorthSandbox;
  readonly proxy: FaultProxy;
  close(): Promise<void>;
}

export async function northBehindProxy(base: number, seed: number): Promise<NorthBehindProxy> {
  const north = await startNorthSandbox();
  const day = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  north.sim.addCases(
    seedNorthCases(
      [0, 1, 2].map((i) => ({
        transactionId: base + i,
        amount: `${120 + (base % 1000) / 10 + i}.00`,
        currency: 'USD',
        invoice: `INV-${base + i}`,
        date: day,
        brand: 'Visa',
        bin: '411111',
        last4: String(4000 + (base % 1000) + i),
        authCode: `A${seed}${i}`,
      })),
      { seed, count: 3 },
    ),
  );
  const proxy = await startFaultProxy({ target: { port: Number(new URL(north.url).port) } });
  return {
    north,
    proxy,
    async close() {
      await proxy.close();
      await north.close();
    },
  };
}
