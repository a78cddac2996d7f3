import { RandomForestRegression } from 'ml-random-forest';
import { createRng } from './rng.js';
import { choiceIndex, numericAxis, toInternal } from './search-space.js';
import type { Distribution, ParamSet, SearchSpace } from './search-space.schema.js';
import type { ImportanceEntry } from './tuning.schema.js';

/**
 * Parameter importance as permutation importance on a random forest (mljs) fitted
 * to the complete trials: shuffle one parameter's column, measure how much the
 * forest's squared error grows. Columns are the internal axis (log for log
 * parameters, choice index for categorical, a value outside the range when a
 * conditional parameter was inactive), objective values are rank-transformed so a
 * few extreme trials do not dominate. Normalised to sum to 1.
 */
export function permutationImportance(space: SearchSpace, rows: readonly { params: ParamSet; value: number }[], seed = 1): ImportanceEntry[] {
  const names = Object.keys(space);
  if (rows.length < 4 || names.length === 0) return names.map((param) => ({ param, importance: names.length === 1 ? 1 : 0 }));
  const column = (name: string, params: ParamSet): number => {
    const d = space[name] as Distribution;
    if (!(name in params)) return d.type === 'categorical' ? -1 : numericAxis(d).low - 1;
    return d.type === 'categorical' ? choiceIndex(d, params[name] as string) : toInternal(d, params[name] as number);
  };
  const X = rows.map((r) => names.map((n) => column(n, r.params)));
  // Rank transform of the objective.
  const order = rows.map((r, i) => ({ v: r.value, i })).sort((a, b) => a.v - b.v);
  const y = new Array<number>(rows.length);
  order.forEach((o, rank) => (y[o.i] = rank / (rows.length - 1)));
  const forest = new RandomForestRegression({ nEstimators: 32, maxFeatures: 1.0, replacement: true, useSampleBagging: true, seed, treeOptions: { maxDepth: 8, minNumSamples: 2 }, noOOB: true });
  forest.train(X, y);
  const mse = (pred: number[]): number => pred.reduce((s, p, i) => s + (p - (y[i] as number)) ** 2, 0) / pred.length;
  const base = mse(forest.predict(X));
  const rng = createRng(seed);
  const raw = names.map((_, j) => {
    let increase = 0;
    const repeats = 3;
    for (let r = 0; r < repeats; r++) {
      const shuffled = X.map((row) => [...row]);
      for (let i = shuffled.length - 1; i > 0; i--) {
        const k = rng.int(i + 1);
        const a = (shuffled[i] as number[])[j] as number;
        (shuffled[i] as number[])[j] = (shuffled[k] as number[])[j] as number;
        (shuffled[k] as number[])[j] = a;
      }
      increase += mse(forest.predict(shuffled)) - base;
    }
    return Math.max(0, increase / repeats);
  });
  const total = raw.reduce((a, b) => a + b, 0);
  return names.map((param, j) => ({ param, importance: total > 0 ? (raw[j] as number) / total : 1 / names.length })).sort((a, b) => b.importance - a.importance);
}
