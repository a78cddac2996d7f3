import type { Readable } from 'node:stream';
import { systemClock, type Clock } from '../../../core/clock.js';
import { AppError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import type { Job, JobQueue } from '../../../core/ports/job-queue.js';
import { parseInput } from '../../../core/validation.js';
import type { JobContext, JobHandler } from '../../jobs/index.js';
import type { ModelSource } from '../model-pool.js';
import { instancesToInputs, outputsToRows } from '../processing-steps.js';
import { processingSchema } from '../serving.schema.js';
import type { ServingService } from '../serving.service.js';
import { emptyResult, runRange, type BatchPredictor, type RangeResult } from './batch-runner.js';
import { batchJobListQuerySchema, batchJobSpecSchema, type BatchJob, type BatchJobStatus, type BatchSummary, type ParsedBatchJobSpec } from './batch.schema.js';
import type { BatchFiles, BatchFormat, BatchJobStore, RowRange } from './batch.store.js';
import { percentile, planShards } from './shard-plan.js';

export const BATCH_QUEUE = 'serving.batch';

interface ShardPayload {
  jobId: string;
  shard: number;
  range: RowRange;
}

interface ShardResult extends RangeResult {
  output: string;
  failed: string;
}

export interface BatchDeps {
  serving: ServingService;
  models: ModelSource;
  files: BatchFiles;
  store: BatchJobStore;
  queue: JobQueue;
  clock?: Clock;
}

export interface LocalBatchOptions {
  target: string;
  input: string;
  output: string;
  batchSize: number;
  onProgress?: (rows: number, totalRows: number, failedRows: number) => void;
}

/**
 * Batch inference: one process streaming a file (`keel batch`), or a REST job split into
 * row-range shards on the job queue, so that several `keel worker` processes share it. Each
 * shard's progress and result is its own row, so a retried shard overwrites rather than
 * double counts, and whichever shard finishes last (sees every result) merges them.
 */
export class BatchJobService {
  private readonly clock: Clock;

  constructor(private readonly deps: BatchDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  /** Runs the whole file in this process, writing `output` (and `<output>.failed.jsonl` when rows fail). */
  async runLocal(opts: LocalBatchOptions): Promise<BatchSummary & { failedPath: string | null }> {
    const { files } = this.deps;
    const started = this.clock.now();
    const totalRows = await files.countRows(opts.input);
    const predict = await this.predictor(opts.target);
    const output = await files.openWriter(opts.output, formatOf(opts.output));
    const failedPath = `${opts.output}.failed.jsonl`;
    const failed = await files.openWriter(failedPath, 'jsonl');
    const result = await runRange({ files, input: { path: opts.input }, range: { start: 0, count: totalRows }, batchSize: opts.batchSize, predict, output, failed, onProgress: (rows, bad) => opts.onProgress?.(rows, totalRows, bad) });
    await output.close();
    await failed.close();
    if (result.failedRows === 0) await files.remove(failedPath);
    return { ...summarize(totalRows, [result], this.clock.now() - started), failedPath: result.failedRows > 0 ? failedPath : null };
  }

  /** Keeps an input file in the artifact store; its sha256 is what `submit` takes as `input.sha256`. */
  async putInput(data: Readable): Promise<{ sha256: string; size: number }> {
    const blob = await this.deps.files.putBlob(data);
    if (blob.size === 0) throw AppError.invalid('the input file is empty');
    return blob;
  }

  /** Plans the shards and queues them; the job's id is returned at once. */
  async submit(body: unknown): Promise<BatchJob> {
    const spec = parseInput(batchJobSpecSchema, body);
    await this.predictor(spec.target); // an unknown target fails the request, not a worker later
    const scratch = await this.deps.files.scratch();
    let totalRows: number;
    try {
      totalRows = await this.deps.files.countRows(await this.localInput(spec, scratch.file('input')), spec.input.format);
    } finally {
      await scratch.remove();
    }
    const shards = planShards(totalRows, spec.shardRows, spec.batchSize);
    const job: BatchJob = { id: newId(), spec, state: 'queued', totalRows, shards: shards.length, createdAt: this.clock.now(), finishedAt: null, error: null, summary: null, output: null, failed: null };
    await this.save(job);
    if (shards.length === 0) await this.finalize(job);
    for (const [shard, range] of shards.entries()) await this.deps.queue.enqueue<ShardPayload>(BATCH_QUEUE, { jobId: job.id, shard, range }, { visibilityTimeoutMs: 10 * 60_000 });
    return job;
  }

  async status(id: string): Promise<BatchJobStatus> {
    return this.withProgress(await this.load(id));
  }

  /** The newest jobs, with their progress; `deployment` keeps those run through it. */
  async list(query: unknown): Promise<BatchJobStatus[]> {
    const { deployment, limit } = parseInput(batchJobListQuerySchema, query, 'query');
    const jobs = await this.deps.store.listJobs({ target: deployment, limit });
    return Promise.all(jobs.map((job) => this.withProgress(job)));
  }

  private async withProgress(job: BatchJob): Promise<BatchJobStatus> {
    const id = job.id;
    const shards = await this.deps.store.listShards(id);
    const rows = shards.reduce((n, s) => n + s.rows, 0);
    const failedRows = shards.reduce((n, s) => n + s.failedRows, 0);
    const elapsed = ((job.finishedAt ?? this.clock.now()) - job.createdAt) / 1000;
    const rowsPerSecond = elapsed > 0 ? rows / elapsed : 0;
    const etaSeconds = job.state === 'completed' ? 0 : rowsPerSecond > 0 ? (job.totalRows - rows) / rowsPerSecond : null;
    return { ...job, progress: { rows, failedRows, shardsDone: shards.filter((s) => s.result !== null).length, rowsPerSecond, etaSeconds } };
  }

  /** The merged predictions (`output`) or the failed rows with their reasons (`failed`, JSON lines) of a completed job. */
  async openResult(id: string, which: 'output' | 'failed'): Promise<{ stream: Readable; format: BatchFormat; size: number }> {
    const job = await this.load(id);
    if (job.state !== 'completed') throw new AppError('FAILED_PRECONDITION', `batch job ${id} is ${job.state}, not completed`);
    const blob = job[which];
    if (!blob) throw AppError.notFound('failed rows of batch job', id);
    return { stream: await this.deps.files.openBlob(blob.sha256), format: which === 'failed' ? 'jsonl' : job.spec.output.format, size: blob.size };
  }

  /** The queue handler `keel worker` and the embedded server run. */
  handler(): JobHandler<ShardPayload> {
    return { queue: BATCH_QUEUE, timeoutMs: 60 * 60_000, run: (job, ctx) => this.runShard(job, ctx) };
  }

  /* ---------- internals ---------- */

  private async runShard(job: Job<ShardPayload>, ctx: JobContext): Promise<void> {
    const { jobId, shard, range } = job.payload;
    const record = await this.load(jobId);
    if (record.state === 'completed' || record.state === 'failed') return;
    if (record.state === 'queued') await this.save({ ...record, state: 'running' });
    const { files } = this.deps;
    const scratch = await files.scratch();
    try {
      const input = await this.localInput(record.spec, scratch.file('input'));
      const output = await files.openWriter(scratch.file('part.parquet'), 'parquet');
      const failed = await files.openWriter(scratch.file('failed.jsonl'), 'jsonl');
      let lastBeat = this.clock.now();
      // Progress rows are written in order, and before the result, which they must never overwrite.
      let progress = Promise.resolve();
      const result = await runRange({
        files, input: { path: input, format: record.spec.input.format }, range, batchSize: record.spec.batchSize, predict: await this.predictor(record.spec.target), output, failed, signal: ctx.signal,
        onProgress: (rows, bad) => {
          progress = progress.then(() => this.deps.store.putShard(jobId, { shard, rows, failedRows: bad, result: null })).catch(() => undefined);
          if (this.clock.now() - lastBeat > 30_000) {
            lastBeat = this.clock.now();
            void ctx.heartbeat();
          }
        },
      });
      await output.close();
      await failed.close();
      await progress;
      const parts = { output: (await files.upload(scratch.file('part.parquet'))).sha256, failed: (await files.upload(scratch.file('failed.jsonl'))).sha256 };
      await this.deps.store.putShard(jobId, { shard, rows: result.rows, failedRows: result.failedRows, result: JSON.stringify({ ...result, ...parts } satisfies ShardResult) });
    } catch (err) {
      if (job.attempt >= job.maxAttempts) await this.save({ ...(await this.load(jobId)), state: 'failed', error: `shard ${shard}: ${(err as Error).message}`, finishedAt: this.clock.now() });
      throw err;
    } finally {
      await scratch.remove();
    }
    const fresh = await this.load(jobId);
    if ((await this.shardResults(fresh)).every(Boolean)) await this.finalize(fresh);
  }

  /** Merges the shards' parts in row order into the job's output blobs. Idempotent: parts are content-addressed. */
  private async finalize(job: BatchJob): Promise<void> {
    const results = (await this.shardResults(job)) as ShardResult[];
    const { files } = this.deps;
    const scratch = await files.scratch();
    try {
      const parts: string[] = [];
      const failedParts: string[] = [];
      for (const [i, r] of results.entries()) {
        parts.push(scratch.file(`part-${i}.parquet`));
        failedParts.push(scratch.file(`failed-${i}.jsonl`));
        await files.download(r.output, parts[i] as string);
        await files.download(r.failed, failedParts[i] as string);
      }
      const out = scratch.file(`output.${job.spec.output.format}`);
      await files.concat(parts, 'parquet', out, job.spec.output.format);
      await files.concat(failedParts, 'jsonl', scratch.file('failed.jsonl'), 'jsonl');
      const summary = summarize(job.totalRows, results, this.clock.now() - job.createdAt);
      const output = await files.upload(out);
      const failed = summary.failedRows > 0 ? await files.upload(scratch.file('failed.jsonl')) : null;
      await this.save({ ...job, state: 'completed', finishedAt: this.clock.now(), summary, output, failed });
    } finally {
      await scratch.remove();
    }
  }

  private async shardResults(job: BatchJob): Promise<(ShardResult | null)[]> {
    const byShard = new Map((await this.deps.store.listShards(job.id)).map((s) => [s.shard, s.result]));
    return Array.from({ length: job.shards }, (_, i) => {
      const raw = byShard.get(i);
      return raw === undefined || raw === null ? null : (JSON.parse(raw) as ShardResult);
    });
  }

  private async localInput(spec: ParsedBatchJobSpec, scratchPath: string): Promise<string> {
    if ('path' in spec.input) return spec.input.path;
    await this.deps.files.download(spec.input.sha256, scratchPath);
    return scratchPath;
  }

  private async load(id: string): Promise<BatchJob> {
    const job = await this.deps.store.getJob(id);
    if (!job) throw AppError.notFound('batch job', id);
    return job;
  }

  private save(job: BatchJob): Promise<void> {
    return this.deps.store.saveJob(job);
  }

  /** `deployment` goes through the deployment's strategy and processing; `model@version` runs that version as is. */
  private async predictor(target: string): Promise<BatchPredictor> {
    const { serving } = this.deps;
    const at = target.lastIndexOf('@');
    if (at < 0) {
      await serving.get(target);
      return async (rows, batch) => (await serving.predict(target, { instances: rows }, { requestId: `batch-${newId()}-${batch}` })).predictions;
    }
    const name = target.slice(0, at);
    const which = target.slice(at + 1);
    const found = /^\d+$/.test(which) ? await this.deps.models.getVersion(name, Number(which)) : await this.deps.models.getVersionByAlias(name, which);
    const model = await serving.pool.acquire({ model: found.name, version: found.version });
    const processing = processingSchema.parse({});
    return async (rows) => outputsToRows(await model.run(instancesToInputs({ instances: rows }, processing, model.signature)));
  }
}

function formatOf(path: string): BatchFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.parquet') || lower.endsWith('.pq')) return 'parquet';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.csv')) return 'csv';
  throw AppError.invalid(`--output: cannot tell the format of ${path} (use .parquet, .csv or .jsonl)`);
}

function summarize(totalRows: number, results: readonly RangeResult[], elapsedMs: number): BatchSummary {
  const all = results.reduce((acc, r) => ({ rows: acc.rows + r.rows, predictions: acc.predictions + r.predictions, failedRows: acc.failedRows + r.failedRows, batchLatenciesMs: acc.batchLatenciesMs.concat(r.batchLatenciesMs) }), emptyResult());
  return {
    totalRows,
    predictions: all.predictions,
    failedRows: all.failedRows,
    errorRate: all.rows > 0 ? all.failedRows / all.rows : 0,
    batches: all.batchLatenciesMs.length,
    p99BatchMs: percentile(all.batchLatenciesMs, 99),
    elapsedMs,
    rowsPerSecond: elapsedMs > 0 ? (all.rows / elapsedMs) * 1000 : 0,
  };
}
