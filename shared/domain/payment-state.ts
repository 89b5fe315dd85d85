// The payment state machine (docs/ARCHITECTURE.md, "The payment state machine"): every PayTrace
// transaction is in exactly one of these states, and only the events below move it. This table is
// the one owner of the rule; the store's transition writer applies it and audits each step, and
// every guard elsewhere (may this be approved, corrected, parked?) asks it.
import { type Money, negate } from '../money';
import type { PaymentKind, SettlementStatus } from './model';

export const PAYMENT_STATES = [
  'new',
  'review',
  'prepared',
  'approved',
  'pending',
  'posted',
  'reversing',
  'parked',
  'ignored',
  'failed',
  'closed',
] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

/**
 * The states in which a payment waits for a person: a sale's money in these is received but not
 * applied in SAP (unapplied cash, its alert and the dashboard), and the review queue ages them.
 */
export const UNAPPLIED_STATES = [
  'new',
  'review',
  'prepared',
  'parked',
  'failed',
] as const satisfies readonly PaymentState[];

/**
 * The states in which a payment has, or is getting, an FI document in SAP: its posting is on its way,
 * waits for SAP's answer, is posted, or waits for its reversal to be approved. Voiding such a sale at
 * PayTrace leaves that document to reverse.
 */
export const IN_SAP_STATES = ['approved', 'pending', 'posted', 'reversing'] as const satisfies readonly PaymentState[];

/** Whether a payment in `state` has (or is getting) a document in SAP. */
export const inSap = (state: PaymentState | string): boolean => (IN_SAP_STATES as readonly string[]).includes(state);

/** Each state's name on screen and in exports (the tabs, the state badge, the queue's CSV and Excel). */
export const PAYMENT_STATE_LABELS: Readonly<Record<PaymentState, string>> = {
  new: 'New',
  review: 'To review',
  prepared: 'Waits for approver',
  approved: 'Posting…',
  pending: 'In SAP, pending',
  posted: 'Posted',
  reversing: 'Reversal waits for approver',
  parked: 'Parked',
  ignored: 'Ignored',
  failed: 'Failed',
  closed: 'Closed',
};

/** A proposal's tier by name, on screen and in exports. */
export const TIER_LABELS: Readonly<Record<'auto' | 'suggest' | 'none', string>> = {
  auto: 'Auto',
  suggest: 'Suggest',
  none: 'No match',
};

/** What each state means to a clerk. */
export const PAYMENT_STATE_MEANING: Readonly<Record<PaymentState, string>> = {
  new: 'ingested from PayTrace, not matched yet',
  review: 'a proposal waits for a clerk',
  prepared: 'a clerk approved it; under the four-eyes rules it waits for a second person, an approver',
  approved: 'approved; the posting to SAP is on its way',
  pending:
    'in SAP, pending: SAP holds the posting (an IDoc in status 64, 51, ...) and has not posted it yet; ClearDesk checks it on each sync and never sends it again while SAP holds it',
  posted: 'in SAP, document number known',
  reversing:
    'in SAP; a clerk prepared the reversal of its document, which waits for an approver to execute it (and stays here while it is sent)',
  parked: 'set aside by a clerk with a reason, until someone picks it up again',
  ignored: 'ignored by a clerk with a reason; stays ignored on re-sync until a clerk brings it back to review',
  failed: 'SAP refused the posting; in the dead-letter queue',
  closed: 'nothing to post: declined, voided before settlement, or authorisation only',
};

export const PAYMENT_EVENTS = [
  'proposed',
  'corrected',
  'prepared',
  'sentBack',
  'approved',
  'postingStarted',
  'postingHeld',
  'posted',
  'postFailed',
  'parked',
  'unparked',
  'ignored',
  'unignored',
  'voided',
  'payTraceChanged',
  'reversalPrepared',
  'reversalRejected',
  'reversalFailed',
  'reversalStarted',
  'reversed',
  'chargebackReceived',
  'chargebackPosting',
] as const;
export type PaymentEvent = (typeof PAYMENT_EVENTS)[number];

/**
 * What a transition asks of whoever applies it, besides the new state:
 * - releaseProposal: the payment will not be posted, so its open proposal stops claiming invoices;
 * - askForReversal: PayTrace took the money back after SAP got (or is getting) the posting, so a
 *   person must reverse the SAP document (a dead letter says so).
 */
export type TransitionEffect = 'releaseProposal' | 'askForReversal';

export interface Transition {
  readonly to: PaymentState;
  readonly effect?: TransitionEffect;
}

const to = (state: PaymentState, effect?: TransitionEffect): Transition =>
  effect ? { to: state, effect } : { to: state };
/** The event leaves the state as it is (it is still recorded). */
const stays = (...states: PaymentState[]): Partial<Record<PaymentState, Transition>> =>
  Object.fromEntries(states.map((s) => [s, to(s)]));

/** Event -> the states it may arrive in -> where it leads. A pair not listed is refused. */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentEvent, Readonly<Partial<Record<PaymentState, Transition>>>>> =
  {
    // The matcher stored a proposal for a payment it had not matched before.
    proposed: { new: to('review') },
    // A clerk picked the open items by hand; a failed posting is corrected the same way.
    corrected: { new: to('review'), review: to('review'), prepared: to('review'), failed: to('review') },
    // A clerk approved a proposal the four-eyes rules give to a second person: it waits for one.
    prepared: { new: to('prepared'), review: to('prepared'), failed: to('prepared') },
    // The second person did not approve it: back to the queue for the clerk.
    sentBack: { prepared: to('review') },
    // A clerk (or the admin's automatic tier, or the second person) approved the proposal;
    // approving again re-sends a posting whose outcome is still open.
    approved: {
      new: to('approved'),
      review: to('approved'),
      prepared: to('approved'),
      failed: to('approved'),
      approved: to('approved'),
    },
    // The posting was written locally as 'sending' and is about to leave for SAP; or, pending, it is
    // sent again because SAP will not post what it held any more (the IDoc set to 68 or deleted).
    postingStarted: { approved: to('approved'), pending: to('approved') },
    // SAP took the posting but has not posted it (an IDoc in 64 or 51): it waits in SAP, visibly, and is
    // checked on each sync; a later status is recorded the same way.
    postingHeld: { approved: to('pending'), pending: to('pending') },
    // SAP holds the document. SAP is the truth: whatever ClearDesk thought, the payment is posted
    // (and hearing it twice, say from two recoveries, changes nothing).
    posted: {
      new: to('posted'),
      review: to('posted'),
      prepared: to('posted'),
      approved: to('posted'),
      pending: to('posted'),
      posted: to('posted'),
      // Still in SAP while its reversal waits: hearing it again changes nothing.
      reversing: to('reversing'),
      parked: to('posted'),
      ignored: to('posted'),
      failed: to('posted'),
      closed: to('posted'),
    },
    // SAP refused the document (E or A messages, or a definite refusal of the call).
    postFailed: { approved: to('failed') },
    parked: {
      new: to('parked'),
      review: to('parked'),
      prepared: to('parked'),
      failed: to('parked'),
      ignored: to('parked'),
    },
    unparked: { parked: to('review') },
    ignored: {
      new: to('ignored'),
      review: to('ignored'),
      prepared: to('ignored'),
      failed: to('ignored'),
      parked: to('ignored'),
    },
    // A clerk brings an ignored payment back (ignored by mistake, or its reason no longer holds).
    unignored: { ignored: to('review') },
    // PayTrace reports the payment voided or declined. Unposted work closes; a clerk's decision
    // stays; a posting already in SAP stays posted and must be reversed.
    voided: {
      new: to('closed', 'releaseProposal'),
      review: to('closed', 'releaseProposal'),
      prepared: to('closed', 'releaseProposal'),
      closed: to('closed'),
      parked: to('parked'),
      ignored: to('ignored'),
      failed: to('failed'),
      approved: to('approved', 'askForReversal'),
      pending: to('pending', 'askForReversal'),
      posted: to('posted', 'askForReversal'),
      // Its reversal is already prepared: nothing more to ask.
      reversing: to('reversing'),
    },
    // PayTrace changed something else (settled into a batch, a corrected field): recorded only.
    payTraceChanged: stays(...PAYMENT_STATES),
    // A clerk prepared the reversal of the payment's SAP document; an approver executes it (four eyes).
    reversalPrepared: { posted: to('reversing') },
    // The approver did not execute it, or its preparer withdrew it: the document stands.
    reversalRejected: { reversing: to('posted') },
    // An approver executed it: the reversal posting was written locally and is about to leave for SAP.
    reversalStarted: stays('reversing'),
    // SAP refused the reversal (a closed period, a document already reversed): the document stands.
    reversalFailed: { reversing: to('posted') },
    // SAP reversed the document: the payment waits for a clerk again, to be corrected and posted
    // anew under its next reference (PT<id>P2); one PayTrace voided is then closed ('voided' from review).
    reversed: { reversing: to('review') },
    // A dispute arrived for the payment; its own case follows the chargeback's lifecycle.
    chargebackReceived: stays(
      'new',
      'review',
      'prepared',
      'approved',
      'pending',
      'posted',
      'reversing',
      'parked',
      'ignored',
      'failed',
    ),
    // A posting its dispute case implies (the chargeback, its loss, the reversal of a won case's chargeback) left
    // for SAP, was posted or refused: recorded on the sale's trail; the sale's own state is its own posting's.
    chargebackPosting: stays(...PAYMENT_STATES.filter((s) => s !== 'closed')),
  };

/** How a refusal reads: "cannot be parked". */
const EVENT_VERB: Readonly<Record<PaymentEvent, string>> = {
  proposed: 'proposed for matching',
  corrected: 'corrected',
  prepared: 'prepared for a second approval',
  sentBack: 'sent back to the queue',
  approved: 'approved',
  postingStarted: 'sent to SAP',
  postingHeld: 'held in SAP',
  posted: 'marked posted',
  postFailed: 'marked failed',
  parked: 'parked',
  unparked: 'unparked',
  ignored: 'ignored',
  unignored: 'brought back to review',
  voided: 'voided',
  payTraceChanged: 'updated from PayTrace',
  reversalPrepared: 'prepared for reversal',
  reversalRejected: 'left unreversed',
  reversalFailed: 'marked as not reversed',
  reversalStarted: 'sent for reversal',
  reversed: 'reversed',
  chargebackReceived: 'disputed',
  chargebackPosting: 'posted for its chargeback',
};

/** What a clerk should do instead, where a refusal has an obvious remedy. */
const REMEDY: Partial<Record<PaymentState, Partial<Record<PaymentEvent, string>>>> = {
  posted: {
    parked: 'reverse the posting instead of parking it',
    ignored: 'reverse the posting instead of ignoring it',
    approved: 'it is already posted',
    corrected: 'reverse the posting before correcting it',
  },
  reversing: {
    parked: 'its reversal waits for an approver; reject the reversal first',
    ignored: 'its reversal waits for an approver; reject the reversal first',
    corrected: 'its reversal waits for an approver, who executes it; then it can be corrected',
    approved: 'it is posted, and its reversal waits for an approver',
    reversalPrepared: 'its reversal is already prepared',
  },
  approved: {
    parked: 'its posting is on its way to SAP; reverse the posting instead of parking it',
    ignored: 'its posting is on its way to SAP; reverse the posting instead of ignoring it',
    corrected: 'its posting is on its way to SAP',
  },
  pending: {
    parked: 'SAP holds its posting and may still post it; it is posted or released in SAP, not parked',
    ignored: 'SAP holds its posting and may still post it; it is posted or released in SAP, not ignored',
    corrected: 'SAP holds its posting and may still post it',
    approved: 'SAP holds its posting already; ClearDesk checks it on each sync',
  },
  parked: { approved: 'unpark it first', corrected: 'unpark it first' },
  ignored: {
    approved: 'it was ignored; bring it back to review first',
    corrected: 'it was ignored; bring it back to review first',
  },
  closed: { approved: 'PayTrace declined or voided it, so there is nothing to post' },
  review: { reversalPrepared: 'only a posted payment has an SAP document to reverse' },
};

/** An event the table does not allow in the payment's state: a conflict, naming both states and the event. */
export class TransitionRefusedError extends Error {
  override readonly name = 'TransitionRefusedError';
  readonly code = 'conflict' as const;
  constructor(
    readonly subject: string,
    readonly from: PaymentState,
    readonly event: PaymentEvent,
  ) {
    const allowed = allowedFrom(event);
    const remedy = REMEDY[from]?.[event];
    super(
      `${subject} is ${from}, so it cannot be ${EVENT_VERB[event]}` +
        (remedy ? `: ${remedy}.` : '.') +
        ` (Event '${event}' is allowed only from ${allowed.map((s) => `'${s}'`).join(', ') || 'no state'}.)`,
    );
  }
}

/** Where `event` leads from `from`, or null when the table refuses it. */
export function transitionOf(from: PaymentState, event: PaymentEvent): Transition | null {
  return PAYMENT_TRANSITIONS[event][from] ?? null;
}

/** Where `event` leads from `from`; throws TransitionRefusedError when the table refuses it. */
export function applyPaymentEvent(from: PaymentState, event: PaymentEvent, subject = 'The payment'): Transition {
  const next = transitionOf(from, event);
  if (!next) throw new TransitionRefusedError(subject, from, event);
  return next;
}

/** Whether `event` may happen to a payment in `state`: the guards of the UI and the core ask this. */
export function allows(state: PaymentState, event: PaymentEvent): boolean {
  return transitionOf(state, event) !== null;
}

/** The states `event` may arrive in, in PAYMENT_STATES order. */
export function allowedFrom(event: PaymentEvent): PaymentState[] {
  return PAYMENT_STATES.filter((s) => allows(s, event));
}

/** PayTrace says no money moved (a sale voided before settlement, or declined): nothing to post, ever. */
export const movedNoMoney = (status: SettlementStatus | string): boolean =>
  status === 'voided' || status === 'declined';

/** What a payment moves, signed: a refund is money going back to the card (PayTrace carries it positive). */
export const signedAmount = (p: { readonly kind: PaymentKind | string; readonly amount: Money }): Money =>
  p.kind === 'refund' ? negate(p.amount) : p.amount;

/** The card was never charged: no money moved, or an authorisation was never captured. Nothing to refund or dispute. */
export const neverCharged = (status: SettlementStatus | string): boolean =>
  movedNoMoney(status) || status === 'authorized';

/**
 * A sale PayTrace voided or declined whose posting SAP has or is getting (not yet being reversed): no money
 * came, yet SAP shows the invoice paid. A person must reverse the document (its dead letter asks for it).
 */
export const voidedButInSap = (state: PaymentState | string, status: SettlementStatus | string): boolean =>
  state !== 'reversing' && inSap(state) && movedNoMoney(status);

/**
 * The state a transaction starts in when PayTrace first reports it: nothing to post for a decline,
 * a void, a voided sale or an authorisation that was never captured; everything else waits for matching.
 */
export function initialPaymentState(t: {
  readonly kind: PaymentKind;
  readonly status: SettlementStatus;
}): PaymentState {
  if (neverCharged(t.status)) return 'closed';
  if (t.kind === 'void' || t.kind === 'authorization') return 'closed';
  return 'new';
}

/**
 * The table as a Mermaid state diagram, one line per distinct arrow (events sharing an arrow are
 * joined); docs/ARCHITECTURE.md carries this text and a test keeps the two equal.
 */
export function paymentStateDiagram(): string {
  const arrows = new Map<string, PaymentEvent[]>();
  for (const event of PAYMENT_EVENTS) {
    for (const from of PAYMENT_STATES) {
      const next = transitionOf(from, event);
      if (!next || next.to === from) continue;
      const key = `${from} --> ${next.to}`;
      arrows.set(key, [...(arrows.get(key) ?? []), event]);
    }
  }
  const lines = ['stateDiagram-v2', '  [*] --> new: ingested', '  [*] --> closed: ingested (nothing to post)'];
  for (const [arrow, events] of arrows) lines.push(`  ${arrow}: ${events.join(', ')}`);
  return lines.join('\n');
}
