// A small seeded PRNG (sfc32 seeded through splitmix32): same seed, same scenario, everywhere.

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    const m = splitmix32(seed);
    this.a = m();
    this.b = m();
    this.c = m();
    this.d = m();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** An integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    const span = hi - lo + 1;
    if (span <= 0x100000000) return lo + (this.uint32() % span);
    return lo + Math.floor((this.uint32() * 0x100000000 + this.uint32()) % span);
  }

  chance(percent: number): boolean {
    return this.int(0, 99) < percent;
  }

  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new RangeError('pick from an empty list');
    return list[this.int(0, list.length - 1)]!;
  }

  /** A key of `weights` drawn in proportion to its integer weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = (Object.keys(weights) as K[]).filter((k) => weights[k] > 0);
    const total = entries.reduce((s, k) => s + weights[k], 0);
    let r = this.int(0, total - 1);
    for (const k of entries) {
      r -= weights[k];
      if (r < 0) return k;
    }
    return entries[entries.length - 1]!;
  }
}

/** A stable 32-bit hash of a string (FNV-1a), for per-record details such as card digits. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
