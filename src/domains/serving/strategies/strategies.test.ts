import { describe, expect, it } from 'vitest';
import type { Arm } from '../serving.schema.js';
import { assignArm, twoProportionZTest, wilsonInterval } from './ab-strategy.js';
import { BanditStrategy, sampleBeta } from './bandit-strategy.js';
import { outputsAgree } from './shadow-strategy.js';
import { seededRandom } from './traffic-strategy.js';

const arms = (wB: number): Arm[] => [
  { name: 'a', model: 'm', version: 1, weight: 1 - wB },
  { name: 'b', model: 'm', version: 2, weight: wB },
];

describe('A/B assignment', () => {
  it('is sticky: the same key gets the same arm on every one of 10k requests', () => {
    const split = arms(0.3);
    const first = new Map<string, string>();
    for (let i = 0; i < 10_000; i++) {
      const key = `user-${i % 500}`;
      const arm = assignArm(split, key).name;
      expect(first.get(key) ?? arm).toBe(arm);
      first.set(key, arm);
    }
  });

  it.each([0.5, 0.3, 0.1])('splits 10k distinct keys within ±2%% of weight %f', (w) => {
    let b = 0;
    for (let i = 0; i < 10_000; i++) if (assignArm(arms(w), `user-${i}`).name === 'b') b++;
    expect(Math.abs(b / 10_000 - w)).toBeLessThan(0.02);
  });

  it('two-proportion z-test and Wilson interval match textbook values', () => {
    // 120/1000 vs 150/1000, pooled p = 0.135: z = 1.963050, p = 2·norm.sf(z) = 0.0496404 (scipy 1.x).
    const t = twoProportionZTest(120, 1000, 150, 1000);
    expect(t.z).toBeCloseTo(1.96305, 4);
    expect(t.pValue).toBeCloseTo(0.0496404, 5);
    // Wilson 95% for 120/1000: [0.101299, 0.141609].
    const [lo, hi] = wilsonInterval(120, 1000)!;
    expect(lo).toBeCloseTo(0.101299, 5);
    expect(hi).toBeCloseTo(0.141609, 5);
  });
});

describe('bandit', () => {
  it.each(['thompson', 'ucb1'] as const)('%s sends > 80%% of traffic to the better arm after 2000 rewards (seeded)', (algorithm) => {
    const rand = seededRandom(2026);
    const env = seededRandom(99);
    const rates: Record<string, number> = { a: 0.05, b: 0.15 };
    const bandit = new BanditStrategy(arms(0.5), algorithm, rand);
    for (let i = 0; i < 2000; i++) {
      const arm = bandit.choose().arm.name;
      bandit.reward(arm, env() < rates[arm]! ? 1 : 0);
    }
    let better = 0;
    for (let i = 0; i < 1000; i++) if (bandit.choose().arm.name === 'b') better++;
    expect(better / 1000).toBeGreaterThan(0.8);
  });

  it('Beta samples have the right mean', () => {
    const r = seededRandom(5);
    let s = 0;
    for (let i = 0; i < 20_000; i++) s += sampleBeta(3, 7, r);
    expect(s / 20_000).toBeCloseTo(0.3, 2);
  });
});

describe('shadow agreement', () => {
  it('compares floats within 1e-4 relative and everything else exactly', () => {
    const a = { p: { type: 'float32' as const, shape: [1, 2], data: Float32Array.from([0.25, 0.75]) } };
    expect(outputsAgree(a, { p: { type: 'float32', shape: [1, 2], data: Float32Array.from([0.250001, 0.75]) } })).toBe(true);
    expect(outputsAgree(a, { p: { type: 'float32', shape: [1, 2], data: Float32Array.from([0.3, 0.7]) } })).toBe(false);
    expect(outputsAgree(a, { p: { type: 'float32', shape: [2, 1], data: Float32Array.from([0.25, 0.75]) } })).toBe(false);
  });
});
