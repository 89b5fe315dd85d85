// Retry-After on a 503 (issue 14): the PayTrace client waits what the server asked before its next
// attempt, as it does on a 429, capped by the policy's maxRetryAfterMs. The PayTrace simulator answers
// behind the TCP fault proxy, which sends the 503 with Retry-After; the policy's sleep is recorded
// (and returns at once) so the test reads the waits without spending them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayTraceClient } from '../../../electron/connectors/paytrace';
import { DEMO_USER, type RunningSandbox, startPayTraceSandbox } from '../../../electron/sandbox/paytrace';
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy';

describe('PayTrace honours Retry-After on a 503', () => {
  let sandbox: RunningSandbox;
  let proxy: FaultProxy;
  beforeAll(async () => {
    sandbox = await startPayTraceSandbox({ port: 0, seed: 14 });
    proxy = await startFaultProxy({ target: { port: Number(new URL(sandbox.url).port) } });
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  const clientWith = (waits: number[], maxRetryAfterMs: number) =>
    new PayTraceClient(
      {
        baseUrl: proxy.url,
        username: DEMO_USER.username,
        password: DEMO_USER.password,
        integratorId: 'CLEARDESKTEST',
        timeoutMs: 10_000,
      },
      {
        policyOptions: {
          baseDelayMs: 10,
          maxDelayMs: 10,
          maxRetryAfterMs,
          random: () => 0, // backoff alone would wait 0 ms: any wait is the server's
          sleep: (ms) => {
            waits.push(ms);
            return Promise.resolve();
          },
        },
      },
    );
  const exportCall = { match: (r: { path: string }) => r.path.startsWith('/v1/batches/export') };

  it('waits the seconds a 503 asks for, then reads', async () => {
    const waits: number[] = [];
    const client = clientWith(waits, 30_000);
    proxy.inject({ kind: 'status', status: 503, retryAfterSeconds: 4 }, { times: 2, ...exportCall });
    await expect(client.exportBatches('2026-11-01', '2026-11-02')).resolves.toBeInstanceOf(Array);
    expect(waits).toEqual([4_000, 4_000]);
    expect(proxy.events.filter((e) => e.status === 503)).toHaveLength(2);
  });

  it('never waits longer than the policy allows', async () => {
    const waits: number[] = [];
    const client = clientWith(waits, 1_500);
    proxy.inject({ kind: 'status', status: 503, retryAfterSeconds: 3_600 }, exportCall);
    await expect(client.exportBatches('2026-11-01', '2026-11-02')).resolves.toBeInstanceOf(Array);
    expect(waits).toEqual([1_500]);
  });
});
