import { describe, expect, it } from 'vitest';
import { runJobQueueContract } from '../../src/adapters/queue/job-queue.contract.js';
import { PgBossJobQueue } from '../../src/adapters/queue/pg-boss-job-queue.js';
import { dropPgSchema, pgUrl, randomName, requirePostgres } from './services.js';

const pg = await requirePostgres();

async function openQueue(): Promise<{ queue: PgBossJobQueue; cleanup(): Promise<void> }> {
  const schema = randomName('pgboss_t');
  const queue = await PgBossJobQueue.open({ url: pgUrl(), schema, maintenanceIntervalSeconds: 1, poolSize: 10 });
  return {
    queue,
    cleanup: async () => {
      await queue.close();
      await dropPgSchema(schema);
    },
  };
}

describe.skipIf(!pg.available)('JobQueue on pg-boss', () => {
  runJobQueueContract('pg-boss', async () => {
    const { queue, cleanup } = await openQueue();
    // pg-boss: expiry needs ≥ 1 s, is noticed by maintenance (1 s here) and then waits one retry delay (1–2 s).
    return { queue, visibilityTimeoutMs: 1_000, redeliverySlackMs: 4_000, cleanup };
  });

  it('copies dead jobs to the <queue>__dead pg-boss queue', async () => {
    const { queue, cleanup } = await openQueue();
    try {
      const id = await queue.enqueue('reports', { r: 1 }, { maxAttempts: 1 });
      await queue.claim('reports');
      expect(await queue.fail({ id, queue: 'reports' }, 'fatal')).toBe('dead');
      const [copy] = await queue.claim<{ payload: unknown }>('reports__dead');
      expect(copy?.payload).toEqual({ r: 1 });
    } finally {
      await cleanup();
    }
  });

  it('shares jobs between two queue instances (two machines) without double delivery', async () => {
    const schema = randomName('pgboss_t');
    const a = await PgBossJobQueue.open({ url: pgUrl(), schema, maintenanceIntervalSeconds: 1 });
    const b = await PgBossJobQueue.open({ url: pgUrl(), schema, maintenanceIntervalSeconds: 1 });
    try {
      for (let i = 0; i < 20; i++) await a.enqueue('shared', { i });
      const [fromA, fromB] = await Promise.all([a.claim('shared', { max: 15 }), b.claim('shared', { max: 15 })]);
      const ids = [...fromA, ...fromB].map((j) => j.id);
      expect(ids).toHaveLength(20);
      expect(new Set(ids).size).toBe(20);
    } finally {
      await a.close();
      await b.close();
      await dropPgSchema(schema);
    }
  });
});
