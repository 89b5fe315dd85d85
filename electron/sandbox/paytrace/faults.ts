// Fault knobs for demos and tests. Deterministic for a seed (given the same request order).
import { MALFORMED_KINDS, type MalformedKind } from './records';
import { type Random, seededRandom } from './prng';

export interface FaultSettings {
  /** Added to every response, plus a uniform jitter of up to latencyJitterMs. */
  latencyMs: number;
  latencyJitterMs: number;
  /** Probability per request of answering with a JSON error of that HTTP status: { "503": 0.1 }. */
  errorRates: Record<string, number>;
  /** Probability per request that a burst of `throttleBurst` 429s starts. */
  throttleRate: number;
  throttleBurst: number;
  /** The next N requests get 429 (one-shot; counts down). */
  throttleNext: number;
  retryAfterSeconds: number;
  /** A bearer token stops working after this many calls (null: only the 7200 s lifetime). */
  tokenMaxCalls: number | null;
  /** Probability per request that the socket is destroyed without an answer. */
  resetRate: number;
  /** The next N requests are reset (one-shot; counts down). */
  resetNext: number;
  /** Reset before the request is processed, after (the gateway acted, the client never hears), or either. */
  resetPhase: 'before' | 'after' | 'either';
  /** Probability per request of an HTML 502 from a proxy. */
  badGatewayRate: number;
  /** The next N requests get the proxy's HTML 502 (one-shot; counts down). */
  badGatewayNext: number;
  /** Probability per export call of a body cut off mid-JSON. */
  truncateExportRate: number;
  /** Probability per export call of an empty 200 body. */
  emptyExportRate: number;
  /** The next N export calls are cut off / empty (one-shot; counts down). */
  truncateNext: number;
  emptyNext: number;
  /**
   * Exports "may be slightly delayed" (v3 spec): a transaction younger than this (simulator clock)
   * is not in any export yet, though PayTrace made it. 0: exports show everything at once.
   */
  exportLagMs: number;
  /** Share of transactions whose export record is damaged (stable per transaction). */
  malformedRate: number;
  malformedKinds: MalformedKind[];
  /** Limit the request faults and latency to paths starting with one of these; null for every path. */
  paths: string[] | null;
}

export const NO_FAULTS: FaultSettings = {
  latencyMs: 0,
  latencyJitterMs: 0,
  errorRates: {},
  throttleRate: 0,
  throttleBurst: 3,
  throttleNext: 0,
  retryAfterSeconds: 1,
  tokenMaxCalls: null,
  resetRate: 0,
  resetNext: 0,
  resetPhase: 'either',
  badGatewayRate: 0,
  badGatewayNext: 0,
  truncateExportRate: 0,
  emptyExportRate: 0,
  truncateNext: 0,
  emptyNext: 0,
  exportLagMs: 0,
  malformedRate: 0,
  malformedKinds: [...MALFORMED_KINDS],
  paths: null,
};

/** Extra action accepted by set(): drop every token now (token expiry mid-run). */
export type FaultUpdate = Partial<FaultSettings> & { invalidateTokensNow?: boolean };

export type PreFault =
  | { kind: 'reset' }
  | { kind: 'throttle'; retryAfterSeconds: number }
  | { kind: 'status'; status: number }
  | { kind: 'bad-gateway' };

export interface FaultPlan {
  readonly pre: PreFault | null;
  readonly resetAfter: boolean;
  readonly exportFault: 'truncate' | 'empty' | null;
  readonly delayMs: number;
}

export interface FaultStats {
  requests: number;
  throttled: number;
  statusErrors: number;
  resetsBefore: number;
  resetsAfter: number;
  badGateway: number;
  truncated: number;
  empty: number;
}

export class Faults {
  private current: FaultSettings;
  private burstLeft = 0;
  private readonly random: Random;
  readonly stats: FaultStats = {
    requests: 0,
    throttled: 0,
    statusErrors: 0,
    resetsBefore: 0,
    resetsAfter: 0,
    badGateway: 0,
    truncated: 0,
    empty: 0,
  };

  constructor(
    seed: number,
    initial: FaultUpdate = {},
    private readonly onInvalidateTokens: () => void = () => {},
    private readonly onTokenMaxCalls: (n: number | null) => void = () => {},
  ) {
    this.random = seededRandom(seed ^ 0x5eed);
    this.current = { ...NO_FAULTS };
    this.set(initial);
  }

  get settings(): Readonly<FaultSettings> {
    return this.current;
  }

  set(update: FaultUpdate): Readonly<FaultSettings> {
    const { invalidateTokensNow, ...rest } = update;
    this.current = { ...this.current, ...rest, errorRates: { ...(rest.errorRates ?? this.current.errorRates) } };
    if ('tokenMaxCalls' in rest) this.onTokenMaxCalls(this.current.tokenMaxCalls);
    if (invalidateTokensNow) this.onInvalidateTokens();
    return this.current;
  }

  reset(): void {
    this.current = { ...NO_FAULTS };
    this.burstLeft = 0;
    this.onTokenMaxCalls(null);
  }

  plan(path: string, isExport: boolean): FaultPlan {
    const s = this.current;
    this.stats.requests += 1;
    if (s.paths !== null && !s.paths.some((p) => path.startsWith(p)))
      return { pre: null, resetAfter: false, exportFault: null, delayMs: 0 };
    const delayMs = s.latencyMs + (s.latencyJitterMs > 0 ? Math.floor(this.random() * s.latencyJitterMs) : 0);

    let reset = false;
    if (s.resetNext > 0) {
      s.resetNext -= 1;
      reset = true;
    } else if (s.resetRate > 0 && this.random() < s.resetRate) reset = true;
    const after = reset && (s.resetPhase === 'after' || (s.resetPhase === 'either' && this.random() < 0.5));
    if (reset && !after) {
      this.stats.resetsBefore += 1;
      return { pre: { kind: 'reset' }, resetAfter: false, exportFault: null, delayMs };
    }
    const pre = this.preFault(s);
    if (pre) return { pre, resetAfter: false, exportFault: null, delayMs };
    if (after) {
      this.stats.resetsAfter += 1;
      return { pre: null, resetAfter: true, exportFault: null, delayMs };
    }
    let exportFault: FaultPlan['exportFault'] = null;
    if (isExport && s.truncateNext > 0) {
      s.truncateNext -= 1;
      exportFault = 'truncate';
    } else if (isExport && s.emptyNext > 0) {
      s.emptyNext -= 1;
      exportFault = 'empty';
    } else if (isExport && s.truncateExportRate > 0 && this.random() < s.truncateExportRate) exportFault = 'truncate';
    else if (isExport && s.emptyExportRate > 0 && this.random() < s.emptyExportRate) exportFault = 'empty';
    if (exportFault === 'truncate') this.stats.truncated += 1;
    if (exportFault === 'empty') this.stats.empty += 1;
    return { pre: null, resetAfter: false, exportFault, delayMs };
  }

  private preFault(s: FaultSettings): PreFault | null {
    if (s.throttleNext > 0) {
      s.throttleNext -= 1;
      this.stats.throttled += 1;
      return { kind: 'throttle', retryAfterSeconds: s.retryAfterSeconds };
    }
    if (this.burstLeft === 0 && s.throttleRate > 0 && this.random() < s.throttleRate)
      this.burstLeft = Math.max(1, s.throttleBurst);
    if (this.burstLeft > 0) {
      this.burstLeft -= 1;
      this.stats.throttled += 1;
      return { kind: 'throttle', retryAfterSeconds: s.retryAfterSeconds };
    }
    if (s.badGatewayNext > 0) {
      s.badGatewayNext -= 1;
      this.stats.badGateway += 1;
      return { kind: 'bad-gateway' };
    }
    if (s.badGatewayRate > 0 && this.random() < s.badGatewayRate) {
      this.stats.badGateway += 1;
      return { kind: 'bad-gateway' };
    }
    for (const [status, rate] of Object.entries(s.errorRates)) {
      if (rate > 0 && this.random() < rate) {
        this.stats.statusErrors += 1;
        return { kind: 'status', status: Number(status) };
      }
    }
    return null;
  }
}
