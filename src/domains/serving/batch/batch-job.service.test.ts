import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../../adapters/blob/index.js';
import { EmbeddedJobQueue } from '../../../adapters/queue/index.js';
import { DuckDbBatchFiles } from '../../../adapters/tabular/index.js';
import { BatchJobSqlStore } from '../../../adapters/sql/index.js';
import { buildMlpOnnx, mlpForward, mlpWeights } from '../../../../test/fixtures/models/mlp-onnx.js';
import { ADMIN, servingHarness, type ServingHarness } from '../../../../test/support/serving-harness.js';
import { WorkerRunner } from '../../jobs/index.js';
import { BatchJobService } from './batch-job.service.js';

const W = mlpWeights(4, 16, 3, 7);
const ROWS = 537;
const BAD = new Set([5, 300, 536]);
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function feature(i: number, j: number): number {
  return Math.round(Math.sin(i * 4 + j) * 1000) / 250;
}

async function readOut(path: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const fn = path.endsWith('.csv') ? 'read_csv_auto' : 'read_parquet';
  const rows = (await c.runAndReadAll(`SELECT * FROM ${fn}('${path}') ORDER BY "row"`)).getRowObjectsJS();
  c.closeSync();
  return rows as Record<string, unknown>[];
}

/** Each answered row must match the JS forward pass of the same weights (float32 model vs float64 JS). */
function expectMatches(rows: Record<string, unknown>[]): void {
  expect(rows.map((r) => Number(r.row))).toEqual(Array.from({ length: ROWS }, (_, i) => i).filter((i) => !BAD.has(i)));
  for (const r of rows) {
    const i = Number(r.row);
    const want = mlpForward(W, [0, 1, 2, 3].map((j) => feature(i, j)));
    want.forEach((p, k) => expect(Number(r[`probabilities_${k}`])).toBeCloseTo(p, 5));
  }
}

describe('batch inference', () => {
  let h: ServingHarness;
  let dir: string;
  let input: string;
  let blobs: FsBlobStore;
  let queue: EmbeddedJobQueue;
  let batch: BatchJobService;

  beforeAll(async () => {
    h = await servingHarness();
    h.models.add('mlp', 1, buildMlpOnnx(W));
    await h.serving.deploy('scorer', { model: 'mlp@1', settings: { cacheTtlSec: 0 } }, ADMIN);
    dir = await mkdtemp(join(tmpdir(), 'keel-batch-test-'));
    input = join(dir, 'in.csv');
    const lines = ['a,b,c,d'];
    for (let i = 0; i < ROWS; i++) lines.push([0, 1, 2, 3].map((j) => (BAD.has(i) && j === 2 ? 'oops' : String(feature(i, j)))).join(','));
    await writeFile(input, lines.join('\n') + '\n');
    blobs = await FsBlobStore.open(join(dir, 'blobs'));
    queue = new EmbeddedJobQueue(h.sql);
    batch = new BatchJobService({ serving: h.serving, models: h.models, files: new DuckDbBatchFiles(blobs), store: new BatchJobSqlStore(h.sql), queue });
  });

  afterAll(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('streams a CSV through a deployment into Parquet, with failed rows and their reasons apart', async () => {
    const out = join(dir, 'out.parquet');
    const seen: number[] = [];
    const summary = await batch.runLocal({ target: 'scorer', input, output: out, batchSize: 100, onProgress: (rows) => seen.push(rows) });
    expect(summary).toMatchObject({ totalRows: ROWS, predictions: ROWS - BAD.size, failedRows: BAD.size, batches: 6 });
    expect(summary.errorRate).toBeCloseTo(BAD.size / ROWS, 10);
    expect(summary.p99BatchMs).toBeGreaterThan(0);
    expect(seen).toEqual([100, 200, 300, 400, 500, 537]);
    expectMatches(await readOut(out));
    const failed = (await readFile(summary.failedPath as string, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { row: number; reason: string });
    expect(failed.map((f) => f.row)).toEqual([...BAD]);
    expect(failed[0]?.reason).toMatch(/instances\[0\]\.c is "oops", not a number/);
  });

  it('runs model@version directly, to CSV', async () => {
    const out = join(dir, 'direct.csv');
    const summary = await batch.runLocal({ target: 'mlp@1', input, output: out, batchSize: 1000 });
    expect(summary.predictions).toBe(ROWS - BAD.size);
    expectMatches(await readOut(out));
  });

  it('splits a REST job into shards that two workers share, and merges them in row order', async () => {
    const { sha256 } = await blobs.put(await readFile(input));
    const job = await batch.submit({ target: 'scorer', input: { sha256, format: 'csv' }, output: { format: 'parquet' }, batchSize: 50, shardRows: 120 });
    expect(job).toMatchObject({ state: 'queued', totalRows: ROWS, shards: 4 });
    const workers = [0, 1].map(() => new WorkerRunner(queue, [batch.handler()], { concurrency: 1, idlePollMs: 20, logger: silent }));
    workers.forEach((w) => w.start());
    let status = await batch.status(job.id);
    for (let i = 0; i < 300 && status.state !== 'completed' && status.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = await batch.status(job.id);
    }
    await Promise.all(workers.map((w) => w.stop()));
    expect(status.state).toBe('completed');
    expect(workers.every((w) => w.stats.completed > 0)).toBe(true);
    expect(status.progress).toMatchObject({ rows: ROWS, failedRows: BAD.size, shardsDone: 4 });
    expect(status.summary).toMatchObject({ predictions: ROWS - BAD.size, failedRows: BAD.size, batches: 11 });
    const out = join(dir, 'merged.parquet');
    await writeFile(out, await readAll(await blobs.get(status.output?.sha256 as string)));
    expectMatches(await readOut(out));
    const failed = (await readAll(await blobs.get(status.failed?.sha256 as string))).toString('utf8').trim().split('\n');
    expect(failed.map((l) => (JSON.parse(l) as { row: number }).row).sort((a, b) => a - b)).toEqual([...BAD]);
  });

  it('rejects an unknown target when the job is submitted', async () => {
    await expect(batch.submit({ target: 'nope', input: { path: input } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of stream) parts.push(p);
  return Buffer.concat(parts);
}
