/**
 * Batch inference sharded on PostgreSQL: the job and its shards are stored in PostgreSQL,
 * the shards go through pg-boss, and two workers (each with its own queue connection, as
 * two `keel worker` processes would have) share them.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../src/adapters/blob/index.js';
import { PgBossJobQueue } from '../../src/adapters/queue/pg-boss-job-queue.js';
import { BatchJobSqlStore, type SqlDatabase } from '../../src/adapters/sql/index.js';
import { DuckDbBatchFiles } from '../../src/adapters/tabular/index.js';
import { WorkerRunner } from '../../src/domains/jobs/index.js';
import { BatchJobService } from '../../src/domains/serving/index.js';
import { buildMlpOnnx, mlpForward, mlpWeights } from '../fixtures/models/mlp-onnx.js';
import { ADMIN, servingHarness, type ServingHarness } from '../support/serving-harness.js';
import { dropPgSchema, openPgSchemaDatabase, pgUrl, randomName, requirePostgres, type PgSchemaDatabase } from './services.js';

const pg = await requirePostgres();
const W = mlpWeights(4, 8, 2, 3);
const ROWS = 300;
const row = (i: number): number[] => [i / 100, 1 - i / 150, (i % 7) / 3, -1];
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe.skipIf(!pg.available)('batch jobs on PostgreSQL with two workers', () => {
  let h: ServingHarness;
  let pgdb: PgSchemaDatabase;
  let sql: SqlDatabase;
  let dir: string;
  let blobs: FsBlobStore;
  const queues: PgBossJobQueue[] = [];
  const bossSchema = randomName('pgboss_batch');

  beforeAll(async () => {
    h = await servingHarness();
    h.models.add('mlp', 1, buildMlpOnnx(W));
    await h.serving.deploy('scorer', { model: 'mlp@1', settings: { cacheTtlSec: 0 } }, ADMIN);
    pgdb = await openPgSchemaDatabase({ prefix: 'batch', poolSize: 4 });
    sql = pgdb.database;
    dir = await mkdtemp(join(tmpdir(), 'keel-batch-pg-'));
    blobs = await FsBlobStore.open(join(dir, 'blobs'));
    for (let i = 0; i < 3; i++) queues.push(await PgBossJobQueue.open({ url: pgUrl(), schema: bossSchema, maintenanceIntervalSeconds: 1, poolSize: 3 }));
  });

  afterAll(async () => {
    for (const q of queues) await q.close();
    await pgdb?.close();
    await dropPgSchema(bossSchema);
    await h?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shares the shards between the workers and merges every row, in order', async () => {
    const service = (queue: PgBossJobQueue): BatchJobService => new BatchJobService({ serving: h.serving, models: h.models, files: new DuckDbBatchFiles(blobs), store: new BatchJobSqlStore(sql), queue });
    const input = join(dir, 'in.csv');
    await writeFile(input, ['a,b,c,d', ...Array.from({ length: ROWS }, (_, i) => row(i).join(','))].join('\n'));
    const { sha256 } = await blobs.put(await readFile(input));
    const api = service(queues[0] as PgBossJobQueue);
    const job = await api.submit({ target: 'scorer', input: { sha256 }, output: { format: 'csv' }, batchSize: 25, shardRows: 50 });
    expect(job.shards).toBe(6);
    const workers = [queues[1], queues[2]].map((q) => new WorkerRunner(q as PgBossJobQueue, [service(q as PgBossJobQueue).handler()], { concurrency: 1, idlePollMs: 50, logger: silent }));
    workers.forEach((w) => w.start());
    let status = await api.status(job.id);
    for (let i = 0; i < 300 && status.state !== 'completed' && status.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await api.status(job.id);
    }
    await Promise.all(workers.map((w) => w.stop()));
    expect(status.state).toBe('completed');
    expect(workers.map((w) => w.stats.completed).every((n) => n > 0)).toBe(true);
    expect(status.summary).toMatchObject({ totalRows: ROWS, predictions: ROWS, failedRows: 0, batches: 12 });
    const csv = (await readStream(await blobs.get(status.output?.sha256 as string))).trim().split('\n');
    expect(csv[0]).toBe('row,probabilities_0,probabilities_1');
    expect(csv).toHaveLength(ROWS + 1);
    csv.slice(1).forEach((line, i) => {
      const [r, p0, p1] = line.split(',').map(Number);
      expect(r).toBe(i);
      const want = mlpForward(W, row(i));
      expect(p0).toBeCloseTo(want[0] as number, 5);
      expect(p1).toBeCloseTo(want[1] as number, 5);
    });
  });
});

async function readStream(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const p of stream) parts.push(p);
  return Buffer.concat(parts).toString('utf8');
}
