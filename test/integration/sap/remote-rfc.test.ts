// The sandbox's RFC functions over a real TCP connection: one connection = one SAP session, so a
// socket that closes between POST and COMMIT takes the uncommitted document with it; concurrent
// sessions are independent; errors keep node-rfc's shape; the fault knobs reach remote sessions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSapPolicy } from '../../../electron/connectors/sap/resilience';
import { createRfcSapSystem, type RfcSapSystem } from '../../../electron/connectors/sap/rfc/rfc-system';
import { SapLedger } from '../../../electron/sandbox/sap/ledger';
import { createSandboxRfc, type SandboxRfc } from '../../../electron/sandbox/sap/rfc';
import {
  type RemoteRfc,
  type RemoteRfcServer,
  createRemoteRfc,
  startRemoteRfcServer,
} from '../../../electron/sandbox/sap/rfc/remote';
import { seedLedger } from '../../../electron/sandbox/sap/seed';
import { money } from '../../../shared/money';
import { type FiDocument, buildFiDocument, parseGlRules, postingReference } from '../../../shared/posting';
import glRules from '../../../resources/gl-rules.json';
import { testSeed } from './fixture';

const rules = parseGlRules(glRules);
const connection = { ashost: '127.0.0.1', sysnr: '00', client: '100', user: 'CLEARDESK', passwd: 'secret', lang: 'EN' };
const SEEDED = 5;

function payment(txn: number, amount = 5000): FiDocument {
  return buildFiDocument(
    {
      kind: 'payment',
      companyCode: '1000',
      documentDate: '2026-11-20',
      postingDate: '2026-11-20',
      reference: postingReference(txn, 'payment'),
      customer: '0000100001',
      amount: money(amount, 'USD'),
      items: [],
      source: { transactionId: txn, invoiceId: '', paymentMethod: 'visa' },
    },
    { rules },
  );
}

const COMMUNICATION_FAILURE = {
  name: 'RfcLibError',
  code: 1,
  codeString: 'RFC_COMMUNICATION_FAILURE',
  key: 'RFC_COMMUNICATION_FAILURE',
};

describe('RFC over a loopback TCP connection', () => {
  let ledger: SapLedger;
  let sandbox: SandboxRfc;
  let server: RemoteRfcServer;
  let remotes: RemoteRfc[];
  let systems: RfcSapSystem[];

  /** A fresh node-rfc module, as another process would have: its own pool, its own connections. */
  const process = (): { rfc: RemoteRfc; sap: RfcSapSystem } => {
    const rfc = createRemoteRfc({ port: server.port });
    const sap = createRfcSapSystem(rfc, connection, { today: () => '2026-11-25' });
    remotes.push(rfc);
    systems.push(sap);
    return { rfc, sap };
  };

  beforeEach(async () => {
    ledger = new SapLedger();
    seedLedger(ledger, testSeed());
    sandbox = createSandboxRfc(ledger, { users: { CLEARDESK: 'secret' } });
    server = await startRemoteRfcServer(sandbox);
    remotes = [];
    systems = [];
  });

  afterEach(async () => {
    await Promise.all(systems.map((s) => s.close()));
    await server.close();
  });

  it('posts and commits through the connector; another connection finds it by its reference', async () => {
    const a = process();
    const b = process();
    const result = await a.sap.postDocument(payment(2001, 10000), { check: true });
    expect(result).toMatchObject({ ok: true, key: { BELNR: '1400000001', BUKRS: '1000', GJAHR: '2026' } });
    expect(await b.sap.findDocumentByReference('1000', 'PT2001P')).toEqual({
      BELNR: '1400000001',
      BUKRS: '1000',
      GJAHR: '2026',
    });
    expect(ledger.findByReference('1000', 'PT2001P')).toHaveLength(1);
    const items = await b.sap.getOpenItems('1000', '0000100001');
    expect(items.find((i) => i.reference === 'PT2001P')!.amount).toEqual({ minor: -10000, currency: 'USD' });
  });

  it('a direct client starts closed, reports its session, and refuses calls once closed', async () => {
    const { rfc } = process();
    const client = new rfc.Client(connection);
    expect(client.alive).toBe(false);
    await expect(client.call('RFC_PING', {})).rejects.toMatchObject({ name: 'nodeRfcError' });
    await client.open();
    expect(client.alive).toBe(true);
    expect(client.connectionInfo).toMatchObject({ sysId: 'ECC', client: '100', user: 'CLEARDESK' });
    expect(client.connectionHandle).toBeGreaterThan(0);
    expect(await client.ping()).toBe(true);
    expect(server.sessionCount).toBe(1);
    await client.close();
    expect(client.alive).toBe(false);
    await expect(client.call('RFC_PING', {})).rejects.toEqual({
      name: 'nodeRfcError',
      message: 'RFM client request over closed connection: call() RFC_PING',
    });
    expect(() => new rfc.Client({})).toThrow(TypeError);
  });

  it('keeps node-rfc error objects: logon failure, RFC_INVALID_PARAMETER, unknown function', async () => {
    const { rfc } = process();
    await expect(new rfc.Client({ ...connection, passwd: 'wrong' }).open()).rejects.toEqual({
      name: 'RfcLibError',
      group: 3,
      code: 2,
      codeString: 'RFC_LOGON_FAILURE',
      key: 'RFC_LOGON_FAILURE',
      message: 'Name or password is incorrect (repeat logon)',
    });
    const client = new rfc.Client(connection);
    await client.open();
    const doc = payment(2002);
    await expect(
      client.call('BAPI_ACC_DOCUMENT_POST', { ...doc, DOCUMENTHEADER: { ...doc.DOCUMENTHEADER, PARTIAL_REV: 'X' } }),
    ).rejects.toEqual({
      name: 'RfcLibError',
      group: 5,
      code: 20,
      codeString: 'RFC_INVALID_PARAMETER',
      key: 'RFC_INVALID_PARAMETER',
      message: "field 'PARTIAL_REV' not found",
    });
    await expect(client.call('Z_DOES_NOT_EXIST', {})).rejects.toMatchObject({ name: 'ABAPError', key: 'FU_NOT_FOUND' });
    expect(await client.ping()).toBe(true);
    await client.close();
  });

  it('a socket closed between POST and COMMIT leaves nothing; the next call runs on a new, empty session', async () => {
    const { rfc } = process();
    const client = new rfc.Client(connection);
    await client.open();
    const before = client.connectionHandle;
    const posted = await client.call('BAPI_ACC_DOCUMENT_POST', { ...payment(2003) });
    expect((posted.RETURN as { NUMBER: string }[])[0]!.NUMBER).toBe('605');
    client.dropConnection();
    // node-rfc re-opens after a communication failure: the commit runs, on a session with no work
    const commit = await client.call('BAPI_TRANSACTION_COMMIT', { WAIT: 'X' });
    expect(commit.RETURN).toMatchObject({ TYPE: '' });
    expect(client.connectionHandle).not.toBe(before);
    expect(ledger.findByReference('1000', 'PT2003P')).toHaveLength(0);
    await client.close();
  });

  it('a broken socket rejects the pending call with RFC_COMMUNICATION_FAILURE', async () => {
    const { rfc } = process();
    sandbox.faults.latencyMs = 200;
    const client = new rfc.Client(connection);
    await client.open();
    const pending = client.call('RFC_PING', {});
    setTimeout(() => server.dropAllConnections(), 30);
    await expect(pending).rejects.toMatchObject(COMMUNICATION_FAILURE);
    sandbox.faults.latencyMs = 0;
    expect(await client.ping()).toBe(true);
    await client.close();
  });

  it('a call that outlives its timeout is canceled and its session ends', async () => {
    const { rfc } = process();
    const client = new rfc.Client(connection);
    await client.open();
    await client.call('BAPI_ACC_DOCUMENT_POST', { ...payment(2004) }, { timeout: 10 });
    sandbox.faults.latencyMs = 400;
    await expect(client.call('RFC_PING', {}, { timeout: 0.1 })).rejects.toMatchObject({
      code: 7,
      codeString: 'RFC_CANCELED',
    });
    sandbox.faults.latencyMs = 0;
    await client.call('BAPI_TRANSACTION_COMMIT', { WAIT: 'X' });
    expect(ledger.findByReference('1000', 'PT2004P')).toHaveLength(0);
    await client.close();
  });

  it('concurrent sessions are independent: a COMMIT commits its own session only, a drop loses only its own', async () => {
    const { rfc } = process();
    const [a, b, c] = [new rfc.Client(connection), new rfc.Client(connection), new rfc.Client(connection)];
    await Promise.all([a.open(), b.open(), c.open()]);
    expect(server.sessionCount).toBe(3);
    await Promise.all([
      a.call('BAPI_ACC_DOCUMENT_POST', { ...payment(2005) }),
      b.call('BAPI_ACC_DOCUMENT_POST', { ...payment(2006) }),
      c.call('BAPI_ACC_DOCUMENT_POST', { ...payment(2007) }),
    ]);
    await b.call('BAPI_TRANSACTION_COMMIT', { WAIT: 'X' });
    expect(ledger.findByReference('1000', 'PT2005P')).toHaveLength(0);
    expect(ledger.findByReference('1000', 'PT2006P')).toHaveLength(1);
    c.dropConnection();
    await a.call('BAPI_TRANSACTION_COMMIT', { WAIT: 'X' });
    await c.call('BAPI_TRANSACTION_COMMIT', { WAIT: 'X' });
    expect(ledger.findByReference('1000', 'PT2005P')).toHaveLength(1);
    expect(ledger.findByReference('1000', 'PT2007P')).toHaveLength(0);
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('many connections posting at once each post exactly their own documents', async () => {
    const procs = [process(), process(), process(), process()];
    const results = await Promise.all(
      procs.flatMap((p, i) => [0, 1, 2].map((k) => p.sap.postDocument(payment(2100 + i * 10 + k)))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const belnrs = results.map((r) => (r.ok ? r.key.BELNR : ''));
    expect(new Set(belnrs).size).toBe(12);
    expect(ledger.documents.size).toBe(SEEDED + 12);
  });

  it("the sandbox's shared drop points break the remote session they hit, nothing else", async () => {
    const a = process();
    const b = process();
    sandbox.faults.dropAt('before-commit');
    await expect(a.sap.postDocument(payment(2201))).rejects.toMatchObject({
      name: 'SapCallError',
      communication: true,
      rfc: COMMUNICATION_FAILURE,
    });
    expect(await b.sap.findDocumentByReference('1000', 'PT2201P')).toBeNull();
    sandbox.faults.dropAt('post-before-return');
    await expect(a.sap.postDocument(payment(2202))).rejects.toMatchObject({ communication: true });
    expect(await b.sap.findDocumentByReference('1000', 'PT2202P')).toBeNull();
    sandbox.faults.dropAt('after-commit');
    await expect(a.sap.postDocument(payment(2203))).rejects.toMatchObject({ communication: true });
    // (the lost POSTs drew numbers too: SAP's number ranges have gaps as well)
    expect(await b.sap.findDocumentByReference('1000', 'PT2203P')).toEqual({
      BELNR: ledger.findByReference('1000', 'PT2203P')[0]!.header.BELNR,
      BUKRS: '1000',
      GJAHR: '2026',
    });
    // after the drops, the same pool posts normally again
    expect(await a.sap.postDocument(payment(2204))).toMatchObject({ ok: true });
  });

  it('fault knobs are reachable from the remote side: per session, and server-wide over a control connection', async () => {
    const { rfc, sap } = process();
    const a = new rfc.Client(connection);
    const b = new rfc.Client(connection);
    await Promise.all([a.open(), b.open()]);
    await a.dropAt('before-commit');
    await Promise.all([
      a.call('BAPI_ACC_DOCUMENT_POST', { ...payment(2301) }),
      b.call('BAPI_ACC_DOCUMENT_POST', { ...payment(2302) }),
    ]);
    await b.call('BAPI_TRANSACTION_COMMIT', { WAIT: 'X' }); // armed on a's session: b is not affected
    await expect(a.call('BAPI_TRANSACTION_COMMIT', { WAIT: 'X' })).rejects.toMatchObject(COMMUNICATION_FAILURE);
    expect(ledger.findByReference('1000', 'PT2301P')).toHaveLength(0);
    expect(ledger.findByReference('1000', 'PT2302P')).toHaveLength(1);
    await rfc.faults.dropAt('after-commit');
    await expect(sap.postDocument(payment(2303))).rejects.toMatchObject({ communication: true });
    expect(ledger.findByReference('1000', 'PT2303P')).toHaveLength(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('server-side hooks see remote calls with a client id per session', async () => {
    const { sap } = process();
    const seen: string[] = [];
    const sessions = new Set<number>();
    sandbox.faults.hooks = {
      beforeCall: (c) => {
        seen.push(c.rfm);
        sessions.add(c.clientId);
      },
    };
    await sap.postDocument(payment(2401));
    expect(seen).toEqual(['BAPI_ACC_DOCUMENT_POST', 'BAPI_TRANSACTION_COMMIT']);
    expect(sessions.size).toBe(1);
  });

  /** A connector under SAP's policy, its waits not spent but counted (and `onWait` run in them). */
  const underPolicy = (onWait: () => Promise<void> = async () => undefined) => {
    const waits: number[] = [];
    const policy = createSapPolicy({
      random: () => 0,
      sleep: async (ms) => {
        waits.push(ms);
        await onWait();
      },
    });
    const rfc = createRemoteRfc({ port: server.port });
    const sap = createRfcSapSystem(rfc, connection, { today: () => '2026-11-25', policy });
    remotes.push(rfc);
    systems.push(sap);
    return { sap, waits };
  };

  it('a posting that could not open its connection is sent again once SAP answers: posted once', async () => {
    const port = server.port;
    const { sap, waits } = underPolicy(async () => {
      server = await startRemoteRfcServer(sandbox, { port });
    });
    await server.close();
    const posted = await sap.postDocument(payment(2501));
    expect(posted.ok).toBe(true);
    expect(waits).toHaveLength(1);
    expect(ledger.findByReference('1000', 'PT2501P')).toHaveLength(1);
  });

  it('a posting whose check lost its connection is sent again: nothing of it had reached SAP', async () => {
    const { sap, waits } = underPolicy();
    let checks = 0;
    sandbox.faults.hooks = {
      beforeCall: ({ rfm }) => (rfm === 'BAPI_ACC_DOCUMENT_CHECK' && checks++ === 0 ? 'drop' : undefined),
    };
    const posted = await sap.postDocument(payment(2502), { check: true });
    expect(posted.ok).toBe(true);
    expect([checks, waits.length]).toEqual([2, 1]);
    expect(ledger.findByReference('1000', 'PT2502P')).toHaveLength(1);
  });

  it('a posting whose connection broke after POST was sent is not sent again: the reference lookup decides', async () => {
    const { sap, waits } = underPolicy();
    sandbox.faults.dropAt('before-commit');
    await expect(sap.postDocument(payment(2503))).rejects.toMatchObject({ communication: true, notSent: false });
    expect(waits).toHaveLength(0);
    expect(ledger.findByReference('1000', 'PT2503P')).toHaveLength(0);
  });

  it('an unreachable server is a communication failure, like an SAP host that is down', async () => {
    const { rfc } = process();
    await server.close();
    await expect(new rfc.Client(connection).open()).rejects.toMatchObject(COMMUNICATION_FAILURE);
    server = await startRemoteRfcServer(sandbox);
  });
});
