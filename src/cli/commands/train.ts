import { readFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import type { Keel, TrainingJob } from '../../sdk/index.js';
import { client, globals } from '../context.js';
import { formatTime, output, printTable } from '../output.js';
import { collectKeyValue } from './experiments.js';

interface JobFlags {
  name: string;
  params?: Record<string, string>;
  env?: Record<string, string>;
  experiment?: string;
  gpus: string;
  cpus: string;
  memory?: string;
  retries: string;
  backoff: string;
  timeout: string;
  cwd?: string;
  detach?: boolean;
}

interface TabularFlags {
  data: string;
  target: string;
  model: string;
  params?: Record<string, string>;
  split: string;
  features?: string;
  task?: string;
  experiment?: string;
  name?: string;
  register?: string;
}

/** `-p a=1 b=2` and `-p a=1 -p b=2` both work. */
function collectParams(raw: string, acc: Record<string, string> = {}): Record<string, string> {
  return collectKeyValue(raw, acc);
}

function int(flag: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw AppError.invalid(`${flag} must be an integer ≥ ${min}, got '${raw}'`);
  return n;
}

function num(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw AppError.invalid(`${flag} must be a number ≥ 0, got '${raw}'`);
  return n;
}

/** Prints the run's log lines until the job ends; returns the finished job. */
async function follow(keel: Keel, job: TrainingJob): Promise<TrainingJob> {
  let last = job;
  for await (const line of keel.training.followLogs(job.runId, {
    intervalMs: 300,
    until: async () => {
      last = await keel.training.getJob(job.id);
      return ['succeeded', 'failed', 'cancelled'].includes(last.state);
    },
  })) {
    (line.stream === 'stdout' ? process.stdout : process.stderr).write(`${line.text}\n`);
  }
  return last;
}

function jobRow(j: TrainingJob): Record<string, unknown> {
  return { id: j.id, name: j.name, state: j.state, attempt: `${j.attempt}/${j.maxAttempts}`, gpus: j.gpus, worker: j.worker, exit: j.exitCode, created: formatTime(j.createdAt), error: j.error };
}

export function registerTrainCommand(program: Command): void {
  const train = program.command('train').description('training: jobs on workers (any command) and built-in tabular trainers');

  train
    .command('job')
    .description('queue a command as a training job; a worker runs it as a tracked run (follows its logs unless --detach)')
    .argument('<command...>', 'the command after -- (e.g. keel train job --name bert -- python train.py --lr {lr}); {param} is replaced by the param')
    .requiredOption('-n, --name <name>', 'job and run name')
    .option('-p, --params <key=value...>', 'params: logged on the run, given as KEEL_PARAM_<KEY> and {key} in the command', collectParams)
    .option('--env <KEY=value...>', 'extra environment variables', collectParams)
    .option('-e, --experiment <name>', 'experiment (created when missing)')
    .option('--gpus <n>', 'GPUs the job needs (a worker with that many free takes it)', '0')
    .option('--cpus <n>', 'CPUs the job needs', '1')
    .option('--memory <mb>', 'memory the job needs, in MB')
    .option('--retries <n>', 'extra attempts after a failure', '0')
    .option('--backoff <seconds>', 'wait before retry n: backoff × 2^(n−1)', '5')
    .option('--timeout <seconds>', 'kill an attempt after this long', '86400')
    .option('--cwd <dir>', 'working folder on the worker')
    .option('--detach', 'print the job and return at once')
    .addHelpText('after', '\nThe command sees KEEL_RUN_ID, MLFLOW_RUN_ID, MLFLOW_TRACKING_URI, KEEL_PARAMS (JSON) and KEEL_PARAM_<KEY>.\nExit code (when following): the job\'s own; 127 when the command was not found.')
    .action(async (command: string[], flags: JobFlags, cmd: Command) => {
      const g = globals(cmd);
      const keel = client(cmd);
      if (command.length === 0) throw AppError.invalid('nothing to run: give the command after --');
      const job = await keel.training.submitJob({
        name: flags.name,
        command,
        params: flags.params ?? {},
        env: flags.env ?? {},
        ...(flags.experiment ? { experiment: flags.experiment } : {}),
        gpus: int('--gpus', flags.gpus, 0),
        cpus: int('--cpus', flags.cpus, 1),
        ...(flags.memory ? { memoryMb: int('--memory', flags.memory, 1) } : {}),
        retries: int('--retries', flags.retries, 0),
        backoffSec: num('--backoff', flags.backoff),
        timeoutSec: int('--timeout', flags.timeout, 1),
        ...(flags.cwd ? { cwd: flags.cwd } : {}),
      });
      if (flags.detach) {
        output(g, job, () => process.stdout.write(`job ${job.id} queued (run ${job.runId}); follow with: keel runs logs ${job.runId} --follow\n`));
        return;
      }
      process.stderr.write(`keel: job ${job.id} queued (run ${job.runId}); Ctrl-C stops following, not the job\n`);
      const done = await follow(keel, job);
      if (g.json) process.stdout.write(`${JSON.stringify(done)}\n`);
      else process.stderr.write(`keel: job ${done.id} ${done.state}${done.exitCode !== null ? ` (exit code ${done.exitCode})` : ''}${done.error && done.state !== 'succeeded' ? `: ${done.error}` : ''}\n`);
      if (done.state === 'failed' && done.error?.startsWith('command not found')) process.stderr.write(`error: ${done.error}\n`);
      process.exitCode = done.state === 'succeeded' ? 0 : (done.exitCode ?? 1) || 1;
    });

  train
    .command('jobs')
    .description('list training jobs, newest first')
    .option('--state <state>', 'queued|running|retrying|succeeded|failed|cancelled')
    .option('--limit <n>', 'at most this many', '50')
    .action(async (flags: { state?: string; limit: string }, cmd: Command) => {
      const { jobs } = await client(cmd).training.listJobs({ ...(flags.state ? { state: flags.state as TrainingJob['state'] } : {}), limit: int('--limit', flags.limit, 1) });
      output(globals(cmd), { jobs }, () => printTable(jobs.map(jobRow), ['id', 'name', 'state', 'attempt', 'gpus', 'worker', 'exit', 'created', 'error']));
    });

  train
    .command('show <jobId>')
    .description('one training job')
    .action(async (id: string, _flags: unknown, cmd: Command) => {
      const job = await client(cmd).training.getJob(id);
      output(globals(cmd), job, () => printTable([jobRow(job)], ['id', 'name', 'state', 'attempt', 'gpus', 'worker', 'exit', 'created', 'error']));
    });

  train
    .command('cancel <jobId>')
    .description('cancel a training job (a running one is killed by its worker)')
    .action(async (id: string, _flags: unknown, cmd: Command) => {
      const job = await client(cmd).training.cancelJob(id);
      output(globals(cmd), job, () => process.stdout.write(`job ${job.id} ${job.state === 'running' ? 'is being stopped' : job.state}\n`));
    });

  train
    .command('workers')
    .description('training workers seen lately, with their resources')
    .action(async (_flags: unknown, cmd: Command) => {
      const { workers } = await client(cmd).training.workers();
      output(globals(cmd), { workers }, () =>
        printTable(
          workers.map((w) => ({ id: w.id, host: w.host, cpus: w.resources.cpus, memory: `${Math.round(w.resources.memoryMb / 1024)} GiB`, gpus: w.resources.gpus.map((x) => `${x.index}:${x.name}`).join(' ') || '-', running: w.running.length, seen: formatTime(w.lastSeen) })),
          ['id', 'host', 'cpus', 'memory', 'gpus', 'running', 'seen'],
        ),
      );
    });

  train
    .command('tabular')
    .description('train a built-in model (logreg, forest, gbdt, mlp) on a table as a tracked run, export ONNX, optionally register it')
    .requiredOption('--data <file|dataset[@version]>', 'CSV, Parquet or JSON-lines file, or a registered dataset')
    .requiredOption('--target <column>', 'the column to predict')
    .requiredOption('--model <kind>', 'logreg|forest|gbdt|mlp')
    .option('-p, --params <key=value...>', 'hyperparameters, e.g. rounds=200 max_depth=4 (see docs/training.md)', collectParams)
    .option('--split <fraction>', 'share of rows to train on; the rest validates', '0.8')
    .option('--features <a,b>', 'feature columns (default: all others)')
    .option('--task <task>', 'classification|regression (default: from the target column)')
    .option('-e, --experiment <name>', 'experiment (created when missing)')
    .option('--name <run>', 'run name')
    .option('--register <model-name>', 'register the ONNX model as a new version of this model')
    .action(async (flags: TabularFlags, cmd: Command) => {
      const g = globals(cmd);
      const keel = client(cmd);
      if (!['logreg', 'forest', 'gbdt', 'mlp'].includes(flags.model)) throw AppError.invalid(`--model must be logreg, forest, gbdt or mlp, got '${flags.model}'`);
      if (flags.task !== undefined && flags.task !== 'classification' && flags.task !== 'regression') throw AppError.invalid('--task must be classification or regression');
      const split = Number(flags.split);
      if (!(split > 0 && split < 1)) throw AppError.invalid(`--split must be between 0 and 1, got '${flags.split}'`);
      const common = {
        target: flags.target,
        model: flags.model as 'logreg',
        params: flags.params ?? {},
        split,
        ...(flags.features ? { features: flags.features.split(',').map((f) => f.trim()).filter(Boolean) } : {}),
        ...(flags.task ? { task: flags.task as 'classification' } : {}),
        ...(flags.experiment ? { experiment: flags.experiment } : {}),
        ...(flags.name ? { runName: flags.name } : {}),
        ...(flags.register ? { register: flags.register } : {}),
      };
      process.stderr.write(`keel: training ${flags.model} on ${flags.data}…\n`);
      let report;
      if (existsSync(flags.data)) {
        if (!statSync(flags.data).isFile()) throw AppError.invalid(`--data: not a file: ${flags.data}`);
        const ext = extname(flags.data).toLowerCase();
        const format = ext === '.parquet' ? 'parquet' : ext === '.jsonl' || ext === '.ndjson' || ext === '.json' ? 'jsonl' : ext === '.csv' ? 'csv' : undefined;
        report = await keel.training.trainTabular({ ...common, data: await readFile(flags.data), ...(format ? { format } : {}), datasetName: flags.data.split('/').at(-1)! });
      } else {
        const ref = /^([A-Za-z0-9][\w.-]*)(?:@([\w.-]+))?$/.exec(flags.data);
        if (flags.data.includes('/') || /\.(csv|tsv|parquet|pq|json|jsonl|ndjson)$/i.test(flags.data)) throw AppError.invalid(`--data: no such file: ${flags.data}`);
        if (!ref) throw AppError.invalid(`--data: no such file, and not a dataset name[@version]: ${flags.data}`);
        report = await keel.training.trainTabular({ ...common, dataset: { name: ref[1]!, ...(ref[2] ? { version: ref[2] } : {}) } });
      }
      output(g, report, () => {
        process.stdout.write(`run ${report.runId} (${report.task}, ${report.rows.train} training / ${report.rows.validation} validation rows, ${report.steps} steps, ${report.durationMs} ms)\n`);
        printTable(
          Object.entries(report.metrics).filter(([k]) => !k.startsWith('train_')).map(([metric, value]) => ({ metric, validation: value.toFixed(4), training: report.metrics[`train_${metric}`]?.toFixed(4) })),
          ['metric', 'validation', 'training'],
        );
        process.stdout.write(`ONNX model: run artifact ${report.artifacts[0]}\n`);
        if (report.registered) process.stdout.write(`registered ${report.registered.name} version ${report.registered.version}\n`);
      });
    });
}
