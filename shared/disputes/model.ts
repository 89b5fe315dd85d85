// The dispute case (issue 13; formats.md §3.3): one chargeback case of a processor, whatever brought it in
// (a report file, the North disputes API, a webhook, a clerk). Keyed by processor + case number. Stages and
// statuses are ClearDesk's own enums; the processor's words are kept beside them.
import type { Money } from '../money';
import type { CardNetwork } from './reason-codes';

/** The lifecycle, in order (formats.md §3.3). */
export const DISPUTE_STAGES = ['retrieval', 'chargeback', 'representment', 'pre-arbitration', 'arbitration'] as const;
export type DisputeStage = (typeof DISPUTE_STAGES)[number];

export const DISPUTE_STATUSES = ['open', 'pending', 'won', 'lost', 'accepted', 'expired', 'closed'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export type DisputeImpact = 'debit' | 'credit' | 'unknown';

export type DisputeSourceKind = 'report' | 'north' | 'webhook' | 'manual';

export interface DisputeCase {
  readonly processor: string;
  readonly caseNumber: string;
  readonly stage: DisputeStage;
  /** The processor's word for the stage ("CBK1", "Pre-Arb"), card data masked. */
  readonly stageRaw: string;
  readonly status: DisputeStatus;
  readonly statusRaw: string;
  readonly network: CardNetwork;
  readonly reasonCode: string;
  /** The network's meaning of the code, or "unknown code". */
  readonly reasonMeaning: string;
  /** What the processor wrote about the reason, card data masked. */
  readonly reasonDescription: string;
  /** What is disputed, as a positive amount; the impact says which way it moves money. */
  readonly amount: Money;
  /** The original sale's amount, when the report gives it (a partial dispute is less). */
  readonly originalAmount: Money | null;
  readonly impact: DisputeImpact;
  /** The processor's own fee for the case (posted as its own line to the fee G/L), when the source gives one. */
  readonly fee?: Money | null;
  /** ISO dates (YYYY-MM-DD). */
  readonly receivedDate: string | null;
  readonly transactionDate: string | null;
  /** Respond-by date. */
  readonly dueDate: string | null;
  /** The card's last four digits only; never more. */
  readonly cardLast4: string;
  /** Acquirer reference number (23 digits), as text. */
  readonly arn: string;
  /** Order id, invoice, merchant transaction reference. */
  readonly merchantReference: string;
  /** PayTrace's transaction id, when the processor passes it. */
  readonly transactionId: number | null;
  readonly authCode: string;
  readonly merchantId: string;
}

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Processors' stage words (Fiserv stage codes, Shift4 events, Worldpay cycles, Cardcorp types) to the lifecycle. */
const STAGE_WORDS: readonly (readonly [DisputeStage, readonly string[]])[] = [
  [
    'retrieval',
    ['rrq', 'retrieval', 'retrievalrequest', 'rfi', 'requestforinformation', 'requestforclarity', 'copyrequest'],
  ],
  [
    'pre-arbitration',
    [
      'aparb',
      'cparb',
      'prearb',
      'prearbitration',
      'prearbitrationcase',
      'cbk2',
      'secondchargeback',
      'arbitrationchargeback',
      'precompliance',
      'pcompl',
    ],
  ],
  ['arbitration', ['aarb', 'carb', 'arb', 'arbitration', 'compliance', 'compl']],
  [
    'representment',
    [
      'rep',
      'representment',
      'represented',
      'secondpresentment',
      'reversal',
      'reversalrequest',
      'chargebackreversal',
      'chargebackrecall',
      'recall',
    ],
  ],
  [
    'chargeback',
    ['cbk', 'cbk1', 'chargeback', 'chargebacks', 'firstchargeback', 'firstcb', 'cb', 'dispute', 'rdr', 'deposit'],
  ],
];

/** The stage a processor's word names, or null when it names none ClearDesk knows. */
export function stageOf(text: string): DisputeStage | null {
  const t = norm(text);
  for (const [stage, words] of STAGE_WORDS) if (words.includes(t)) return stage;
  // Fiserv's expired variants of its stage codes: CBK1E, APARBE, RRQE.
  if (/^(rrq|cbk\d|rep|aparb|cparb|aarb|carb|pcompl|compl)e$/.test(t)) return stageOf(t.slice(0, -1));
  // Cycle names such as "FIRST_CHARGEBACK", "PRE_ARBITRATION" and stage descriptions such as "CBK: Processing Error".
  if (/^prearb/.test(t)) return 'pre-arbitration';
  if (/^arbitration/.test(t)) return 'arbitration';
  if (/^(representment|secondpresentment)/.test(t)) return 'representment';
  if (/^(retrieval|rrq)/.test(t)) return 'retrieval';
  if (/^(cbk|chargeback|firstchargeback)/.test(t)) return 'chargeback';
  return null;
}

const STATUS_WORDS: readonly (readonly [DisputeStatus, readonly string[]])[] = [
  [
    'open',
    [
      'open',
      'new',
      'outstanding',
      'needsresponse',
      'merchantresponseneeded',
      'actionrequired',
      'requestformoreinformation',
      'merchant',
      'active',
    ],
  ],
  [
    'pending',
    [
      'pending',
      'inreview',
      'underreview',
      'challenged',
      'represented',
      'pendinginternalreview',
      'networkassumed',
      'submitted',
      'responded',
    ],
  ],
  ['won', ['won', 'win', 'reversed', 'creditissued', 'resolvedinmerchantfavor', 'merchantwon']],
  ['lost', ['lost', 'loss', 'debited', 'resolvedincardholderfavor', 'merchantlost']],
  ['accepted', ['accepted', 'accept', 'merchantacceptsliability', 'liabilityaccepted']],
  ['expired', ['expired']],
  ['closed', ['closed', 'complete', 'completed', 'resolved']],
];

/**
 * The status a processor's word names, or null when it names none ClearDesk knows (a source that must not
 * guess, such as North's API, rejects the case with its word; a report file takes it as `open`, `statusOf`).
 */
export function knownStatusOf(text: string): DisputeStatus | null {
  const t = norm(text);
  for (const [status, words] of STATUS_WORDS) if (words.includes(t)) return status;
  if (/won|favou?rmerchant/.test(t)) return 'won';
  if (/lost|favou?rcardholder/.test(t)) return 'lost';
  if (/expired/.test(t)) return 'expired';
  if (/accept/.test(t)) return 'accepted';
  if (/closed/.test(t)) return 'closed';
  if (/pending|review/.test(t)) return 'pending';
  return null;
}

/**
 * The status a processor's word names. A word ClearDesk does not know is taken as `open`: the case
 * still wants attention, and the processor's word is kept beside it.
 */
export function statusOf(text: string): DisputeStatus {
  return knownStatusOf(text) ?? 'open';
}

/**
 * Whether a case is past its respond-by date and still waits for the merchant (`open`): a case the merchant
 * answered, won, lost or accepted is not overdue whatever its date. `today` is an ISO date (YYYY-MM-DD).
 */
export function isOverdue(c: Pick<DisputeCase, 'dueDate' | 'status'>, today: string): boolean {
  return c.status === 'open' && c.dueDate !== null && c.dueDate < today;
}

/** The last four digits of whatever a report's card column holds (full, first six + last four, last four). */
export function lastFourOf(text: string): string {
  const digits = text.replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : '';
}
