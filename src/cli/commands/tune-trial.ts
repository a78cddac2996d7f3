import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { AppError } from '../../core/errors.js';
import type { Keel, Trial } from '../../sdk/index.js';
import { childEnv } from '../../main.js';

/** Where a command resolves on PATH, or an INVALID_ARGUMENT naming it (so `keel tune` fails before creating anything). */
export function resolveCommand(file: string): string {
  const executable = (p: string): boolean => {
    try {
      accessSync(p, fsConstants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (file.includes('/')) {
    if (executable(file)) return file;
    throw new AppError('INVALID_ARGUMENT', `command '${file}' not found or not executable`, { details: { fields: [{ path: 'command', message: 'not found' }] } });
  }
  // The PATH the command will run with.
  for (const dir of (childEnv({}).PATH ?? '').split(delimiter)) {
    if (dir && isAbsolute(dir) && executable(join(dir, file))) return join(dir, file);
  }
  throw new AppError('INVALID_ARGUMENT', `command '${file}' not found on PATH`, { details: { fields: [{ path: 'command', message: 'not found on PATH' }] } });
}

/** `{name}` in an argument becomes the trial's value of parameter `name`. */
export function substituteParams(args: readonly string[], params: Trial['params']): string[] {
  return args.map((a) => a.replace(/\{([A-Za-z_][\w.\-/]*)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)));
}

export const envName = (param: string): string => `KEEL_PARAM_${param.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

export interface TrialRunOptions {
  keel: Keel;
  url: string;
  apiKey: string | undefined;
  study: string;
  metrics: readonly string[];
  command: readonly string[];
  pollMs: number;
  /** Echo the command's output, prefixed with the trial number. */
  echo: boolean;
}

export interface TrialOutcome {
  trial: Trial;
  exitCode: number | null;
}

async function latestByStep(keel: Keel, runId: string, key: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  let pageToken: string | undefined;
  do {
    const page = await keel.runs.metricHistory(runId, key, pageToken ? { pageToken } : {});
    for (const m of page.metrics) if (typeof m.value === 'number' && Number.isFinite(m.value)) out.set(m.step, m.value);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return out;
}

/**
 * Runs one trial's command as its tracked run: parameters as `{name}` substitutions,
 * KEEL_PARAM_* variables and KEEL_PARAMS (JSON); the tracking variables `keel run`
 * sets point at the trial's run. While it runs, new steps of the first metric are
 * reported to the study (the pruner may stop it: SIGTERM) and keep the trial alive;
 * at exit, the last value of each metric is told as the objective.
 */
export async function runTrial(opts: TrialRunOptions, trial: Trial): Promise<TrialOutcome> {
  const { keel, study, metrics } = opts;
  const runId = trial.runId as string;
  const [file, ...rawArgs] = opts.command;
  // Population-based training: the trial starts from its parent's checkpoint, found in the parent's run.
  const parentRunId = trial.parentTrial === null ? null : (await keel.studies.trial(study, trial.parentTrial)).runId;
  const env = childEnv({
    ...(trial.parentTrial !== null ? { KEEL_PARENT_TRIAL: String(trial.parentTrial), ...(parentRunId ? { KEEL_PARENT_RUN_ID: parentRunId } : {}) } : {}),
    KEEL_URL: opts.url,
    KEEL_TRACKING_URI: opts.url,
    KEEL_RUN_ID: runId,
    MLFLOW_TRACKING_URI: opts.url,
    MLFLOW_RUN_ID: runId,
    KEEL_STUDY: study,
    KEEL_TRIAL: String(trial.number),
    KEEL_PARAMS: JSON.stringify(trial.params),
    ...Object.fromEntries(Object.entries(trial.params).map(([k, v]) => [envName(k), String(v)])),
    ...(opts.apiKey ? { KEEL_API_KEY: opts.apiKey, MLFLOW_TRACKING_TOKEN: opts.apiKey } : {}),
  });
  const child = spawn(file as string, substituteParams(rawArgs, trial.params), { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderrTail = '';
  const prefix = `[trial ${trial.number}] `;
  child.stdout.on('data', (chunk: Buffer) => {
    if (opts.echo) process.stderr.write(chunk.toString().replace(/^(?=.)/gm, prefix));
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-1500);
    if (opts.echo) process.stderr.write(chunk.toString().replace(/^(?=.)/gm, prefix));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });

  let reported = -Infinity;
  let pruned: string | null = null;
  let running = true;
  void exited.then(() => (running = false));
  const poll = async (): Promise<void> => {
    const series = await latestByStep(keel, runId, metrics[0] as string);
    const fresh = [...series].filter(([step]) => step > reported).sort((a, b) => a[0] - b[0]);
    for (const [step, value] of fresh) {
      reported = step;
      const r = await keel.studies.report(study, trial.number, { step, value });
      if (r.prune) {
        pruned = r.reason ?? 'pruned';
        child.kill('SIGTERM');
        return;
      }
    }
    if (fresh.length === 0) await keel.studies.heartbeat(study, trial.number);
  };
  while (running && pruned === null) {
    await Promise.race([exited, new Promise((r) => setTimeout(r, opts.pollMs))]);
    if (!running) break;
    await poll().catch(() => undefined); // a missed poll is retried at the next tick
  }
  const exit = await exited;
  if (pruned !== null) return { trial: await keel.studies.trial(study, trial.number), exitCode: exit.code };
  if (exit.error) return { trial: await keel.studies.tell(study, trial.number, { state: 'failed', reason: `could not start ${file}: ${exit.error.message}` }), exitCode: null };
  // Final values: the reports the pruner has not seen yet, then the last value of each metric.
  await poll().catch(() => undefined);
  if (pruned !== null) return { trial: await keel.studies.trial(study, trial.number), exitCode: exit.code };
  if (exit.code !== 0) {
    const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
    return { trial: await keel.studies.tell(study, trial.number, { state: 'failed', reason: `${how}${stderrTail ? `: ${stderrTail.trim().split('\n').slice(-3).join(' | ')}` : ''}` }), exitCode: exit.code };
  }
  const values: number[] = [];
  for (const key of metrics) {
    const series = await latestByStep(keel, runId, key);
    const last = [...series].sort((a, b) => b[0] - a[0])[0];
    if (!last) return { trial: await keel.studies.tell(study, trial.number, { state: 'failed', reason: `the command exited 0 but never logged metric '${key}' to its run` }), exitCode: 0 };
    values.push(last[1]);
  }
  return { trial: await keel.studies.tell(study, trial.number, { values }), exitCode: 0 };
}
