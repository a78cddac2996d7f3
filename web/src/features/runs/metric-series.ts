import type { MetricBucket } from '../experiments/tracking-types.js';

export type XAxis = 'step' | 'time';

export interface BucketSeries {
  x: number[];
  min: (number | null)[];
  max: (number | null)[];
  last: (number | null)[];
}

/** Wire values may be "NaN"/"Infinity" strings; charts get null (a gap) for anything not finite. */
export function finiteOrNull(value: number | string): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * Columns for the chart from downsampled buckets, on the step or wall-time axis.
 * uPlot needs x ascending and unique: wall time can repeat or go back (several steps
 * logged in one batch), so points are sorted and equal x values keep the later bucket.
 */
export function bucketSeries(buckets: readonly MetricBucket[], axis: XAxis): BucketSeries {
  const rows = buckets.map((b) => ({ x: axis === 'step' ? b.step : b.timestamp, b }));
  if (axis === 'time') rows.sort((a, c) => a.x - c.x);
  const out: BucketSeries = { x: [], min: [], max: [], last: [] };
  for (const { x, b } of rows) {
    const i = out.x.length - 1;
    if (i >= 0 && out.x[i] === x) {
      out.x.pop();
      out.min.pop();
      out.max.pop();
      out.last.pop();
    }
    out.x.push(x);
    out.min.push(finiteOrNull(b.min));
    out.max.push(finiteOrNull(b.max));
    out.last.push(finiteOrNull(b.last));
  }
  return out;
}

/** True when every bucket holds one point: then min = max = last and a band would only add noise. */
export function isRaw(buckets: readonly MetricBucket[]): boolean {
  return buckets.every((b) => b.count <= 1);
}

/**
 * Several runs on one x axis (steps or times): the union of their x values, each run's
 * values placed at its own x and null elsewhere, as uPlot's aligned data wants.
 */
export function alignSeries(parts: readonly { x: number[]; y: (number | null)[] }[]): { x: number[]; ys: (number | null)[][] } {
  const xs = [...new Set(parts.flatMap((p) => p.x))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = parts.map((p) => {
    const column: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    p.x.forEach((x, i) => {
      const at = index.get(x);
      if (at !== undefined) column[at] = p.y[i] ?? null;
    });
    return column;
  });
  return { x: xs, ys };
}
