/** Wire types of training jobs (`keel train job`, /api/v1/training/jobs), shared by API, SDK and CLI. */
import { z } from 'zod';

export const TRAINING_JOB_STATES = ['queued', 'running', 'retrying', 'succeeded', 'failed', 'cancelled'] as const;
export type TrainingJobState = (typeof TRAINING_JOB_STATES)[number];
export const FINAL_JOB_STATES: ReadonlySet<TrainingJobState> = new Set(['succeeded', 'failed', 'cancelled']);

/** Most GPUs one job may ask for (one queue per count, so a worker claims only what it can hold). */
export const MAX_JOB_GPUS = 16;

const paramKey = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,249}$/, 'letters, digits, _ . - (up to 250), starting with a letter or _');
const envKey = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,249}$/, 'an environment variable name');

export const submitTrainingJobSchema = z.strictObject({
  name: z.string().trim().min(1).max(250),
  /** The program and its arguments; `{param}` in an argument is replaced by that param's value. */
  command: z.array(z.string().min(1).max(10_000)).min(1).max(1000),
  params: z.record(paramKey, z.string().max(6000)).default({}),
  env: z.record(envKey, z.string().max(32_768)).default({}),
  /** The run's experiment (created when missing); "Default" when absent. */
  experiment: z.string().trim().min(1).max(500).optional(),
  gpus: z.number().int().min(0).max(MAX_JOB_GPUS).default(0),
  cpus: z.number().int().min(1).max(1024).default(1),
  memoryMb: z.number().int().min(1).max(16_777_216).optional(),
  /** Extra attempts after a failure (non-zero exit, timeout, lost worker). */
  retries: z.number().int().min(0).max(20).default(0),
  /** Before retry n: backoffSec × 2^(n−1). */
  backoffSec: z.number().min(0).max(3600).default(5),
  timeoutSec: z.number().int().min(1).max(30 * 86_400).default(86_400),
  /** Working folder of the command on the worker. */
  cwd: z.string().min(1).max(4096).optional(),
});
export type SubmitTrainingJobInput = z.input<typeof submitTrainingJobSchema>;
export type SubmitTrainingJob = z.output<typeof submitTrainingJobSchema>;

export interface TrainingJob {
  id: string;
  name: string;
  state: TrainingJobState;
  command: string[];
  params: Record<string, string>;
  env: Record<string, string>;
  experimentId: string;
  runId: string;
  gpus: number;
  cpus: number;
  memoryMb: number | null;
  retries: number;
  backoffSec: number;
  timeoutSec: number;
  cwd: string | null;
  /** Attempts started so far (0 while first queued). */
  attempt: number;
  maxAttempts: number;
  exitCode: number | null;
  /** Why the last attempt failed, or why no worker took it yet. */
  error: string | null;
  /** The worker of the current or last attempt. */
  worker: string | null;
  cancelRequested: boolean;
  /** The queue's id of the current delivery. */
  queueJobId: string;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export const listTrainingJobsQuery = z.strictObject({
  state: z.enum(TRAINING_JOB_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type ListTrainingJobsQuery = z.input<typeof listTrainingJobsQuery>;

export const RUN_LOG_STREAMS = ['stdout', 'stderr', 'system'] as const;
export type RunLogStream = (typeof RUN_LOG_STREAMS)[number];

export interface RunLogLine {
  seq: number;
  stream: RunLogStream;
  text: string;
  timestamp: number;
}

export const runLogsQuery = z.strictObject({
  /** Lines after this sequence number (0 = from the start). */
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

export interface WorkerResources {
  cpus: number;
  memoryMb: number;
  gpus: { index: number; name: string; memoryMb: number }[];
}

export interface TrainingWorkerInfo {
  id: string;
  host: string;
  resources: WorkerResources;
  /** Jobs running on it now. */
  running: string[];
  lastSeen: number;
}
