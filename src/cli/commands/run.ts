import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { RunHandle, RunStatus } from '../../sdk/index.js';
import { childEnv } from '../../main.js';
import { client, globals } from '../context.js';
import { collectKeyValue } from './experiments.js';

interface RunFlags {
  experiment?: string;
  name?: string;
  param?: Record<string, string>;
  tag?: Record<string, string>;
  captureEnv: boolean;
  pip: boolean;
}

/** What the child needs to log into this run, with Keel's SDK or any MLflow client. */
function trackingEnv(url: string, apiKey: string | undefined, run: RunHandle): Record<string, string> {
  return {
    KEEL_URL: url,
    KEEL_TRACKING_URI: url,
    KEEL_RUN_ID: run.id,
    KEEL_EXPERIMENT_ID: run.experimentId,
    MLFLOW_TRACKING_URI: url,
    MLFLOW_RUN_ID: run.id,
    MLFLOW_EXPERIMENT_ID: run.experimentId,
    ...(apiKey ? { KEEL_API_KEY: apiKey, MLFLOW_TRACKING_TOKEN: apiKey } : {}),
  };
}


/** Copies a child's stream to ours while keeping it in a file for upload. */
function tee(from: NodeJS.ReadableStream, to: NodeJS.WritableStream, file: WriteStream): Promise<void> {
  return new Promise((resolve) => {
    from.on('data', (chunk: Buffer) => {
      to.write(chunk);
      file.write(chunk);
    });
    from.on('end', () => file.end(() => resolve()));
  });
}

const signalNumber = (s: NodeJS.Signals): number => constants.signals[s] ?? 1;

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run a command as a tracked run: environment captured, stdout/stderr kept as artifacts, status from the exit code')
    .argument('<command...>', 'the command and its arguments, after `--` (e.g. keel run -- python train.py --lr 0.1)')
    .option('-e, --experiment <name>', 'experiment name (created when missing)')
    .option('-n, --name <run>', 'run name')
    .option('-p, --param <key=value>', 'a param of the run (repeatable)', collectKeyValue)
    .option('-t, --tag <key=value>', 'a tag of the run (repeatable)', collectKeyValue)
    .option('--no-capture-env', 'skip environment capture (git, OS, CPU, GPU, packages)')
    .option('--pip', 'also record `python3 -m pip freeze`', false)
    .addHelpText('after', '\nThe command sees KEEL_TRACKING_URI, KEEL_RUN_ID, MLFLOW_TRACKING_URI, MLFLOW_RUN_ID and MLFLOW_EXPERIMENT_ID.\nExit code: the command\'s own; 128+N when it died of signal N.')
    .action(async (command: string[], flags: RunFlags, cmd: Command) => {
      const g = globals(cmd);
      const [file, ...args] = command;
      if (file === undefined) throw new Error('nothing to run: give the command after --');
      const run = await client(cmd).startRun({
        experiment: flags.experiment,
        name: flags.name,
        params: flags.param,
        tags: flags.tag,
        captureEnvironment: flags.captureEnv,
        environment: { sourceName: command.join(' '), pipFreeze: flags.pip },
        // This command forwards signals to the child and decides the status itself.
        handleExit: false,
      });
      process.stderr.write(`keel: run ${run.id} (experiment ${run.experimentId}) started: ${command.join(' ')}\n`);

      const logs = mkdtempSync(join(tmpdir(), 'keel-run-'));
      const stdoutFile = createWriteStream(join(logs, 'stdout.txt'));
      const stderrFile = createWriteStream(join(logs, 'stderr.txt'));
      const child = spawn(file, args, { stdio: ['inherit', 'pipe', 'pipe'], env: childEnv(trackingEnv(g.url, g.apiKey, run)) });
      let forwarded: NodeJS.Signals | undefined;
      const forward = (signal: NodeJS.Signals): void => {
        forwarded = signal;
        child.kill(signal);
      };
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);

      const streams = Promise.all([tee(child.stdout, process.stdout, stdoutFile), tee(child.stderr, process.stderr, stderrFile)]);
      const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
        child.once('error', (error) => resolve({ code: null, signal: null, error }));
        child.once('close', (code, signal) => resolve({ code, signal }));
      });
      if (exit.error) {
        stderrFile.write(`keel: could not start ${file}: ${exit.error.message}\n`);
        process.stderr.write(`keel: could not start ${file}: ${exit.error.message}\n`);
        stdoutFile.end();
        stderrFile.end();
      } else await streams;

      const killed = forwarded !== undefined || exit.signal === 'SIGINT' || exit.signal === 'SIGTERM';
      const status: RunStatus = killed ? 'KILLED' : exit.code === 0 ? 'FINISHED' : 'FAILED';
      // 127: the shell's "command not found", so scripts can tell it from a failing command.
      const code = exit.error ? 127 : exit.signal ? 128 + signalNumber(exit.signal) : (exit.code ?? 1);
      try {
        await run.logArtifact(join(logs, 'stdout.txt'), 'logs/stdout.txt');
        await run.logArtifact(join(logs, 'stderr.txt'), 'logs/stderr.txt');
      } finally {
        await run.end(status);
        process.off('SIGINT', forward);
        process.off('SIGTERM', forward);
        await rm(logs, { recursive: true, force: true });
      }
      if (g.json) process.stdout.write(`${JSON.stringify({ runId: run.id, experimentId: run.experimentId, status, exitCode: code })}\n`);
      else process.stderr.write(`keel: run ${run.id} ${status} (exit code ${code})\n`);
      process.exitCode = code;
    });
}
