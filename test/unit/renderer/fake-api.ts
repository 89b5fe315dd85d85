// A ClearDeskApi stand-in for renderer store tests: one handler per channel, events emitted by hand.
import {
  ApiError,
  type Channel,
  type ClearDeskApi,
  type EventName,
  type EventOf,
  type QueueRow,
  type QueueState,
  type RequestOf,
  type ResponseOf,
} from '../../../shared/api';

export type Handlers = { [C in Channel]?: (req: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>> };

export function fakeApi(handlers: Handlers) {
  const listeners = new Map<string, ((p: unknown) => void)[]>();
  const calls: string[] = [];
  const api: ClearDeskApi = {
    async call(channel, request) {
      calls.push(channel);
      const handler = handlers[channel] as ((r: unknown) => unknown) | undefined;
      if (!handler) throw new ApiError('not_found', `no fake for ${channel}`);
      return handler(request) as never;
    },
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener as (p: unknown) => void]);
      return () =>
        listeners.set(
          event,
          (listeners.get(event) ?? []).filter((l) => l !== listener),
        );
    },
  };
  const emit = <E extends EventName>(event: E, payload: EventOf<E>) => listeners.get(event)?.forEach((l) => l(payload));
  const listening = (event: EventName) => listeners.get(event)?.length ?? 0;
  return { api, calls, emit, listening };
}

export const settle = () => new Promise((r) => setTimeout(r, 0));

/**
 * A queue.window handler over a list of rows, for store tests that are not about paging: the
 * view's states (plus alsoIds), batch, offset and limit, and counts per state. Text and sort are the
 * store's SQL (tested in test/integration/store/queue-window.test.ts); here the requests are recorded.
 */
export function windowOver(rows: () => readonly QueueRow[], seen: RequestOf<'queue.window'>[] = []) {
  return (req: RequestOf<'queue.window'>): ResponseOf<'queue.window'> => {
    seen.push(req);
    const inBatch = rows().filter((r) => req.batch === undefined || req.batch === null || r.batch === req.batch);
    const view = inBatch.filter(
      (r) => !req.states?.length || req.states.includes(r.queueState) || (req.alsoIds ?? []).includes(r.transactionId),
    );
    const counts: Partial<Record<QueueState, number>> = {};
    for (const r of inBatch) counts[r.queueState] = (counts[r.queueState] ?? 0) + 1;
    return { rows: view.slice(req.offset, req.offset + req.limit), offset: req.offset, total: view.length, counts };
  };
}
