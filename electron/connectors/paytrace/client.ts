// The PayTrace v1 JSON API as ClearDesk uses it: exports, batches, refunds, voids, captures,
// vault sales and the customer vault. Credentials are given by the caller and never logged.
import { type Money, toDecimal } from '../../../shared/money';
import { toPayTraceDate, wallClockAt } from '../../../shared/time';
import type { PaymentTransaction } from '../../../shared/domain';
import { redactCardData, redactCardText } from '../../../shared/security';
import { type Policy, type PolicyOptions, type RetryEvent, TimeoutError } from '../../resilience';
import { type PayTraceConfig, type ResolvedConfig, resolveConfig } from './config';
import type { Envelope } from './envelope';
import { PayTraceError, RecordError } from './errors';
import { type ExportNote, type ExportQuery, WindowedExport } from './export-windows';
import { type MoneyMoveResult, moveMoneyOnce, sendOnce, sendOnceThenLookUp } from './money-moves';
import { normalizeExportRecord, transactionIdOf } from './normalize';
import { classifyPayTraceFailure, PayTraceTransport } from './transport';

export interface ClientDeps {
  /** PayTrace's "now" as the client sees it; tests pass the simulator's clock. */
  readonly now?: () => number;
  readonly policy?: Policy;
  readonly policyOptions?: Partial<PolicyOptions>;
}

export interface RejectedRecord {
  /** The record as received, with card data removed. */
  readonly record: unknown;
  readonly error: string;
  readonly transactionId: number | null;
}

export interface FetchResult {
  readonly transactions: PaymentTransaction[];
  readonly rejected: RejectedRecord[];
  /** What the export met and dealt with on the way: calls tried again, windows asked again in parts. */
  readonly notes: ExportNote[];
}

export interface CustomerInput {
  readonly customerId: string;
  readonly card?: { number?: string; encryptedNumber?: string; expirationMonth: number; expirationYear: number };
  readonly billingAddress?: Record<string, string>;
  readonly email?: string;
  readonly phone?: string;
}

type Rec = Record<string, unknown>;

const DAY_MS = 86_400_000;
/** customer_reference_id holds 50 characters (v3 spec: reference §2.6). */
const REFERENCE_MAX = 50;

/** Whether a vault profile holds what an update sent: the card's last four digits, the billing name, the e-mail. */
function matchesUpdate(profile: Rec, c: CustomerInput): boolean {
  const card = (profile.credit_card ?? {}) as Rec;
  const billing = (profile.billing_address ?? {}) as Rec;
  const last4 = c.card?.number ? c.card.number.replace(/\D/g, '').slice(-4) : null;
  if (last4 !== null && !String(card.masked_number ?? '').endsWith(last4)) return false;
  if (c.billingAddress?.name !== undefined && billing.name !== c.billingAddress.name) return false;
  if (c.email !== undefined && profile.email !== c.email) return false;
  return true;
}

/** PayTrace's answer to a repeated call (the first one's answer was lost). */
class RepeatedCallError extends Error {
  constructor(readonly error: PayTraceError) {
    super(error.message);
    this.name = 'RepeatedCallError';
  }
}

function listOf(env: Envelope, key: string, operation: string): unknown[] {
  const v = env[key];
  if (!Array.isArray(v)) {
    throw new PayTraceError({
      kind: 'protocol',
      operation,
      ambiguous: true,
      messages: [`PayTrace's answer has no "${key}" list`],
    });
  }
  return v;
}

function idOf(env: Envelope, operation: string): number {
  const id = transactionIdOf(env);
  if (id === null)
    throw new PayTraceError({
      kind: 'protocol',
      operation,
      messages: ['PayTrace confirmed the request but sent no transaction_id'],
    });
  return id;
}

export class PayTraceClient {
  readonly config: ResolvedConfig;
  private readonly transport: PayTraceTransport;
  private readonly now: () => number;
  /** Export calls made (for sync statistics). */
  exportCalls = 0;

  constructor(config: PayTraceConfig, deps: ClientDeps = {}) {
    this.config = resolveConfig(config);
    this.now = deps.now ?? (() => Date.now());
    this.transport = new PayTraceTransport(this.config, this.now, deps.policy, deps.policyOptions);
  }

  get circuitState(): string {
    return this.transport.policy.circuitState;
  }

  ping(): Promise<boolean> {
    return this.transport.ping();
  }

  private read(path: string, body: Rec, operation: string): Promise<Envelope> {
    return this.transport.call(path, body, { idempotent: true, operation });
  }

  private money(amount: Money, operation: string): string {
    if (amount.currency !== this.config.currency) {
      throw new PayTraceError({
        kind: 'validation',
        operation,
        retryable: false,
        messages: [`the PayTrace account works in ${this.config.currency}, not ${amount.currency}`],
      });
    }
    return toDecimal(amount);
  }

  /** Today's date in PayTrace's zone (ISO). */
  today(offsetDays = 0): string {
    return this.dayOf(this.now() + offsetDays * DAY_MS);
  }

  // --- exports -------------------------------------------------------------------------------

  async exportById(transactionId: number, opts: { includeBin?: boolean } = {}): Promise<unknown | null> {
    const operation = `export of transaction ${transactionId}`;
    const env = await this.read(
      '/v1/transactions/export/by_id',
      { transaction_id: transactionId, ...(opts.includeBin ? { include_bin: true } : {}) },
      operation,
    );
    return listOf(env, 'transactions', operation)[0] ?? null;
  }

  /** One export call. Dates are ISO (YYYY-MM-DD), inclusive, in PayTrace's zone. */
  async exportByDateRange(q: {
    startDate: string;
    endDate: string;
    transactionType?: string;
    customerId?: string;
    includeBin?: boolean;
  }): Promise<unknown[]> {
    const operation = `export of ${q.startDate}..${q.endDate}${q.transactionType ? ` ${q.transactionType}` : ''}`;
    this.exportCalls += 1;
    const env = await this.read(
      '/v1/transactions/export/by_date_range',
      {
        start_date: toPayTraceDate(q.startDate),
        end_date: toPayTraceDate(q.endDate),
        ...(q.transactionType ? { transaction_type: q.transactionType } : {}),
        ...(q.customerId ? { customer_id: q.customerId } : {}),
        ...(q.includeBin ? { include_bin: true } : {}),
      },
      operation,
    );
    return listOf(env, 'transactions', operation);
  }

  async exportBatches(startDate: string, endDate: string): Promise<Rec[]> {
    const operation = `export of settlement batches ${startDate}..${endDate}`;
    const env = await this.read(
      '/v1/batches/export',
      { start_date: toPayTraceDate(startDate), end_date: toPayTraceDate(endDate) },
      operation,
    );
    return listOf(env, 'batches', operation) as Rec[];
  }

  /** A batch summary; without a number, the latest batch. */
  async exportBatch(batchNumber?: number): Promise<Rec> {
    const operation = `export of settlement batch ${batchNumber ?? '(latest)'}`;
    const env = await this.read(
      '/v1/batches/export_one',
      batchNumber === undefined ? {} : { batch_number: batchNumber },
      operation,
    );
    if (!env.batch || typeof env.batch !== 'object')
      throw new PayTraceError({ kind: 'protocol', operation, messages: ['PayTrace\'s answer has no "batch"'] });
    return env.batch as Rec;
  }

  async batchTransactions(batchNumber: number): Promise<unknown[]> {
    const operation = `export of settlement batch ${batchNumber} transactions`;
    this.exportCalls += 1;
    const env = await this.read('/v1/batches/transaction_list', { batch_number: batchNumber }, operation);
    return listOf(env, 'transactions', operation);
  }

  private windowed(onNote?: (note: ExportNote) => void, onPage?: (records: number) => void): WindowedExport {
    return new WindowedExport(
      {
        // With include_bin the masked number starts with the BIN (first 6 digits): the card brand, and
        // so the per-brand G/L rules (Amex), come from it. It is masked to the last four on reading.
        byDateRange: (q) => this.exportByDateRange({ ...q, includeBin: true }),
        batchNumbers: async (from, to) =>
          (await this.exportBatches(from, to)).map((b) => Number(b.number)).filter(Number.isSafeInteger),
        batchTransactions: (n) => this.batchTransactions(n),
      },
      {
        cap: this.config.exportCap,
        concurrency: this.config.exportConcurrency,
        today: this.today(),
        ...(onNote ? { onNote } : {}),
        ...(onPage ? { onPage } : {}),
      },
    );
  }

  /** Every record of a date range, complete and once each (see export-windows.ts). */
  exportTransactions(q: ExportQuery): Promise<unknown[]> {
    return this.windowed().run(q);
  }

  /**
   * Normalised transactions of a date range, and the records that could not be read. What the
   * export met on the way (calls tried again, windows re-asked in parts) is told to onNote as it
   * happens, so a caller keeps it even when the export fails in the end, and returned as notes.
   * onPage is told after each page of the export (pages and records so far), for progress.
   */
  async fetchTransactions(
    range: { from: string; to: string },
    onNote?: (note: ExportNote) => void,
    onPage?: (fetched: { pages: number; records: number }) => void,
  ): Promise<FetchResult> {
    const fetched = { pages: 0, records: 0 };
    const page = (records: number): void => {
      fetched.pages += 1;
      fetched.records += records;
      onPage?.({ ...fetched });
    };
    const notes: ExportNote[] = [];
    const note = (n: ExportNote): void => {
      notes.push(n);
      onNote?.(n);
    };
    const onRetry = (e: RetryEvent): void => {
      // The transport is shared: other calls made meanwhile (a refund, a vault update) are not this export's.
      if (!e.operation.startsWith('export of ')) return;
      const text = e.error instanceof Error ? e.error.message : String(e.error);
      const said = text.startsWith(`PayTrace ${e.operation}: `) ? text.slice(`PayTrace ${e.operation}: `.length) : text; // the subject says what was read
      note({
        subject: e.operation,
        message: `${said}; tried again after ${(e.delayMs / 1000).toFixed(1)} s (attempt ${e.attempt + 1}).`,
      });
    };
    const records = await this.observingRetries(onRetry, () => this.windowed(note, page).run(range));
    const transactions: PaymentTransaction[] = [];
    const rejected: RejectedRecord[] = [];
    for (const record of records) {
      try {
        transactions.push(normalizeExportRecord(record, this.config));
      } catch (e) {
        if (!(e instanceof RecordError)) throw e;
        rejected.push({
          record: redactCardData(record),
          // The error may quote the field it could not read, and that field may hold what a payer typed.
          error: redactCardText(e.message),
          transactionId: e.transactionId ?? transactionIdOf(record),
        });
      }
    }
    return { transactions, rejected, notes };
  }

  // --- money-moving calls --------------------------------------------------------------------

  /**
   * Refunds a settled transaction, in full or in part, with ClearDesk's reference in
   * customer_reference_id (docs/ARCHITECTURE.md, "Refunds exactly once": the refund keeps it, and
   * exports show it). Sent once: a lost answer is looked up by that reference, and when PayTrace
   * does not show it the outcome stays unknown (an ambiguous PayTraceError); it is never sent again.
   */
  async refundForTransaction(req: {
    transactionId: number;
    amount?: Money;
    reference: string;
  }): Promise<MoneyMoveResult> {
    const operation = `refund of transaction ${req.transactionId}${req.amount ? ` (${toDecimal(req.amount)} ${req.amount.currency})` : ' (full)'}`;
    const reference = req.reference.trim();
    if (reference === '' || reference.length > REFERENCE_MAX) {
      throw new PayTraceError({
        kind: 'validation',
        operation,
        retryable: false,
        messages: [
          `a refund needs a reference of 1 to ${REFERENCE_MAX} characters to be found again, not "${reference}"`,
        ],
      });
    }
    const body = {
      transaction_id: req.transactionId,
      ...(req.amount ? { amount: this.money(req.amount, operation) } : {}),
      customer_reference_id: reference,
    };
    const sentAt = this.now();
    return sendOnceThenLookUp(
      operation,
      async () =>
        idOf(
          await this.transport.call('/v1/transactions/refund/for_transaction', body, { idempotent: false, operation }),
          operation,
        ),
      async () => {
        const window = this.lookUpWindow(sentAt, this.now());
        const found = await this.findRefunds([reference], { from: sentAt, to: this.now() });
        const ids = found.map((t) => t.source.transaction_id).join(', ');
        if (found.length > 1)
          return { unknown: `PayTrace shows ${found.length} refunds with reference ${reference} (${ids})` };
        const [refund] = found;
        if (!refund)
          return {
            unknown: `PayTrace's refunds of ${window.from}..${window.to} show none with reference ${reference}`,
          };
        if (req.amount && refund.amount.minor !== req.amount.minor)
          return {
            unknown: `PayTrace's refund ${ids} has reference ${reference} but is of ${toDecimal(refund.amount)} ${refund.amount.currency}, not ${toDecimal(req.amount)} ${req.amount.currency}`,
          };
        return { found: refund.source.transaction_id };
      },
    );
  }

  /** PayTrace-local days a look-up reads: from the day before the send to the day after the look-up. */
  private lookUpWindow(from: number, to: number): { from: string; to: string } {
    return { from: this.dayOf(from - DAY_MS), to: this.dayOf(to + DAY_MS) };
  }

  /** The PayTrace-local date (ISO) of an instant. */
  private dayOf(ms: number): string {
    const w = wallClockAt(ms, this.config.zone);
    return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
  }

  /**
   * PayTrace's refunds that carry one of `references` in customer_reference_id, made on the
   * PayTrace-local days from the day before `from` to the day after `to` (so a send just before
   * midnight, or a clock that is off, stays inside), by transaction id. Read complete: an answer at
   * the export cap is asked for again day by day. A record with a reference that cannot be read
   * throws (RecordError): the caller cannot tell what it says.
   */
  async findRefunds(
    references: readonly string[],
    around: { from: number; to: number },
  ): Promise<PaymentTransaction[]> {
    const wanted = new Set(references.map((r) => r.trim()).filter((r) => r !== ''));
    if (wanted.size === 0) return [];
    const records = await this.windowed().runSingle({
      ...this.lookUpWindow(around.from, around.to),
      transactionType: 'REFUND',
    });
    const out: PaymentTransaction[] = [];
    for (const record of records) {
      const ref = (record as Rec | null)?.customer_reference_id;
      if (typeof ref !== 'string' || !wanted.has(ref.trim())) continue;
      const t = normalizeExportRecord(record, this.config);
      // The filter is PayTrace's; what it let through is checked here too.
      if (t.kind === 'refund') out.push(t);
    }
    return out.sort((a, b) => a.source.transaction_id - b.source.transaction_id);
  }

  /**
   * Voids an unsettled transaction. Sent once: a lost answer is looked up in the sale's own record
   * (voided: done; settled: it cannot have been voided; anything else: the outcome stays unknown).
   */
  async voidTransaction(transactionId: number): Promise<MoneyMoveResult> {
    const operation = `void of transaction ${transactionId}`;
    return sendOnceThenLookUp(
      operation,
      async () =>
        idOf(
          await this.transport.call(
            '/v1/transactions/void',
            { transaction_id: transactionId },
            { idempotent: false, operation },
          ),
          operation,
        ),
      async () => {
        const record = await this.exportById(transactionId);
        if (!record) return { unknown: `PayTrace's export does not show sale ${transactionId}` };
        const sale = normalizeExportRecord(record, this.config);
        if (sale.status === 'voided') return { found: transactionId };
        if (sale.status === 'settled')
          return {
            notDone: `PayTrace has settled sale ${transactionId}${sale.batch !== null ? ` in batch ${sale.batch}` : ''}, so it was not voided: nothing was voided; refund it instead.`,
          };
        return { unknown: `PayTrace still shows sale ${transactionId} as ${sale.status}, not voided` };
      },
    );
  }

  /** Captures an authorization, in full or for less. */
  async capture(req: { transactionId: number; amount?: Money }): Promise<MoneyMoveResult> {
    const operation = `capture of authorization ${req.transactionId}`;
    const body = {
      transaction_id: req.transactionId,
      ...(req.amount ? { amount: this.money(req.amount, operation) } : {}),
    };
    return moveMoneyOnce(
      operation,
      async () =>
        idOf(
          await this.transport.call('/v1/transactions/authorization/capture', body, { idempotent: false, operation }),
          operation,
        ),
      async () => {
        const record = await this.exportById(req.transactionId);
        if (!record) return null;
        const t = normalizeExportRecord(record, this.config);
        const captured = t.kind === 'capture' && (!req.amount || t.amount.minor === req.amount.minor);
        return captured ? req.transactionId : null;
      },
    );
  }

  /** Charges a vaulted customer. A decline is a PayTraceError of kind 'declined' with its transaction id. */
  async saleByCustomer(req: {
    customerId: string;
    amount: Money;
    invoiceId?: string;
    description?: string;
    customerReferenceId?: string;
  }): Promise<MoneyMoveResult> {
    const operation = `sale to vault customer ${req.customerId} (${toDecimal(req.amount)} ${req.amount.currency})`;
    const body = {
      customer_id: req.customerId,
      amount: this.money(req.amount, operation),
      ...(req.invoiceId ? { invoice_id: req.invoiceId } : {}),
      ...(req.description ? { description: req.description } : {}),
      ...(req.customerReferenceId ? { customer_reference_id: req.customerReferenceId } : {}),
    };
    const window = { from: this.today(-1), to: this.today(1), transactionType: 'SALE', customerId: req.customerId };
    const before = new Set((await this.windowed().runSingle(window)).map(transactionIdOf));
    return moveMoneyOnce(
      operation,
      async () =>
        idOf(
          await this.transport.call('/v1/transactions/sale/by_customer', body, { idempotent: false, operation }),
          operation,
        ),
      async () => {
        const found = (await this.windowed().runSingle(window))
          .filter((r) => !before.has(transactionIdOf(r)))
          .map((r) => normalizeExportRecord(r, this.config))
          .find((t) => t.amount.minor === req.amount.minor && t.invoiceId === (req.invoiceId ?? ''));
        if (found?.status === 'declined') {
          throw new PayTraceError({
            kind: 'declined',
            operation,
            transactionId: found.source.transaction_id,
            messages: ['Your transaction was not approved (found after the answer was lost).'],
          });
        }
        return found?.source.transaction_id ?? null;
      },
    );
  }

  // --- customer vault ------------------------------------------------------------------------

  private customerBody(c: CustomerInput): Rec {
    return {
      customer_id: c.customerId,
      ...(c.card
        ? {
            credit_card: {
              ...(c.card.number ? { number: c.card.number } : {}),
              ...(c.card.encryptedNumber ? { encrypted_number: c.card.encryptedNumber } : {}),
              expiration_month: c.card.expirationMonth,
              expiration_year: c.card.expirationYear,
            },
          }
        : {}),
      ...(c.billingAddress ? { billing_address: c.billingAddress } : {}),
      ...(c.email !== undefined ? { email: c.email } : {}),
      ...(c.phone !== undefined ? { phone: c.phone } : {}),
    };
  }

  /** A lost answer is looked up (a second create would only get 171, duplicate id). */
  async createCustomer(c: CustomerInput): Promise<{ customerId: string; maskedCard: string }> {
    const operation = `creation of vault customer ${c.customerId}`;
    const { value } = await sendOnce(
      operation,
      async () => {
        const env = await this.transport.call('/v1/customer/create', this.customerBody(c), {
          idempotent: false,
          operation,
        });
        return {
          customerId: String(env.customer_id ?? c.customerId),
          maskedCard: String(env.masked_card_number ?? ''),
        };
      },
      async () => {
        const found = await this.exportCustomers(c.customerId).catch((e: unknown) => {
          if (e instanceof PayTraceError && e.codes.includes('30')) return [];
          throw e;
        });
        const cc = (found[0]?.credit_card ?? {}) as Rec;
        return found[0] ? { customerId: c.customerId, maskedCard: String(cc.masked_number ?? '') } : null;
      },
    );
    return value;
  }

  /**
   * Updates a vault profile. Repeating an update is harmless, except one that renamed the
   * customer (new_id): its repeat after a lost answer finds the old id gone (error 30), and the
   * profile is then looked for under the new id.
   */
  async updateCustomer(
    c: CustomerInput & { newCustomerId?: string },
  ): Promise<{ customerId: string; maskedCard: string }> {
    const operation = `update of vault customer ${c.customerId}`;
    const body = { ...this.customerBody(c), ...(c.newCustomerId ? { new_id: c.newCustomerId } : {}) };
    try {
      const env = await this.readRepeated('/v1/customer/update', body, operation);
      return { customerId: String(env.customer_id ?? c.customerId), maskedCard: String(env.masked_card_number ?? '') };
    } catch (e) {
      if (!(c.newCustomerId && e instanceof RepeatedCallError && e.error.codes.includes('30')))
        throw e instanceof RepeatedCallError ? e.error : e;
      const [renamed] = await this.exportCustomers(c.newCustomerId).catch(() => []);
      // The profile under the new id must be the one this update wrote, not another one that had that id.
      if (!renamed || !matchesUpdate(renamed, c)) throw e.error;
      return {
        customerId: c.newCustomerId,
        maskedCard: String(((renamed.credit_card ?? {}) as Rec).masked_number ?? ''),
      };
    }
  }

  /** Deletes a vault profile. A repeat after a lost answer that finds the customer gone (error 30) is that deletion's own doing. */
  async deleteCustomer(customerId: string): Promise<void> {
    try {
      await this.readRepeated(
        '/v1/customer/delete',
        { customer_id: customerId },
        `deletion of vault customer ${customerId}`,
      );
    } catch (e) {
      if (e instanceof RepeatedCallError && e.error.codes.includes('30')) return;
      throw e instanceof RepeatedCallError ? e.error : e;
    }
  }

  /**
   * A call that is safe to repeat. A PayTrace error answered to a repeat of a call whose first
   * attempt may have been done (its answer was lost: a timeout, a connection dropped after
   * sending) comes back wrapped, so the caller can tell; a repeat after a 429 or 503 does not count.
   */
  private async readRepeated(path: string, body: Rec, operation: string): Promise<Envelope> {
    let repeated = false;
    const onRetry = (e: RetryEvent): void => {
      if (e.operation === operation && (e.error instanceof TimeoutError || classifyPayTraceFailure(e.error).ambiguous))
        repeated = true;
    };
    try {
      return await this.observingRetries(onRetry, () => this.read(path, body, operation));
    } catch (e) {
      throw repeated && e instanceof PayTraceError ? new RepeatedCallError(e) : e;
    }
  }

  /** Runs fn with listener told of every call the transport tries again meanwhile. */
  private async observingRetries<T>(listener: (e: RetryEvent) => void, fn: () => Promise<T>): Promise<T> {
    this.transport.retryListeners.add(listener);
    try {
      return await fn();
    } finally {
      this.transport.retryListeners.delete(listener);
    }
  }

  async exportCustomers(customerId?: string): Promise<Rec[]> {
    const operation = `export of vault customers${customerId ? ` (${customerId})` : ''}`;
    const env = await this.read('/v1/customer/export', customerId ? { customer_id: customerId } : {}, operation);
    return listOf(env, 'customers', operation) as Rec[];
  }
}
