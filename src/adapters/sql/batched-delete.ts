/**
 * Retention deletes run in batches, each its own short transaction, so a first sweep over
 * years of rows never holds a long lock (SQLite has one writer; PostgreSQL would bloat one
 * huge transaction). Repeats `deleteBatch(limit)` until a batch deletes fewer than `batchSize`.
 */
export async function deleteInBatches(batchSize: number, deleteBatch: (limit: number) => Promise<number>): Promise<number> {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch(batchSize);
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/** `numDeletedRows` is a bigint on both dialects. */
export function deletedRows(result: { numDeletedRows: bigint } | undefined): number {
  return result ? Number(result.numDeletedRows) : 0;
}
