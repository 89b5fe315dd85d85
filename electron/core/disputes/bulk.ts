// Bulk work on the Chargebacks tab (issue 13, point 4; docs/ARCHITECTURE.md, "Disputes"): a selection of cases (ids,
// or every case of a view: the tab and the filter, resolved by the store) whose postings are prepared at once, or,
// for an approver, whose prepared postings are approved at once. Each case goes the single way: the clerk's
// prepareChargebackPosting and the approver's approveChargebackPosting (posting.ts) decide per case, authorise per
// case and give each its own result; this file only selects, summarises, and runs them one after another.
import {
  ApiError,
  BULK_MAX,
  CHARGEBACK_SELECTION_MESSAGE,
  chargebackSelectionIsOne,
  type ChargebackBulkApprovePreview,
  type ChargebackBulkPreview,
  type ChargebackBulkResult,
  type DisputeView,
} from '../../../shared/api';
import { TransitionRefusedError } from '../../../shared/domain';
import { FiscalCalendarError, type FiDocument, PostingInputError, PostingPeriodError } from '../../../shared/posting';
import type { Money } from '../../../shared/money';
import { redactCardText } from '../../../shared/security';
import type { Repositories } from '../../store';
import { requireRole } from '../authorization';
import { countBy, totalsByCompanyCode } from '../bulk-summary';
import { mapLimit } from '../concurrency';
import type { Actor } from '../ports';
import type { Poster } from '../posting/poster';
import type { ReversalDocument } from '../reversals/reversals';
import { BULK_POST_CONCURRENCY } from '../review/bulk';
import {
  approvalCheck,
  approveChargebackPosting,
  type ChargebackPlan,
  type ChargebackPostingDeps,
  chargebackPlan,
  prepareChargebackPosting,
} from './posting';

export interface ChargebackSelection {
  readonly caseIds?: readonly number[] | undefined;
  readonly matching?: DisputeView | undefined;
}

type Row = ChargebackBulkResult['results'][number];

export interface BulkProgress {
  readonly done: number;
  readonly total: number;
  readonly posted: number;
  readonly prepared: number;
  readonly failed: number;
}

/** Why a case with a posting waiting for its decision is not prepared again (the store keeps one waiting per case). */
const ALREADY_PREPARED = 'already prepared; it waits for an approver';

const STEP_WORDS: Record<NonNullable<ChargebackPlan['event']>, string> = {
  chargeback: 'chargeback (the disputed amount booked)',
  'write-off': 'loss of a lost case',
  'chargeback-reversal': 'reversal of a won case',
};

/** The selected cases' ids: as given, or every case of the view (in the tab's order), at most BULK_MAX. */
export async function selectedCaseIds(store: Repositories, selection: ChargebackSelection): Promise<number[]> {
  // Checked here too, not only by the transport: "neither" must never mean "everything".
  if (!chargebackSelectionIsOne(selection as Parameters<typeof chargebackSelectionIsOne>[0]))
    throw new ApiError('invalid_request', CHARGEBACK_SELECTION_MESSAGE);
  if (selection.caseIds) return [...new Set(selection.caseIds)];
  const m = selection.matching ?? {};
  const ids = await store.disputes.ids(
    { ...(m.match ? { matchState: m.match } : {}), ...(m.text !== undefined ? { text: m.text } : {}) },
    BULK_MAX,
  );
  if (ids.length > BULK_MAX)
    throw new ApiError(
      'invalid_request',
      `More than ${BULK_MAX.toLocaleString('en-US')} cases match; narrow the filter so at most that many are selected.`,
    );
  return ids;
}

type CasePlan =
  | { readonly kind: 'prepare'; readonly caseId: number; readonly plan: ChargebackPlan }
  | { readonly kind: 'blocked'; readonly caseId: number; readonly group: string };

/** What preparing each case would do, asked of the rule's owner (chargebackPlan), in the selection's order. */
async function planCases(deps: ChargebackPostingDeps, ids: readonly number[]): Promise<CasePlan[]> {
  const out: CasePlan[] = [];
  for (const caseId of ids) {
    if (!(await deps.store.disputes.byId(caseId))) {
      out.push({ kind: 'blocked', caseId, group: 'not in ClearDesk' });
      continue;
    }
    const plan = await chargebackPlan(deps, caseId);
    if (plan.group !== null || !plan.companyCode || !plan.amount) {
      out.push({ kind: 'blocked', caseId, group: plan.group ?? 'nothing to post at its stage' });
      continue;
    }
    const waiting = (await deps.store.disputes.postingsOf({ caseId })).some(
      (p) => p.state === 'prepared' || p.state === 'approved',
    );
    out.push(waiting ? { kind: 'blocked', caseId, group: ALREADY_PREPARED } : { kind: 'prepare', caseId, plan });
  }
  return out;
}

/** The summary a clerk reads before the selected cases' postings are prepared; nothing is stored. */
export async function chargebackBulkPreview(
  deps: ChargebackPostingDeps,
  actor: Actor,
  selection: ChargebackSelection,
): Promise<ChargebackBulkPreview> {
  requireRole(actor, 'clerk', 'approver');
  const plans = await planCases(deps, await selectedCaseIds(deps.store, selection));
  return {
    count: plans.length,
    prepare: plans.filter((p) => p.kind === 'prepare').length,
    blocked: plans.filter((p) => p.kind === 'blocked').length,
    totals: totalsByCompanyCode(
      plans.flatMap((p) =>
        p.kind === 'prepare' ? [{ companyCode: p.plan.companyCode!, amount: p.plan.amount! }] : [],
      ),
    ),
    steps: countBy(plans.flatMap((p) => (p.kind === 'prepare' && p.plan.event ? [STEP_WORDS[p.plan.event]] : []))),
    cannotPrepare: countBy(plans.flatMap((p) => (p.kind === 'blocked' ? [p.group] : []))),
  };
}

/** Why a selected case has nothing for an approver to approve. */
const NOTHING_WAITS = 'no posting of this case waits for approval';

/**
 * The summary an approver reads before the selected cases' prepared postings go to SAP; nothing is sent. Each
 * case is judged by approveChargebackPosting's own check (approvalCheck): what it would refuse is counted with why.
 */
export async function chargebackBulkApprovePreview(
  deps: ChargebackPostingDeps,
  actor: Actor,
  selection: ChargebackSelection,
): Promise<ChargebackBulkApprovePreview> {
  requireRole(actor, 'approver');
  const ids = await selectedCaseIds(deps.store, selection);
  const ready: { companyCode: string; amount: Money; step: string; preparedBy: string }[] = [];
  const refused: string[] = [];
  for (const caseId of ids) {
    const waiting = (await deps.store.disputes.postingsOf({ caseId })).find((p) => p.state === 'prepared');
    if (!waiting) {
      refused.push(NOTHING_WAITS);
      continue;
    }
    const check = await approvalCheck(deps, actor, waiting);
    if (check.group !== null || !check.plan?.event || !check.plan.amount) {
      refused.push(check.group ?? 'nothing to post at its stage');
      continue;
    }
    ready.push({
      companyCode: waiting.companyCode,
      amount: check.plan.amount,
      step: STEP_WORDS[check.plan.event],
      preparedBy: waiting.preparedBy,
    });
  }
  return {
    count: ids.length,
    approve: ready.length,
    blocked: refused.length,
    totals: totalsByCompanyCode(ready),
    steps: countBy(ready.map((r) => r.step)),
    preparedBy: countBy(ready.map((r) => `prepared by ${r.preparedBy}`)),
    cannotApprove: countBy(refused),
  };
}

/** A refusal of this one case (the single action would have said the same), not a failure of the run. */
const isRefusal = (e: unknown): e is Error =>
  e instanceof ApiError ||
  e instanceof TransitionRefusedError ||
  e instanceof PostingInputError ||
  e instanceof PostingPeriodError ||
  e instanceof FiscalCalendarError;

/** What an unexpected failure says on its row (card data redacted, like every message that leaves the core). */
const unexpected = (e: unknown) => redactCardText(e instanceof Error ? e.message : String(e));

/**
 * Runs `one` for each case, at most `concurrency` at a time, counting as it goes. A refusal is that case's result
 * and the others go on; after an unexpected failure (the store or SAP connection broke) no further case is tried.
 */
async function eachCase(
  store: Repositories,
  ids: readonly number[],
  concurrency: number,
  progress: ((p: BulkProgress) => void) | undefined,
  one: (caseId: number, caseNumber: string) => Promise<Row>,
): Promise<ChargebackBulkResult> {
  const tally = { done: 0, total: ids.length, posted: 0, prepared: 0, failed: 0 };
  let stopped: string | null = null;
  const results = await mapLimit(ids, concurrency, async (caseId): Promise<Row> => {
    const record = await store.disputes.byId(caseId).catch(() => null);
    const caseNumber = record?.dispute.caseNumber ?? '';
    const row = (outcome: Row['outcome'], reason: string): Row => ({
      caseId,
      caseNumber,
      outcome,
      reference: null,
      reason,
      sapDocument: null,
    });
    let result: Row;
    if (stopped !== null) result = row('skipped', `not tried: an earlier case failed unexpectedly (${stopped})`);
    else if (!record) result = row('skipped', `Dispute case ${caseId} is not in ClearDesk.`);
    else {
      try {
        result = await one(caseId, caseNumber);
      } catch (e) {
        if (isRefusal(e)) result = row('skipped', e.message);
        else {
          stopped = unexpected(e);
          result = row('failed', stopped);
        }
      }
    }
    tally.done += 1;
    if (result.outcome === 'posted') tally.posted += 1;
    else if (result.outcome === 'prepared') tally.prepared += 1;
    else if (result.outcome === 'failed') tally.failed += 1;
    progress?.({ ...tally });
    return result;
  });
  const counts: ChargebackBulkResult['counts'] = {};
  for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
  return { results, counts };
}

/**
 * Prepares the posting each selected case implies, as `actor`, through prepareChargebackPosting (the rule's owner,
 * which authorises and refuses per case): a result per case; what cannot be prepared is skipped with why. Preparing
 * is not approving: every prepared posting waits for an approver who did not prepare it.
 */
export async function chargebackBulkPrepare(
  deps: ChargebackPostingDeps & { readonly progress?: (p: BulkProgress) => void },
  actor: Actor,
  selection: ChargebackSelection,
): Promise<ChargebackBulkResult> {
  requireRole(actor, 'clerk', 'approver');
  const ids = await selectedCaseIds(deps.store, selection);
  // One at a time: preparing only writes to the store, and the store keeps one waiting posting per case.
  return eachCase(deps.store, ids, 1, deps.progress, async (caseId, caseNumber) => {
    const p = await prepareChargebackPosting(deps, actor, caseId);
    return { caseId, caseNumber, outcome: 'prepared', reference: p.reference, reason: p.why, sapDocument: null };
  });
}

/**
 * An approver approves the prepared posting of each selected case through approveChargebackPosting (which refuses
 * what this person prepared, and a case that no longer implies what was prepared): posted to SAP exactly once, a
 * result per case, BULK_POST_CONCURRENCY at a time. A case with no prepared posting is skipped with why.
 */
export async function chargebackBulkApprove(
  deps: ChargebackPostingDeps & {
    readonly poster: Poster<FiDocument>;
    readonly reversalPoster: Poster<ReversalDocument>;
    readonly progress?: (p: BulkProgress) => void;
    readonly concurrency?: number;
  },
  actor: Actor,
  selection: ChargebackSelection,
): Promise<ChargebackBulkResult> {
  requireRole(actor, 'approver');
  const ids = await selectedCaseIds(deps.store, selection);
  return eachCase(
    deps.store,
    ids,
    deps.concurrency ?? BULK_POST_CONCURRENCY,
    deps.progress,
    async (caseId, caseNumber) => {
      const waiting = (await deps.store.disputes.postingsOf({ caseId })).find((p) => p.state === 'prepared');
      if (!waiting)
        return {
          caseId,
          caseNumber,
          outcome: 'skipped',
          reference: null,
          reason: NOTHING_WAITS,
          sapDocument: null,
        };
      const p = await approveChargebackPosting(deps, actor, waiting.id);
      const posting = p.state === 'posted' ? await deps.store.postings.get(p.reference) : null;
      return {
        caseId,
        caseNumber,
        outcome: p.state === 'posted' ? 'posted' : p.state === 'failed' ? 'failed' : 'pending',
        reference: p.reference,
        reason:
          p.state === 'failed'
            ? (p.error ?? 'SAP refused the posting')
            : p.state === 'posted'
              ? null
              : "SAP's answer is not known yet; ClearDesk looks it up before posting again",
        sapDocument:
          posting?.belnr && posting.gjahr
            ? { BELNR: posting.belnr, BUKRS: posting.companyCode, GJAHR: posting.gjahr }
            : null,
      };
    },
  );
}
