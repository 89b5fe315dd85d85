// Both transports validate what they send and what they receive against shared/api, so a
// contract drift shows up as a readable error at the edge, not as undefined deep in a component.
import type { z } from 'zod';
import {
  ApiError,
  channels,
  events,
  type Channel,
  type EventName,
  type EventOf,
  type RequestOf,
  type ResponseOf,
} from '../../../shared/api';

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${path}${issue.message}`;
}

export function checkRequest<C extends Channel>(channel: C, request: RequestOf<C>): RequestOf<C> {
  const parsed = channels[channel].request.safeParse(request);
  if (!parsed.success) throw new ApiError('invalid_request', firstIssue(parsed.error));
  return parsed.data as RequestOf<C>;
}

export function checkResponse<C extends Channel>(channel: C, data: unknown): ResponseOf<C> {
  const parsed = channels[channel].response.safeParse(data);
  if (!parsed.success) {
    throw new ApiError(
      'internal',
      `The host answered ${channel} with data the app does not understand (${firstIssue(parsed.error)})`,
    );
  }
  return parsed.data as ResponseOf<C>;
}

/** Undefined when the payload does not match: a malformed event is dropped, not thrown into React. */
export function checkEvent<E extends EventName>(event: E, payload: unknown): EventOf<E> | undefined {
  const parsed = events[event].safeParse(payload);
  if (!parsed.success) {
    console.warn(`ClearDesk: dropped malformed ${event} event: ${firstIssue(parsed.error)}`);
    return undefined;
  }
  return parsed.data as EventOf<E>;
}
