/** The training stores' contract, run on SQLite (unit) and PostgreSQL (integration). */
import { describe, expect, it } from 'vitest';
import type { TrainingJob } from '../../../domains/training/training-job.schema.js';
import type { SqlDatabase } from '../database.js';
import { RunLogSqlStore, TrainingJobSqlStore, TrainingWorkerSqlRegistry } from './training-job.sql-store.js';

function job(id: string, createdAt: number, state: TrainingJob['state'] = 'queued'): TrainingJob {
  return { id, name: `job-${id}`, state, command: ['true'], params: { lr: '0.1' }, env: {}, experimentId: '0', runId: `run-${id}`, gpus: 0, cpus: 1, memoryMb: null, retries: 0, backoffSec: 1, timeoutSec: 60, cwd: null, attempt: 0, maxAttempts: 1, exitCode: null, error: null, worker: null, cancelRequested: false, queueJobId: '', createdAt, startedAt: null, finishedAt: null };
}

export function runTrainingStoreContract(name: string, open: () => Promise<{ sql: SqlDatabase; cleanup(): Promise<void> }>): void {
  describe(`training stores: ${name}`, () => {
    it('keeps job records: newest first, filtered by state, updated in a transaction', async () => {
      const { sql, cleanup } = await open();
      try {
        const store = new TrainingJobSqlStore(sql);
        await store.insert(job('a', 1_000));
        await store.insert(job('b', 2_000, 'running'));
        await store.insert(job('c', 3_000, 'retrying'));
        expect((await store.list({ limit: 10 })).map((j) => j.id)).toEqual(['c', 'b', 'a']);
        expect((await store.list({ state: 'running', limit: 10 })).map((j) => j.id)).toEqual(['b']);
        expect((await store.list({ limit: 2 })).map((j) => j.id)).toEqual(['c', 'b']);
        expect((await store.listActive()).map((j) => j.id).sort()).toEqual(['b', 'c']);
        expect(await store.update('a', () => null)).toBeNull();
        const updated = await store.update('a', (j) => ({ ...j, state: 'succeeded', exitCode: 0 }));
        expect(updated).toMatchObject({ state: 'succeeded', exitCode: 0 });
        expect(await store.get('a')).toEqual({ ...job('a', 1_000), state: 'succeeded', exitCode: 0 });
        expect((await store.list({ state: 'succeeded', limit: 10 })).map((j) => j.id)).toEqual(['a']);
        expect(await store.get('nope')).toBeNull();
        expect(await store.update('nope', (j) => j)).toBeNull();
        await expect(store.insert(job('a', 5))).rejects.toThrow();
      } finally {
        await cleanup();
      }
    });

    it('numbers log lines per run, also when appends race, and reads after a sequence number', async () => {
      const { sql, cleanup } = await open();
      try {
        const logs = new RunLogSqlStore(sql);
        await logs.append('r1', [
          { stream: 'stdout', text: 'one', timestamp: 1 },
          { stream: 'stderr', text: 'two', timestamp: 2 },
        ]);
        await logs.append('r2', [{ stream: 'system', text: 'other run', timestamp: 3 }]);
        await Promise.all(Array.from({ length: 5 }, (_, i) => logs.append('r1', [{ stream: 'stdout', text: `racer ${i}`, timestamp: 10 + i }])));
        const all = await logs.read('r1', { after: 0, limit: 100 });
        expect(all.map((l) => l.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
        expect(all.slice(0, 2)).toEqual([
          { seq: 1, stream: 'stdout', text: 'one', timestamp: 1 },
          { seq: 2, stream: 'stderr', text: 'two', timestamp: 2 },
        ]);
        expect((await logs.read('r1', { after: 5, limit: 1 })).map((l) => l.seq)).toEqual([6]);
        expect(await logs.read('r2', { after: 0, limit: 10 })).toHaveLength(1);
        const many = Array.from({ length: 1200 }, (_, i) => ({ stream: 'stdout' as const, text: `line ${i}`, timestamp: i }));
        await logs.append('r3', many);
        expect((await logs.read('r3', { after: 1190, limit: 100 })).map((l) => l.text)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${1190 + i}`));
      } finally {
        await cleanup();
      }
    });

    it('keeps the latest heartbeat of each worker and lists the recent ones', async () => {
      const { sql, cleanup } = await open();
      try {
        const registry = new TrainingWorkerSqlRegistry(sql);
        const resources = { cpus: 8, memoryMb: 32_000, gpus: [{ index: 0, name: 'L4', memoryMb: 23_034 }] };
        await registry.heartbeat({ id: 'w1', host: 'a', resources, running: [], lastSeen: Date.now() - 1_000 });
        await registry.heartbeat({ id: 'w1', host: 'a', resources, running: ['j1'], lastSeen: Date.now() });
        await registry.heartbeat({ id: 'old', host: 'b', resources, running: [], lastSeen: Date.now() - 3_600_000 });
        const listed = await registry.list(60_000);
        expect(listed.map((w) => w.id)).toEqual(['w1']);
        expect(listed[0]).toMatchObject({ running: ['j1'], resources });
      } finally {
        await cleanup();
      }
    });
  });
}
