import { describe, expect, it } from 'vitest';
import { InMemoryStudy } from '../in-memory-study.js';
import { GridSampler } from '../samplers/grid-sampler.js';
import { RandomSampler } from '../samplers/random-sampler.js';
import type { SearchSpace } from '../search-space.schema.js';
import { HyperbandPruner } from './hyperband-pruner.js';
import { MedianPruner } from './median-pruner.js';
import type { Pruner } from './pruner.js';
import type { Sampler } from '../samplers/sampler.js';
import { SuccessiveHalvingPruner } from './successive-halving.js';

/**
 * A synthetic learning curve: the loss falls from 1 towards a floor set by the
 * configuration (best at x = 0.7, lr = 0.01), with a little seeded noise, so
 * early values rank configurations roughly as their final values do — the
 * situation early stopping is built for.
 */
const SPACE: SearchSpace = {
  x: { type: 'float', low: 0, high: 1, log: false, step: 0.05 },
  lr: { type: 'categorical', choices: [0.001, 0.01, 0.1] },
};
const MAX_STEPS = 81;
const floor = (x: number, lr: number): number => (x - 0.7) ** 2 + 0.2 * Math.abs(Math.log10(lr) + 2);
function curve(x: number, lr: number, step: number): number {
  const speed = lr === 0.1 ? 8 : lr === 0.01 ? 12 : 30;
  const noise = 0.0003 * Math.sin(step * 12.9898 + x * 78.233);
  return floor(x, lr) + Math.exp(-step / speed) + noise;
}

function run(pruner: Pruner, sampler: Sampler = new GridSampler(), trials = 63): { stepsUsed: number; best: { x: number; lr: number; loss: number }; pruned: number; completedFloors: number[] } {
  const study = new InMemoryStudy(SPACE, ['minimize'], sampler, 7, pruner);
  let stepsUsed = 0;
  let pruned = 0;
  let best = { x: NaN, lr: NaN, loss: Infinity };
  const completedFloors: number[] = [];
  for (let i = 0; i < trials; i++) {
    const { number, params } = study.ask();
    const x = params.x as number;
    const lr = params.lr as number;
    let stopped = false;
    let loss = Infinity;
    for (let step = 1; step <= MAX_STEPS; step++) {
      loss = curve(x, lr, step);
      stepsUsed++;
      if (study.report(number, step, loss) !== null) {
        stopped = true;
        break;
      }
    }
    if (stopped) {
      pruned++;
      continue;
    }
    study.tell(number, [loss]);
    completedFloors.push(floor(x, lr));
    if (loss < best.loss) best = { x, lr, loss };
  }
  return { stepsUsed, best, pruned, completedFloors };
}

describe('pruners on a synthetic learning curve (63 configurations × 81 steps)', () => {
  const full = 63 * MAX_STEPS;

  it('ASHA stops most trials early and still completes the best configuration', () => {
    const r = run(new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 }));
    expect(r.best.x).toBeCloseTo(0.7, 10);
    expect(r.best.lr).toBe(0.01);
    expect(r.pruned).toBeGreaterThan(40);
    // Configurations arrive in grid order, improving towards x = 0.7, so many reach a rung as the best so far.
    expect(r.stepsUsed).toBeLessThan(0.45 * full);
  });

  it('Hyperband stops most trials early and still completes the best configuration', () => {
    const hb = new HyperbandPruner({ minResource: 1, maxResource: MAX_STEPS, reductionFactor: 3 });
    expect(hb.brackets).toBe(5);
    const r = run(hb);
    expect(r.best.x).toBeCloseTo(0.7, 10);
    expect(r.best.lr).toBe(0.01);
    expect(r.pruned).toBeGreaterThan(25);
    expect(r.stepsUsed).toBeLessThan(0.6 * full);
  });

  it('median pruning stops trials worse than the median and keeps the best', () => {
    const r = run(new MedianPruner());
    expect(r.best.x).toBeCloseTo(0.7, 10);
    expect(r.pruned).toBeGreaterThan(20);
    expect(r.stepsUsed).toBeLessThan(0.7 * full);
  });

  it('with random configurations, the survivors of ASHA are among the best floors', () => {
    const r = run(new SuccessiveHalvingPruner({ reductionFactor: 3 }), new RandomSampler(), 60);
    // Completed trials should mostly have floors better than the median configuration of the space.
    const allFloors = Array.from({ length: 21 }, (_, i) => [0.001, 0.01, 0.1].map((lr) => floor(i / 20, lr))).flat().sort((a, b) => a - b);
    const median = allFloors[31] as number;
    const good = r.completedFloors.filter((f) => f <= median).length;
    expect(good / r.completedFloors.length).toBeGreaterThan(0.6);
  });

  it('a pruned trial carries a reason that names the rung and the cut-off', () => {
    const study = new InMemoryStudy(SPACE, ['minimize'], new GridSampler(), 1, new SuccessiveHalvingPruner({ reductionFactor: 2 }));
    const a = study.ask();
    expect(study.report(a.number, 1, 0.1)).toBeNull();
    study.tell(a.number, [0.1]);
    const b = study.ask();
    expect(study.report(b.number, 1, 0.5)).toMatch(/rung 0 \(step 1\).*0\.5.*top 1\/2 of 2 trials/);
  });
});
