// A clock and timers that move only when a test says so, for the job scheduler (its Clock and
// Timers). Timers fire in time order; what they start runs for real (the store, the jobs), so a
// test waits for its effects with `until`.
import type { Timers } from '../../electron/core/jobs/scheduler';
import type { Clock } from '../../shared/ports';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

export class FakeTime implements Clock, Timers {
  private pending: Pending[] = [];
  private seq = 0;

  constructor(private t: number) {}

  now(): Date {
    return new Date(this.t);
  }

  set(fn: () => void, ms: number): unknown {
    const p = { at: this.t + ms, seq: this.seq++, fn };
    this.pending.push(p);
    return p;
  }

  clear(handle: unknown): void {
    this.pending = this.pending.filter((p) => p !== handle);
  }

  /** Timers waiting (a scheduler that stopped leaves none but a running pass's). */
  get waiting(): number {
    return this.pending.length;
  }

  /** Moves to `iso`, firing every timer due on the way, in order. */
  advanceTo(iso: string): void {
    const end = Date.parse(iso);
    for (;;) {
      const due = this.pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.pending = this.pending.filter((p) => p !== due);
      this.t = Math.max(this.t, due.at);
      due.fn();
    }
    this.t = Math.max(this.t, end);
  }
}

/** Waits (real time, polling) until `check` holds; fails with `what` after `ms`. */
export async function until(check: () => Promise<boolean> | boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A promise a test resolves: holds a job's run open. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}
