// Browser-host transport: POST api/<channel> with a bearer token, events over SSE.
// Envelope: { ok: true, data } | { ok: false, error: { code, message } } (ApiErrorBody).
import { ApiError, eventNames, type ClearDeskApi, type EventName, type EventOf } from '../../../shared/api';
import { isApiErrorCode, toApiError } from './errors';
import { checkEvent, checkRequest, checkResponse } from './validate';

type Listener = (payload: never) => void;

export interface HttpApiOptions {
  /** Where api/ lives; the page's own folder by default, so the host may serve under a prefix. */
  readonly baseUrl: string;
  readonly token: string | null;
}

const NO_TOKEN =
  'This page was opened without a session token. Open the link that `cleardesk serve` printed (it ends in ?token=...).';

function errorFromBody(body: unknown, status: number): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (error && isApiErrorCode(error.code) && typeof error.message === 'string')
    return new ApiError(error.code, error.message);
  if (status === 401 || status === 403)
    return new ApiError(
      'forbidden',
      'The session token was refused. Open the link printed by `cleardesk serve` again.',
    );
  return new ApiError('internal', `The ClearDesk host answered HTTP ${status} without an error message.`);
}

export function createHttpApi({ baseUrl, token }: HttpApiOptions): ClearDeskApi {
  const listeners = new Map<EventName, Set<Listener>>();
  let source: EventSource | null = null;
  let lostConnection = false;

  function dispatch<E extends EventName>(event: E, payload: EventOf<E>): void {
    for (const listener of listeners.get(event) ?? []) (listener as (p: EventOf<E>) => void)(payload);
  }

  function connect(): void {
    if (source || !token) return;
    const url = new URL('api/events', baseUrl);
    url.searchParams.set('token', token);
    source = new EventSource(url);
    for (const name of eventNames) {
      source.addEventListener(name, (message: Event) => {
        let payload: unknown;
        try {
          payload = JSON.parse(String((message as Event & { data?: unknown }).data));
        } catch {
          console.warn(`ClearDesk: dropped ${name} event that is not JSON`);
          return;
        }
        const checked = checkEvent(name, payload);
        if (checked !== undefined) dispatch(name, checked);
      });
    }
    source.addEventListener('error', () => {
      lostConnection = true;
    });
    // EventSource reconnects by itself; whatever changed while it was away is unknown, so tell
    // the queue to reload everything (an empty id list means "anything may have changed").
    source.addEventListener('open', () => {
      if (lostConnection) {
        lostConnection = false;
        dispatch('queue.changed', { transactionIds: [] });
      }
    });
  }

  return {
    async call(channel, request) {
      if (!token) throw new ApiError('forbidden', NO_TOKEN);
      const body = checkRequest(channel, request);
      let response: Response;
      try {
        response = await fetch(new URL(`api/${channel}`, baseUrl), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
          credentials: 'omit',
        });
      } catch (error) {
        throw toApiError(error);
      }
      let envelope: unknown;
      try {
        envelope = await response.json();
      } catch {
        throw new ApiError(
          'internal',
          `The ClearDesk host answered ${channel} with HTTP ${response.status} and no JSON body.`,
        );
      }
      const ok = (envelope as { ok?: unknown } | null)?.ok;
      if (!response.ok || ok !== true) throw errorFromBody(envelope, response.status);
      return checkResponse(channel, (envelope as { data?: unknown }).data);
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      connect();
      return () => {
        set.delete(listener as Listener);
      };
    },
  };
}
