// Closed -> open after `failureThreshold` consecutive failures; open -> half-open after
// `openMs`; half-open lets `halfOpenMaxCalls` trial calls through: one success closes, one failure reopens.
// The numbers may be a function, read at each use, so an admin's change applies to the next call.
import { CircuitOpenError } from './errors';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  readonly failureThreshold: number;
  readonly openMs: number;
  readonly halfOpenMaxCalls: number;
}

export class CircuitBreaker {
  private stateValue: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private trialsInFlight = 0;
  private lastFailure = '';

  constructor(
    private readonly name: string,
    options: CircuitBreakerOptions | (() => CircuitBreakerOptions),
    private readonly nowMs: () => number,
    private readonly onStateChange?: (from: CircuitState, to: CircuitState) => void,
  ) {
    this.optionsNow = typeof options === 'function' ? options : () => options;
  }

  private readonly optionsNow: () => CircuitBreakerOptions;

  private get opts(): CircuitBreakerOptions {
    return this.optionsNow();
  }

  get state(): CircuitState {
    if (this.stateValue === 'open' && this.nowMs() - this.openedAt >= this.opts.openMs) this.move('half-open');
    return this.stateValue;
  }

  /** While open: when the cool-down ends and a trial call is let through (epoch ms); null otherwise. */
  get trialAt(): number | null {
    return this.state === 'open' ? this.openedAt + this.opts.openMs : null;
  }

  /** Call before an attempt; throws CircuitOpenError when the attempt must not be made. */
  admit(): void {
    const state = this.state;
    if (state === 'open') throw new CircuitOpenError(this.name, this.openedAt + this.opts.openMs, this.lastFailure);
    if (state === 'half-open') {
      if (this.trialsInFlight >= this.opts.halfOpenMaxCalls) {
        throw new CircuitOpenError(this.name, this.nowMs(), `${this.lastFailure}; a trial call is in progress`);
      }
      this.trialsInFlight += 1;
    }
  }

  /** The attempt ended without a breaker-relevant failure (success, or a business error). */
  recordSuccess(): void {
    this.consecutiveFailures = 0;
    if (this.stateValue === 'half-open') {
      this.trialsInFlight = Math.max(0, this.trialsInFlight - 1);
      this.move('closed');
    }
  }

  recordFailure(description: string): void {
    this.lastFailure = description;
    if (this.stateValue === 'half-open') {
      this.trialsInFlight = Math.max(0, this.trialsInFlight - 1);
      this.trip();
      return;
    }
    this.consecutiveFailures += 1;
    if (this.stateValue === 'closed' && this.consecutiveFailures >= this.opts.failureThreshold) this.trip();
  }

  /** A half-open trial ended in a way that says nothing about health (e.g. 429). */
  release(): void {
    if (this.stateValue === 'half-open') this.trialsInFlight = Math.max(0, this.trialsInFlight - 1);
  }

  private trip(): void {
    this.openedAt = this.nowMs();
    this.move('open');
  }

  private move(to: CircuitState): void {
    if (to === this.stateValue) return;
    const from = this.stateValue;
    this.stateValue = to;
    if (to === 'closed') this.consecutiveFailures = 0;
    if (to !== 'half-open') this.trialsInFlight = 0;
    this.onStateChange?.(from, to);
  }
}
