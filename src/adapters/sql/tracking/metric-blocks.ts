import { endianness } from 'node:os';
import type { Metric } from '../../../domains/tracking/tracking.schema.js';

/**
 * Metric points are stored as blocks: the points of one series written by one batch,
 * packed as three float64 columns [steps… | timestamps… | values…], sorted by
 * (step, timestamp) with ties in logging order. Float64 keeps every safe-integer step
 * and epoch-ms timestamp exact and carries NaN and ±Infinity as they are, in both
 * engines (SQLite blob, PostgreSQL bytea), with no is_nan flag per point.
 *
 * Why blocks and not a row per point: a row costs a table and an index entry
 * (~1.7 µs per point in SQLite here, so a row store tops out near 0.6 M points/s before
 * any HTTP or JSON work); a block costs one row for the whole key, so the write path is
 * dominated by parsing the request instead.
 */
export interface PointColumns {
  steps: Float64Array;
  timestamps: Float64Array;
  values: Float64Array;
}

export interface PackedBlock {
  minStep: number;
  maxStep: number;
  count: number;
  points: Buffer;
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** Packs one key's points (columns in logging order) into a block sorted by (step, timestamp). */
export function packBlock(cols: PointColumns): PackedBlock {
  const { steps, timestamps, values } = cols;
  const n = steps.length;
  const f = new Float64Array(3 * n);
  const order = sortedOrder(cols);
  if (order === null) {
    // The usual case (a training loop logs steps in order): three block copies, no per-point work.
    f.set(steps, 0);
    f.set(timestamps, n);
    f.set(values, 2 * n);
  } else {
    for (let i = 0; i < n; i++) {
      const j = order[i] as number;
      f[i] = steps[j] as number;
      f[n + i] = timestamps[j] as number;
      f[2 * n + i] = values[j] as number;
    }
  }
  const bytes = Buffer.from(f.buffer, f.byteOffset, f.byteLength);
  if (!LITTLE_ENDIAN) swapFloat64(bytes);
  return { minStep: f[0] as number, maxStep: f[n - 1] as number, count: n, points: bytes };
}

/** The points of a log-batch for one key as columns, in logging order. */
export function toColumns(points: readonly Metric[]): PointColumns {
  const n = points.length;
  const cols: PointColumns = { steps: new Float64Array(n), timestamps: new Float64Array(n), values: new Float64Array(n) };
  points.forEach((p, i) => {
    cols.steps[i] = p.step;
    cols.timestamps[i] = p.timestamp;
    cols.values[i] = p.value;
  });
  return cols;
}

/** null when the points are already in (step, timestamp) order, the usual case of a training loop. */
function sortedOrder({ steps, timestamps }: PointColumns): number[] | null {
  const n = steps.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) {
    const s = steps[i] as number;
    const p = steps[i - 1] as number;
    sorted = s > p || (s === p && (timestamps[i] as number) >= (timestamps[i - 1] as number));
  }
  if (sorted) return null;
  const at = (i: number) => ({ step: steps[i] as number, timestamp: timestamps[i] as number });
  // Array.prototype.sort is stable, so equal (step, timestamp) keep their logging order.
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => compare(at(a), at(b)));
}

function compare(a: { step: number; timestamp: number }, b: { step: number; timestamp: number }): number {
  return a.step - b.step || a.timestamp - b.timestamp;
}

/** The stored bytes back as columns; a copy only when the driver's buffer is not 8-byte aligned (or on a big-endian host). */
export function unpackBlock(bytes: Uint8Array, count: number): PointColumns {
  let f: Float64Array;
  if (LITTLE_ENDIAN && bytes.byteOffset % 8 === 0) f = new Float64Array(bytes.buffer, bytes.byteOffset, 3 * count);
  else {
    const copy = Buffer.from(bytes.subarray(0, 24 * count));
    if (!LITTLE_ENDIAN) swapFloat64(copy);
    f = new Float64Array(copy.buffer, copy.byteOffset, 3 * count);
  }
  return { steps: f.subarray(0, count), timestamps: f.subarray(count, 2 * count), values: f.subarray(2 * count, 3 * count) };
}

function swapFloat64(bytes: Buffer): void {
  bytes.swap64();
}

/**
 * Several blocks of one series whose step ranges overlap (points logged out of step
 * order across batches), merged into one (step, timestamp) order; ties keep the order
 * of `blocks` (their insertion order), as within a block.
 */
export function mergeBlocks(blocks: readonly PointColumns[]): PointColumns {
  if (blocks.length === 1) return blocks[0] as PointColumns;
  const total = blocks.reduce((n, b) => n + b.steps.length, 0);
  const refs: { b: number; i: number; step: number; timestamp: number }[] = [];
  blocks.forEach((block, b) => {
    for (let i = 0; i < block.steps.length; i++) refs.push({ b, i, step: block.steps[i] as number, timestamp: block.timestamps[i] as number });
  });
  refs.sort(compare);
  const out: PointColumns = { steps: new Float64Array(total), timestamps: new Float64Array(total), values: new Float64Array(total) };
  refs.forEach((r, k) => {
    const block = blocks[r.b] as PointColumns;
    out.steps[k] = r.step;
    out.timestamps[k] = r.timestamp;
    out.values[k] = block.values[r.i] as number;
  });
  return out;
}

export interface BlockMeta {
  blockId: number;
  minStep: number;
  maxStep: number;
  count: number;
}

/**
 * Groups blocks (ordered by min step) into runs whose step ranges touch or overlap:
 * points of different groups never interleave, so a page can skip whole groups by
 * their counts and decode only the groups it returns.
 */
export function overlapGroups(blocks: readonly BlockMeta[]): BlockMeta[][] {
  const groups: BlockMeta[][] = [];
  let current: BlockMeta[] = [];
  let reach = -Infinity;
  for (const b of blocks) {
    if (current.length > 0 && b.minStep > reach) {
      groups.push(current);
      current = [];
    }
    current.push(b);
    reach = current.length === 1 ? b.maxStep : Math.max(reach, b.maxStep);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
