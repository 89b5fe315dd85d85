// GET /api/events: the core's events as server-sent events, one stream per open page. Each stream
// belongs to a session and ends with it (sign-out, idle), so a page learns at once that it is out.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { eventNames } from '../../../shared/api';
import type { Core } from '../../core/core';
import { securityHeaders } from './respond';

/** Under the idle timeouts of proxies and browsers, so an open stream stays open. */
const PING_MS = 25_000;

/** Writing to a stream that ended emits an error, which would stop the host: never do it. */
function write(res: ServerResponse, text: string): void {
  if (!res.writableEnded && !res.destroyed) res.write(text);
}

export function createEventStreams(events: Core['events']) {
  const streams = new Map<ServerResponse, string>();
  const end = (res: ServerResponse) => {
    streams.delete(res);
    if (!res.writableEnded) res.end();
  };
  const unsubscribe = eventNames.map((name) =>
    events.on(name, (payload) => {
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of streams.keys()) write(res, frame);
    }),
  );

  return {
    open(req: IncomingMessage, res: ServerResponse, sessionKey: string): void {
      res.writeHead(200, {
        ...securityHeaders,
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.on('error', () => res.destroy());
      write(res, ': connected\n\n');
      streams.set(res, sessionKey);
      const ping = setInterval(() => write(res, ': ping\n\n'), PING_MS);
      const close = () => {
        clearInterval(ping);
        streams.delete(res);
      };
      req.on('close', close);
      res.on('close', close);
    },
    /** Ends the streams of a session that ended. */
    endSession(sessionKey: string): void {
      for (const [res, key] of [...streams]) if (key === sessionKey) end(res);
    },
    closeAll(): void {
      for (const off of unsubscribe) off();
      for (const res of [...streams.keys()]) end(res);
    },
  };
}
