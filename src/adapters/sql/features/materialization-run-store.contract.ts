/**
 * The MaterializationRunStore contract: SQLite beside the code, PostgreSQL in test/integration.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MaterializationRun } from '../../../domains/features/features.schema.js';
import type { MaterializationRunStore } from '../../../domains/features/materialization-runs.store.js';

export interface MaterializationRunStoreHarness {
  store: MaterializationRunStore;
  cleanup(): Promise<void>;
}

export function materializationRun(id: string, createdAt: number): MaterializationRun {
  return {
    id,
    state: 'queued',
    request: { incremental: true, views: ['driver_stats'] },
    progress: [{ view: 'driver_stats', done: 0, total: null }],
    createdAt,
    startedAt: null,
    finishedAt: null,
    result: null,
    error: null,
  };
}

export function runMaterializationRunStoreContract(name: string, open: () => Promise<MaterializationRunStoreHarness>): void {
  describe(`MaterializationRunStore contract: ${name}`, () => {
    let h: MaterializationRunStoreHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(() => h.cleanup());

    it('reads back what was created and updated, whole', async () => {
      const run = materializationRun('a', 1_000);
      await h.store.create(run);
      expect(await h.store.get('a')).toEqual(run);
      const done: MaterializationRun = {
        ...run,
        state: 'completed',
        startedAt: 1_100,
        finishedAt: 1_200,
        progress: [{ view: 'driver_stats', done: 3, total: 3 }],
        result: { views: [{ view: 'driver_stats', start: 0, end: 1_100, rows: 3, written: 3, at: 1_200 }] },
      };
      await h.store.update(done);
      expect(await h.store.get('a')).toEqual(done);
      expect(await h.store.get('absent')).toBeNull();
    });

    it('lists newest first, up to the limit', async () => {
      for (const [id, at] of [['a', 1], ['b', 3], ['c', 2]] as const) await h.store.create(materializationRun(id, at));
      await h.store.update({ ...materializationRun('a', 1), state: 'failed', error: { code: 'NOT_FOUND', message: 'gone' } });
      expect((await h.store.list(10)).map((r) => [r.id, r.state])).toEqual([
        ['b', 'queued'],
        ['c', 'queued'],
        ['a', 'failed'],
      ]);
      expect((await h.store.list(1)).map((r) => r.id)).toEqual(['b']);
    });
  });
}
