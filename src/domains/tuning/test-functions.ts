import type { ParamSet, SearchSpace } from './search-space.schema.js';

/**
 * Standard global-optimisation test functions (Surjanovic & Bingham's library), the
 * ones scikit-optimize's published benchmark uses, so the bench compares samplers
 * against its table. Minimum: Branin 0.397887, Hartmann6 −3.32237.
 */
export const BRANIN_SPACE: SearchSpace = { x1: { type: 'float', low: -5, high: 10, log: false }, x2: { type: 'float', low: 0, high: 15, log: false } };

export function branin(p: ParamSet): number {
  const x1 = p.x1 as number;
  const x2 = p.x2 as number;
  const b = 5.1 / (4 * Math.PI * Math.PI);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

export const HARTMANN6_SPACE: SearchSpace = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`x${i + 1}`, { type: 'float', low: 0, high: 1, log: false }]));

const ALPHA = [1.0, 1.2, 3.0, 3.2];
const A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

export function hartmann6(p: ParamSet): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) {
      const d = (p[`x${j + 1}`] as number) - (P[i]?.[j] as number);
      inner += (A[i]?.[j] as number) * d * d;
    }
    sum += (ALPHA[i] as number) * Math.exp(-inner);
  }
  return -sum;
}
