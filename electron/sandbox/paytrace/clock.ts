// The simulator's clock: real time by default, or a manual one that tests and demos move.

export interface SimClock {
  now(): number;
}

export class ManualClock implements SimClock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  set(ms: number | string): void {
    this.ms = typeof ms === 'string' ? Date.parse(ms) : ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export const realClock: SimClock = { now: () => Date.now() };
