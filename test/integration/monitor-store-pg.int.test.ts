/**
 * Monitors on PostgreSQL: the store and log-reader contract, and the schedule shared by two server
 * instances — each with its own pg-boss connection, both ticking at once — of which exactly one
 * enqueues the due run, which a worker then executes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../src/adapters/blob/index.js';
import { PgBossJobQueue } from '../../src/adapters/queue/pg-boss-job-queue.js';
import { MonitorSqlStore, PredictionLogSqlReader, ServingSqlStore, type SqlDatabase } from '../../src/adapters/sql/index.js';
import { runMonitorStoreContract } from '../../src/adapters/sql/monitoring/monitor-store.contract.js';
import { DuckDbTabularReader } from '../../src/adapters/tabular/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { AppError } from '../../src/core/errors.js';
import { MONITOR_QUEUE, MonitorsService, type MonitorSignal } from '../../src/domains/monitoring/index.js';
import { dropPgSchema, openPgSchemaDatabase, pgUrl, randomName, requirePostgres, type PgSchemaDatabase } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('monitors on PostgreSQL', () => {
  runMonitorStoreContract('postgres', async () => {
    const { database, close } = await openPgSchemaDatabase({ prefix: 'mon', poolSize: 6 });
    return {
      store: new MonitorSqlStore(database),
      log: new PredictionLogSqlReader(database),
      serving: new ServingSqlStore(database),
      cleanup: close,
    };
  });

  describe('the schedule across two instances', () => {
    let pgdb: PgSchemaDatabase;
    let sql: SqlDatabase;
    let dir: string;
    let blobs: FsBlobStore;
    const bossSchema = randomName('monboss');
    const queues: PgBossJobQueue[] = [];

    beforeAll(async () => {
      pgdb = await openPgSchemaDatabase({ prefix: 'monsched', poolSize: 6 });
      sql = pgdb.database;
      dir = await mkdtemp(join(tmpdir(), 'keel-mon-pg-'));
      blobs = await FsBlobStore.open(dir);
      for (let i = 0; i < 2; i++) queues.push(await PgBossJobQueue.open({ url: pgUrl(), schema: bossSchema, maintenanceIntervalSeconds: 1, poolSize: 3 }));
    });

    afterAll(async () => {
      for (const q of queues) await q.close();
      await pgdb?.close();
      await dropPgSchema(bossSchema);
      await blobs?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('claims a due run once, runs it on a worker and stores the series', async () => {
      const csv = (shift: number) => `x,c\n${Array.from({ length: 300 }, (_, i) => `${((i * 7919) % 300) / 300 + shift},${['u', 'v'][i % 2]}`).join('\n')}\n`;
      const ref = await blobs.put(new TextEncoder().encode(csv(0)));
      const cur = await blobs.put(new TextEncoder().encode(csv(0.6)));
      const clock = fixedClock(1_800_000_010_000);
      const signals: MonitorSignal[] = [];
      const service = (queue: PgBossJobQueue) =>
        new MonitorsService({
          store: new MonitorSqlStore(sql),
          log: new PredictionLogSqlReader(sql),
          reader: new DuckDbTabularReader(blobs),
          blobs,
          deployments: { get: (name) => Promise.reject(AppError.notFound('deployment', name)), isReady: async () => false },
          versions: { getVersion: (name) => Promise.reject(AppError.notFound('model', name)) },
          queue,
          clock,
          signals: { publish: async (s) => void signals.push(...s) },
        });
      const [a, b] = [service(queues[0]!), service(queues[1]!)];
      const m = await a.create({ name: 'files', source: { dataset: { sha256: cur.sha256, format: 'csv' } }, reference: { dataset: { sha256: ref.sha256, format: 'csv' } }, window: { seconds: 60 } }, 'k');
      expect(m.nextRunAt).toBe(1_800_000_060_000);
      expect(await Promise.all([a.tick(), b.tick()])).toEqual([0, 0]);
      clock.advance(55_000);
      const claims = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      expect(claims.reduce((x, y) => x + y, 0)).toBe(1);
      expect((await a.get('files')).nextRunAt).toBe(1_800_000_120_000);

      const jobs = [...(await queues[1]!.claim(MONITOR_QUEUE, { max: 5 })), ...(await queues[0]!.claim(MONITOR_QUEUE, { max: 5 }))];
      expect(jobs.map((j) => j.payload)).toEqual([{ monitor: 'files', windowEnd: 1_800_000_060_000 }]);
      const handler = b.handler();
      await handler.run(jobs[0] as Parameters<typeof handler.run>[0], { signal: new AbortController().signal, heartbeat: async () => undefined });
      const [run] = await a.runs('files');
      expect(run).toMatchObject({ trigger: 'schedule', status: 'ok', windowEnd: 1_800_000_060_000, windowStart: 1_800_000_000_000, datasetDrift: true, rows: 300 });
      expect(run?.result.drift?.columns.x).toMatchObject({ test: 'ks', drifted: true });
      expect(run?.result.drift?.columns.c).toMatchObject({ test: 'z', drifted: false });
      expect((await a.series('files', { column: 'x' })).map((p) => p.drifted)).toEqual([true]);
      expect(signals.find((s) => s.metric === 'drift_detected')).toMatchObject({ value: 1, labels: { monitor: 'files', dataset: cur.sha256 } });
    });
  });
});
