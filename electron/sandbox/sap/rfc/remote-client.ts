// node-rfc's Client and Pool over the sandbox's RFC server (remote-server.ts), for a process other
// than the one holding the ledger. One open client is one TCP connection is one SAP session.
// Semantics follow node-rfc (reference §1.3–1.6): a direct client starts closed; errors are plain
// objects; a broken connection rejects pending calls with RFC_COMMUNICATION_FAILURE and the next
// call re-opens a new, empty session; a call timeout cancels the session (RFC_CANCELED).
import { type Socket, connect } from 'node:net';
import { canceled, closedConnection, communicationFailure } from '../rfc-errors';
import type { RfcCallOptions, RfcClientOptions, RfcConnectionParameters } from './client';
import { clientConfig, type ClientConfig } from './client-config';
import type { FaultPoint } from './faults';
import { ManagedPool, type RfcPoolConfiguration } from './managed-pool';
import {
  type ClientFrame,
  type FaultControl,
  type OpenResult,
  type ServerFrame,
  encodeFrame,
  lineSplitter,
} from './remote-protocol';

export interface RemoteRfcAddress {
  host?: string;
  port: number;
}

export interface RemoteCallInfo {
  readonly rfm: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly clientId: number;
}

export interface RemoteRfcOptions {
  /** Client-side hooks: the caller's view, before a call leaves this process. */
  hooks?: { beforeCall?(call: RemoteCallInfo): void | Promise<void> };
}

type Frame<T = ClientFrame> = T extends ClientFrame ? Omit<T, 'id'> : never;

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer?: NodeJS.Timeout;
}

interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly hooks: NonNullable<RemoteRfcOptions['hooks']>;
  nextId(): number;
  readonly clients: Set<RemoteClient>;
}

/** One TCP connection: frames out, answers matched by id; a close fails whatever is pending. */
class Connection {
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private closed = false;

  private constructor(
    private readonly socket: Socket,
    private readonly onBroken: () => void,
  ) {
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    socket.on(
      'data',
      lineSplitter((line) => this.receive(line)),
    );
    socket.on('error', () => undefined); // 'close' follows
    socket.on('close', () => this.fail(communicationFailure('Connection closed by peer')));
  }

  static open(endpoint: Endpoint, onBroken: () => void): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: endpoint.host, port: endpoint.port });
      const refused = (e: Error & { code?: string }): void =>
        reject(communicationFailure(`connect to ${endpoint.host}:${endpoint.port} failed: ${e.code ?? e.message}`));
      socket.once('error', refused);
      socket.once('connect', () => {
        socket.off('error', refused);
        resolve(new Connection(socket, onBroken));
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  send(frame: Frame, timeoutMs = 0): Promise<unknown> {
    if (this.closed) return Promise.reject(communicationFailure('Connection closed by peer'));
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const p: Pending = { resolve, reject };
      if (timeoutMs > 0) {
        p.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(canceled());
          this.destroy(canceled()); // node-rfc cancels the call: the session ends
        }, timeoutMs);
      }
      this.pending.set(id, p);
      this.socket.write(encodeFrame({ ...frame, id } as ClientFrame));
    });
  }

  /** Closes the connection; pending calls fail with `error`. */
  destroy(error: unknown = communicationFailure('Connection closed by peer')): void {
    this.fail(error);
    this.socket.destroy();
  }

  private receive(line: string): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(line) as ServerFrame;
    } catch {
      this.destroy(communicationFailure('Garbled answer from partner'));
      return;
    }
    const p = this.pending.get(frame.id);
    if (!p) return;
    this.pending.delete(frame.id);
    if (p.timer) clearTimeout(p.timer);
    if (frame.ok) p.resolve(frame.result);
    else p.reject(frame.error);
  }

  private fail(error: unknown): void {
    const first = !this.closed;
    this.closed = true;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      if (p.timer) clearTimeout(p.timer);
      p.reject(error);
    }
    if (first) this.onBroken();
  }
}

export class RemoteClient {
  private _alive = false;
  private _handle = 0;
  private readonly _id: number;
  private info: Record<string, string> = {};
  private connection: Connection | null = null;
  private connecting: Promise<Connection> | null = null;
  /** @internal set by the pool */
  _managed = false;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly parameters: RfcConnectionParameters,
    private readonly options: RfcClientOptions = {},
  ) {
    if (!parameters || Object.keys(parameters).length === 0)
      throw new TypeError('Client connection parameters missing');
    this._id = endpoint.nextId();
  }

  get id(): number {
    return this._id;
  }
  get alive(): boolean {
    return this._alive;
  }
  get connectionHandle(): number {
    return this._handle;
  }
  get connectionInfo(): Record<string, string> {
    return { ...this.info };
  }
  get config(): ClientConfig {
    return clientConfig(this.parameters, this.options);
  }

  open(): Promise<this> {
    if (this._managed) return Promise.reject(closedConnection('open() not allowed on a pool-managed client'));
    return this.logon();
  }

  connect(): Promise<this> {
    return this.open();
  }

  /** @internal used by the pool */
  async logon(): Promise<this> {
    if (this._alive && this.connection?.isOpen) return this;
    await this.session();
    this._alive = true;
    this.endpoint.clients.add(this);
    return this;
  }

  async close(): Promise<void> {
    if (this._managed) throw closedConnection('close() not allowed on a pool-managed client');
    await this.shutdown();
  }

  /** @internal */
  async shutdown(): Promise<void> {
    this._alive = false;
    this.endpoint.clients.delete(this);
    const c = this.connection;
    this.connection = null;
    if (c?.isOpen) {
      await c.send({ op: 'close' }, 2000).catch(() => undefined);
      c.destroy(closedConnection('close()'));
    }
  }

  async ping(): Promise<boolean> {
    if (!this._alive) return false;
    try {
      return (await (await this.session()).send({ op: 'ping' }, 10_000)) === true;
    } catch {
      return false;
    }
  }

  async resetServerContext(): Promise<void> {
    if (!this._alive) throw closedConnection('resetServerContext()');
    await (await this.session()).send({ op: 'reset' });
  }

  /** node-rfc's cancel(): the running call fails with RFC_CANCELED and the session ends. */
  async cancel(): Promise<void> {
    this.connection?.destroy(canceled());
  }

  /** Sandbox knob, as on the in-process client: the network drops this connection now. */
  dropConnection(): void {
    this.connection?.destroy();
  }

  /** Sandbox knob: arm a drop point for this client's current session only. */
  async dropAt(point: FaultPoint, times = 1): Promise<void> {
    if (!this._alive) throw closedConnection('dropAt()');
    await (await this.session()).send({ op: 'faults', scope: 'session', action: 'dropAt', point, times });
  }

  invoke(
    rfm: string,
    params: Record<string, unknown>,
    callback: (err: unknown, result?: Record<string, unknown>) => void,
    options?: RfcCallOptions,
  ): void {
    this.call(rfm, params, options).then(
      (r) => callback(undefined, r),
      (e: unknown) => callback(e),
    );
  }

  async call(
    rfm: string,
    params: Record<string, unknown>,
    options: RfcCallOptions = {},
  ): Promise<Record<string, unknown>> {
    if (!this._alive) throw closedConnection(`call() ${rfm}`);
    const connection = await this.session();
    await this.endpoint.hooks.beforeCall?.({ rfm, params, clientId: this._id });
    const timeoutMs = (options.timeout ?? this.options.timeout ?? 0) * 1000;
    const frame: Frame = {
      op: 'call',
      rfm,
      params,
      options: options.notRequested ? { notRequested: options.notRequested } : undefined,
    };
    return (await connection.send(frame, timeoutMs)) as Record<string, unknown>;
  }

  /** The open connection, or a new one with a fresh logon (node-rfc re-opens after a failure). */
  private session(): Promise<Connection> {
    if (this.connection?.isOpen) return Promise.resolve(this.connection);
    this.connecting ??= this.reconnect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async reconnect(): Promise<Connection> {
    const c = await Connection.open(this.endpoint, () => {
      if (this.connection === c) this.connection = null;
    });
    try {
      const opened = (await c.send(
        { op: 'open', params: this.parameters, options: this.options },
        30_000,
      )) as OpenResult;
      this._handle = opened.handle;
      this.info = opened.connectionInfo;
    } catch (e) {
      c.destroy();
      throw e;
    }
    this.connection = c;
    return c;
  }
}

/** node-rfc's Pool over remote clients: release() resets the session, and a client whose reset fails is shut down. */
export class RemotePool extends ManagedPool<RemoteClient> {
  constructor(
    private readonly endpoint: Endpoint,
    configuration: RfcPoolConfiguration,
  ) {
    super(configuration);
  }

  protected newClient(parameters: RfcConnectionParameters, options: RfcClientOptions | undefined): RemoteClient {
    return new RemoteClient(this.endpoint, parameters, options);
  }

  protected async takeBack(c: RemoteClient): Promise<void> {
    let reset = false;
    if (this.readyClients.length < this.high)
      reset = await c.resetServerContext().then(
        () => true,
        () => false,
      );
    if (reset && c.alive) this.readyClients.push(c);
    else await c.shutdown();
  }
}

export interface RemoteRfc {
  Client: new (connectionParameters: RfcConnectionParameters, clientOptions?: RfcClientOptions) => RemoteClient;
  Pool: new (configuration: RfcPoolConfiguration) => RemotePool;
  /** The sandbox's shared fault knobs, set from this process over a short control connection. */
  faults: {
    dropAt(point: FaultPoint, times?: number): Promise<void>;
    clear(): Promise<void>;
    setLatency(ms: number): Promise<void>;
  };
  /** Breaks every connection this module opened (their uncommitted work is lost on the server). */
  dropAllConnections(): void;
}

/** `{ Client, Pool }` like node-rfc's module, talking to a sandbox RFC server at `address`. */
export function createRemoteRfc(address: RemoteRfcAddress, options: RemoteRfcOptions = {}): RemoteRfc {
  let counter = 0;
  const endpoint: Endpoint = {
    host: address.host ?? '127.0.0.1',
    port: address.port,
    hooks: options.hooks ?? {},
    nextId: () => ++counter,
    clients: new Set(),
  };
  const control = async (c: FaultControl): Promise<void> => {
    const conn = await Connection.open(endpoint, () => undefined);
    try {
      await conn.send({ op: 'faults', scope: 'server', ...c }, 10_000);
    } finally {
      conn.destroy();
    }
  };
  class Client extends RemoteClient {
    constructor(connectionParameters: RfcConnectionParameters, clientOptions?: RfcClientOptions) {
      super(endpoint, connectionParameters, clientOptions);
    }
  }
  class Pool extends RemotePool {
    constructor(configuration: RfcPoolConfiguration) {
      super(endpoint, configuration);
    }
  }
  return {
    Client,
    Pool,
    faults: {
      dropAt: (point, times = 1) => control({ action: 'dropAt', point, times }),
      clear: () => control({ action: 'clear' }),
      setLatency: (ms) => control({ action: 'latency', ms }),
    },
    dropAllConnections: () => {
      for (const c of endpoint.clients) c.dropConnection();
    },
  };
}
