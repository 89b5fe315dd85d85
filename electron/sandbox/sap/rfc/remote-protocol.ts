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

/**
 * Splits a UTF-8 stream into lines and hands each complete, non-empty line on. Only each new chunk is
 * searched for the newline, and a line's chunks are joined once: a page of a million characters arrives
 * in many chunks, and searching (and flattening) all that was buffered for every one of them made reading
 * a big page cost the square of its size.
 */
export function lineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let pending: string[] = [];
  return (chunk) => {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      pending.push(chunk.slice(start, nl));
      const line = pending.length === 1 ? pending[0]! : pending.join('');
      pending = [];
      start = nl + 1;
      if (/\S/.test(line)) onLine(line);
    }
    if (start < chunk.length) pending.push(chunk.slice(start));
  };
}
