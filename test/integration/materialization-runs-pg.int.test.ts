/**
 * Background materialization on PostgreSQL: the run store's contract, then a run stored in
 * PostgreSQL, queued through pg-boss and executed by a worker with its own queue connection
 * (as a `keel worker` process would be).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgBossJobQueue } from '../../src/adapters/queue/pg-boss-job-queue.js';
import { runMaterializationRunStoreContract } from '../../src/adapters/sql/features/materialization-run-store.contract.js';
import { MaterializationRunSqlStore } from '../../src/adapters/sql/features/materialization-run.sql-store.js';
import { MaterializationRuns, type MaterializationRun } from '../../src/domains/features/index.js';
import { DRIVER_STATS_CSV, driverDefinitions } from '../../src/domains/features/online-features.contract.js';
import { WorkerRunner } from '../../src/domains/jobs/index.js';
import { featuresHarness, type FeaturesHarness } from '../support/features-harness.js';
import { dropPgSchema, openPgSchemaDatabase, pgUrl, randomName, requirePostgres, type PgSchemaDatabase } from './services.js';

const pg = await requirePostgres();
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe.skipIf(!pg.available)('materialization run store on PostgreSQL', () => {
  runMaterializationRunStoreContract('postgres', async () => {
    const { database, close } = await openPgSchemaDatabase({ poolSize: 2 });
    return { store: new MaterializationRunSqlStore(database), cleanup: close };
  });
});

describe.skipIf(!pg.available)('background materialization with a pg-boss worker', () => {
  let pgdb: PgSchemaDatabase;
  let h: FeaturesHarness;
  const queues: PgBossJobQueue[] = [];
  const bossSchema = randomName('pgboss_mat');

  beforeAll(async () => {
    pgdb = await openPgSchemaDatabase({ prefix: 'mat', poolSize: 4 });
    h = await featuresHarness({ sql: pgdb.database });
    const path = join(h.dir, 'driver_stats.csv');
    await writeFile(path, DRIVER_STATS_CSV);
    await h.service.apply({ definitions: driverDefinitions(path) });
    for (let i = 0; i < 2; i++) queues.push(await PgBossJobQueue.open({ url: pgUrl(), schema: bossSchema, maintenanceIntervalSeconds: 1, poolSize: 2 }));
  });

  afterAll(async () => {
    for (const q of queues) await q.close();
    await h?.close();
    await pgdb?.close();
    await dropPgSchema(bossSchema);
  });

  it('queues on one connection, runs on the other, and stores progress and the result', async () => {
    const runs = (queue: PgBossJobQueue): MaterializationRuns => new MaterializationRuns({ features: h.service, store: new MaterializationRunSqlStore(pgdb.database), queue, clock: h.clock });
    const api = runs(queues[0] as PgBossJobQueue);
    const queued = await api.start({});
    const worker = new WorkerRunner(queues[1] as PgBossJobQueue, [runs(queues[1] as PgBossJobQueue).handler()], { concurrency: 1, idlePollMs: 50, logger: silent });
    worker.start();
    let run: MaterializationRun = queued;
    for (let i = 0; i < 300 && (run.state === 'queued' || run.state === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = await api.get(queued.id);
    }
    await worker.stop();
    expect(run.state).toBe('completed');
    expect(run.result?.views.map((v) => [v.view, v.rows, v.written])).toEqual([
      ['driver_doubled', 3, 3],
      ['driver_stats', 3, 3],
    ]);
    expect(run.progress.every((p) => p.done === p.total)).toBe(true);
    expect((await api.list(5)).map((r) => r.id)).toEqual([queued.id]);
  });
});
