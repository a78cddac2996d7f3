import type { Rng } from '../rng.js';
import { LOG_SQRT_2PI, normalMass, sampleTruncNorm } from './normal.js';

/**
 * TPE's Parzen estimator, following Optuna's `_ParzenEstimator`: a mixture of one
 * kernel per observation plus a prior kernel; truncated normals on numeric axes
 * (discretised to the step grid when there is one), smoothed one-hot
 * distributions on categorical ones. Univariate TPE builds one estimator per
 * parameter; multivariate TPE one over several, sharing the kernel choice.
 */

export interface NumericAxisInput {
  kind: 'numeric';
  low: number;
  high: number;
  /** Grid width; 0 when continuous. */
  step: number;
  /** One internal coordinate per observation. */
  observations: Float64Array;
}

export interface CategoricalAxisInput {
  kind: 'categorical';
  choices: number;
  /** One choice index per observation. */
  observations: Int32Array;
}

export type AxisInput = NumericAxisInput | CategoricalAxisInput;

export interface ParzenOptions {
  priorWeight: number;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  multivariate: boolean;
}

interface NumericKernels {
  kind: 'numeric';
  low: number;
  high: number;
  step: number;
  mus: Float64Array;
  sigmas: Float64Array;
  /** log of the kernel's normaliser: σ·√(2π)·mass on [low, high] (continuous) or the mass alone (discrete). */
  logNorm: Float64Array;
}

interface CategoricalKernels {
  kind: 'categorical';
  choices: number;
  /** kernels × choices, row-normalised. */
  probs: Float64Array;
  logProbs: Float64Array;
}

type Kernels = NumericKernels | CategoricalKernels;

/** Optuna's default_weights: flat for under 25 observations, else a ramp favouring recent ones over the oldest n − 25. */
export function defaultWeights(n: number): Float64Array {
  const w = new Float64Array(n);
  if (n < 25) return w.fill(1);
  const ramp = n - 25;
  for (let i = 0; i < ramp; i++) w[i] = ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1);
  for (let i = ramp; i < n; i++) w[i] = 1;
  return w;
}

function numericKernels(axis: NumericAxisInput, nParams: number, opts: ParzenOptions): NumericKernels {
  const { low, high, step, observations } = axis;
  const n = observations.length;
  const width = high - low + step;
  const priorMu = 0.5 * (low + high);
  const sigmas = new Float64Array(n + 1);
  if (opts.multivariate) {
    sigmas.fill(0.2 * Math.max(n, 1) ** (-1 / (nParams + 4)) * width);
  } else {
    // Bandwidth = the larger gap to a sorted neighbour, endpoints included, prior among the points.
    const withPrior = Float64Array.from([...observations, priorMu]);
    const order = Array.from(withPrior.keys()).sort((i, j) => (withPrior[i] as number) - (withPrior[j] as number));
    const m = withPrior.length;
    const sorted = new Float64Array(m + 2);
    sorted[0] = low - step / 2;
    for (let i = 0; i < m; i++) sorted[i + 1] = withPrior[order[i] as number] as number;
    sorted[m + 1] = high + step / 2;
    const s = new Float64Array(m);
    for (let i = 0; i < m; i++) s[i] = Math.max((sorted[i + 1] as number) - (sorted[i] as number), (sorted[i + 2] as number) - (sorted[i + 1] as number));
    if (!opts.considerEndpoints && m + 2 >= 4) {
      s[0] = (sorted[2] as number) - (sorted[1] as number);
      s[m - 1] = (sorted[m] as number) - (sorted[m - 1] as number);
    }
    for (let i = 0; i < m; i++) sigmas[order[i] as number] = s[i] as number;
  }
  const maxSigma = width;
  const minSigma = opts.considerMagicClip ? width / Math.min(100, 1 + n + 1) : 1e-12;
  for (let i = 0; i < n; i++) sigmas[i] = Math.min(maxSigma, Math.max(minSigma, sigmas[i] as number));
  sigmas[n] = maxSigma;
  const mus = new Float64Array(n + 1);
  mus.set(observations);
  mus[n] = priorMu;
  const lo = low - step / 2;
  const hi = high + step / 2;
  const logNorm = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) {
    const mu = mus[k] as number;
    const sigma = sigmas[k] as number;
    const mass = Math.max(normalMass((lo - mu) / sigma, (hi - mu) / sigma), 1e-300);
    logNorm[k] = step > 0 ? Math.log(mass) : Math.log(mass) + Math.log(sigma) + LOG_SQRT_2PI;
  }
  return { kind: 'numeric', low, high, step, mus, sigmas, logNorm };
}

function categoricalKernels(axis: CategoricalAxisInput, opts: ParzenOptions): CategoricalKernels {
  const n = axis.observations.length;
  const kernels = n + 1;
  const c = axis.choices;
  const probs = new Float64Array(kernels * c).fill(opts.priorWeight / kernels);
  for (let k = 0; k < n; k++) probs[k * c + (axis.observations[k] as number)] += 1;
  const logProbs = new Float64Array(kernels * c);
  for (let k = 0; k < kernels; k++) {
    let sum = 0;
    for (let j = 0; j < c; j++) sum += probs[k * c + j] as number;
    for (let j = 0; j < c; j++) {
      const p = (probs[k * c + j] as number) / sum;
      probs[k * c + j] = p;
      logProbs[k * c + j] = Math.log(p);
    }
  }
  return { kind: 'categorical', choices: c, probs, logProbs };
}

export class ParzenEstimator {
  private readonly kernels: Kernels[];
  private readonly weights: Float64Array;
  private readonly logWeights: Float64Array;
  private readonly cumulative: Float64Array;

  /** `observationWeights` (one per observation) default to Optuna's ramp. */
  constructor(axes: readonly AxisInput[], opts: ParzenOptions, observationWeights?: Float64Array) {
    const n = axes[0]?.observations.length ?? 0;
    this.kernels = axes.map((a) => (a.kind === 'numeric' ? numericKernels(a, axes.length, opts) : categoricalKernels(a, opts)));
    const w = new Float64Array(n + 1);
    w.set(observationWeights ?? defaultWeights(n));
    w[n] = opts.priorWeight;
    let total = 0;
    for (const x of w) total += x;
    this.weights = w.map((x) => x / total);
    this.logWeights = this.weights.map((x) => Math.log(x));
    this.cumulative = new Float64Array(n + 1);
    let acc = 0;
    for (let k = 0; k <= n; k++) this.cumulative[k] = acc += this.weights[k] as number;
  }

  private pickKernel(u: number): number {
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((c[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** `count` draws; result[axis][draw] is an internal coordinate (numeric) or a choice index (categorical). */
  sample(rng: Rng, count: number): Float64Array[] {
    const out = this.kernels.map(() => new Float64Array(count));
    for (let i = 0; i < count; i++) {
      const k = this.pickKernel(rng.next() * (this.cumulative[this.cumulative.length - 1] as number));
      this.kernels.forEach((kern, d) => {
        const column = out[d] as Float64Array;
        if (kern.kind === 'categorical') {
          const u = rng.next();
          let acc = 0;
          let j = 0;
          for (; j < kern.choices - 1; j++) {
            acc += kern.probs[k * kern.choices + j] as number;
            if (u < acc) break;
          }
          column[i] = j;
        } else {
          const lo = kern.low - kern.step / 2;
          const hi = kern.high + kern.step / 2;
          let x = sampleTruncNorm(kern.mus[k] as number, kern.sigmas[k] as number, lo, hi, rng.next());
          if (kern.step > 0) x = Math.min(kern.high, Math.max(kern.low, kern.low + Math.round((x - kern.low) / kern.step) * kern.step));
          column[i] = x;
        }
      });
    }
    return out;
  }

  /** log density (mass, on discrete axes) of each draw under the mixture. */
  logPdf(samples: readonly Float64Array[]): Float64Array {
    const count = samples[0]?.length ?? 0;
    const nk = this.weights.length;
    const out = new Float64Array(count);
    const acc = new Float64Array(nk);
    for (let i = 0; i < count; i++) {
      acc.set(this.logWeights);
      this.kernels.forEach((kern, d) => {
        const x = (samples[d] as Float64Array)[i] as number;
        if (kern.kind === 'categorical') {
          const j = x | 0;
          for (let k = 0; k < nk; k++) acc[k] = (acc[k] as number) + (kern.logProbs[k * kern.choices + j] as number);
        } else if (kern.step > 0) {
          const h = kern.step / 2;
          for (let k = 0; k < nk; k++) {
            const mu = kern.mus[k] as number;
            const s = kern.sigmas[k] as number;
            const mass = normalMass((x - h - mu) / s, (x + h - mu) / s);
            acc[k] = (acc[k] as number) + Math.log(Math.max(mass, 1e-300)) - (kern.logNorm[k] as number);
          }
        } else {
          const { mus, sigmas, logNorm } = kern;
          for (let k = 0; k < nk; k++) {
            const z = (x - (mus[k] as number)) / (sigmas[k] as number);
            acc[k] = (acc[k] as number) - 0.5 * z * z - (logNorm[k] as number);
          }
        }
      });
      let max = -Infinity;
      for (let k = 0; k < nk; k++) if ((acc[k] as number) > max) max = acc[k] as number;
      let sum = 0;
      for (let k = 0; k < nk; k++) {
        const e = (acc[k] as number) - max;
        if (e > -700) sum += Math.exp(e);
      }
      out[i] = max + Math.log(sum);
    }
    return out;
  }
}
