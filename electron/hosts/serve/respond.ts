// How the host answers: JSON envelopes for the API, plain text for everything else, and the
// headers every answer carries.
import type { ServerResponse } from 'node:http';
import type { ApiErrorBody } from '../../../shared/api';
import { redactCardText } from '../../../shared/security';

export const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

export const STATUS: Record<ApiErrorBody['code'], number> = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...securityHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}

/**
 * The API's error envelope; `status` overrides the code's usual one (413, 415, 405...). Its message may quote
 * what was sent or stored, so card data is masked first.
 */
export function sendError(
  res: ServerResponse,
  code: ApiErrorBody['code'],
  message: string,
  options: { status?: number; headers?: Record<string, string> } = {},
): void {
  sendJson(
    res,
    options.status ?? STATUS[code],
    { ok: false, error: { code, message: redactCardText(message) } },
    options.headers,
  );
}

export function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    ...securityHeaders,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}
