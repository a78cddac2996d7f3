import { fromInternal, numericAxis, orderedParams, toInternal } from '../search-space.js';
import type { Distribution, ParamSet } from '../search-space.schema.js';
import { lossValues, type SampleContext, type Sampler, type TrialView } from './sampler.js';
import { symmetricEigen } from './symmetric-eigen.js';

export interface CmaEsOptions {
  /** Initial step size on the [0, 1]-scaled axes; default 1/6 (Optuna's range/6). */
  sigma0?: number | undefined;
  /** λ, trials per generation; default 4 + ⌊3 ln n⌋. */
  popsize?: number | undefined;
}

interface State {
  mean: number[];
  sigma: number;
  c: number[][];
  pc: number[];
  ps: number[];
  b: number[][];
  d: number[];
}

type Numeric = Exclude<Distribution, { type: 'categorical' }>;

/**
 * CMA-ES (Hansen's (μ/μ_w, λ) tutorial algorithm) for continuous spaces, stateless like
 * every Keel sampler: trial n belongs to generation ⌊n / λ⌋, and the search distribution
 * is rebuilt by replaying the updates of every finished generation from the history.
 * Parameters are scaled to [0, 1] (log axes for log parameters); draws outside are
 * clipped, and the clipped value (what the trial ran with) feeds the update.
 */
export class CmaEsSampler implements Sampler {
  constructor(readonly options: CmaEsOptions = {}) {}

  sample(ctx: SampleContext): ParamSet {
    const names = orderedParams(ctx.space);
    const dists = names.map((n) => ctx.space[n] as Numeric);
    const n = names.length;
    const lambda = this.options.popsize ?? 4 + Math.floor(3 * Math.log(n));
    const toUnit = (t: TrialView): number[] =>
      dists.map((d, i) => {
        const axis = numericAxis(d);
        const lo = axis.low - axis.step / 2;
        const hi = axis.high + axis.step / 2;
        return hi === lo ? 0.5 : (toInternal(d, t.params[names[i] as string] as number) - lo) / (hi - lo);
      });
    const state = this.replay(ctx, n, lambda, toUnit);
    // x = m + σ·B·D·z
    const z = Array.from({ length: n }, () => ctx.rng.normal());
    const dz = z.map((v, i) => (state.d[i] as number) * v);
    const params: ParamSet = {};
    dists.forEach((d, i) => {
      let y = 0;
      for (let j = 0; j < n; j++) y += (state.b[i]?.[j] as number) * (dz[j] as number);
      const unit = Math.min(1, Math.max(0, (state.mean[i] as number) + state.sigma * y));
      const axis = numericAxis(d);
      const lo = axis.low - axis.step / 2;
      const hi = axis.high + axis.step / 2;
      params[names[i] as string] = fromInternal(d, Math.min(axis.high, Math.max(axis.low, lo + unit * (hi - lo))));
    });
    return params;
  }

  /** The distribution after every generation whose trials have all finished, in order. */
  private replay(ctx: SampleContext, n: number, lambda: number, toUnit: (t: TrialView) => number[]): State {
    const mu = Math.floor(lambda / 2);
    const raw = Array.from({ length: mu }, (_, i) => Math.log(mu + 0.5) - Math.log(i + 1));
    const sum = raw.reduce((a, b) => a + b, 0);
    const w = raw.map((x) => x / sum);
    const mueff = 1 / w.reduce((a, b) => a + b * b, 0);
    const cc = (4 + mueff / n) / (n + 4 + (2 * mueff) / n);
    const cs = (mueff + 2) / (n + mueff + 5);
    const c1 = 2 / ((n + 1.3) ** 2 + mueff);
    const cmu = Math.min(1 - c1, (2 * (mueff - 2 + 1 / mueff)) / ((n + 2) ** 2 + mueff));
    const damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
    const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
    const eye = (): number[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
    const s: State = { mean: new Array<number>(n).fill(0.5), sigma: this.options.sigma0 ?? 1 / 6, c: eye(), pc: new Array<number>(n).fill(0), ps: new Array<number>(n).fill(0), b: eye(), d: new Array<number>(n).fill(1) };
    const byGeneration = new Map<number, TrialView[]>();
    for (const t of ctx.trials) {
      const g = Math.floor(t.number / lambda);
      byGeneration.set(g, [...(byGeneration.get(g) ?? []), t]);
    }
    for (let g = 0; ; g++) {
      const members = byGeneration.get(g) ?? [];
      if (members.length < lambda || members.some((t) => t.state === 'running')) return s;
      const loss = (t: TrialView): number => (t.state === 'complete' && t.values ? (lossValues(t.values, ctx.directions)[0] as number) : Infinity);
      const best = [...members].sort((a, b) => loss(a) - loss(b) || a.number - b.number).slice(0, mu).map(toUnit);
      const old = s.mean;
      s.mean = old.map((_, i) => best.reduce((acc, x, k) => acc + (w[k] as number) * (x[i] as number), 0));
      const yw = s.mean.map((m, i) => (m - (old[i] as number)) / s.sigma);
      // C^(-1/2)·y_w = B·D⁻¹·Bᵀ·y_w
      const bty = s.b.map((_, j) => yw.reduce((acc, y, i) => acc + (s.b[i]?.[j] as number) * y, 0));
      const invSqrt = s.b.map((row) => row.reduce((acc, bij, j) => acc + (bij * (bty[j] as number)) / (s.d[j] as number), 0));
      s.ps = s.ps.map((p, i) => (1 - cs) * p + Math.sqrt(cs * (2 - cs) * mueff) * (invSqrt[i] as number));
      const psNorm = Math.sqrt(s.ps.reduce((a, b) => a + b * b, 0));
      const hsig = psNorm / Math.sqrt(1 - (1 - cs) ** (2 * (g + 1))) / chiN < 1.4 + 2 / (n + 1) ? 1 : 0;
      s.pc = s.pc.map((p, i) => (1 - cc) * p + hsig * Math.sqrt(cc * (2 - cc) * mueff) * (yw[i] as number));
      const ys = best.map((x) => x.map((v, i) => (v - (old[i] as number)) / s.sigma));
      s.c = s.c.map((row, i) =>
        row.map((cij, j) => {
          let rankMu = 0;
          for (let k = 0; k < mu; k++) rankMu += (w[k] as number) * (ys[k]?.[i] as number) * (ys[k]?.[j] as number);
          return (1 - c1 - cmu) * cij + c1 * ((s.pc[i] as number) * (s.pc[j] as number) + (1 - hsig) * cc * (2 - cc) * cij) + cmu * rankMu;
        }),
      );
      s.sigma = Math.min(1, s.sigma * Math.exp((cs / damps) * (psNorm / chiN - 1)));
      const eig = symmetricEigen(s.c);
      s.b = eig.vectors;
      s.d = eig.values.map((v) => Math.sqrt(Math.max(v, 1e-20)));
    }
  }
}
