import { describe, expect, it } from 'vitest';
import { deleteInBatches } from './batched-delete.js';

function table(rows: number): { calls: number[]; deleteBatch: (limit: number) => Promise<number> } {
  let left = rows;
  const calls: number[] = [];
  return {
    calls,
    deleteBatch: (limit) => {
      const n = Math.min(limit, left);
      left -= n;
      calls.push(n);
      return Promise.resolve(n);
    },
  };
}

describe('deleteInBatches', () => {
  it('repeats full batches and stops on the first short one', async () => {
    const t = table(5);
    expect(await deleteInBatches(2, t.deleteBatch)).toBe(5);
    expect(t.calls).toEqual([2, 2, 1]);
  });

  it('needs one empty batch to know an exact multiple is done', async () => {
    const t = table(4);
    expect(await deleteInBatches(2, t.deleteBatch)).toBe(4);
    expect(t.calls).toEqual([2, 2, 0]);
  });

  it('rejects a batch size that would never finish', async () => {
    await expect(deleteInBatches(0, table(1).deleteBatch)).rejects.toThrow(/batchSize/);
  });
});
