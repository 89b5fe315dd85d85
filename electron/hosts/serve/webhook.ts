// POST /webhooks/disputes/<source>: dispute cases pushed by a processor or middleware (docs/ARCHITECTURE.md,
// "Disputes"). It needs no session cookie; everything else about the host (Host header, request target,
// cross-site check, timeouts, body limit) still holds, and instead the request is signed:
//   X-ClearDesk-Timestamp: <unix seconds>
//   X-ClearDesk-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the source's secret>
// The secret is the source's own, in the vault (profile webhook-<source>, key webhook.hmac_secret; set with
// `cleardesk chargebacks webhook-secret`). A bad or missing signature, an unknown source and a timestamp outside
// the replay window are 401; a delivery already seen (same source and signature) is answered 200 and adds
// nothing; a body that is not a delivery is 400 naming what is wrong. Cases go through the one intake.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DisputeWebhookError, disputeWebhookBatch } from '../../../shared/disputes';
import type { Core } from '../../core/core';
import { envVariableNames, Secret, type Vault } from '../../secrets';
import type { Logger } from '../log';
import { readRawBody } from './body';
import { sendError, sendJson } from './respond';

export const WEBHOOK_PATH = '/webhooks/disputes/';
export const WEBHOOK_TIMESTAMP_HEADER = 'x-cleardesk-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'x-cleardesk-signature';
/** A delivery is at most this large. */
export const WEBHOOK_MAX_BODY = 256 * 1024;
export const DEFAULT_WEBHOOK_WINDOW_MS = 5 * 60_000;
/** A source is a plain name (it names a vault profile and is the cases' processor). */
export const WEBHOOK_SOURCE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** The vault profile that holds a source's secret. */
export const webhookProfile = (source: string): string => `webhook-${source}`;

/**
 * A source's own secret from the vault. From environment variables (CLEARDESK_VAULT=env) only the source's
 * own variable counts (CLEARDESK_WEBHOOK_<SOURCE>__WEBHOOK_HMAC_SECRET), never the one-for-all-profiles
 * CLEARDESK_WEBHOOK_HMAC_SECRET: that would let one secret sign for any source name.
 */
export async function webhookSecretOf(vault: Vault, env: NodeJS.ProcessEnv, source: string): Promise<Secret | null> {
  const profile = webhookProfile(source);
  if (vault.kind !== 'env') return vault.get(profile, 'webhook.hmac_secret');
  const value = env[envVariableNames(profile, 'webhook.hmac_secret')[0]];
  return value ? new Secret(value) : null;
}

export interface DisputeWebhookOptions {
  /** The source's secret, or null when none is set. */
  secretOf(source: string): Promise<Secret | null>;
  /** How far a delivery's timestamp may be from now, either way; 5 minutes unless set. */
  readonly windowMs?: number;
  readonly now?: () => number;
}

/** The signature a sender computes: hex HMAC-SHA256 of "<timestamp>.<raw body>". */
export function signDelivery(secret: string, timestamp: string, body: Buffer | string): string {
  return createHmac('sha256', secret)
    .update(`${timestamp}.`)
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('hex');
}

const REFUSED =
  'The delivery is not signed for this source: X-ClearDesk-Signature must be sha256=<hex HMAC-SHA256 of "<timestamp>.<body>"> with the secret set for it (cleardesk chargebacks webhook-secret).';

function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'hex');
  const b = Buffer.from(expected, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

export function createDisputeWebhook(core: Core, log: Logger, options: DisputeWebhookOptions) {
  const windowMs = options.windowMs ?? DEFAULT_WEBHOOK_WINDOW_MS;
  const now = options.now ?? Date.now;

  return async function receive(req: IncomingMessage, res: ServerResponse, source: string): Promise<void> {
    if (!WEBHOOK_SOURCE.test(source))
      return sendError(res, 'not_found', 'A webhook source is a name of lower-case letters, digits, - and _.');
    const body = await readRawBody(req, WEBHOOK_MAX_BODY);
    if (!body.ok) {
      if (body.status === 0) return;
      return sendError(res, 'invalid_request', body.message, { status: body.status });
    }
    const timestamp = req.headers[WEBHOOK_TIMESTAMP_HEADER];
    const signed = req.headers[WEBHOOK_SIGNATURE_HEADER];
    const signature =
      typeof signed === 'string'
        ? signed
            .trim()
            .replace(/^sha256=/i, '')
            .toLowerCase()
        : '';
    if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(signature)) {
      log.warn('webhook.refused', { source, why: 'unsigned' });
      return sendError(res, 'unauthenticated', REFUSED);
    }
    let secret: Secret | null;
    try {
      secret = await options.secretOf(source);
    } catch (e) {
      log.error('webhook.vault_failed', { source, error: e instanceof Error ? e.message : String(e) });
      return sendError(
        res,
        'unavailable',
        'ClearDesk cannot read the webhook secret now; send the delivery again later.',
      );
    }
    if (!secret || !sameSignature(signature, signDelivery(secret.reveal(), timestamp, body.bytes))) {
      log.warn('webhook.refused', { source, why: secret ? 'signature' : 'no secret' });
      return sendError(res, 'unauthenticated', REFUSED);
    }
    const at = now();
    if (Math.abs(at - Number(timestamp) * 1000) > windowMs) {
      log.warn('webhook.refused', { source, why: 'stale' });
      return sendError(
        res,
        'unauthenticated',
        `The delivery's timestamp is more than ${Math.round(windowMs / 1000)} seconds from ClearDesk's clock; sign it again with the current time.`,
      );
    }
    if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? ''))
      return sendError(res, 'invalid_request', 'Send the delivery as JSON (Content-Type: application/json).', {
        status: 415,
      });
    let value: unknown;
    try {
      value = JSON.parse(body.bytes.toString('utf8')) as unknown;
    } catch {
      return sendError(res, 'invalid_request', 'The delivery is not JSON.');
    }
    let batch;
    try {
      batch = disputeWebhookBatch(value, source, `webhook ${source}`);
    } catch (e) {
      if (e instanceof DisputeWebhookError) return sendError(res, 'invalid_request', e.message);
      throw e;
    }
    const summary = await core.receiveDisputes(batch, source, {
      signature,
      at: new Date(at).toISOString(),
      pruneBefore: new Date(at - 2 * windowMs).toISOString(),
    });
    log.info('webhook.received', {
      source,
      replay: summary === null,
      ...(summary ? { imported: summary.imported, updated: summary.updated, rejected: summary.rejected } : {}),
    });
    if (summary === null)
      return sendJson(res, 200, {
        ok: true,
        data: { replay: true, imported: 0, updated: 0, duplicates: 0, matched: 0, unmatched: 0, rejected: 0 },
      });
    return sendJson(res, 200, { ok: true, data: { replay: false, ...summary } });
  };
}
