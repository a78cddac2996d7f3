import { paretoFront } from './pareto.js';
import { permutationImportance } from './importance.js';
import { lossValues } from './samplers/sampler.js';
import type { Study, StudyAnalysis, Trial } from './tuning.schema.js';

/** Optimization history, best trial, Pareto front, parameter importance and parallel-coordinate rows of a study. */
export function analyzeStudy(study: Study, trials: readonly Trial[]): StudyAnalysis {
  const sign = study.directions[0] === 'maximize' ? -1 : 1;
  let best: number | null = null;
  const history = trials.map((t) => {
    const v = t.state === 'complete' ? (t.values?.[0] ?? null) : null;
    if (v !== null && (best === null || sign * v < sign * best)) best = v;
    return { number: t.number, state: t.state, values: t.values, best };
  });
  const complete = trials.filter((t) => t.state === 'complete' && t.values !== null);
  const front = paretoFront(complete.map((t) => lossValues(t.values as number[], study.directions))).map((i) => complete[i] as Trial);
  front.sort((a, b) => sign * ((a.values?.[0] as number) - (b.values?.[0] as number)) || a.number - b.number);
  const bestTrial = study.directions.length === 1 ? (front[0] ?? null) : null;
  const rows = complete.map((t) => ({ number: t.number, params: t.params, value: t.values?.[0] as number }));
  return {
    study: study.name,
    directions: study.directions,
    metrics: study.metrics,
    history,
    best: bestTrial,
    paretoFront: study.directions.length === 1 ? (bestTrial ? [bestTrial] : []) : front,
    importance: permutationImportance(study.space, rows.map((r) => ({ params: r.params, value: sign * r.value })), study.seed % 2 ** 31),
    parallel: { params: Object.keys(study.space), rows },
  };
}
