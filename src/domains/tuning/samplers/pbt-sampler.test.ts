import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../core/validation.js';
import { InMemoryStudy } from '../in-memory-study.js';
import { searchSpaceSchema } from '../search-space.schema.js';
import { PbtSampler } from './pbt-sampler.js';
import { RandomSampler } from './random-sampler.js';

/**
 * A checkpointing "trainer": gradient descent on (w − 3)², five steps per trial from the
 * weight its parent trial left (the checkpoint), with the trial's learning rate; a rate
 * above 1 diverges. Population-based training should carry good weights forward and
 * replace diverging members, so its loss keeps falling across generations.
 */
const SPACE = parseInput(searchSpaceSchema, { lr: { type: 'float', low: 0.001, high: 1.5, log: true } });
const P = 8;

function train(study: InMemoryStudy, trials: number): { loss: number[]; parents: (number | null)[] } {
  const checkpoints = new Map<number, number>();
  const loss: number[] = [];
  const parents: (number | null)[] = [];
  for (let i = 0; i < trials; i++) {
    const { number, params, parentTrial } = study.ask();
    let w = parentTrial === null ? 0 : (checkpoints.get(parentTrial) as number);
    for (let step = 0; step < 5; step++) w -= (params.lr as number) * 2 * (w - 3);
    checkpoints.set(number, w);
    const l = Math.min((w - 3) ** 2, 1e6);
    study.tell(number, [l]);
    loss.push(l);
    parents.push(parentTrial);
  }
  return { loss, parents };
}

describe('population-based training', () => {
  it('continues the good members, replaces the bad with perturbed copies of the good, and keeps improving', () => {
    const study = new InMemoryStudy(SPACE, ['minimize'], new PbtSampler({ populationSize: P, quantile: 0.25, resampleProbability: 0.25, perturbFactors: [0.8, 1.2] }), 3);
    const { loss, parents } = train(study, 6 * P);
    expect(parents.slice(0, P)).toEqual(new Array(P).fill(null));
    for (let n = P; n < 6 * P; n++) {
      const parent = parents[n] as number;
      const g = Math.floor(n / P);
      expect(Math.floor(parent / P)).toBe(g - 1);
      const previous = loss.slice((g - 1) * P, g * P);
      const sorted = [...previous].sort((a, b) => a - b);
      if (parent === n - P) expect(previous[n % P]).toBeLessThanOrEqual(sorted[P - 3] as number); // kept: not in the bottom quarter
      else expect(loss[parent]).toBeLessThanOrEqual(sorted[1] as number); // exploited: the parent is in the top quarter
    }
    const best = (g: number): number => Math.min(...loss.slice(g * P, (g + 1) * P));
    expect(best(5)).toBeLessThan(best(0) / 100);
    // From scratch each time (no checkpoints), the same budget stays far behind.
    const scratch = train(new InMemoryStudy(SPACE, ['minimize'], new RandomSampler(), 3), 6 * P);
    expect(best(5)).toBeLessThan(Math.min(...scratch.loss.slice(0, 6 * P).map((l, i) => (scratch.parents[i] === null ? l : Infinity))));
  });
});
