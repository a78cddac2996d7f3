import type { Choice, Distribution, ParamSet, SearchSpace } from './search-space.schema.js';

/**
 * Search-space helpers shared by every sampler: which parameters are active for a
 * partial assignment (conditional parameters), and the map between a numeric
 * parameter's value and the continuous "internal" axis samplers work on (log axis
 * for log parameters; ±step/2 margins so rounding to the grid is unbiased).
 */

/** Parameters in an order where each condition's parent comes first. */
export function orderedParams(space: SearchSpace): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  const visit = (name: string): void => {
    if (placed.has(name)) return;
    const parent = space[name]?.condition?.param;
    if (parent !== undefined && parent !== name) visit(parent);
    placed.add(name);
    order.push(name);
  };
  for (const name of Object.keys(space)) visit(name);
  return order;
}

/** Whether `name` is sampled given the values chosen so far (its parent active and matching). */
export function isActive(space: SearchSpace, name: string, params: ParamSet): boolean {
  const condition = space[name]?.condition;
  if (!condition) return true;
  if (!(condition.param in params)) return false;
  const value = params[condition.param] as Choice;
  return condition.values.some((v) => v === value);
}

export interface NumericAxis {
  low: number;
  high: number;
  /** Grid width on the internal axis; 0 when continuous. */
  step: number;
}

/** The internal axis of a float/int parameter. */
export function numericAxis(d: Exclude<Distribution, { type: 'categorical' }>): NumericAxis {
  if (d.log) {
    // A log int is sampled on [log(low − ½), log(high + ½)] and rounded, as Optuna does.
    return d.type === 'int' ? { low: Math.log(d.low - 0.5 > 0 ? d.low - 0.5 : d.low / 2), high: Math.log(d.high + 0.5), step: 0 } : { low: Math.log(d.low), high: Math.log(d.high), step: 0 };
  }
  const step = d.type === 'int' ? (d.step ?? 1) : (d.step ?? 0);
  return { low: d.low, high: d.high, step };
}

export function toInternal(d: Exclude<Distribution, { type: 'categorical' }>, value: number): number {
  return d.log ? Math.log(value) : value;
}

/** Maps an internal coordinate back to a valid value: exp for log axes, snapped to the step grid, clipped. */
export function fromInternal(d: Exclude<Distribution, { type: 'categorical' }>, x: number): number {
  let v = d.log ? Math.exp(x) : x;
  if (d.type === 'int') {
    const step = d.step ?? 1;
    v = d.low + Math.round((v - d.low) / step) * step;
  } else if (d.step !== undefined) {
    v = d.low + Math.round((v - d.low) / d.step) * d.step;
    // Avoid 0.30000000000000004 on a 0.1 grid.
    v = Number(v.toPrecision(15));
  }
  return Math.min(d.high, Math.max(d.low, v));
}

export function choiceIndex(d: { choices: readonly Choice[] }, value: Choice): number {
  return d.choices.findIndex((c) => c === value);
}

/** Whether a told value fits its distribution (used when a user enqueues or tells fixed params). */
export function valueFits(d: Distribution, value: unknown): boolean {
  if (d.type === 'categorical') return d.choices.some((c) => c === value);
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (value < d.low || value > d.high) return false;
  if (d.type === 'int' && !Number.isInteger(value)) return false;
  return true;
}
