// What a processor (or middleware) pushes to the signed dispute webhook (`POST /webhooks/disputes/<source>` on the
// browser host; docs/ARCHITECTURE.md, "Disputes"), read into a DisputeBatch. This is ClearDesk's own payload, not
// a processor's: `{"cases": [{...}]}` with ClearDesk's field names (README, "Chargeback webhook"). Amounts are
// decimal strings in the currency's major unit ("125.00"), never JSON numbers, so no float is ever on the way to
// minor units. A body that is not that shape is refused as a whole; a case that cannot be read (amount, currency,
// stage, date) is rejected with its reason and the others are taken, as a report's rows are.
import { z } from 'zod';
import { parseMoney, type Money } from '../money';
import { redactCardText } from '../security';
import type { DisputeBatch, DisputeBatchCase, DisputeRejection } from '../ports/disputes';
import { lastFourOf, stageOf, statusOf, type DisputeCase, type DisputeImpact } from './model';
import { reasonCode } from './reason-codes';

/** The most cases one delivery carries. */
export const WEBHOOK_MAX_CASES = 500;

const text = (max: number) => z.string().max(max);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');

const WebhookCaseSchema = z.object({
  caseNumber: z.string().trim().min(1, 'the case number is empty').max(64),
  stage: text(64),
  status: text(64).optional(),
  reasonCode: text(16).optional(),
  reasonDescription: text(500).optional(),
  cardBrand: text(32).optional(),
  /** Decimal text in the currency's major unit: "125.00". */
  amount: z.string({ error: 'the amount is a decimal string such as "125.00"' }).max(32),
  originalAmount: z.string({ error: 'the original amount is a decimal string' }).max(32).nullable().optional(),
  /** The processor's fee for the case, a decimal string in the case's currency (posted to the fee G/L). */
  fee: z.string({ error: 'the fee is a decimal string such as "15.00"' }).max(32).nullable().optional(),
  currency: z.string().max(3),
  impact: z.enum(['debit', 'credit', 'unknown']).optional(),
  receivedDate: date.nullable().optional(),
  transactionDate: date.nullable().optional(),
  dueDate: date.nullable().optional(),
  /** Only the last four digits are ever kept, whatever is sent. */
  cardLast4: text(32).optional(),
  arn: text(32).optional(),
  merchantReference: text(100).optional(),
  transactionId: z.number().int().positive().nullable().optional(),
  authCode: text(16).optional(),
  merchantId: text(32).optional(),
});

export const DisputeWebhookSchema = z.object({
  cases: z.array(z.unknown()).min(1, 'send at least one case').max(WEBHOOK_MAX_CASES),
});

export class DisputeWebhookError extends Error {
  override readonly name = 'DisputeWebhookError';
}

function amountOf(textValue: string, currency: string, what: string): Money {
  const m = parseMoney(textValue.trim(), currency);
  if (m.minor < 0) throw new DisputeWebhookError(`${what} ${textValue} is negative; give it as a positive amount`);
  return m;
}

/**
 * A delivery's parsed JSON as a batch from `processor` (the webhook's source). Throws DisputeWebhookError when the
 * body as a whole is not a delivery; cases that cannot be read are in `rejected`.
 */
export function disputeWebhookBatch(body: unknown, processor: string, origin: string): DisputeBatch {
  const outer = DisputeWebhookSchema.safeParse(body);
  if (!outer.success)
    throw new DisputeWebhookError(
      `The body is not a dispute delivery: ${outer.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}. Send {"cases": [{"caseNumber": ..., "stage": ..., "amount": "125.00", "currency": "USD", ...}]}.`,
    );
  const cases: DisputeBatchCase[] = [];
  const rejected: DisputeRejection[] = [];
  outer.data.cases.forEach((raw, i) => {
    const ref = `case ${i + 1}`;
    const parsed = WebhookCaseSchema.safeParse(raw);
    if (!parsed.success) {
      rejected.push({
        ref,
        reason: redactCardText(
          parsed.error.issues.map((x) => `${x.path.join('.') || 'case'}: ${x.message}`).join('; '),
        ),
      });
      return;
    }
    const c = parsed.data;
    try {
      const stage = stageOf(c.stage);
      if (stage === null) throw new DisputeWebhookError(`stage "${c.stage}" is not a dispute stage ClearDesk knows`);
      const currency = c.currency.trim().toUpperCase();
      let amount: Money;
      let original: Money | null;
      let fee: Money | null;
      try {
        amount = amountOf(c.amount, currency, 'amount');
        original = c.originalAmount ? amountOf(c.originalAmount, currency, 'original amount') : null;
        fee = c.fee ? amountOf(c.fee, currency, 'fee') : null;
      } catch (e) {
        throw new DisputeWebhookError(e instanceof Error ? e.message : String(e));
      }
      const code = reasonCode(c.reasonCode ?? '', c.cardBrand ?? '');
      const impact: DisputeImpact = c.impact ?? 'debit';
      const dispute: DisputeCase = {
        processor,
        caseNumber: c.caseNumber,
        stage,
        stageRaw: c.stage,
        status: statusOf(c.status ?? 'open'),
        statusRaw: c.status ?? '',
        network: code.network,
        reasonCode: code.code,
        reasonMeaning: code.meaning,
        reasonDescription: c.reasonDescription ?? '',
        amount,
        originalAmount: original,
        fee,
        impact,
        receivedDate: c.receivedDate ?? null,
        transactionDate: c.transactionDate ?? null,
        dueDate: c.dueDate ?? null,
        cardLast4: lastFourOf(c.cardLast4 ?? ''),
        arn: c.arn ?? '',
        merchantReference: c.merchantReference ?? '',
        transactionId: c.transactionId ?? null,
        authCode: c.authCode ?? '',
        merchantId: c.merchantId ?? '',
      };
      cases.push({ ref, dispute });
    } catch (e) {
      rejected.push({ ref, reason: redactCardText(e instanceof Error ? e.message : String(e)) });
    }
  });
  return { source: 'webhook', origin, cases, rejected };
}
