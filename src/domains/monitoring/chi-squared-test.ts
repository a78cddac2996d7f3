/**
 * Pearson's chi-squared test of homogeneity on the 2×k table (reference counts, current counts)
 * as scipy.stats.chi2_contingency(table, correction=True): expected = row·col / total, and
 * Yates' continuity correction only when dof = 1 (k = 2), each |O − E| shrunk by min(0.5, |O − E|).
 * Categories absent from both rows must be left out by the caller (scipy rejects zero expectations).
 */
import { CompensatedSum } from './compensated-sum.js';
import { chiSquaredSf } from './special-functions.js';

export interface ChiSquaredResult {
  statistic: number;
  pValue: number;
  dof: number;
}

export function chiSquaredTest(reference: ArrayLike<number>, current: ArrayLike<number>): ChiSquaredResult {
  const k = reference.length;
  if (current.length !== k) throw new RangeError('both rows need the same categories');
  let r0 = 0;
  let r1 = 0;
  for (let j = 0; j < k; j++) {
    r0 += reference[j] as number;
    r1 += current[j] as number;
  }
  const total = r0 + r1;
  const dof = k - 1;
  if (dof <= 0) return { statistic: 0, pValue: 1, dof: 0 };
  const stat = new CompensatedSum();
  for (let j = 0; j < k; j++) {
    const o0 = reference[j] as number;
    const o1 = current[j] as number;
    const col = o0 + o1;
    for (const [observed, row] of [
      [o0, r0],
      [o1, r1],
    ] as const) {
      const expected = (row * col) / total;
      let o = observed;
      if (dof === 1) {
        const diff = expected - o;
        o += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      stat.add((o - expected) ** 2 / expected);
    }
  }
  const statistic = stat.value;
  return { statistic, pValue: chiSquaredSf(statistic, dof), dof };
}
