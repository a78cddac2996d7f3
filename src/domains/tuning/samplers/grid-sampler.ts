import { AppError } from '../../../core/errors.js';
import { isActive, orderedParams } from '../search-space.js';
import type { Distribution, ParamSet, ParamValue, SearchSpace } from '../search-space.schema.js';
import type { SampleContext, Sampler } from './sampler.js';

/** Grids larger than this are refused: a search that size is what random or TPE is for. */
export const MAX_GRID_POINTS = 100_000;

/** The values a parameter takes on the grid, or a reason it has none (a float without a step). */
function gridValues(name: string, d: Distribution): ParamValue[] {
  if (d.type === 'categorical') return [...d.choices];
  const step = d.step ?? (d.type === 'int' && !d.log ? 1 : undefined);
  if (step === undefined) throw AppError.invalid(`space.${name}.step: the grid sampler needs a step for ${d.type} parameter '${name}'${d.log ? ' (log axes cannot be gridded)' : ''}`, [{ path: `space.${name}.step`, message: 'required by the grid sampler' }]);
  const n = Math.round((d.high - d.low) / step) + 1;
  if (n > MAX_GRID_POINTS) throw AppError.invalid(`space.${name}: ${n} grid points is more than ${MAX_GRID_POINTS}`, [{ path: `space.${name}`, message: 'too many grid points' }]);
  return Array.from({ length: n }, (_, i) => Number((d.low + i * step).toPrecision(15)));
}

const keyOf = (params: ParamSet): string => JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));

/**
 * Every combination of the parameters' values, with inactive conditional
 * parameters dropped and the duplicates that leaves removed, in a fixed order.
 */
export function enumerateGrid(space: SearchSpace): ParamSet[] {
  const names = orderedParams(space);
  const values = names.map((n) => gridValues(n, space[n] as Distribution));
  const total = values.reduce((p, v) => p * v.length, 1);
  if (total > MAX_GRID_POINTS) throw AppError.invalid(`space: the grid has ${total} points, more than ${MAX_GRID_POINTS}`, [{ path: 'space', message: 'too many grid points' }]);
  const seen = new Set<string>();
  const grid: ParamSet[] = [];
  const index = new Array<number>(names.length).fill(0);
  for (let i = 0; i < total; i++) {
    const params: ParamSet = {};
    names.forEach((name, j) => {
      if (isActive(space, name, params)) params[name] = (values[j] as ParamValue[])[index[j] as number] as ParamValue;
    });
    const key = keyOf(params);
    if (!seen.has(key)) {
      seen.add(key);
      grid.push(params);
    }
    for (let j = names.length - 1; j >= 0; j--) {
      index[j] = (index[j] as number) + 1;
      if ((index[j] as number) < (values[j] as ParamValue[]).length) break;
      index[j] = 0;
    }
  }
  return grid;
}

/**
 * Takes the first grid point no trial has taken yet (running ones included, so
 * parallel workers never run the same point twice). Failed points are not retried.
 */
export class GridSampler implements Sampler {
  private cache: { space: SearchSpace; grid: ParamSet[] } | null = null;

  sample(ctx: SampleContext): ParamSet {
    if (this.cache?.space !== ctx.space) this.cache = { space: ctx.space, grid: enumerateGrid(ctx.space) };
    const taken = new Set(ctx.trials.map((t) => keyOf(t.params)));
    const next = this.cache.grid.find((p) => !taken.has(keyOf(p)));
    if (!next) throw new AppError('FAILED_PRECONDITION', `the grid is exhausted: all ${this.cache.grid.length} points have been tried`, { details: { gridSize: this.cache.grid.length } });
    return { ...next };
  }
}
