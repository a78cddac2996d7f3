/**
 * A small seeded generator (mulberry32) so a study with a seed proposes the same
 * trials on every run, whichever worker asks. Each trial draws from its own stream,
 * seeded by (study seed, trial number): the order in which parallel workers ask does
 * not change what a given trial number gets.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  let spare: number | null = null;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    normal() {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = next();
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    int(n) {
      return Math.min(n - 1, Math.floor(next() * n));
    },
  };
}

/** Mixes a study seed and a trial number into one 32-bit seed (splitmix-style avalanche). */
export function trialSeed(studySeed: number, trialNumber: number): number {
  let h = (Math.imul(studySeed >>> 0, 0x9e3779b1) ^ Math.imul(trialNumber + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}
