/**
 * The BatchJobStore contract's listing: SQLite beside the code, PostgreSQL in test/integration.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchJob } from '../../../domains/serving/batch/batch.schema.js';
import type { BatchJobStore } from '../../../domains/serving/batch/batch.store.js';

export interface BatchJobStoreHarness {
  store: BatchJobStore;
  cleanup(): Promise<void>;
}

export function batchJob(id: string, target: string, createdAt: number): BatchJob {
  return {
    id,
    spec: { target, input: { path: '/in.csv' }, output: { format: 'parquet' }, batchSize: 10, shardRows: 100 },
    state: 'queued',
    totalRows: 1,
    shards: 1,
    createdAt,
    finishedAt: null,
    error: null,
    summary: null,
    output: null,
    failed: null,
  };
}

export function runBatchJobStoreContract(name: string, open: () => Promise<BatchJobStoreHarness>): void {
  describe(`BatchJobStore contract: ${name}`, () => {
    let h: BatchJobStoreHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(() => h.cleanup());

    it('lists newest first, by target, up to the limit, with the latest saved record', async () => {
      await h.store.saveJob(batchJob('a', 'scorer', 1));
      await h.store.saveJob(batchJob('b', 'other', 2));
      await h.store.saveJob(batchJob('c', 'scorer', 3));
      await h.store.saveJob({ ...batchJob('a', 'scorer', 1), state: 'completed' });
      expect((await h.store.listJobs({ limit: 10 })).map((j) => j.id)).toEqual(['c', 'b', 'a']);
      expect((await h.store.listJobs({ target: 'scorer', limit: 10 })).map((j) => [j.id, j.state])).toEqual([
        ['c', 'queued'],
        ['a', 'completed'],
      ]);
      expect((await h.store.listJobs({ target: 'scorer', limit: 1 })).map((j) => j.id)).toEqual(['c']);
      expect(await h.store.listJobs({ target: 'absent', limit: 10 })).toEqual([]);
    });
  });
}
