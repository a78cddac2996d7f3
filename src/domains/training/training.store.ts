/**
 * The training domain's ports: job records, live run logs and the worker registry (SQL, so
 * workers on other machines share them), and the process launcher that runs a job's command.
 */
import type { RunLogLine, RunLogStream, TrainingJob, TrainingJobState, TrainingWorkerInfo, WorkerResources } from './training-job.schema.js';

export interface TrainingJobStore {
  insert(job: TrainingJob): Promise<void>;
  get(id: string): Promise<TrainingJob | null>;
  /** Newest first. */
  list(opts: { state?: TrainingJobState | undefined; limit: number }): Promise<TrainingJob[]>;
  /**
   * Applies `change` to the stored job in one transaction (row-locked on PostgreSQL) and returns
   * the result; `change` returns null to leave the job as it is.
   */
  update(id: string, change: (job: TrainingJob) => TrainingJob | null): Promise<TrainingJob | null>;
  /** Jobs a worker holds or should hold (running or retrying): reconciled against the queue. */
  listActive(): Promise<TrainingJob[]>;
}

export interface RunLogStore {
  /** Appends lines after the run's last one, numbering them on. */
  append(runId: string, lines: readonly { stream: RunLogStream; text: string; timestamp: number }[]): Promise<void>;
  read(runId: string, opts: { after: number; limit: number }): Promise<RunLogLine[]>;
}

export interface WorkerRegistry {
  heartbeat(info: TrainingWorkerInfo): Promise<void>;
  /** Workers seen within `sinceMs`. */
  list(sinceMs: number): Promise<TrainingWorkerInfo[]>;
}

export interface LaunchSpec {
  command: string;
  args: string[];
  /** Added to the worker's own environment. */
  env: Record<string, string>;
  cwd?: string | undefined;
  onLine(stream: 'stdout' | 'stderr', text: string): void;
}

export interface LaunchedProcess {
  /** Resolves when the process has exited and its output is drained. */
  exited: Promise<{ code: number | null; signal: string | null; spawnError?: string | undefined; notFound?: boolean | undefined }>;
  /** SIGTERM to the process group, then SIGKILL after `graceMs`. */
  kill(graceMs: number): void;
}

export interface ProcessLauncher {
  launch(spec: LaunchSpec): LaunchedProcess;
}

export interface ResourceProbe {
  /** CPUs, memory and GPUs (nvidia-smi when present) of this machine. */
  detect(): Promise<WorkerResources>;
}
