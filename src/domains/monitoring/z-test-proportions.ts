/**
 * Two-proportion z-test for a binary column, as Evidently's `z` stattest: the share of one
 * category in reference vs current with the pooled standard error. Evidently computes the
 * p-value as 2·(1 − Φ(|z|)), which rounds to 0 below ~1e-16; here it is 2·sf(|z|), equal
 * where the former is representable and exact in the tail.
 */
import { normalSf } from './special-functions.js';

export interface ZTestResult {
  statistic: number;
  pValue: number;
}

/** `hitsRef` of `nRef` reference rows (and `hitsCur` of `nCur`) are the chosen category. */
export function zTestProportions(hitsRef: number, nRef: number, hitsCur: number, nCur: number): ZTestResult {
  const p1 = hitsRef / nRef;
  const p2 = hitsCur / nCur;
  const pooled = (p1 * nRef + p2 * nCur) / (nRef + nCur);
  const variance = pooled * (1 - pooled) * (1 / nRef + 1 / nCur);
  // Both samples hold one and the same value: nothing to compare (Evidently answers p = 1).
  if (variance === 0) return { statistic: 0, pValue: 1 };
  const z = (p1 - p2) / Math.sqrt(variance);
  return { statistic: z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))) };
}
