// POST /api/<channel>: the API contract over HTTP for a signed-in person. Every request is validated
// against the channel's zod schema before the core sees it; the core decides what their roles allow.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ZodError } from 'zod';
import { ApiError, channels, isChannel } from '../../../shared/api';
import type { Core } from '../../core/core';
import type { Actor } from '../../core/ports';
import type { Logger } from '../log';
import { readJsonBody } from './body';
import { sendError, sendJson } from './respond';

export interface ApiCallOptions {
  readonly core: Core;
  readonly log: Logger;
}

export function createApiCalls({ core, log }: ApiCallOptions) {
  return async function call(req: IncomingMessage, res: ServerResponse, name: string, actor: Actor): Promise<void> {
    if (!isChannel(name)) return sendError(res, 'not_found', `There is no API channel "${name.slice(0, 100)}".`);
    if (req.method !== 'POST')
      return sendError(res, 'invalid_request', `Use POST for /api/${name}.`, {
        status: 405,
        headers: { Allow: 'POST' },
      });
    const body = await readJsonBody(req);
    if (!body.ok) {
      if (body.status === 0) return; // nobody to answer
      return sendError(res, 'invalid_request', body.message, { status: body.status });
    }
    try {
      const request = channels[name].request.parse(body.value);
      const data = await core.handle(name, request as never, actor);
      sendJson(res, 200, { ok: true, data });
    } catch (e) {
      if (e instanceof ApiError) return sendError(res, e.code, e.message);
      if (e instanceof ZodError)
        return sendError(
          res,
          'invalid_request',
          e.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '),
        );
      log.error('api.failed', { channel: name, error: e instanceof Error ? e.message : String(e) });
      return sendError(res, 'internal', e instanceof Error ? e.message : String(e));
    }
  };
}
