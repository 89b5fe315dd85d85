// A stand-in for node-rfc's Client over the sandbox ledger: same method names and semantics
// (open/connect, close, ping, call, invoke, resetServerContext, cancel, alive, id,
// connectionHandle, connectionInfo), a stateful ABAP session per connection, and node-rfc-shaped
// errors. After a communication failure the client re-opens with a new, empty session, as
// node-rfc does.
import type { SapLedger } from '../ledger';
import {
  type AbapError,
  abapException,
  canceled,
  closedConnection,
  communicationFailure,
  logonFailure,
} from '../rfc-errors';
import type { AbapSession } from './context';
import type { RfcFaults } from './faults';
import type { FunctionModule } from './functions';
import { validateParams } from './validate';
import { clientConfig, type ClientConfig } from './client-config';

export type RfcConnectionParameters = Record<string, string>;
export interface RfcClientOptions {
  stateless?: boolean;
  timeout?: number;
  [key: string]: unknown;
}
export interface RfcCallOptions {
  timeout?: number;
  notRequested?: string[];
}

/** What the sandbox's Client and Pool share: the "application server". */
export interface SandboxServer {
  readonly ledger: SapLedger;
  readonly modules: Map<string, FunctionModule>;
  readonly faults: RfcFaults;
  /** user -> password; undefined accepts any user with a non-empty password. */
  readonly users: Readonly<Record<string, string>> | undefined;
  readonly client: string;
  readonly sysId: string;
  readonly clients: Set<SandboxClient>;
  nextId(): number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class SandboxClient {
  private _alive = false;
  private _handle = 0;
  private readonly _id: number;
  private session: AbapSession | null = null;
  private broken = false;
  /** @internal set by the pool */
  _managed = false;

  constructor(
    private readonly server: SandboxServer,
    private readonly parameters: RfcConnectionParameters,
    private readonly options: RfcClientOptions = {},
  ) {
    if (!parameters || Object.keys(parameters).length === 0)
      throw new TypeError('Client connection parameters missing');
    this._id = server.nextId();
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
  get config(): ClientConfig {
    return clientConfig(this.parameters, this.options);
  }

  get connectionInfo(): Record<string, string> {
    return {
      dest: this.param('dest'),
      host: 'sandbox',
      partnerHost: 'ecc-sandbox',
      sysNumber: this.param('sysnr') || '00',
      sysId: this.server.sysId,
      client: this.server.client,
      user: this.user(),
      language: (this.param('lang') || 'E').slice(0, 1).toUpperCase(),
      trace: '0',
      isoLanguage: 'EN',
      codepage: '4103',
      partnerCodepage: '4103',
      rfcRole: 'C',
      type: 'E',
      partnerType: '3',
      rel: '753',
      partnerRel: '702',
      kernelRel: '753',
      cpicConvId: String(this._handle).padStart(8, '0'),
      progName: 'SAPLSYST',
      partnerBytesPerChar: '2',
      partnerSystemCodepage: '4103',
      partnerIP: '127.0.0.1',
      partnerIPv6: '',
    };
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
    await sleep(this.server.faults.latencyMs);
    const client = this.param('client');
    if (client && client !== this.server.client) throw logonFailure();
    const users = this.server.users;
    const user = this.user();
    const passwd = this.param('passwd');
    if (users ? users[user] === undefined || users[user] !== passwd : !user || !passwd) throw logonFailure();
    this.newSession();
    this._alive = true;
    this.server.clients.add(this);
    return this;
  }

  async close(): Promise<void> {
    if (this._managed) throw closedConnection('close() not allowed on a pool-managed client');
    this.shutdown();
  }

  /** @internal */
  shutdown(): void {
    this._alive = false;
    this.session = null;
    this.server.clients.delete(this);
  }

  async ping(): Promise<boolean> {
    if (!this._alive) return false;
    await sleep(this.server.faults.latencyMs);
    if (this.broken) {
      this.recover();
      return false;
    }
    return true;
  }

  async resetServerContext(): Promise<void> {
    if (this.session) this.session.pending = [];
  }

  async cancel(): Promise<void> {
    this.dropConnection();
  }

  /** Sandbox knob: the network drops this connection now; the next call fails, the session's work is lost. */
  dropConnection(): void {
    if (this.session) this.session.pending = [];
    this.broken = true;
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
    if (!this._alive || !this.session) throw closedConnection(`call() ${rfm}`);
    // node-rfc's timeout (call option, else client option, in seconds) cancels the call however long
    // it has run: the session ends (RFC_CANCELED); what SAP already started, such as an update task
    // writing a committed document, runs to its end.
    const timeoutMs = (options.timeout ?? this.options.timeout ?? 0) * 1000;
    const call = { canceled: false };
    const running = this.execute(rfm, params, call);
    if (timeoutMs <= 0) return running;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        call.canceled = true;
        this.recover();
        reject(canceled());
      }, timeoutMs);
    });
    running.catch(() => undefined);
    try {
      return await Promise.race([running, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async execute(
    rfm: string,
    params: Record<string, unknown>,
    call: { canceled: boolean },
  ): Promise<Record<string, unknown>> {
    const latency = this.server.faults.latencyMs;
    await sleep(latency / 2);
    if (call.canceled) throw canceled(); // the cancel arrived before the call reached SAP
    if (this.broken) {
      this.recover();
      throw communicationFailure();
    }
    const module = this.server.modules.get(rfm);
    if (!module) throw functionNotFound(rfm);
    validateParams(rfm, module.signature, params);
    const info = { rfm, params, clientId: this._id };
    if (this.server.faults.shouldDropBefore(info)) {
      this.recover();
      throw communicationFailure();
    }
    const session = this.session!;
    const running = module.handler(
      { ledger: this.server.ledger, client: this.server.client, user: this.user(), session },
      structuredClone(params),
    );
    if (running instanceof Promise && this.server.faults.shouldDropDuringUpdate(info)) {
      running.catch(() => undefined); // SAP carries on without the caller
      this.recover();
      throw communicationFailure();
    }
    const result = await running;
    await sleep(latency / 2);
    if (call.canceled) throw canceled();
    if (this.broken || this.server.faults.shouldDropAfter({ ...info, result })) {
      this.recover();
      throw communicationFailure();
    }
    if (this.options.stateless) session.pending = [];
    return structuredClone(result);
  }

  private recover(): void {
    this.broken = false;
    this.newSession();
  }

  private newSession(): void {
    this._handle = this.server.nextId() + 1_000_000;
    this.session = { id: this._handle, pending: [] };
  }

  private param(name: string): string {
    return this.parameters[name] ?? this.parameters[name.toUpperCase()] ?? '';
  }

  private user(): string {
    return this.param('user').toUpperCase();
  }
}

function functionNotFound(rfm: string): AbapError {
  return {
    ...abapException('FU_NOT_FOUND'),
    message: `ID:FL Type:E Number:046 ${rfm}`,
    abapMsgClass: 'FL',
    abapMsgType: 'E',
    abapMsgNumber: '046',
    abapMsgV1: rfm,
  };
}
