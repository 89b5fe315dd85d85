// A small seeded PRNG (mulberry32) so a seed reproduces the same faults and ids.

export type Random = () => number;

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable draw in [0,1) for a (seed, key) pair: the same record is chosen on every export. */
export function hashUnit(seed: number, key: number): number {
  return seededRandom((seed ^ Math.imul(key, 0x9e3779b1)) >>> 0)();
}

export function randomHex(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += Math.floor(random() * 16).toString(16);
  return out;
}
