// The wire format between the remote RFC client and the sandbox's RFC server: newline-delimited
// JSON frames over one TCP connection, which is one stateful SAP session. The client numbers its
// requests; the server answers each with the same id, in order. A session ends with its socket.
import type { FaultPoint } from './faults';

export type FaultControl =
  { action: 'dropAt'; point: FaultPoint; times?: number } | { action: 'clear' } | { action: 'latency'; ms: number };

export type ClientFrame =
  | { id: number; op: 'open'; params: Record<string, string>; options?: Record<string, unknown> }
  | { id: number; op: 'call'; rfm: string; params: Record<string, unknown>; options?: { notRequested?: string[] } }
  | { id: number; op: 'ping' }
  | { id: number; op: 'reset' }
  | { id: number; op: 'close' }
  /** 'session' arms the point on this connection only; 'server' arms the sandbox's shared knobs. */
  | ({ id: number; op: 'faults'; scope: 'session' | 'server' } & FaultControl);

export type ServerFrame = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: unknown };

export interface OpenResult {
  handle: number;
  connectionInfo: Record<string, string>;
}

export const encodeFrame = (frame: ClientFrame | ServerFrame): string => `${JSON.stringify(frame)}\n`;

/** Splits a UTF-8 stream into lines and hands each complete, non-empty line on. */
export function lineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let buffered = '';
  return (chunk) => {
    buffered += chunk;
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.trim() !== '') onLine(line);
      nl = buffered.indexOf('\n');
    }
  };
}
