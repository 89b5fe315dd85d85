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
 * is sent once; a lost answer is looked up at PayTrace before anything is sent again. Failures
 * are GatewayRefusal.
 */
export interface RefundGateway {
  /** The sale as PayTrace has it now (settled or not), or null when PayTrace does not know it. */
  lookup(transactionId: number): Promise<PaymentTransaction | null>;
  /** Refunds a settled sale, in full or in part. */
  refund(transactionId: number, amount: Money): Promise<MoneyMove>;
  /** Voids an unsettled sale (all of it). */
  void(transactionId: number): Promise<MoneyMove>;
}
