import type { Arm } from '../serving.schema.js';
import { pickWeighted, type Random, type RouteChoice, type TrafficStrategy } from './traffic-strategy.js';

/**
 * FNV-1a (32 bit) of the key's UTF-16 code units, scaled to [0, 1): stable across
 * processes and releases, so a user keeps their arm on every server and after restarts.
 */
export function stableHash01(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // A final avalanche (murmur3's fmix32): FNV alone leaves sequential ids clustered in the low bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** The arm a key belongs to: the same key always gets the same arm while the weights stay the same. */
export function assignArm(arms: readonly Arm[], key: string): Arm {
  return pickWeighted(arms, stableHash01(key));
}

/** A/B test: sticky by a request key; requests without one are split at random by the same weights. */
export class AbStrategy implements TrafficStrategy {
  constructor(
    private readonly arms: readonly Arm[],
    private readonly random: Random,
  ) {}

  choose(routingKey: string | undefined): RouteChoice {
    return { arm: routingKey === undefined ? pickWeighted(this.arms, this.random()) : assignArm(this.arms, routingKey) };
  }
}

/** Standard normal upper tail, via erfc (W. J. Cody's rational fit as in Numerical Recipes' erfcc, |error| < 1.2e-7). */
function normalSf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** Two-proportion z-test with the pooled standard error; two-sided p-value. */
export function twoProportionZTest(successA: number, nA: number, successB: number, nB: number): { z: number; pValue: number } {
  if (nA === 0 || nB === 0) return { z: 0, pValue: 1 };
  const pooled = (successA + successB) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  if (se === 0) return { z: 0, pValue: 1 };
  const z = (successB / nB - successA / nA) / se;
  return { z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))) };
}

/** 95% Wilson score interval of a success rate; null without trials. */
export function wilsonInterval(successes: number, trials: number): [number, number] | null {
  if (trials === 0) return null;
  const z = 1.959964;
  const p = successes / trials;
  const denom = 1 + (z * z) / trials;
  const centre = (p + (z * z) / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
