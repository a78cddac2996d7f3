/** What a job's process gets: its arguments with `{param}` filled in, and the tracking environment. */
import type { TrainingJob } from '../training-job.schema.js';

/** `{name}` → the param's value; `{{` and `}}` stay literal braces. Unknown names stay as written. */
export function substituteParams(arg: string, params: Record<string, string>): string {
  return arg.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g, (whole, name: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    return name !== undefined && Object.hasOwn(params, name) ? params[name]! : whole;
  });
}

/** KEEL_PARAM_LEARNING_RATE for `learning-rate` / `learning_rate` / `learning.rate`. */
export function paramEnvName(key: string): string {
  return `KEEL_PARAM_${key.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
}

export function jobEnvironment(job: TrainingJob, opts: { trackingUri: string; attempt: number; gpuIndices: number[] }): Record<string, string> {
  const env: Record<string, string> = { ...job.env };
  for (const [key, value] of Object.entries(job.params)) env[paramEnvName(key)] = value;
  Object.assign(env, {
    KEEL_PARAMS: JSON.stringify(job.params),
    KEEL_JOB_ID: job.id,
    KEEL_JOB_ATTEMPT: String(opts.attempt),
    KEEL_RUN_ID: job.runId,
    KEEL_EXPERIMENT_ID: job.experimentId,
    KEEL_URL: opts.trackingUri,
    KEEL_TRACKING_URI: opts.trackingUri,
    MLFLOW_TRACKING_URI: opts.trackingUri,
    MLFLOW_RUN_ID: job.runId,
    MLFLOW_EXPERIMENT_ID: job.experimentId,
    // Only the GPUs this job was given; an empty list hides all of them from CUDA.
    CUDA_VISIBLE_DEVICES: opts.gpuIndices.join(','),
  });
  return env;
}
