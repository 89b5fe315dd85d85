// Bulk work on the review queue: a selection (ids, or every row of a filtered view) approved,
// parked or ignored at once. Each payment goes the single way (approveAndPost, setAside): the
// four-eyes rules, the state machine and the posting protocol decide per payment, as they do for
// one; this file only selects, classifies for the summary, and runs them with bounded concurrency.
import {
  ApiError,
  BULK_MAX,
  BULK_SELECTION_MESSAGE,
  bulkSelectionIsOne,
  type BulkRowResultSchema,
  type RequestOf,
  type ResponseOf,
} from '../../../shared/api';
import { allows, fourEyesFindings, signedAmount, TransitionRefusedError } from '../../../shared/domain';
import { caseOfRule } from '../../../shared/matching';
import { redactCardText } from '../../../shared/security';
import { FiscalCalendarError, PostingInputError, PostingPeriodError } from '../../../shared/posting';
import type { Clock } from '../../../shared/ports';
import { PAYTRACE_DEFAULT_ZONE } from '../../../shared/time';
import { PaymentNotFoundError, type QueueEntry, type Repositories } from '../../store';
import { requireRole } from '../authorization';
import { countBy, totalsByCompanyCode } from '../bulk-summary';
import { mapLimit } from '../concurrency';
import type { Actor } from '../ports';
import { companyZone, fourEyesPolicy } from '../settings';
import { refundCreditRefusal } from '../posting/context';
import { approveAndPost, secondPersonRefusal, setAside, type ApproveDeps } from './actions';
import type { z } from 'zod';

type Selection = Pick<RequestOf<'proposals.bulkPreview'>, 'transactionIds' | 'matching'>;
type RowResult = z.output<typeof BulkRowResultSchema>;

/** How many postings go to SAP at once in a bulk approval (the RFC pool's connections are shared with sync). */
export const BULK_POST_CONCURRENCY = 4;

/**
 * How many postings of a bulk approval are looked up in SAP at once, ahead of their turn. The poster
 * trusts a look-ahead for a minute only, so a long run looks ahead as it goes: the next batch while
 * the current one is half done, not all of them at the start (1,000 at 150 ms per call took
 * 260 s, and the postings after the first minute each asked SAP again: 2.87 calls per document).
 */
export const BULK_LOOK_AHEAD = 40;

/** What one person's approval would do to one payment. */
export type BulkPlan =
  | { readonly kind: 'post'; readonly entry: QueueEntry }
  | { readonly kind: 'prepare'; readonly entry: QueueEntry; readonly groups: readonly string[] }
  | {
      readonly kind: 'blocked';
      readonly entry: QueueEntry | null;
      readonly transactionId: number;
      readonly reason: string;
    };

/** The selected payments' ids: as given, or every row of the view (in its order), at most BULK_MAX. */
export async function selectedIds(
  store: Repositories,
  selection: Selection,
  payTraceZone = PAYTRACE_DEFAULT_ZONE,
): Promise<number[]> {
  // Checked here too, not only by the transport: "neither" must never mean "everything".
  if (!bulkSelectionIsOne(selection)) throw new ApiError('invalid_request', BULK_SELECTION_MESSAGE);
  if (selection.transactionIds) return [...new Set(selection.transactionIds)];
  const m = selection.matching ?? {};
  const ids = await store.queue.ids(
    {
      ...(m.states ? { states: m.states } : {}),
      ...(m.batch !== undefined ? { batch: m.batch } : {}),
      ...(m.text !== undefined ? { text: m.text } : {}),
      ...(m.sort ? { sort: m.sort } : {}),
      // A chart's days are the company's, as in the window the clerk selected from (queueWindow).
      ...(m.drill ? { drill: m.drill, zone: await companyZone(store, payTraceZone) } : {}),
    },
    BULK_MAX,
  );
  if (ids.length > BULK_MAX) {
    throw new ApiError(
      'invalid_request',
      `More than ${BULK_MAX.toLocaleString('en-US')} payments match; narrow the filter so at most that many are selected.`,
    );
  }
  return ids;
}

/** What `actor`'s approval would do to each selected payment, in the selection's order. */
export async function planBulkApproval(store: Repositories, actor: Actor, ids: readonly number[]): Promise<BulkPlan[]> {
  const policy = await fourEyesPolicy(store);
  const entries = new Map((await store.queue.entries(ids)).map((e) => [e.payment.source.transaction_id, e]));
  // A refund's posting clears open credits; without them its approval is refused (the posting's own check, asked
  // ahead for the refunds of the selection: few among the payments).
  const uncovered = new Set<number>();
  for (const { payment, proposal } of entries.values())
    if (
      payment.kind === 'refund' &&
      allows(payment.state, 'approved') &&
      proposal?.companyCode &&
      (await refundCreditRefusal(store, payment, proposal))
    )
      uncovered.add(payment.source.transaction_id);
  return ids.map((transactionId): BulkPlan => {
    const entry = entries.get(transactionId) ?? null;
    const blocked = (reason: string): BulkPlan => ({ kind: 'blocked', entry, transactionId, reason });
    if (!entry) return blocked('not in ClearDesk');
    const { payment, proposal } = entry;
    if (payment.state === 'approved') return blocked('already approved; its posting is on its way');
    if (!allows(payment.state, 'approved')) return blocked(`it is ${payment.state}`);
    if (!proposal) return blocked('no proposal to approve');
    if (!proposal.companyCode)
      return blocked('no match: no company code to post into; post it on account, to suspense, or correct the match');
    // The matcher's "likely duplicate" is money a person places (on account, or refunded), one by one.
    if (caseOfRule(proposal.rule) === 'duplicate')
      return blocked('a likely duplicate of a payment already applied: open it and decide (on account or a refund)');
    if (uncovered.has(transactionId))
      return blocked('a refund its open credits in SAP do not cover: open it to see what is missing');
    if (payment.state === 'prepared') {
      const refusal = secondPersonRefusal(actor, proposal);
      return refusal ? blocked(refusal) : { kind: 'post', entry };
    }
    const findings = fourEyesFindings(policy, {
      companyCode: proposal.companyCode,
      amount: payment.amount,
      proposal,
      customerChangedFrom: proposal.correctedCustomerFrom,
    });
    return findings.length > 0
      ? { kind: 'prepare', entry, groups: findings.map((f) => f.group) }
      : { kind: 'post', entry };
  });
}

/** The summary a clerk sees before a bulk approval is sent. */
export async function bulkPreview(
  store: Repositories,
  actor: Actor,
  selection: Selection,
  payTraceZone = PAYTRACE_DEFAULT_ZONE,
): Promise<ResponseOf<'proposals.bulkPreview'>> {
  requireRole(actor, 'clerk', 'approver');
  const plans = await planBulkApproval(store, actor, await selectedIds(store, selection, payTraceZone));
  return {
    count: plans.length,
    post: plans.filter((p) => p.kind === 'post').length,
    prepare: plans.filter((p) => p.kind === 'prepare').length,
    blocked: plans.filter((p) => p.kind === 'blocked').length,
    totals: totalsByCompanyCode(
      plans.flatMap((p) =>
        p.kind === 'blocked'
          ? []
          : [{ companyCode: p.entry.proposal!.companyCode!, amount: signedAmount(p.entry.payment) }],
      ),
    ),
    secondPerson: countBy(plans.flatMap((p) => (p.kind === 'prepare' ? p.groups : []))),
    cannotApprove: countBy(plans.flatMap((p) => (p.kind === 'blocked' ? [p.reason] : []))),
  };
}

export interface BulkApproveDeps extends ApproveDeps {
  /** Looks the postings' references up in SAP at once before the run (Core.lookAhead). */
  readonly lookAhead: (proposals: readonly { id: number }[]) => Promise<void>;
  readonly progress?: (p: { done: number; total: number; posted: number; prepared: number; failed: number }) => void;
  readonly concurrency?: number;
}

/** A refusal of this one payment (the single approval would have said the same), not a failure of the run. */
function isRefusal(e: unknown): e is Error {
  return (
    e instanceof ApiError ||
    e instanceof TransitionRefusedError ||
    e instanceof PaymentNotFoundError ||
    e instanceof PostingInputError ||
    e instanceof PostingPeriodError ||
    e instanceof FiscalCalendarError
  );
}

/** What an unexpected failure says on its row (card data redacted, like every message that leaves the core). */
const unexpected = (e: unknown) => redactCardText(e instanceof Error ? e.message : String(e));

/**
 * Approves the selection as `actor`: posts what one person may post (or what this person gives
 * the second approval to), prepares what needs a second person, skips what cannot be approved.
 * SAP is asked for the references in batches ahead of their postings (BULK_LOOK_AHEAD); postings go
 * at most `concurrency` at a time.
 */
export async function bulkApprove(
  deps: BulkApproveDeps,
  actor: Actor,
  selection: Selection,
): Promise<ResponseOf<'proposals.bulkApprove'>> {
  requireRole(actor, 'clerk', 'approver');
  const plans = await planBulkApproval(deps.store, actor, await selectedIds(deps.store, selection, deps.payTraceZone));
  const toPost = plans.flatMap((p) => (p.kind === 'post' ? [{ plan: p, id: p.entry.proposal!.id }] : []));
  const turn = new Map<BulkPlan, number>(toPost.map(({ plan }, i) => [plan, i]));
  const ahead: Promise<void>[] = [];
  const lookAhead = (batch: number): Promise<void> => {
    if (batch * BULK_LOOK_AHEAD >= toPost.length) return Promise.resolve();
    if (!ahead[batch]) {
      const ids = toPost.slice(batch * BULK_LOOK_AHEAD, (batch + 1) * BULK_LOOK_AHEAD).map(({ id }) => ({ id }));
      ahead[batch] = deps.lookAhead(ids);
      ahead[batch].catch(() => undefined); // awaited by the batch's postings, which report it
    }
    return ahead[batch];
  };
  const tally = { done: 0, total: plans.length, posted: 0, prepared: 0, failed: 0 };
  // After an unexpected failure (the store or SAP connection broke), no further payment is tried.
  let stopped: string | null = null;
  const results = await mapLimit(plans, deps.concurrency ?? BULK_POST_CONCURRENCY, async (plan): Promise<RowResult> => {
    let result: RowResult;
    if (stopped !== null) {
      result = {
        transactionId: plan.kind === 'blocked' ? plan.transactionId : plan.entry.payment.source.transaction_id,
        outcome: 'skipped',
        reason: `not tried: an earlier payment failed unexpectedly (${stopped})`,
        sapDocument: null,
      };
    } else {
      try {
        const i = turn.get(plan);
        if (i !== undefined) {
          const batch = Math.floor(i / BULK_LOOK_AHEAD);
          if (i % BULK_LOOK_AHEAD === BULK_LOOK_AHEAD / 2) void lookAhead(batch + 1).catch(() => undefined);
          await lookAhead(batch);
        }
        result = await approveOne(deps, actor, plan);
      } catch (e) {
        stopped = unexpected(e);
        result = {
          transactionId: plan.kind === 'blocked' ? plan.transactionId : plan.entry.payment.source.transaction_id,
          outcome: 'failed',
          reason: stopped,
          sapDocument: null,
        };
      }
    }
    tally.done += 1;
    if (result.outcome === 'posted') tally.posted += 1;
    else if (result.outcome === 'prepared') tally.prepared += 1;
    else if (result.outcome === 'failed') tally.failed += 1;
    deps.progress?.({ ...tally });
    return result;
  });
  const counts: Partial<Record<RowResult['outcome'], number>> = {};
  for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
  return { results, counts };
}

async function approveOne(deps: ApproveDeps, actor: Actor, plan: BulkPlan): Promise<RowResult> {
  if (plan.kind === 'blocked') {
    return { transactionId: plan.transactionId, outcome: 'skipped', reason: plan.reason, sapDocument: null };
  }
  const transactionId = plan.entry.payment.source.transaction_id;
  try {
    const outcome = await approveAndPost(deps, actor, transactionId, plan.entry.proposal!.id);
    if (outcome.state === 'awaiting-approval') {
      return { transactionId, outcome: 'prepared', reason: outcome.reasons.join('; '), sapDocument: null };
    }
    if (outcome.state === 'posted') {
      return {
        transactionId,
        outcome: 'posted',
        reason: null,
        sapDocument:
          outcome.belnr && outcome.gjahr
            ? { BELNR: outcome.belnr, BUKRS: outcome.companyCode, GJAHR: outcome.gjahr }
            : null,
      };
    }
    const messages = (JSON.parse(outcome.messages) as { MESSAGE?: string }[])
      .map((m) => m.MESSAGE ?? '')
      .filter(Boolean);
    return outcome.state === 'failed'
      ? { transactionId, outcome: 'failed', reason: messages.join(' ') || 'SAP refused the posting', sapDocument: null }
      : {
          transactionId,
          outcome: 'pending',
          reason: `SAP's answer is not known yet (${outcome.state}); ClearDesk looks it up before posting again`,
          sapDocument: null,
        };
  } catch (e) {
    if (!isRefusal(e)) throw e;
    return { transactionId, outcome: 'failed', reason: e.message, sapDocument: null };
  }
}

/** Parks or ignores the selection with one reason, each through the single set-aside (the state machine says from where). */
export async function bulkSetAside(
  store: Repositories,
  clock: Clock,
  actor: Actor,
  request: Selection & { state: 'parked' | 'ignored'; reason: string },
  payTraceZone = PAYTRACE_DEFAULT_ZONE,
): Promise<ResponseOf<'queue.bulkSetAside'>> {
  requireRole(actor, 'clerk', 'approver');
  const ids = await selectedIds(store, request, payTraceZone);
  const results: ResponseOf<'queue.bulkSetAside'>['results'] = [];
  for (const transactionId of ids) {
    try {
      await setAside(store, clock, actor, transactionId, request.state, request.reason);
      results.push({ transactionId, outcome: 'done', reason: null });
    } catch (e) {
      // A refusal is this payment's; anything else (the store broke) ends the run with its error.
      if (!isRefusal(e)) throw e;
      results.push({ transactionId, outcome: 'failed', reason: e.message });
    }
  }
  return {
    results,
    done: results.filter((r) => r.outcome === 'done').length,
    failed: results.filter((r) => r.outcome === 'failed').length,
  };
}
