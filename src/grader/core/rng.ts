/** A seeded PRNG (mulberry32): every check draws its data from a fixed seed, so verdicts repeat. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  uniform(lo: number, hi: number): number;
  int(lo: number, hiExclusive: number): number;
  normal(): number;
  array(n: number, lo?: number, hi?: number): number[];
  matrix(rows: number, cols: number, lo?: number, hi?: number): number[][];
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const uniform = (lo: number, hi: number): number => lo + (hi - lo) * next();
  return {
    next,
    uniform,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo)),
    normal: () => {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    array: (n, lo = -1, hi = 1) => Array.from({ length: n }, () => uniform(lo, hi)),
    matrix: (r, c, lo = -1, hi = 1) => Array.from({ length: r }, () => Array.from({ length: c }, () => uniform(lo, hi))),
  };
}

/** A stable 32-bit seed from a string (FNV-1a), e.g. from a check id. */
export function seedFrom(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Combines a run's seed with a salt (a check's own constant) into the seed of one generator. */
export function mixSeed(runSeed: number, salt: number | string): number {
  return seedFrom(`${runSeed >>> 0}:${salt}`);
}

/** A fresh run seed: 31 random bits (printable, and `--seed` takes it back). */
export function drawSeed(): number {
  const c = (globalThis as { crypto?: { getRandomValues?(a: Uint32Array): Uint32Array } }).crypto;
  const a = new Uint32Array(1);
  if (c?.getRandomValues) c.getRandomValues(a);
  else a[0] = Math.floor(Math.random() * 2 ** 32);
  return a[0]! >>> 1;
}
