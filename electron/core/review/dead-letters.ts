// The dead-letter queue's actions (docs/ARCHITECTURE.md, "Dead letters"): retry runs again what
// failed, through the owner of that action (approval and the posting protocol for a posting SAP
// refused, a sync for what PayTrace's export could not give); resolve closes a letter with a
// person's reason, on the audit trail. What may be retried is `deadLetterRemedy`'s to say.
import { ApiError, type AwaitingApproval, type DeadLetterRetry } from '../../../shared/api';
import { deadLetterRemedy } from '../../../shared/domain';
import type { Clock } from '../../../shared/ports';
import type { DeadLetterRecord, PostingRecord, Repositories } from '../../store';
import { requireRole } from '../authorization';
import type { Actor } from '../ports';

export interface DeadLetterDeps {
  readonly store: Repositories;
  readonly clock: Clock;
  /** Approves the payment's live proposal again: the single approval, with its four-eyes rules. */
  approve(actor: Actor, transactionId: number, proposalId: number): Promise<PostingRecord | AwaitingApproval>;
  /** One sync pass (shared with one already running). */
  sync(): Promise<unknown>;
}

const subjectOf = (id: number): string => `dead-letter:${id}`;

function alreadyResolved(letter: DeadLetterRecord): string {
  const by = letter.resolvedBy ? ` by ${letter.resolvedBy} (${letter.resolution ?? 'no reason'})` : ' by ClearDesk';
  return `Dead letter ${letter.id} was resolved at ${letter.resolvedAt}${by}; nothing to do.`;
}

async function openLetter(store: Repositories, id: number): Promise<DeadLetterRecord> {
  const letter = await store.deadLetters.get(id);
  if (!letter) throw new ApiError('not_found', `Dead letter ${id} is not in ClearDesk.`);
  if (letter.resolvedAt !== null) throw new ApiError('conflict', alreadyResolved(letter));
  return letter;
}

/** A person resolves a letter with a reason: who and why are kept on it and on the audit trail. */
export async function resolveDeadLetter(
  store: Repositories,
  clock: Clock,
  actor: Actor,
  id: number,
  reason: string,
): Promise<DeadLetterRecord> {
  requireRole(actor, 'clerk', 'approver', 'admin');
  const at = clock.now().toISOString();
  return store.transaction(async (tx) => {
    const letter = await openLetter(tx, id);
    if (!(await tx.deadLetters.resolveByHand(id, actor.name, reason, at))) {
      throw new ApiError('conflict', alreadyResolved((await tx.deadLetters.get(id)) ?? letter));
    }
    await tx.audit.append({
      actor: actor.name,
      action: 'deadLetter.resolved',
      subject: subjectOf(id),
      detail: { id, source: letter.source, sourceKey: letter.sourceKey, reason, retried: false },
      at,
    });
    return (await tx.deadLetters.get(id))!;
  });
}

/** Runs again what failed; the answer says what happened, and the letter as it is now. */
export async function retryDeadLetter(deps: DeadLetterDeps, actor: Actor, id: number): Promise<DeadLetterRetry> {
  requireRole(actor, 'clerk', 'approver', 'admin');
  const { store } = deps;
  const letter = await openLetter(store, id);
  const remedy = deadLetterRemedy(letter);
  if (remedy.kind === 'reverse') {
    throw new ApiError(
      'conflict',
      `Dead letter ${id} asks for the reversal of transaction ${remedy.transactionId}'s SAP document: open the payment and prepare the reversal ("Reverse in SAP…"); there is nothing to run again.`,
    );
  }
  if (remedy.kind === 'none') {
    throw new ApiError(
      'conflict',
      `ClearDesk cannot run dead letter ${id} again: settle it where it happened, then resolve it with a reason.`,
    );
  }

  if (remedy.kind === 'resync') {
    await deps.sync();
    const after = (await store.deadLetters.get(id))!;
    if (after.resolvedAt !== null) {
      return { letter: after, outcome: 'synced', message: 'The sync read it again; the letter is resolved.' };
    }
    // A record rejected by an earlier sync that this one ingested: nothing is missing any more.
    const key = letter.sourceKey ?? '';
    if (/^\d+$/.test(key) && (await store.payments.get(Number(key))) !== null) {
      const resolved = await resolveAfterRetry(deps, actor, letter, `Retried: the sync read transaction ${key}.`);
      return {
        letter: resolved,
        outcome: 'synced',
        message: `The sync read transaction ${key}; the letter is resolved.`,
      };
    }
    return {
      letter: after,
      outcome: 'still-open',
      message:
        'The sync ran and could not read it yet (a record PayTrace still sends unreadable, or one older than the days a sync reads). Settle it in PayTrace, then resolve the letter with a reason.',
    };
  }

  // A posting SAP refused: the payment's live proposal is approved again, exactly as by its Approve button.
  const payment = await store.payments.get(remedy.transactionId);
  if (!payment) throw new ApiError('not_found', `Transaction ${remedy.transactionId} is not in ClearDesk.`);
  if (payment.state !== 'failed') {
    throw new ApiError(
      'conflict',
      `Transaction ${remedy.transactionId} is ${payment.state}, not failed: there is no refused posting to send again. Resolve the letter with a reason.`,
    );
  }
  const proposal = await store.proposals.live(remedy.transactionId);
  if (!proposal) {
    throw new ApiError(
      'conflict',
      `Transaction ${remedy.transactionId} has no proposal to approve again; correct its match first.`,
    );
  }
  const outcome = await deps.approve(actor, remedy.transactionId, proposal.id);
  if (outcome.state === 'awaiting-approval') {
    return {
      letter: (await store.deadLetters.get(id))!,
      outcome: 'prepared',
      message: `Prepared for a second person (${outcome.reasons.join('; ')}); the letter is resolved when SAP accepts the posting.`,
    };
  }
  if (outcome.state === 'posted') {
    return {
      letter: (await store.deadLetters.get(id))!,
      outcome: 'posted',
      message: `Posted: SAP document ${outcome.belnr ?? '?'} in ${outcome.companyCode}/${outcome.gjahr ?? '?'}.`,
    };
  }
  if (outcome.state === 'failed') {
    // The poster wrote SAP's new answer as a new letter: this one points to it.
    const newer = (await store.deadLetters.openWithKeyPrefix('posting', remedy.reference)).filter(
      (l) => l.id !== id && l.sourceKey === remedy.reference,
    );
    const next = newer.at(-1)?.id;
    const why = `Retried: SAP refused the posting again${next ? ` (dead letter ${next})` : ''}.`;
    const resolved = next ? await resolveAfterRetry(deps, actor, letter, why) : (await store.deadLetters.get(id))!;
    return { letter: resolved, outcome: 'failed', message: why };
  }
  return {
    letter: (await store.deadLetters.get(id))!,
    outcome: 'still-open',
    message: `The posting is ${outcome.state} in SAP; the letter is resolved once SAP posts it.`,
  };
}

async function resolveAfterRetry(
  deps: DeadLetterDeps,
  actor: Actor,
  letter: DeadLetterRecord,
  reason: string,
): Promise<DeadLetterRecord> {
  const at = deps.clock.now().toISOString();
  return deps.store.transaction(async (tx) => {
    if (await tx.deadLetters.resolveByHand(letter.id, actor.name, reason, at)) {
      await tx.audit.append({
        actor: actor.name,
        action: 'deadLetter.resolved',
        subject: subjectOf(letter.id),
        detail: { id: letter.id, source: letter.source, sourceKey: letter.sourceKey, reason, retried: true },
        at,
      });
    }
    return (await tx.deadLetters.get(letter.id))!;
  });
}
