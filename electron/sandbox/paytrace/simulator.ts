// The PayTrace gateway in memory: ledger, vault, tokens, faults and a clock. The HTTP server
// (server.ts) and seeding (apply) both drive it.
import { currencyExponent } from '../../../shared/money';
import { PAYTRACE_DEFAULT_ZONE } from '../../../shared/time';
import type { ScenarioPaymentOp } from '../scenario/types';
import { TokenStore, type SandboxUser } from './auth';
import { realClock, type SimClock } from './clock';
import { Faults, type FaultUpdate } from './faults';
import { Ledger } from './ledger';
import type { SimTransaction } from './model';
import { hashUnit, seededRandom } from './prng';
import { exportRecord, malform } from './records';
import { amountMinor, optionalAmount, testCard } from './request';
import { type Reply, route } from './routes';
import { type AutoSettle, DEFAULT_AUTO_SETTLE } from './settlement';
import { Vault } from './vault';

export interface SimulatorOptions {
  seed?: number;
  users?: SandboxUser[];
  /** PayTrace's local zone, in which it writes timestamps and settles. */
  zone?: string;
  currency?: string;
  clock?: SimClock;
  autoSettle?: Partial<AutoSettle>;
  firstTransactionId?: number;
  firstBatchNumber?: number;
  /** Amounts the processor declines, as decimal text; PayTrace's sandbox declines "0.29". */
  declineAmounts?: string[];
  /** HTTP status of a decline (102); PayTrace's is unconfirmed, 400 by default. */
  declineHttpStatus?: number;
  validationHttpStatus?: number;
  /** At most this many records per export response, silently (null: no cap). */
  exportCap?: number | null;
  /**
   * Whether a refund by transaction id keeps the invoice_id, description and customer_reference_id
   * the request gives (true, the default); false models a PayTrace that ignores them and copies the
   * sale's, which is not confirmed either way (docs/ARCHITECTURE.md, "Refunds exactly once").
   */
  refundTakesReferences?: boolean;
  faults?: FaultUpdate;
}

export const DEMO_USER: SandboxUser = { username: 'sandbox', password: 'sandbox-password' };

export class PayTraceSimulator {
  readonly seed: number;
  readonly zone: string;
  readonly currency: string;
  readonly clock: SimClock;
  readonly ledger: Ledger;
  readonly vault = new Vault();
  readonly tokens: TokenStore;
  readonly faults: Faults;
  readonly declineHttpStatus: number;
  readonly validationHttpStatus: number;
  exportCap: number | null;
  refundTakesReferences: boolean;
  /** Scenario key to PayTrace transaction id (or batch number, for settle ops). */
  readonly keys = new Map<string, number>();

  constructor(opts: SimulatorOptions = {}) {
    this.seed = opts.seed ?? 1;
    this.zone = opts.zone ?? PAYTRACE_DEFAULT_ZONE;
    this.currency = opts.currency ?? 'USD';
    currencyExponent(this.currency);
    this.clock = opts.clock ?? realClock;
    this.declineHttpStatus = opts.declineHttpStatus ?? 400;
    this.validationHttpStatus = opts.validationHttpStatus ?? 400;
    this.exportCap = opts.exportCap ?? null;
    this.refundTakesReferences = opts.refundTakesReferences ?? true;
    const random = seededRandom(this.seed);
    this.ledger = new Ledger({
      zone: this.zone,
      firstTransactionId: opts.firstTransactionId ?? 100_000_001,
      firstBatchNumber: opts.firstBatchNumber ?? 1,
      autoSettle: { ...DEFAULT_AUTO_SETTLE, ...opts.autoSettle },
      declineAmountsMinor: (opts.declineAmounts ?? ['0.29']).map((a) => amountMinor(a, this.currency)),
      random,
    });
    this.tokens = new TokenStore(opts.users ?? [DEMO_USER], random, this.clock);
    this.faults = new Faults(
      this.seed,
      {},
      () => this.tokens.invalidateAll(),
      (n) => (this.tokens.maxCalls = n),
    );
    this.faults.set(opts.faults ?? {});
  }

  /** The current instant, after running any automatic settlement that fell due. */
  now(): number {
    const at = this.clock.now();
    this.ledger.advanceTo(at);
    return at;
  }

  handle(path: string, body: Record<string, unknown>, authorization: string | undefined, ip = '127.0.0.1'): Reply {
    return route(this, path, body, authorization, ip);
  }

  /**
   * Whether the exports show a transaction yet: the export-lag knob hides what is younger than its
   * lag. Without a lag everything shows, including what a scenario dated after the clock's now.
   */
  exported(t: SimTransaction, at: number): boolean {
    const lag = this.faults.settings.exportLagMs;
    return lag <= 0 || at - t.createdAt >= lag;
  }

  /** A transaction as the export writes it, damaged if the malformed-records knob picks it. */
  recordFor(t: SimTransaction, includeBin: boolean): Record<string, unknown> {
    const record = exportRecord(t, this, includeBin);
    const { malformedRate, malformedKinds } = this.faults.settings;
    if (malformedRate > 0 && malformedKinds.length > 0 && hashUnit(this.seed, t.id) < malformedRate) {
      const kind = malformedKinds[Math.floor(hashUnit(this.seed + 1, t.id) * malformedKinds.length)]!;
      return malform(record, kind, t, this.currency);
    }
    return record;
  }

  /**
   * Performs a scenario op at `op.at` and returns the PayTrace transaction id (for settle: the
   * batch number, 0 when nothing was pending). Later ops' `ref` name earlier ops' keys.
   */
  apply(op: ScenarioPaymentOp): number {
    const at = Date.parse(op.at);
    if (Number.isNaN(at)) throw new Error(`scenario op ${op.key}: "at" ${JSON.stringify(op.at)} is not an ISO instant`);
    this.ledger.advanceTo(at);
    const origin = { createdBy: 'scenario', through: 'API', fromIp: '127.0.0.1' };
    const ref = (key: string): number => {
      const id = this.keys.get(key);
      if (id === undefined)
        throw new Error(`scenario op ${op.key} (${op.op}) refers to ${key}, which has not happened yet`);
      return id;
    };
    let id: number;
    try {
      switch (op.op) {
        case 'sale':
        case 'authorize': {
          const vaulted = op.customer_id !== '' ? this.vault.customers.get(op.customer_id) : undefined;
          id = this.ledger.charge(
            {
              type: op.op === 'sale' ? 'SALE' : 'AUTHORIZATION',
              amountMinor: amountMinor(op.amount, this.currency, op.op === 'authorize'),
              taxAmount: '',
              card: vaulted?.card ?? testCard(op.card),
              invoiceId: op.invoice_id,
              description: op.description,
              customerReferenceId: op.customer_reference_id,
              customerId: op.customer_id,
              billing: {
                name: op.billing_name,
                street_address: '',
                street_address2: '',
                city: '',
                state: '',
                zip: '',
                country: '',
              },
              email: op.email,
              ...origin,
              forceDecline: op.decline === true,
            },
            at,
          ).id;
          break;
        }
        case 'capture':
          id = this.ledger.capture(ref(op.ref), optionalAmount(op.amount, this.currency)).id;
          break;
        case 'void':
          id = this.ledger.void(ref(op.ref)).id;
          break;
        case 'refund':
          id = this.ledger.refund(ref(op.ref), optionalAmount(op.amount, this.currency), origin, at).id;
          break;
        case 'settle':
          id = this.ledger.settle(at)?.number ?? 0;
          break;
      }
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('scenario op')) throw e;
      throw new Error(
        `scenario op ${op.key} (${op.op}) was refused by the PayTrace simulator: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    this.keys.set(op.key, id);
    return id;
  }
}
