import { createReadStream, createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { extname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import { closeAdapters, createAdapters, createLogger, createServices, loadConfig, type Services } from '../../main.js';
import { output } from '../output.js';

interface BatchFlags {
  input: string;
  output: string;
  batchSize: number;
  config?: string;
  data?: string;
  shardRows?: number;
  json?: boolean;
}

interface RateBar {
  update(rows: number, total: number): void;
  stop(): void;
}

/** Rows, rows/s and ETA on stderr; silent with --json or when stderr is not a terminal. */
function rateBar(json: boolean): RateBar {
  if (json || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({ format: 'batch [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s | eta {eta_formatted}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  const started = performance.now();
  let running = false;
  return {
    update: (rows, total) => {
      const rate = Math.round(rows / Math.max((performance.now() - started) / 1000, 1e-3));
      if (!running) bar.start(total, rows, { rate });
      running = true;
      bar.setTotal(total);
      bar.update(rows, { rate });
    },
    stop: () => {
      if (running) bar.stop();
      running = false;
    },
  };
}

const FORMATS = new Map<string, 'parquet' | 'csv' | 'jsonl'>([['.parquet', 'parquet'], ['.pq', 'parquet'], ['.csv', 'csv'], ['.jsonl', 'jsonl'], ['.ndjson', 'jsonl']]);

/** With a PostgreSQL queue the file is uploaded and sharded for `keel worker` processes; this command waits, then downloads. */
async function runDistributed(services: Services, upload: (path: string) => Promise<string>, flags: BatchFlags, target: string, bar: RateBar): Promise<unknown> {
  const format = FORMATS.get(extname(flags.output).toLowerCase());
  if (!format) throw AppError.invalid(`--output: cannot tell the format of ${flags.output} (use .parquet, .csv or .jsonl)`);
  const sha256 = await upload(flags.input);
  const job = await services.batch.submit({ target, input: { sha256 }, output: { format }, batchSize: flags.batchSize, ...(flags.shardRows ? { shardRows: flags.shardRows } : {}) });
  for (;;) {
    const status = await services.batch.status(job.id);
    bar.update(status.progress.rows, status.totalRows);
    if (status.state === 'failed') throw new AppError('INTERNAL', `batch job ${job.id} failed: ${status.error ?? 'unknown error'}`);
    if (status.state === 'completed') {
      bar.stop();
      const out = await services.batch.openResult(job.id, 'output');
      await pipeline(out.stream, createWriteStream(`${flags.output}.partial`));
      await rename(`${flags.output}.partial`, flags.output);
      let failedPath: string | null = null;
      if (status.failed) {
        failedPath = `${flags.output}.failed.jsonl`;
        await pipeline((await services.batch.openResult(job.id, 'failed')).stream, createWriteStream(failedPath));
      }
      return { jobId: job.id, ...status.summary, failedPath };
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** `keel batch`: batch inference on a file, locally (streaming, one process) or sharded across workers. */
export function registerBatchCommand(program: Command): void {
  program
    .command('batch <target>')
    .description('serving: batch inference over a CSV, Parquet or JSON-lines file through a deployment or model@version')
    .requiredOption('--input <file>', 'input rows (data.csv | .parquet | .jsonl)')
    .requiredOption('--output <file>', 'predictions (out.parquet | .csv | .jsonl); failed rows go to <output>.failed.jsonl')
    .option('--batch-size <n>', 'rows per model call', (v) => Number.parseInt(v, 10), 1000)
    .option('--shard-rows <n>', 'rows per shard when a PostgreSQL queue spreads the job over workers', (v) => Number.parseInt(v, 10))
    .option('-c, --config <file>', 'config file')
    .option('-d, --data <dir>', 'data folder (embedded mode)')
    .action(async (target: string, flags: BatchFlags, command: Command) => {
      const json = Boolean(command.optsWithGlobals<{ json?: boolean }>().json);
      if (!Number.isInteger(flags.batchSize) || flags.batchSize < 1 || flags.batchSize > 10_000) throw AppError.invalid('--batch-size must be an integer in [1, 10000]');
      const config = loadConfig({ file: flags.config, flags: flags.data ? { dataDir: flags.data } : {} });
      const logger = createLogger(config);
      logger.level = 'warn';
      const adapters = await createAdapters(config, logger);
      const services = createServices(config, adapters, undefined, logger);
      const bar = rateBar(json);
      try {
        const summary =
          adapters.queue.kind === 'postgres'
            ? await runDistributed(services, async (path) => (await adapters.blobs.put(createReadStream(path))).sha256, flags, target, bar)
            : await services.batch.runLocal({ target, input: flags.input, output: flags.output, batchSize: flags.batchSize, onProgress: (rows, total) => bar.update(rows, total) });
        bar.stop();
        output({ json }, summary, () => {
          const s = summary as { predictions: number; failedRows: number; errorRate: number; p99BatchMs: number | null; rowsPerSecond: number; failedPath: string | null };
          process.stdout.write(`${s.predictions} predictions → ${flags.output}; ${s.failedRows} failed (error rate ${(s.errorRate * 100).toFixed(2)}%)${s.failedPath ? ` → ${s.failedPath}` : ''}\n`);
          process.stdout.write(`p99 batch latency ${s.p99BatchMs?.toFixed(2) ?? '-'} ms, ${Math.round(s.rowsPerSecond)} rows/s\n`);
        });
      } finally {
        bar.stop();
        await services.serving.close();
        await closeAdapters(adapters);
      }
    });
}
