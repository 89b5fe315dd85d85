// The gateway's state and its rules: charges, captures, voids, refunds, settlement into batches.
import { ERR, SimValidationError } from './codes';
import type { SimAddress, SimBatch, SimCard, SimTransaction, SimType } from './model';
import type { Random } from './prng';
import { type AutoSettle, nextCutoff } from './settlement';

export interface LedgerOptions {
  readonly zone: string;
  readonly firstTransactionId: number;
  readonly firstBatchNumber: number;
  readonly autoSettle: AutoSettle;
  /** Amounts (minor units) the processor declines; PayTrace's sandbox declines 0.29. */
  readonly declineAmountsMinor: readonly number[];
  readonly random: Random;
}

export interface ChargeInput {
  type: 'SALE' | 'AUTHORIZATION';
  amountMinor: number;
  taxAmount: string;
  card: SimCard;
  invoiceId: string;
  description: string;
  customerReferenceId: string;
  customerId: string;
  billing: SimAddress;
  email: string;
  createdBy: string;
  through: string;
  fromIp: string;
  forceDecline?: boolean;
}

/** The merchant's fields a refund request gave; what it left out is the sale's. */
export interface RefundFields {
  readonly invoiceId?: string;
  readonly description?: string;
  readonly customerReferenceId?: string;
}

export interface Origin {
  createdBy: string;
  through: string;
  fromIp: string;
}

export class Ledger {
  readonly transactions = new Map<number, SimTransaction>();
  readonly batches: SimBatch[] = [];
  private nextId: number;
  private nextBatch: number;
  /** Auto-settlement has been run for every cut-off up to this instant. */
  private settledThrough: number | null = null;

  constructor(private readonly opts: LedgerOptions) {
    this.nextId = opts.firstTransactionId;
    this.nextBatch = opts.firstBatchNumber;
  }

  /** Moves the ledger's time forward, running every automatic settlement that falls due. */
  advanceTo(at: number): void {
    if (this.settledThrough === null || !this.opts.autoSettle.enabled) {
      this.settledThrough = Math.max(this.settledThrough ?? at, at);
      return;
    }
    for (
      let cut = nextCutoff(this.settledThrough, this.opts.autoSettle.cutoff, this.opts.zone);
      cut <= at;
      cut = nextCutoff(cut, this.opts.autoSettle.cutoff, this.opts.zone)
    ) {
      this.settle(cut);
    }
    this.settledThrough = Math.max(this.settledThrough, at);
  }

  charge(input: ChargeInput, at: number): SimTransaction {
    const declined = input.forceDecline === true || this.opts.declineAmountsMinor.includes(input.amountMinor);
    const code = `TAS${String(Math.floor(this.opts.random() * 1000)).padStart(3, '0')}`;
    const t: SimTransaction = {
      id: this.nextId++,
      type: input.type,
      state: declined ? 'declined' : input.type === 'SALE' ? 'pending' : 'authorized',
      amountMinor: input.amountMinor,
      authorizedMinor: declined ? 0 : input.amountMinor,
      refundedMinor: 0,
      taxAmount: input.taxAmount,
      card: input.card,
      invoiceId: input.invoiceId,
      description: input.description,
      customerReferenceId: input.customerReferenceId,
      customerId: input.customerId,
      billing: input.billing,
      email: input.email,
      approvalCode: declined ? '' : code,
      approvalMessage: declined ? '  EXPIRED CARD - Expired card' : `APPROVAL ${code} - Approved and completed`,
      avsResponse: declined ? '' : 'Full Exact Match',
      cscResponse: declined ? '' : 'Match',
      createdAt: at,
      createdBy: input.createdBy,
      through: input.through,
      fromIp: input.fromIp,
      batch: null,
      settledAt: null,
      originalId: null,
    };
    this.transactions.set(t.id, t);
    return t;
  }

  get(id: unknown): SimTransaction {
    const t =
      typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id))
        ? this.transactions.get(Number(id))
        : undefined;
    if (!t) throw SimValidationError.of(ERR.transactionId);
    return t;
  }

  capture(id: unknown, amountMinor: number | undefined): SimTransaction {
    const t = this.get(id);
    if (t.type !== 'AUTHORIZATION' || t.state !== 'authorized') throw SimValidationError.of(ERR.captureAmount);
    const amount = amountMinor ?? t.authorizedMinor;
    if (amount <= 0 || amount > t.authorizedMinor) throw SimValidationError.of(ERR.captureAmount);
    t.amountMinor = amount;
    t.state = 'pending';
    return t;
  }

  void(id: unknown): SimTransaction {
    const t = this.get(id);
    if (t.state === 'settled') throw SimValidationError.of(ERR.voidSettled);
    if (t.state === 'voided' || t.state === 'declined') throw SimValidationError.of(ERR.notVoidable);
    t.state = 'voided';
    return t;
  }

  refund(
    id: unknown,
    amountMinor: number | undefined,
    origin: Origin,
    at: number,
    fields: RefundFields = {},
  ): SimTransaction {
    const original = this.get(id);
    if (original.type === 'REFUND') throw SimValidationError.of(ERR.notRefundable);
    if (original.state !== 'settled') throw SimValidationError.of(ERR.refundUnsettled);
    const left = original.amountMinor - original.refundedMinor;
    const amount = amountMinor ?? left;
    if (amount <= 0 || amount > left) throw SimValidationError.of(ERR.refundAmount);
    original.refundedMinor += amount;
    const code = `TAS${String(Math.floor(this.opts.random() * 1000)).padStart(3, '0')}`;
    const refund: SimTransaction = {
      ...original,
      id: this.nextId++,
      type: 'REFUND' as SimType,
      state: 'pending',
      amountMinor: amount,
      authorizedMinor: amount,
      refundedMinor: 0,
      taxAmount: '',
      approvalCode: code,
      approvalMessage: `APPROVAL ${code} - Approved and completed`,
      createdAt: at,
      ...origin,
      // Refunded to the sale's card, billing and vault customer; its own merchant fields when given.
      invoiceId: fields.invoiceId ?? original.invoiceId,
      description: fields.description ?? original.description,
      customerReferenceId: fields.customerReferenceId ?? original.customerReferenceId,
      batch: null,
      settledAt: null,
      originalId: original.id,
    };
    this.transactions.set(refund.id, refund);
    return refund;
  }

  /** Closes the open batch: every transaction pending settlement joins batch GB<n>. */
  settle(at: number): SimBatch | null {
    const pending = [...this.transactions.values()].filter((t) => t.state === 'pending');
    if (pending.length === 0) return null;
    const batch: SimBatch = { number: this.nextBatch++, settledAt: at, transactionIds: pending.map((t) => t.id) };
    for (const t of pending) {
      t.state = 'settled';
      t.batch = batch.number;
      t.settledAt = at;
    }
    this.batches.push(batch);
    return batch;
  }

  batch(number: unknown): SimBatch {
    const b = this.batches.find((x) => x.number === Number(number));
    if (!b) throw SimValidationError.of(ERR.batch);
    return b;
  }
}
