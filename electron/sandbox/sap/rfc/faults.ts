// Knobs for tests and benches: round-trip latency per call, and dropped connections at chosen
// points of the posting protocol (the lead's fault-injection test drives these).

export type FaultPoint =
  /** BAPI_ACC_DOCUMENT_POST ran (work buffered) but its answer never arrives; the session is gone. */
  | 'post-before-return'
  /** The connection breaks after POST answered and before COMMIT reaches SAP. */
  | 'before-commit'
  /** COMMIT ran (the document is durable) but its answer never arrives. */
  | 'after-commit'
  /**
   * COMMIT WORK AND WAIT reached SAP and the update task is writing the document when the connection
   * breaks: the caller hears of the failure at once, the document appears when the update task is done
   * (SapLedger.updateTaskMs later). A lookup right after the failure does not find it.
   */
  | 'commit-during-update';

export interface CallInfo {
  readonly rfm: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly clientId: number;
}

export interface RfcHooks {
  /** Before the function runs. Return 'drop' to break the connection first (nothing runs). */
  beforeCall?(call: CallInfo): 'drop' | void;
  /** After the function ran on the "server", before the answer leaves. Return 'drop' to lose it. */
  afterCall?(call: CallInfo & { result: Readonly<Record<string, unknown>> }): 'drop' | void;
}

const POST_FUNCTIONS = new Set(['BAPI_ACC_DOCUMENT_POST', 'BAPI_ACC_DOCUMENT_REV_POST']);

export class RfcFaults {
  /** Simulated network round trip per call, in milliseconds. */
  latencyMs = 0;
  hooks: RfcHooks = {};
  private readonly armed = new Map<FaultPoint, number>();

  /** Drops the connection at `point` for the next `times` occurrences. */
  dropAt(point: FaultPoint, times = 1): void {
    this.armed.set(point, (this.armed.get(point) ?? 0) + times);
  }

  clear(): void {
    this.armed.clear();
    this.hooks = {};
  }

  /** @internal */
  shouldDropBefore(call: CallInfo): boolean {
    if (call.rfm === 'BAPI_TRANSACTION_COMMIT' && this.take('before-commit')) return true;
    return this.hooks.beforeCall?.(call) === 'drop';
  }

  /** @internal: COMMIT is running in the update task; break the connection before it is done. */
  shouldDropDuringUpdate(call: CallInfo): boolean {
    return call.rfm === 'BAPI_TRANSACTION_COMMIT' && this.take('commit-during-update');
  }

  /** @internal */
  shouldDropAfter(call: CallInfo & { result: Readonly<Record<string, unknown>> }): boolean {
    if (POST_FUNCTIONS.has(call.rfm) && this.take('post-before-return')) return true;
    if (call.rfm === 'BAPI_TRANSACTION_COMMIT' && this.take('after-commit')) return true;
    return this.hooks.afterCall?.(call) === 'drop';
  }

  private take(point: FaultPoint): boolean {
    const n = this.armed.get(point) ?? 0;
    if (n <= 0) return false;
    this.armed.set(point, n - 1);
    return true;
  }
}
