import type { Arm } from '../serving.schema.js';

export interface RouteChoice {
  arm: Arm;
  /** Gets a copy of the request after the answer is sent (shadow). */
  shadow?: Arm | undefined;
}

/** What a canary decided after an outcome; the service stores it as a new revision. */
export type StrategyDecision = { kind: 'step'; step: number } | { kind: 'promote' } | { kind: 'rollback'; reason: string };

/**
 * A traffic strategy: chooses an arm per request and learns from outcomes (canary) or
 * rewards (bandit). Instances live as long as one revision of a deployment.
 */
export interface TrafficStrategy {
  choose(routingKey: string | undefined): RouteChoice;
  observe?(arm: string, ok: boolean, latencyMs: number): StrategyDecision | undefined;
  reward?(arm: string, reward: number): void;
}

/** A uniform random number in [0, 1); injected so tests are reproducible. */
export type Random = () => number;

/** mulberry32: small, fast and good enough for traffic splits and Beta sampling. */
export function seededRandom(seed: number): Random {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks an arm by weight with `u` in [0, 1); weights need not sum to 1. */
export function pickWeighted(arms: readonly Arm[], u: number): Arm {
  const total = arms.reduce((s, a) => s + a.weight, 0);
  let x = u * total;
  for (const arm of arms) {
    if (x < arm.weight) return arm;
    x -= arm.weight;
  }
  return arms[arms.length - 1] as Arm;
}

export function armNamed(arms: readonly Arm[], name: string): Arm {
  const arm = arms.find((a) => a.name === name);
  if (!arm) throw new Error(`deployment has no arm '${name}'`);
  return arm;
}
