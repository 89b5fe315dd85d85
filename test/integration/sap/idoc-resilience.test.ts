// The IDoc XML port's posting request under SAP's one policy (electron/connectors/sap/resilience-call.ts), like
// RFC's and OData's postings: SAP's open breaker refuses an IDoc posting before anything is sent; a refused
// connection (nothing reached SAP) is tried again and the IDoc posts once; a connection reset after the port took
// the IDoc is not sent again (one request, one document), counts against the breaker, and what SAP did is read
// from the IDoc's status (53, with the document key), as the exactly-once protocol's lookup reads it.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createSapPolicy,
  createSapSystem,
  IdocSapSystem,
  type ODataSapSystem,
  SapCallError,
  type SapSystem,
} from '../../../electron/connectors/sap';
import type { SapConfig } from '../../../electron/connectors/sap/config';
import { CircuitOpenError, type PolicyOptions } from '../../../electron/resilience';
import { type SapSandbox, startSapSandbox } from '../../../electron/sandbox/sap';
import { money } from '../../../shared/money';
import { type FiDocument, buildFiDocument, parseGlRules, postingReference } from '../../../shared/posting';
import glRules from '../../../resources/gl-rules.json';
import { type FaultProxy, type RequestHead, startFaultProxy } from '../../support/fault-proxy';
import { testSeed } from './fixture';

const rules = parseGlRules(glRules);
const payment = (txn: number): FiDocument =>
  buildFiDocument(
    {
      kind: 'payment',
      companyCode: '1000',
      documentDate: '2026-11-20',
      postingDate: '2026-11-20',
      reference: postingReference(txn, 'payment'),
      customer: '0000100002',
      amount: money(2_345, 'USD'),
      items: [],
      source: { transactionId: txn, invoiceId: '', paymentMethod: 'visa' },
    },
    { rules },
  );

const xmlPort = (r: RequestHead) => r.method === 'POST' && r.path.includes('/sap/bc/idoc_xml');
const openItems = (r: RequestHead) => r.method === 'GET' && r.path.includes('OpenItems');

/** A TCP forwarder to SAP on a port of its own that can be closed (a connection to it is refused) and opened again. */
async function switchablePort(target: number) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let connections = 0;
  const open = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const s = createServer((client) => {
        connections += 1;
        const upstream = connect(target, '127.0.0.1');
        for (const sock of [client, upstream]) {
          sockets.add(sock);
          sock.on('close', () => sockets.delete(sock));
          sock.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve((s.address() as { port: number }).port));
      server = s;
    });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (server) server.close(() => resolve());
      else resolve();
      server = null;
    });
  const port = await open(0);
  await close();
  return {
    url: `http://127.0.0.1:${port}`,
    open: () => open(port),
    close,
    get connections() {
      return connections;
    },
  };
}

describe('the IDoc XML port under SAP’s policy', () => {
  let sandbox: SapSandbox;
  let proxy: FaultProxy;
  const systems: SapSystem[] = [];
  const base = (): SapConfig => ({
    transport: 'idoc',
    rfc: { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK' },
    url: proxy.url,
    client: '100',
    user: 'CLEARDESK',
    password: 's3cret',
    companyCodes: ['1000'],
  });
  const documentsUnder = (reference: string) =>
    [...sandbox.ledger.documents.values()].filter((d) => d.header.XBLNR === reference);

  /** SAP's policy on a clock the test moves; its waits not spent, but told. */
  function policyOn(options: Partial<PolicyOptions> = {}) {
    let now = Date.parse('2026-11-20T10:00:00Z');
    const waits: number[] = [];
    let onSleep: () => Promise<void> = () => Promise.resolve();
    const policy = createSapPolicy({
      clock: { now: () => new Date(now) },
      random: () => 0,
      sleep: async (ms) => {
        waits.push(ms);
        await onSleep();
      },
      ...options,
    });
    return {
      policy,
      waits,
      advance: (ms: number) => (now += ms),
      whenSleeping: (fn: () => Promise<void>) => (onSleep = fn),
    };
  }

  beforeAll(async () => {
    sandbox = await startSapSandbox({ seed: testSeed(), users: { CLEARDESK: 's3cret' } });
    proxy = await startFaultProxy({ target: { port: Number(new URL(sandbox.url).port) } });
  });
  afterEach(() => proxy.clear());
  afterAll(async () => {
    for (const s of systems) await s.close();
    await proxy?.close();
    await sandbox?.close();
  });

  it('is refused without a request while SAP’s breaker is open', async () => {
    const p = policyOn({ maxAttempts: 1, breaker: { failureThreshold: 2, openMs: 30_000 } });
    const idoc = await createSapSystem(base(), { policy: p.policy, idoc: { pollMs: 20, statusTimeoutMs: 2000 } });
    systems.push(idoc);
    proxy.inject({ kind: 'status', status: 503 }, { times: 2, match: openItems });
    await expect(idoc.getOpenItems('1000')).rejects.toThrow(/HTTP 503/);
    await expect(idoc.getOpenItems('1000')).rejects.toThrow(/HTTP 503/);
    expect(p.policy.circuitState).toBe('open');
    const seen = proxy.requests;
    const ref = postingReference(8101, 'payment');
    await expect(idoc.postDocument(payment(8101))).rejects.toBeInstanceOf(CircuitOpenError);
    expect(proxy.requests).toBe(seen); // neither the status read nor the XML port saw a request
    expect(documentsUnder(ref)).toHaveLength(0);
    expect(sandbox.ledger.idocs.byReference(ref)).toEqual([]); // no IDoc reached SAP
    p.advance(30_000);
  });

  it('sends again when the port refused the connection (nothing reached SAP): one IDoc, posted once', async () => {
    const p = policyOn();
    const port = await switchablePort(Number(new URL(sandbox.url).port));
    const companion = (await createSapSystem(
      { ...base(), transport: 'odata' },
      { policy: p.policy },
    )) as ODataSapSystem;
    const idoc = new IdocSapSystem({
      url: port.url,
      user: 'CLEARDESK',
      password: 's3cret',
      client: '100',
      companion,
      pollMs: 20,
      statusTimeoutMs: 2000,
      partners: { MANDT: '100', SNDPRN: 'CLEARDESK', SNDPOR: 'CLEARDESK', RCVPRN: 'ECCCLNT100', RCVPOR: 'SAPECC' },
    });
    systems.push(idoc);
    // The port is down at the first attempt and back before the second.
    p.whenSleeping(async () => {
      await port.open();
    });
    try {
      const ref = postingReference(8102, 'payment');
      const posted = await idoc.postDocument(payment(8102));
      expect(posted).toMatchObject({ ok: true, idoc: { status: '53' } });
      expect(p.waits).toHaveLength(1); // tried again once
      expect(port.connections).toBe(1); // the refused attempt never connected
      expect(documentsUnder(ref)).toHaveLength(1);
      expect(sandbox.ledger.idocs.byReference(ref)).toHaveLength(1);
      expect(p.policy.circuitState).toBe('closed');
    } finally {
      await port.close();
    }
  });

  it('does not send again after a reset once the port took the IDoc; the IDoc status tells it was posted', async () => {
    const p = policyOn({ breaker: { failureThreshold: 1, openMs: 30_000 } });
    const idoc = await createSapSystem(base(), { policy: p.policy, idoc: { pollMs: 20, statusTimeoutMs: 2000 } });
    systems.push(idoc);
    const ref = postingReference(8103, 'payment');
    const sent = () => proxy.events.filter((e) => e.path.includes('/sap/bc/idoc_xml')).length;
    proxy.inject({ kind: 'reset-response' }, { match: xmlPort });
    const error = await idoc.postDocument(payment(8103)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SapCallError);
    expect((error as SapCallError).communication).toBe(true); // outcome unknown: for the lookup to say
    expect((error as SapCallError).notSent).toBe(false);
    expect(sent()).toBe(1);
    expect(p.waits).toEqual([]); // not tried again
    expect(documentsUnder(ref)).toHaveLength(1); // SAP took and posted it once
    expect(sandbox.ledger.idocs.byReference(ref)).toHaveLength(1);
    // The failure counted against SAP's breaker (one failure opens it here).
    expect(p.policy.circuitState).toBe('open');
    p.advance(30_000);
    // The exactly-once protocol's lookup: the IDoc's status, 53 with the document key.
    const found = (await idoc.referencesInSap!('1000', [ref])).get(ref);
    expect(found).toMatchObject({ state: 'posted', idoc: { status: '53' } });
    expect(found?.state === 'posted' && found.key.BELNR).toBe(documentsUnder(ref)[0]!.header.BELNR);
    expect(sent()).toBe(1);
    expect(p.policy.circuitState).toBe('closed');
  });
});
