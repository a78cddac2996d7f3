import type { Rng } from '../rng.js';
import { LOG_SQRT_2PI, Z_SCALE, expNegOver128, normalMass, sampleTruncNorm } from './normal.js';
import type { KernelArena } from './kernel-arena.js';
import { sortWithin } from './sort-f64.js';

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
  /** Where the estimator's columns live (valid until the arena's next reset); allocated when absent. */
  arena?: KernelArena;
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
  /** When kernels are sorted by centre (univariate): the observation each one is (n = the prior); else null. */
  perm: Uint32Array | null;
  /** The smallest observation kernel's σ, and how many kernels (prior included) have exactly it. */
  sigmaMin: number;
  atMin: number;
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
  return fillDefaultWeights(new Float64Array(n), n);
}

/** Writes defaultWeights(n) into w[0, n). */
function fillDefaultWeights(w: Float64Array, n: number): Float64Array {
  if (n < 25) return w.fill(1, 0, n);
  const ramp = n - 25;
  for (let i = 0; i < ramp; i++) w[i] = ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1);
  for (let i = ramp; i < n; i++) w[i] = 1;
  return w;
}

/**
 * Scratch columns reused across estimators (grown, never shrunk): a Float64Array past 64
 * bytes gets an off-heap buffer, and allocating ~20 of them per parameter per ask cost
 * more than the arithmetic they held. Only data that dies before the call returns goes here.
 */
let scratch = new Float64Array(0);
function scratchOf(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(Math.max(length, 2 * scratch.length));
  return scratch;
}

function numericKernels(axis: NumericAxisInput, nParams: number, opts: ParzenOptions): NumericKernels {
  const { low, high, step, observations } = axis;
  const n = observations.length;
  const width = high - low + step;
  const priorMu = 0.5 * (low + high);
  if (opts.multivariate || n >= 0xffff) {
    // (Past 65535 observations the index no longer fits the packing below; a fixed bandwidth is used.)
    const sigmas = new Float64Array(n + 1);
    sigmas.fill(0.2 * Math.max(n, 1) ** (-1 / (nParams + 4)) * width);
    const mus = new Float64Array(n + 1);
    mus.set(observations);
    mus[n] = priorMu;
    return finishNumeric(axis, n, opts, mus, sigmas, null);
  } else {
    // Bandwidth = the larger gap to a sorted neighbour, endpoints included, prior among the points.
    // Kernels are kept in sorted order (the mixture does not care about order) and `perm` says which
    // observation each is, so its weight can follow it. To get both from one sort of plain numbers (no
    // comparator: this runs for every parameter on every ask), each value carries its index in the
    // low 16 bits of its mantissa — a change of under 2^-36 relative, far below any bandwidth.
    const m = n + 1;
    const packed = scratchOf(m);
    const bits = new Uint32Array(packed.buffer, 0, 2 * m);
    // Little-endian: word 2i holds the low 32 bits of value i.
    for (let i = 0; i < m; i++) {
      packed[i] = i < n ? (observations[i] as number) : priorMu;
      bits[2 * i] = ((bits[2 * i] as number) & 0xffff0000) | i;
    }
    sortWithin(packed, m, low - step / 2, high + step / 2);
    const perm = opts.arena ? opts.arena.u32(m) : new Uint32Array(m);
    // Centres (with the two bounds around them), bandwidths and normalisers share one buffer.
    const columns = opts.arena ? opts.arena.f64(3 * m + 2) : new Float64Array(3 * m + 2);
    const sorted = columns.subarray(0, m + 2);
    for (let j = 0; j < m; j++) {
      const i = (bits[2 * j] as number) & 0xffff;
      perm[j] = i;
      sorted[j + 1] = i < n ? (observations[i] as number) : priorMu;
    }
    sorted[0] = low - step / 2;
    sorted[m + 1] = high + step / 2;
    const s = columns.subarray(m + 2, 2 * m + 2);
    for (let i = 0; i < m; i++) s[i] = Math.max((sorted[i + 1] as number) - (sorted[i] as number), (sorted[i + 2] as number) - (sorted[i + 1] as number));
    if (!opts.considerEndpoints && m + 2 >= 4) {
      s[0] = (sorted[2] as number) - (sorted[1] as number);
      s[m - 1] = (sorted[m] as number) - (sorted[m - 1] as number);
    }
    return finishNumeric(axis, n, opts, sorted.subarray(1, m + 1), s, perm, columns.subarray(2 * m + 2));
  }
}

/**
 * Clips bandwidths (Optuna's "magic clip"), gives the prior kernel the whole width,
 * and precomputes each kernel's normaliser. `perm[k]` is kernel k's observation (n = the prior).
 */
function finishNumeric(axis: NumericAxisInput, n: number, opts: ParzenOptions, mus: Float64Array, sigmas: Float64Array, perm: Uint32Array | null, logNorm: Float64Array = new Float64Array(n + 1)): NumericKernels {
  const { low, high, step } = axis;
  const width = high - low + step;
  const maxSigma = width;
  const minSigma = opts.considerMagicClip ? width / Math.min(100, 1 + n + 1) : 1e-12;
  const lo = low - step / 2;
  const hi = high + step / 2;
  // Most kernels sit inside the bounds with the clipped bandwidth, so they share one
  // normaliser: reuse the last one computed when (mass, σ) repeat (same value, no log calls).
  let lastMass = NaN;
  let lastSigma = NaN;
  let lastLogNorm = 0;
  let sigmaMin = Infinity;
  let atMin = 0;
  for (let k = 0; k <= n; k++) {
    const isPrior = (perm ? (perm[k] as number) : k) === n;
    const sigma = isPrior ? maxSigma : Math.min(maxSigma, Math.max(minSigma, sigmas[k] as number));
    sigmas[k] = sigma;
    if (!isPrior && sigma <= sigmaMin) {
      atMin = sigma < sigmaMin ? 1 : atMin + 1;
      sigmaMin = sigma;
    }
    const mu = mus[k] as number;
    const a = (lo - mu) / sigma;
    const b = (hi - mu) / sigma;
    // A kernel more than 8σ inside both bounds has mass 1 to 15 digits: skip the erfc calls.
    const mass = a < -8.5 && b > 8.5 ? 1 : Math.max(normalMass(a, b), 1e-300);
    if (mass !== lastMass || sigma !== lastSigma) {
      lastLogNorm = step > 0 ? Math.log(mass) : Math.log(mass) + Math.log(sigma) + LOG_SQRT_2PI;
      lastMass = mass;
      lastSigma = sigma;
    }
    logNorm[k] = lastLogNorm;
  }
  if (maxSigma === sigmaMin) atMin++; // the prior's
  return { kind: 'numeric', low, high, step, mus, sigmas, logNorm, perm, sigmaMin, atMin };
}

function categoricalKernels(axis: CategoricalAxisInput, opts: ParzenOptions): CategoricalKernels {
  const n = axis.observations.length;
  const kernels = n + 1;
  const c = axis.choices;
  const probs = new Float64Array(kernels * c).fill(opts.priorWeight / kernels);
  for (let k = 0; k < n; k++) {
    const at = k * c + (axis.observations[k] as number);
    probs[at] = (probs[at] as number) + 1;
  }
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
  private logWeightsCache: Float64Array | null = null;
  private readonly cumulative: Float64Array;

  /** `observationWeights` (one per observation) default to Optuna's ramp. */
  constructor(axes: readonly AxisInput[], opts: ParzenOptions, observationWeights?: Float64Array) {
    const n = axes[0]?.observations.length ?? 0;
    this.kernels = axes.map((a) => (a.kind === 'numeric' ? numericKernels(a, axes.length, opts) : categoricalKernels(a, opts)));
    const raw = scratchOf(n + 1);
    if (observationWeights) raw.set(observationWeights);
    else fillDefaultWeights(raw, n);
    raw[n] = opts.priorWeight;
    const first = this.kernels[0];
    const perm = this.kernels.length === 1 && first?.kind === 'numeric' ? first.perm : null;
    let total = 0;
    for (let k = 0; k <= n; k++) total += raw[k] as number;
    const both = opts.arena ? opts.arena.f64(2 * (n + 1)) : new Float64Array(2 * (n + 1));
    this.weights = both.subarray(0, n + 1);
    this.cumulative = both.subarray(n + 1);
    let acc = 0;
    for (let k = 0; k <= n; k++) {
      const w = (raw[perm ? (perm[k] as number) : k] as number) / total;
      this.weights[k] = w;
      this.cumulative[k] = acc += w;
    }
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

  /**
   * One continuous axis (univariate TPE, the common case): the mixture summed in
   * linear space, skipping kernels more than 8σ away (each under e^-32 of its peak,
   * far below the prior kernel's floor), so most terms cost a multiply and a compare.
   * The cut cannot come closer without changing samples: at trial 1000 most of the ~136k
   * kernels a suggest visits lie in one dense cluster, and a 6σ cut (18% fewer visits)
   * would drop terms up to e^-18 ≈ 1.5e-8 of a peak, far above the sum's last bits.
   */
  private logPdfContinuous1d(kern: NumericKernels, xs: Float64Array): Float64Array {
    const nk = this.weights.length;
    const { mus, sigmas } = kern;
    // Kernels are sorted by centre. The narrow ones (σ ≤ σcut) are visited only inside a ±8σcut
    // window found by binary search; the wide ones always.
    const { sigmaMin, atMin } = kern;
    // Once the bandwidth clip binds, nearly all kernels have exactly σmin (96% at trial 1000):
    // then they alone are narrow, and the window shrinks from ±16σmin to ±8σmin.
    const sigmaCut = atMin >= 0.9 * nk ? sigmaMin : 2 * sigmaMin;
    // Contiguous centre / weight·normaliser / 1/σ columns per class, so the inner loops stream memory.
    // One scratch buffer, six columns of nk slots: narrow ones first, then wide ones.
    const cols = scratchOf(6 * nk);
    const nMu = cols.subarray(0, nk);
    const nCoef = cols.subarray(nk, 2 * nk);
    const nInv = cols.subarray(2 * nk, 3 * nk);
    const wMu = cols.subarray(3 * nk, 4 * nk);
    const wCoef = cols.subarray(4 * nk, 5 * nk);
    const wInv = cols.subarray(5 * nk, 6 * nk);
    let narrowCount = 0;
    let wideCount = 0;
    // Kernels sharing a normaliser (most of them: see finishNumeric) share its exp too.
    let lastLogNorm = NaN;
    let lastInvNorm = 0;
    let narrowMax = 0;
    for (let k = 0; k < nk; k++) {
      const sigma = sigmas[k] as number;
      const logNorm = kern.logNorm[k] as number;
      if (logNorm !== lastLogNorm) {
        lastLogNorm = logNorm;
        lastInvNorm = Math.exp(-logNorm);
      }
      const coef = (this.weights[k] as number) * lastInvNorm;
      if (sigma <= sigmaCut) {
        nMu[narrowCount] = mus[k] as number;
        nCoef[narrowCount] = coef;
        nInv[narrowCount++] = Z_SCALE / sigma;
        narrowMax = Math.max(narrowMax, sigma);
      } else {
        wMu[wideCount] = mus[k] as number;
        wCoef[wideCount] = coef;
        wInv[wideCount++] = Z_SCALE / sigma;
      }
    }
    const reach = 8 * narrowMax;
    const out = new Float64Array(xs.length);
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] as number;
      let sum = 0;
      for (let j = 0; j < wideCount; j++) {
        const q = (x - (wMu[j] as number)) * (wInv[j] as number);
        const q2 = q * q; // 64·z²
        if (q2 <= 4096) sum += (wCoef[j] as number) * expNegOver128(q2);
      }
      let lo = 0;
      let hi = narrowCount;
      const from = x - reach;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((nMu[mid] as number) < from) lo = mid + 1;
        else hi = mid;
      }
      const to = x + reach;
      for (let j = lo; j < narrowCount && (nMu[j] as number) <= to; j++) {
        const q = (x - (nMu[j] as number)) * (nInv[j] as number);
        const q2 = q * q; // 64·z²
        if (q2 <= 4096) sum += (nCoef[j] as number) * expNegOver128(q2);
      }
      out[i] = sum > 0 ? Math.log(sum) : -745;
    }
    return out;
  }

  /** log density (mass, on discrete axes) of each draw under the mixture. */
  logPdf(samples: readonly Float64Array[]): Float64Array {
    const only = this.kernels[0];
    if (this.kernels.length === 1 && only?.kind === 'numeric' && only.step === 0 && only.perm) return this.logPdfContinuous1d(only, samples[0] as Float64Array);
    const count = samples[0]?.length ?? 0;
    const nk = this.weights.length;
    const out = new Float64Array(count);
    const acc = new Float64Array(nk);
    // Only this general path needs log weights; the 1-D path sums in linear space.
    const logWeights = (this.logWeightsCache ??= this.weights.map((w) => Math.log(w)));
    for (let i = 0; i < count; i++) {
      acc.set(logWeights);
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
            const a = (x - h - mu) / s;
            const b = (x + h - mu) / s;
            // Beyond 38σ the mass underflows anyway; skip the two erfc calls.
            const mass = a > 38 || b < -38 ? 0 : normalMass(a, b);
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
