import type { RowRange } from './batch.store.js';

/**
 * Row ranges for the workers. Shards are whole multiples of the batch size (except the
 * last), so sharding never changes which rows are predicted together.
 */
export function planShards(totalRows: number, shardRows: number, batchSize: number): RowRange[] {
  if (!Number.isInteger(totalRows) || totalRows < 0) throw new RangeError(`totalRows must be a non-negative integer, got ${totalRows}`);
  if (!(batchSize >= 1) || !(shardRows >= 1)) throw new RangeError('shardRows and batchSize must be at least 1');
  const size = Math.max(batchSize, Math.ceil(shardRows / batchSize) * batchSize);
  const shards: RowRange[] = [];
  for (let start = 0; start < totalRows; start += size) shards.push({ start, count: Math.min(size, totalRows - start) });
  return shards;
}

/** Nearest-rank percentile (p in (0, 100]); null for no samples. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
}
