// Browser-host transport: POST api/<channel> and events over SSE, on the session cookie the host
// set when the person opened their link. The page never sees a token: the cookie is HttpOnly.
// Envelope: { ok: true, data } | { ok: false, error: { code, message } } (ApiErrorBody).
import { ApiError, eventNames, type ClearDeskApi, type EventName, type EventOf } from '../../../shared/api';
import { isApiErrorCode, toApiError } from './errors';
import { checkEvent, checkRequest, checkResponse } from './validate';

type Listener = (payload: never) => void;

export interface HttpApiOptions {
  /** Where api/ lives; the page's own folder by default, so the host may serve under a prefix. */
  readonly baseUrl: string;
  /** Whether the person used the page lately; calls made otherwise do not keep the session alive. */
  readonly isActive?: () => boolean;
  /** The host says there is no session (signed out, idle, restarted): show the signed-out page. */
  readonly onSessionEnded?: () => void;
  /**
   * While the person uses the page without anything reaching the host (typing into a form), a call is made at
   * least this often so the host counts the use (its idle time is a minute or more); 0 (the default): none.
   */
  readonly keepAliveMs?: number;
  readonly now?: () => number;
}

export interface HttpApi extends ClearDeskApi {
  /** Ends the session at the host (the cookie with it), then onSessionEnded. */
  signOut(): Promise<void>;
}

const SIGNED_OUT =
  'You are signed out of ClearDesk (signed out, idle for too long, your user disabled, or ClearDesk restarted). Open a new link from whoever runs ClearDesk.';

function errorFromBody(body: unknown, status: number): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (error && isApiErrorCode(error.code) && typeof error.message === 'string')
    return new ApiError(error.code, error.message);
  if (status === 401) return new ApiError('unauthenticated', SIGNED_OUT);
  if (status === 403) return new ApiError('forbidden', 'The ClearDesk host refused this request.');
  return new ApiError('internal', `The ClearDesk host answered HTTP ${status} without an error message.`);
}

export function createHttpApi({
  baseUrl,
  isActive = () => true,
  onSessionEnded = () => {},
  keepAliveMs = 0,
  now = Date.now,
}: HttpApiOptions): HttpApi {
  const listeners = new Map<EventName, Set<Listener>>();
  let source: EventSource | null = null;
  let lostConnection = false;
  /** Who this page was opened as (session.info): the host refuses the page if the browser signed in as someone else since. */
  let pageUser: string | null = null;

  function dispatch<E extends EventName>(event: E, payload: EventOf<E>): void {
    for (const listener of listeners.get(event) ?? []) (listener as (p: EventOf<E>) => void)(payload);
  }

  /** When a call last went out as the person's own (not marked background): it kept the session alive. */
  let lastUse = now();

  async function post(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (!isActive()) headers['X-ClearDesk-Background'] = '1';
    else lastUse = now();
    if (pageUser !== null) headers['X-ClearDesk-User'] = encodeURIComponent(pageUser);
    try {
      return await fetch(new URL(path, baseUrl), {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        credentials: 'same-origin',
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      throw toApiError(error);
    }
  }

  const api: HttpApi = {
    async call(channel, request, options) {
      const body = checkRequest(channel, request);
      // A superseded request is aborted: the browser drops the connection and the answer.
      const response = await post(`api/${channel}`, body, options?.signal);
      let envelope: unknown;
      try {
        envelope = await response.json();
      } catch {
        envelope = null;
      }
      if (response.status === 401) {
        onSessionEnded();
        throw errorFromBody(envelope, 401);
      }
      if (envelope === null)
        throw new ApiError(
          'internal',
          `The ClearDesk host answered ${channel} with HTTP ${response.status} and no JSON body.`,
        );
      const ok = (envelope as { ok?: unknown } | null)?.ok;
      if (!response.ok || ok !== true) throw errorFromBody(envelope, response.status);
      const data = checkResponse(channel, (envelope as { data?: unknown }).data);
      if (channel === 'session.info') pageUser = (data as { user: string }).user;
      return data;
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
    async signOut() {
      await post('auth/sign-out', {});
      onSessionEnded();
    },
  };

  // Typing into a form for minutes sends nothing: the person is using the page, so the host hears it.
  if (keepAliveMs > 0) {
    const beat = setInterval(
      () => {
        if (!isActive() || now() - lastUse < keepAliveMs) return;
        post('api/session.info', {}).then(
          (r) => {
            if (r.status !== 401) return;
            clearInterval(beat);
            onSessionEnded();
          },
          () => {},
        );
      },
      Math.max(1000, keepAliveMs / 2),
    );
  }

  function connect(): void {
    if (source) return;
    source = new EventSource(new URL('api/events', baseUrl));
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
      // Closed for good: the host refused the stream, most likely because the session ended. Ask
      // (a 401 there shows the signed-out page); otherwise try the stream again a little later.
      if (source?.readyState === EventSource.CLOSED) {
        source = null;
        api.call('session.info', {}).then(
          () => setTimeout(connect, 5_000),
          () => {},
        );
      }
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

  return api;
}
