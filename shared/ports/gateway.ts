// PayTrace as the core sees it: reading transactions, and the money moves of approved refunds.
// The PayTrace connector implements both (electron/connectors/paytrace/gateway.ts); the sandbox
// runs the same connector against its simulator.
import type { PaymentTransaction } from '../domain';
import type { Money } from '../money';

export interface RejectedRecord {
  readonly record: unknown;
  readonly error: string;
  readonly transactionId: number | null;
}

/** Something the gateway met and dealt with while reading (a call tried again, a window re-asked in parts). */
export interface GatewayNote {
  readonly subject: string;
  readonly message: string;
}

export interface PaymentGateway {
  /**
   * Every transaction created in [from, to] (ISO dates, PayTrace's zone), normalised. What the
   * gateway met on the way is told to onNote as it happens (so it is kept when the read fails).
   * Throws SystemUnavailableError when PayTrace cannot be read, ConfigurationError when it
   * refuses the sign-in.
   */
  fetchTransactions(
    range: { from: string; to: string },
    onNote?: (note: GatewayNote) => void,
    /** Told after each page of the read with the pages and records fetched so far, for progress. */
    onPage?: (fetched: { pages: number; records: number }) => void,
  ): Promise<{ transactions: PaymentTransaction[]; rejected: RejectedRecord[] }>;
}

/** The outcome of a money move at PayTrace: the transaction it made (a refund's own id, or the voided sale's). */
export interface MoneyMove {
  readonly transactionId: number;
  /** The answer was lost and PayTrace was asked what happened (nothing was sent twice). */
  readonly recovered: boolean;
}

/** A refusal or failure of a money move, as the gateway reports it. */
export class GatewayRefusal extends Error {
  constructor(
    message: string,
    /** True when the move may have happened (answer lost and the look-up failed): do not repeat it blindly. */
    readonly outcomeUnknown: boolean,
  ) {
    super(message);
    this.name = 'GatewayRefusal';
  }
}

/**
 * PayTrace's money-moving side, for refunds a clerk prepared and an approver approved. Each move
 * is sent exactly once; a lost answer is looked up at PayTrace, and when the look-up does not
 * settle it the move fails with GatewayRefusal(outcomeUnknown = true): nothing is sent again
 * (docs/ARCHITECTURE.md, "Refunds exactly once"). Other failures are GatewayRefusal too.
 */
export interface RefundGateway {
  /** The transaction as PayTrace has it now (a sale settled or not, a refund), or null when PayTrace does not know it. */
  lookup(transactionId: number): Promise<PaymentTransaction | null>;
  /** Refunds a settled sale, in full or in part, carrying `reference` where PayTrace keeps it on the refund. */
  refund(transactionId: number, amount: Money, reference: string): Promise<MoneyMove>;
  /** Voids an unsettled sale (all of it). */
  void(transactionId: number): Promise<MoneyMove>;
  /**
   * PayTrace's refunds carrying one of `references`, made between `from` and `to` (ISO instants;
   * the gateway reads a day more on either side). Throws when PayTrace cannot be asked.
   */
  findRefunds(references: readonly string[], range: { from: string; to: string }): Promise<PaymentTransaction[]>;
}
