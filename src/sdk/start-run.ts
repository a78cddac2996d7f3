import { LIMITS } from '../domains/tracking/tracking.limits.js';
import type { CreateRunInput, Tag } from '../domains/tracking/tracking.schema.js';
import { loadNodeSupport, type EnvironmentOptions } from './node-support.js';
import type { RunsApi } from './resources/runs.js';
import { RunHandle, type BatchingOptions, type ParamValue } from './run-handle.js';

export interface StartRunOptions {
  /** Experiment name; created when missing. */
  experiment?: string;
  /** Or an existing experiment's id. Neither: the server's default experiment. */
  experimentId?: string;
  name?: string;
  params?: Record<string, ParamValue>;
  tags?: Record<string, string>;
  /** Makes this a nested run (tag `mlflow.parentRunId`). */
  parentRunId?: string;
  /** Record OS, CPU, memory, GPU, git and package versions as tags. Default: true in Node, false in a browser. */
  captureEnvironment?: boolean;
  environment?: EnvironmentOptions;
  /**
   * Node: flush (and finish) on `beforeExit`, and on SIGINT/SIGTERM flush, mark the run KILLED
   * and re-raise the signal. Default true; `keel run` turns it off because it forwards signals itself.
   */
  handleExit?: boolean;
  batching?: BatchingOptions;
}

/** Creates a run and returns its handle; see `Keel.startRun`. */
export async function startRun(runs: RunsApi, opts: StartRunOptions = {}): Promise<RunHandle> {
  const node = await loadNodeSupport();
  const env = node && (opts.captureEnvironment ?? true) ? await node.captureEnvironment(opts.environment) : undefined;

  // User tags win over captured ones; the parent link uses MLflow's system tag.
  const tags = new Map<string, string>();
  for (const t of env?.tags ?? []) tags.set(t.key, t.value);
  for (const [k, v] of Object.entries(opts.tags ?? {})) tags.set(k, v);
  if (opts.parentRunId) tags.set('mlflow.parentRunId', opts.parentRunId);
  const tagList: Tag[] = [...tags].map(([key, value]) => ({ key, value }));
  const paramList = Object.entries(opts.params ?? {}).map(([key, value]) => ({ key, value: String(value) }));

  // Creation carries up to MLflow's per-call limits; the rest goes through the batcher.
  const input: CreateRunInput = {
    ...(opts.experimentId ? { experimentId: opts.experimentId } : opts.experiment ? { experimentName: opts.experiment } : {}),
    ...(opts.name ? { runName: opts.name } : {}),
    ...(env?.userId ? { userId: env.userId } : {}),
    ...(opts.parentRunId ? { parentRunId: opts.parentRunId } : {}),
    startTime: Date.now(),
    tags: tagList.slice(0, LIMITS.batchTags),
    params: paramList.slice(0, LIMITS.batchParams),
  };
  const run = await runs.create(input);
  const handle = new RunHandle({ runs, run, node, batching: opts.batching });
  for (const t of tagList.slice(LIMITS.batchTags)) handle.setTag(t.key, t.value);
  for (const p of paramList.slice(LIMITS.batchParams)) handle.logParam(p.key, p.value);
  if (opts.handleExit ?? true) handle.watchExit(true);
  for (const f of env?.files ?? []) await runs.uploadArtifact(run.info.runId, f.path, f.data);
  return handle;
}
