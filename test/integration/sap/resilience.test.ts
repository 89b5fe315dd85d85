// SAP's one policy (electron/connectors/sap/resilience.ts): reads retried on a dropped connection and
// on a Gateway's 503 (waiting what Retry-After asks), a posting sent once whatever happens to it, and
// one circuit breaker per SAP system shared by reads and postings, its moves told to the call metrics.
// OData goes through the TCP fault proxy to the SAP simulator's Gateway service; RFC through the
// simulator's RFC module, whose connection is dropped before a call runs.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CircuitOpenError, type Policy, type PolicyOptions } from '../../../electron/resilience';
import { createSapPolicy, createSapSystem, SapCallError, type SapSystem } from '../../../electron/connectors/sap';
import type { SapConfig } from '../../../electron/connectors/sap/config';
import { type SapSandbox, startSapSandbox } from '../../../electron/sandbox/sap';
import { money } from '../../../shared/money';
import { type FiDocument, buildFiDocument, parseGlRules, postingReference } from '../../../shared/posting';
import type { BreakerState, CallOutcome } from '../../../shared/ports/call-metrics';
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
      amount: money(1_234, 'USD'),
      items: [],
      source: { transactionId: txn, invoiceId: '', paymentMethod: 'mastercard' },
    },
    { rules },
  );

const openItems = (r: RequestHead) => r.method === 'GET' && r.path.includes('OpenItems');
const posting = (r: RequestHead) => r.method === 'POST' && r.body.includes('POST AccountingDocuments');

/** A policy on a clock the test moves, recording its waits (and not spending them) and its metrics. */
function recordedPolicy(options: Partial<PolicyOptions> = {}) {
  let now = Date.parse('2026-11-20T10:00:00Z');
  const waits: number[] = [];
  const calls: CallOutcome[] = [];
  const moves: string[] = [];
  const policy = createSapPolicy({
    clock: { now: () => new Date(now) },
    random: () => 0,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    recorder: {
      call: (outcome) => calls.push(outcome),
      breaker: (from: BreakerState, to: BreakerState) => moves.push(`${from}->${to}`),
    },
    ...options,
  });
  return { policy, waits, calls, moves, advance: (ms: number) => (now += ms) };
}

describe('SAP resilience', () => {
  let sandbox: SapSandbox;
  let proxy: FaultProxy;
  const systems: SapSystem[] = [];
  const base = (): Omit<SapConfig, 'transport'> => ({
    rfc: { ashost: 'sandbox', sysnr: '00', client: '100', user: 'CLEARDESK' },
    url: proxy.url,
    client: '100',
    user: 'CLEARDESK',
    password: 's3cret',
    companyCodes: ['1000'],
  });
  const odata = async (policy: Policy): Promise<SapSystem> => {
    const s = await createSapSystem({ ...base(), transport: 'odata' }, { policy, callTimeoutSeconds: 10 });
    systems.push(s);
    return s;
  };
  const rfc = async (policy: Policy): Promise<SapSystem> => {
    const s = await createSapSystem({ ...base(), transport: 'rfc' }, { rfc: sandbox.rfc, policy });
    systems.push(s);
    return s;
  };
  const documentsUnder = (reference: string) =>
    [...sandbox.ledger.documents.values()].filter((d) => d.header.XBLNR === reference);

  beforeAll(async () => {
    sandbox = await startSapSandbox({ seed: testSeed(), users: { CLEARDESK: 's3cret' } });
    proxy = await startFaultProxy({ target: { port: Number(new URL(sandbox.url).port) } });
  });
  afterEach(() => {
    proxy.clear();
    sandbox.rfc.faults.clear();
  });
  afterAll(async () => {
    for (const s of systems) await s.close();
    await proxy?.close();
    await sandbox?.close();
  });

  it('reads through a connection reset (OData): tried again, answered', async () => {
    const r = recordedPolicy();
    const sap = await odata(r.policy);
    proxy.inject({ kind: 'reset-request' }, { match: openItems });
    await expect(sap.getOpenItems('1000')).resolves.toHaveLength(3); // the seed's three invoices of 1000
    expect(proxy.count('reset-request')).toBe(1);
    expect(r.calls).toEqual(['retry']);
    expect(r.policy.circuitState).toBe('closed');
  });

  it('waits what a 503 asks for (Retry-After) before reading again', async () => {
    const r = recordedPolicy();
    const sap = await odata(r.policy);
    proxy.inject({ kind: 'status', status: 503, retryAfterSeconds: 3 }, { times: 2, match: openItems });
    await expect(sap.getOpenItems('1000')).resolves.toHaveLength(3);
    expect(r.waits).toEqual([3_000, 3_000]);
  });

  it('never sends a posting twice: a reset before or after SAP saw it fails the call, once', async () => {
    const r = recordedPolicy();
    const sap = await odata(r.policy);
    const seen = (): number => proxy.events.filter((e) => e.method === 'POST' && e.path.includes('$batch')).length;
    proxy.inject({ kind: 'reset-request' }, { match: posting });
    await expect(sap.postDocument(payment(7001))).rejects.toBeInstanceOf(SapCallError);
    expect(seen()).toBe(1);
    expect(documentsUnder(postingReference(7001, 'payment'))).toHaveLength(0);
    // SAP posts, the answer is lost: still one attempt, and one document; the exactly-once protocol
    // (a lookup of the reference) decides what happened, not a blind second send.
    proxy.inject({ kind: 'reset-response' }, { match: posting });
    await expect(sap.postDocument(payment(7002))).rejects.toBeInstanceOf(SapCallError);
    expect(documentsUnder(postingReference(7002, 'payment'))).toHaveLength(1);
    expect(r.calls).toEqual([]); // nothing tried again
    await expect(sap.findDocumentByReference('1000', postingReference(7002, 'payment'))).resolves.not.toBeNull();
  });

  it('opens one breaker for reads and postings, probes after the cool-down, and tells the metrics', async () => {
    const r = recordedPolicy({ maxAttempts: 2, breaker: { failureThreshold: 3, openMs: 60_000 } });
    const sap = await odata(r.policy);
    proxy.inject({ kind: 'status', status: 503 }, { times: 3, match: openItems });
    await expect(sap.getOpenItems('1000')).rejects.toThrow(/HTTP 503/); // two attempts
    await expect(sap.getOpenItems('1000')).rejects.toThrow(CircuitOpenError); // third fails, the breaker opens
    expect(r.policy.circuitState).toBe('open');
    expect(r.moves).toEqual(['closed->open']);
    // Open: a posting is refused without a request reaching SAP.
    const before = proxy.requests;
    await expect(sap.postDocument(payment(7003))).rejects.toBeInstanceOf(CircuitOpenError);
    expect(proxy.requests).toBe(before);
    expect(documentsUnder(postingReference(7003, 'payment'))).toHaveLength(0);
    expect(r.calls.filter((c) => c === 'rejected')).toHaveLength(2);
    // After the cool-down one probe goes through; SAP answers, the breaker closes.
    r.advance(60_000);
    expect(r.policy.circuitState).toBe('half-open');
    await expect(sap.getOpenItems('1000')).resolves.toBeInstanceOf(Array);
    expect(r.moves).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
  });

  it('reads through a dropped RFC connection (RFC_READ_TABLE), and never repeats BAPI_ACC_DOCUMENT_POST', async () => {
    const r = recordedPolicy();
    const sap = await rfc(r.policy);
    const calls: string[] = [];
    let dropReads = 1;
    let dropPosts = 1;
    sandbox.rfc.faults.hooks = {
      beforeCall: ({ rfm }) => {
        calls.push(rfm);
        if (rfm === 'RFC_READ_TABLE' && dropReads-- > 0) return 'drop';
        if (rfm === 'BAPI_ACC_DOCUMENT_POST' && dropPosts-- > 0) return 'drop';
      },
    };
    await expect(sap.findDocumentByReference('1000', 'NOSUCHREF')).resolves.toBeNull();
    expect(r.calls).toEqual(['retry']);
    calls.length = 0;
    await expect(sap.postDocument(payment(7004))).rejects.toBeInstanceOf(SapCallError);
    expect(calls.filter((c) => c === 'BAPI_ACC_DOCUMENT_POST')).toHaveLength(1);
    expect(r.calls).toEqual(['retry']);
  });
});
