import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../core/validation.js';
import { InMemoryStudy } from '../in-memory-study.js';
import { searchSpaceSchema, type SearchSpace } from '../search-space.schema.js';
import { BRANIN_SPACE, branin } from '../test-functions.js';
import { enumerateGrid, GridSampler } from './grid-sampler.js';
import { expNegOver128 } from './normal.js';
import { defaultWeights } from './parzen-estimator.js';
import { sortWithin } from './sort-f64.js';
import { RandomSampler } from './random-sampler.js';
import { defaultGamma } from './trial-split.js';
import { TpeSampler } from './tpe-sampler.js';

const MIXED: SearchSpace = parseInput(searchSpaceSchema, {
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5, step: 0.1 },
  layers: { type: 'int', low: 1, high: 8 },
  width: { type: 'int', low: 16, high: 1024, log: true },
  optimizer: { type: 'categorical', choices: ['sgd', 'adam'] },
  momentum: { type: 'float', low: 0, high: 0.99, condition: { param: 'optimizer', values: ['sgd'] } },
});

function objective(p: Record<string, unknown>): number {
  return Math.abs(Math.log10(p.lr as number) + 3) + (p.dropout as number) + Math.abs((p.layers as number) - 4) / 4 + (p.optimizer === 'sgd' ? 1 - (p.momentum as number) : 0.2);
}

describe('samplers', () => {
  it('keeps Optuna’s TPE constants: γ(n) = min(⌈0.1n⌉, 25) and ramped weights past 25 observations', () => {
    expect([1, 10, 11, 100, 249, 250, 1000].map(defaultGamma)).toEqual([1, 1, 2, 10, 25, 25, 25]);
    expect(Array.from(defaultWeights(3))).toEqual([1, 1, 1]);
    const w = defaultWeights(30);
    expect(w[0]).toBeCloseTo(1 / 30, 12);
    expect(w[4]).toBeCloseTo(1, 12);
    expect(Array.from(w.slice(5))).toEqual(new Array(25).fill(1));
    const tpe = new TpeSampler();
    expect(tpe.options.nStartupTrials).toBe(10);
    expect(tpe.options.nEiCandidates).toBe(24);
  });

  it('computes the kernel Gaussian exp(−q/128) on [0, 4096] within 2 ulp of Math.exp', () => {
    const qs = [0, 0.5, 0.4999999999999999, 1, 2047.5, 4095.5, 4096];
    for (let i = 0; i < 200000; i++) qs.push(4096 * ((i * 0.6180339887498949) % 1));
    let worst = 0;
    for (const q of qs) worst = Math.max(worst, Math.abs(expNegOver128(q) / Math.exp(-q / 128) - 1));
    expect(worst).toBeLessThan(4.5e-16);
  });

  it('sorts bounded centres exactly as TypedArray#sort, clustered, spread or piled up', () => {
    let seed = 1;
    const next = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (const shape of [(u: number) => u * 10 - 5, (u: number) => u ** 8 * 10 - 5, (u: number) => (u - 0.5) * 1e-6, (u: number) => u * 12 - 6]) {
      for (const m of [1, 63, 64, 500, 977]) {
        const a = Float64Array.from({ length: m + 3 }, () => shape(next()));
        const expected = a.slice(0, m).sort();
        sortWithin(a, m, -5, 5);
        expect(Array.from(a.subarray(0, m))).toEqual(Array.from(expected));
      }
    }
  });

  it('proposes the same TPE trials for a seed as before the suggest-time work (Branin, seed 7)', () => {
    const study = new InMemoryStudy(BRANIN_SPACE, ['minimize'], new TpeSampler(), 7);
    study.optimize(branin, 60);
    expect(study.trials[30]?.params).toEqual({ x1: 9.03375539226848, x2: 1.9428360750382128 });
    expect(study.trials[59]?.params).toEqual({ x1: 6.548914095455998, x2: 4.871917519197213 });
  });

  for (const [name, make] of [
    ['random', () => new RandomSampler()],
    ['tpe', () => new TpeSampler()],
    ['tpe multivariate', () => new TpeSampler({ multivariate: true })],
  ] as const) {
    it(`${name}: every value inside its distribution, conditional params only when active`, () => {
      const study = new InMemoryStudy(MIXED, ['minimize'], make(), 3);
      study.optimize(objective, 60);
      for (const t of study.trials) {
        const p = t.params;
        expect(p.lr).toBeGreaterThanOrEqual(1e-5);
        expect(p.lr).toBeLessThanOrEqual(1e-1);
        expect([0, 0.1, 0.2, 0.3, 0.4, 0.5]).toContain(p.dropout);
        expect(Number.isInteger(p.layers) && (p.layers as number) >= 1 && (p.layers as number) <= 8).toBe(true);
        expect(Number.isInteger(p.width) && (p.width as number) >= 16 && (p.width as number) <= 1024).toBe(true);
        expect('momentum' in p).toBe(p.optimizer === 'sgd');
      }
    });

    it(`${name}: the same seed proposes the same trials`, () => {
      const a = new InMemoryStudy(MIXED, ['minimize'], make(), 42);
      const b = new InMemoryStudy(MIXED, ['minimize'], make(), 42);
      const c = new InMemoryStudy(MIXED, ['minimize'], make(), 43);
      a.optimize(objective, 25);
      b.optimize(objective, 25);
      c.optimize(objective, 25);
      expect(b.trials.map((t) => t.params)).toEqual(a.trials.map((t) => t.params));
      expect(c.trials.map((t) => t.params)).not.toEqual(a.trials.map((t) => t.params));
    });
  }

  it('TPE finds Branin’s minimum region within 100 trials and beats random search on the same seeds', () => {
    let wins = 0;
    for (let seed = 0; seed < 5; seed++) {
      const tpe = new InMemoryStudy(BRANIN_SPACE, ['minimize'], new TpeSampler(), seed).optimize(branin, 100).at(-1) as number;
      const rnd = new InMemoryStudy(BRANIN_SPACE, ['minimize'], new RandomSampler(), seed).optimize(branin, 100).at(-1) as number;
      expect(tpe).toBeLessThan(0.8);
      if (tpe < rnd) wins++;
    }
    expect(wins).toBeGreaterThanOrEqual(4);
  });

  it('one TPE sampler (and its reused kernel columns) serving two interleaved studies proposes what two samplers do', () => {
    const shared = new TpeSampler();
    const [a, b] = [new InMemoryStudy(BRANIN_SPACE, ['minimize'], shared, 1), new InMemoryStudy(BRANIN_SPACE, ['minimize'], shared, 2)];
    for (let i = 0; i < 40; i++) for (const s of [a, b]) s.optimize(branin, 1);
    const [c, d] = [new InMemoryStudy(BRANIN_SPACE, ['minimize'], new TpeSampler(), 1), new InMemoryStudy(BRANIN_SPACE, ['minimize'], new TpeSampler(), 2)];
    c.optimize(branin, 40);
    d.optimize(branin, 40);
    expect(a.trials.map((t) => t.params)).toEqual(c.trials.map((t) => t.params));
    expect(b.trials.map((t) => t.params)).toEqual(d.trials.map((t) => t.params));
  });

  it('TPE maximising −f proposes exactly what minimising f does', () => {
    const max = new InMemoryStudy(BRANIN_SPACE, ['maximize'], new TpeSampler(), 1);
    const min = new InMemoryStudy(BRANIN_SPACE, ['minimize'], new TpeSampler(), 1);
    max.optimize((p) => -branin(p), 40);
    min.optimize(branin, 40);
    expect(max.trials.map((t) => t.params)).toEqual(min.trials.map((t) => t.params));
  });

  it('grid visits every point once, drops inactive conditional params, then reports exhaustion', () => {
    const space = parseInput(searchSpaceSchema, {
      kind: { type: 'categorical', choices: ['a', 'b'] },
      depth: { type: 'int', low: 1, high: 3, condition: { param: 'kind', values: ['b'] } },
      rate: { type: 'float', low: 0, high: 1, step: 0.5 },
    });
    expect(enumerateGrid(space)).toHaveLength(3 + 9);
    const study = new InMemoryStudy(space, ['minimize'], new GridSampler(), 0);
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) seen.add(JSON.stringify(study.ask().params));
    expect(seen.size).toBe(12);
    expect(() => study.ask()).toThrow(/grid is exhausted/);
  });

  it('grid refuses a float without a step, naming the field', () => {
    expect(() => enumerateGrid(BRANIN_SPACE)).toThrow(/space\.x1\.step/);
  });
});

describe('search space validation names the field', () => {
  const bad: [unknown, RegExp][] = [
    [{ a: { type: 'float', low: 1, high: 0 } }, /a\.high/],
    [{ a: { type: 'float', low: 0, high: 1, log: true } }, /a\.low.*log/],
    [{ a: { type: 'int', low: 0, high: 10, step: 3 } }, /a\.step/],
    [{ a: { type: 'categorical', choices: [] } }, /a\.choices/],
    [{ a: { type: 'categorical', choices: ['x', 'x'] } }, /a\.choices\.1/],
    [{ a: { type: 'float', low: 0, high: 1, condition: { param: 'b', values: [1] } } }, /a\.condition\.param/],
    [{ a: { type: 'categorical', choices: ['x'] }, b: { type: 'int', low: 0, high: 1, condition: { param: 'a', values: ['y'] } } }, /b\.condition\.values\.0/],
    [{ a: { type: 'gaussian', low: 0, high: 1 } }, /a\.type/],
    [{}, /at least one/],
  ];
  for (const [space, re] of bad) {
    it(`refuses ${JSON.stringify(space)}`, () => {
      expect(() => parseInput(searchSpaceSchema, space, 'body.space')).toThrow(re);
    });
  }
});

describe('NSGA-II', () => {
  it('finds a better Pareto front than random search on a two-objective problem (same budget, same seeds)', async () => {
    const { Nsga2Sampler } = await import('./nsga2-sampler.js');
    const { paretoFront } = await import('../pareto.js');
    const space = parseInput(searchSpaceSchema, { x: { type: 'float', low: -10, high: 10 }, y: { type: 'float', low: -10, high: 10 } });
    // f1 = x² + y², f2 = (x − 2)² + y²: the front is y = 0, 0 ≤ x ≤ 2.
    const f = (p: Record<string, unknown>): number[] => {
      const x = p.x as number;
      const y = p.y as number;
      return [x * x + y * y, (x - 2) ** 2 + y * y];
    };
    // 2-D hypervolume dominated by the front, up to the reference point (10, 10).
    const hypervolume = (points: number[][]): number => {
      const front = paretoFront(points).map((i) => points[i] as number[]).filter((p) => (p[0] as number) < 10 && (p[1] as number) < 10).sort((a, b) => (a[0] as number) - (b[0] as number));
      let hv = 0;
      let prevY = 10;
      for (const [x, y] of front as [number, number][]) {
        hv += (10 - x) * (prevY - y);
        prevY = y;
      }
      return hv;
    };
    let wins = 0;
    for (let seed = 0; seed < 5; seed++) {
      const nsga = new InMemoryStudy(space, ['minimize', 'minimize'], new Nsga2Sampler({ populationSize: 20, crossoverProb: 0.9 }), seed);
      const rnd = new InMemoryStudy(space, ['minimize', 'minimize'], new RandomSampler(), seed);
      for (const study of [nsga, rnd]) {
        for (let i = 0; i < 200; i++) {
          const { number, params } = study.ask();
          study.tell(number, f(params));
        }
      }
      if (hypervolume(nsga.trials.map((t) => t.values as number[])) > hypervolume(rnd.trials.map((t) => t.values as number[]))) wins++;
    }
    expect(wins).toBeGreaterThanOrEqual(4);
  });
});

describe('CMA-ES', () => {
  it('converges on Branin and beats random search on Hartmann6 (200 trials, same seeds)', async () => {
    const { CmaEsSampler } = await import('./cmaes-sampler.js');
    const { HARTMANN6_SPACE, hartmann6 } = await import('../test-functions.js');
    for (let seed = 0; seed < 3; seed++) {
      expect(new InMemoryStudy(BRANIN_SPACE, ['minimize'], new CmaEsSampler(), seed).optimize(branin, 200).at(-1)).toBeLessThan(0.41);
      const cma = new InMemoryStudy(HARTMANN6_SPACE, ['minimize'], new CmaEsSampler(), seed).optimize(hartmann6, 200).at(-1) as number;
      const rnd = new InMemoryStudy(HARTMANN6_SPACE, ['minimize'], new RandomSampler(), seed).optimize(hartmann6, 200).at(-1) as number;
      expect(cma).toBeLessThan(rnd);
    }
  });

  it('keeps values inside their distributions, on log and int axes too', async () => {
    const { CmaEsSampler } = await import('./cmaes-sampler.js');
    const space = parseInput(searchSpaceSchema, { lr: { type: 'float', low: 1e-5, high: 1e-1, log: true }, layers: { type: 'int', low: 1, high: 8 }, d: { type: 'float', low: 0, high: 0.5, step: 0.1 } });
    const study = new InMemoryStudy(space, ['minimize'], new CmaEsSampler(), 1);
    study.optimize((p) => Math.abs(Math.log10(p.lr as number) + 3) + Math.abs((p.layers as number) - 3) + (p.d as number), 60);
    for (const t of study.trials) {
      expect(t.params.lr).toBeGreaterThanOrEqual(1e-5);
      expect(t.params.lr).toBeLessThanOrEqual(1e-1);
      expect(Number.isInteger(t.params.layers)).toBe(true);
      expect([0, 0.1, 0.2, 0.3, 0.4, 0.5]).toContain(t.params.d);
    }
  });
});
