// The sandbox's RFC functions over a real loopback TCP connection, so a poster in another process
// can be killed mid-protocol. One TCP connection is one stateful SAP session: every connection
// gets its own in-process SandboxClient (same logon, parameter checks, BAPIs and fault knobs), and
// when the connection closes — the client closed it, the network dropped it, the process died —
// the session and any work not yet committed by BAPI_TRANSACTION_COMMIT are gone.
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { closedConnection } from '../rfc-errors';
import type { SandboxClient } from './client';
import { type CallInfo, RfcFaults } from './faults';
import type { SandboxRfc } from './index';
import {
  type ClientFrame,
  type FaultControl,
  type OpenResult,
  type ServerFrame,
  encodeFrame,
  lineSplitter,
} from './remote-protocol';

export interface RemoteRfcServerOptions {
  /** Default 127.0.0.1: the sandbox is for this machine only. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
}

export interface RemoteRfcServer {
  readonly host: string;
  readonly port: number;
  /** The sandbox's shared knobs: dropAt/hooks/latency apply to remote sessions as to in-process ones. */
  readonly faults: RfcFaults;
  /** Open connections (sessions), logged on or not. */
  readonly sessionCount: number;
  /** The network drops every connection now: pending calls fail, uncommitted work is lost. */
  dropAllConnections(): void;
  close(): Promise<void>;
}

/** Codes after which node-rfc re-opens the connection: the ABAP session is gone (reference §1.6). */
const SESSION_ENDING_CODES = new Set([3, 4, 7]);

export async function startRemoteRfcServer(
  rfc: SandboxRfc,
  options: RemoteRfcServerOptions = {},
): Promise<RemoteRfcServer> {
  const sessions = new Set<RemoteSession>();
  const server: Server = createServer((socket) => {
    const session = new RemoteSession(socket, rfc, () => sessions.delete(session));
    sessions.add(session);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    host,
    port,
    faults: rfc.faults,
    get sessionCount() {
      return sessions.size;
    },
    dropAllConnections: () => {
      for (const s of sessions) s.drop();
    },
    close: async () => {
      for (const s of sessions) s.drop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

class RemoteSession {
  private client: SandboxClient | null = null;
  /** Drop points armed for this session only. */
  private readonly faults = new RfcFaults();
  private chain: Promise<void> = Promise.resolve();
  private ended = false;

  constructor(
    private readonly socket: Socket,
    private readonly rfc: SandboxRfc,
    private readonly onEnd: () => void,
  ) {
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    socket.on(
      'data',
      lineSplitter((line) => this.enqueue(line)),
    );
    socket.on('error', () => undefined); // 'close' follows
    socket.on('close', () => this.end());
  }

  /** Breaks the connection without an answer (the network, or a drop point). */
  drop(): void {
    this.socket.destroy();
    this.end();
  }

  private enqueue(line: string): void {
    // One session runs one call at a time, in the order the client sent them, as an ABAP session does.
    this.chain = this.chain.then(() => this.handle(line)).catch(() => this.drop());
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
    // A call already running finishes (SAP does not abort a running COMMIT WORK because the caller
    // went away); then the session and its uncommitted work are discarded.
    void this.chain.finally(() => {
      const c = this.client;
      this.client = null;
      if (c?.alive) void c.close().catch(() => undefined);
    });
  }

  private reply(frame: ServerFrame): void {
    if (!this.ended) this.socket.write(encodeFrame(frame));
  }

  private async handle(line: string): Promise<void> {
    if (this.ended) return;
    const frame = JSON.parse(line) as ClientFrame;
    const { id } = frame;
    switch (frame.op) {
      case 'open': {
        if (!this.client?.alive) {
          try {
            const c = new this.rfc.Client(frame.params, frame.options);
            await c.open();
            this.client = c;
          } catch (e) {
            return this.reply({ id, ok: false, error: wireError(e) });
          }
        }
        const result: OpenResult = { handle: this.client.connectionHandle, connectionInfo: this.client.connectionInfo };
        return this.reply({ id, ok: true, result });
      }
      case 'call':
        return this.call(id, frame.rfm, frame.params, frame.options?.notRequested);
      case 'ping': {
        const ok = this.client ? await this.client.ping() : false;
        this.reply({ id, ok: true, result: ok });
        // A false ping means the in-process session broke (rfc.dropAllConnections()): so is this one.
        if (!ok && this.client) this.drop();
        return;
      }
      case 'reset':
        await this.client?.resetServerContext();
        return this.reply({ id, ok: true, result: true });
      case 'close':
        this.reply({ id, ok: true, result: true });
        this.socket.end();
        return this.end();
      case 'faults':
        applyFaultControl(frame.scope === 'server' ? this.rfc.faults : this.faults, frame);
        return this.reply({ id, ok: true, result: true });
      default:
        return this.reply({
          id,
          ok: false,
          error: { name: 'nodeRfcError', message: `unknown operation ${String((frame as { op?: unknown }).op)}` },
        });
    }
  }

  private async call(id: number, rfm: string, params: Record<string, unknown>, notRequested?: string[]): Promise<void> {
    const client = this.client;
    if (!client?.alive) return this.reply({ id, ok: false, error: closedConnection(`call() ${rfm}`) });
    const info: CallInfo = { rfm, params, clientId: client.id };
    if (this.faults.shouldDropBefore(info)) return this.drop();
    let result: Record<string, unknown>;
    try {
      result = await client.call(rfm, params, notRequested ? { notRequested } : {});
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      // The in-process session lost its connection (a shared drop point or rfc.dropAllConnections()):
      // on a real connection the answer never arrives and the socket breaks.
      if (code === 1) return this.drop();
      this.reply({ id, ok: false, error: wireError(e) });
      if (typeof code === 'number' && SESSION_ENDING_CODES.has(code)) {
        this.socket.end();
        this.end();
      }
      return;
    }
    if (this.ended) return; // the caller went away while the function ran: nobody hears the answer
    if (this.faults.shouldDropAfter({ ...info, result })) return this.drop();
    this.reply({ id, ok: true, result });
  }
}

export function applyFaultControl(faults: RfcFaults, control: FaultControl): void {
  if (control.action === 'dropAt') faults.dropAt(control.point, control.times ?? 1);
  else if (control.action === 'clear') faults.clear();
  else faults.latencyMs = control.ms;
}

/** node-rfc's errors are plain objects and cross the wire as they are; a JS exception becomes a short dump. */
function wireError(e: unknown): unknown {
  if (e instanceof TypeError && /parameters missing/.test(e.message)) return { name: 'TypeError', message: e.message };
  if (e instanceof Error) {
    return {
      name: 'ABAPError',
      group: 1,
      code: 3,
      codeString: 'RFC_ABAP_RUNTIME_FAILURE',
      key: 'UNCAUGHT_EXCEPTION',
      message: e.message,
      abapMsgClass: '',
      abapMsgType: '',
      abapMsgNumber: '000',
      abapMsgV1: '',
      abapMsgV2: '',
      abapMsgV3: '',
      abapMsgV4: '',
    };
  }
  return e;
}
