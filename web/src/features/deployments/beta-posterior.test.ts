import { describe, expect, it } from 'vitest';
import { betaPosterior } from './beta-posterior.js';

describe('bandit posterior', () => {
  it('is uniform with no feedback', () => {
    const p = betaPosterior(0, 0);
    expect(p.mean).toBe(0.5);
    expect(p.low).toBeCloseTo(0.025, 2);
    expect(p.high).toBeCloseTo(0.975, 2);
  });

  it('matches Beta(9, 3) quantiles (scipy: 0.4822, 0.9397)', () => {
    const p = betaPosterior(8, 2);
    expect(p.mean).toBeCloseTo(0.75, 6);
    expect(p.low).toBeCloseTo(0.4822, 2);
    expect(p.high).toBeCloseTo(0.9397, 2);
  });

  it('narrows with many rewards', () => {
    const p = betaPosterior(700, 300);
    expect(p.high - p.low).toBeLessThan(0.06);
    expect(p.mean).toBeCloseTo(0.7, 2);
  });
});
