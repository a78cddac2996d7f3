/**
 * Storage ports of scheduled monitors: the monitors with their schedule, their runs and the
 * per-column time series (MonitorStore), and read access to the serving prediction log with the
 * feedback joined by request id (PredictionLogReader).
 */
import type { ColumnPoint, Monitor, MonitorRun, MonitorRunResult } from './monitor.schema.js';

export interface LoggedPrediction {
  requestId: string;
  model: string;
  version: number;
  arm: string;
  /** JSON of the tensors as served ({name: {type, shape, data}}). */
  inputs: string;
  outputs: string;
  latencyMs: number;
  status: 'ok' | 'error' | 'fallback';
  at: number;
  /** The feedback label as stored (JSON text), null when none arrived yet. */
  label: string | null;
}

export interface PredictionLogReader {
  /** Rows with `from ≤ at < to`, oldest first, at most `limit` (the newest are kept when more). Shadow copies are left out. */
  window(deployment: string, from: number, to: number, limit: number): Promise<LoggedPrediction[]>;
  /** Latency and outcome of the rows with `from ≤ at < to` (the newest `limit`): infrastructure numbers without the payloads. */
  timings(deployment: string, from: number, to: number, limit: number): Promise<Pick<LoggedPrediction, 'latencyMs' | 'status'>[]>;
  /** Rows logged after `after` (exclusive), up to `to`; for count windows. */
  countBetween(deployment: string, after: number, to: number): Promise<number>;
  /** Feedback rows stored after `since` for predictions with `from ≤ at < to` (is a window worth measuring again?). */
  feedbackSince(deployment: string, from: number, to: number, since: number): Promise<number>;
  /** The newest `n` rows with `at < to`, oldest first. */
  latest(deployment: string, n: number, to: number): Promise<LoggedPrediction[]>;
}

export interface MonitorStore {
  /** ALREADY_EXISTS when the name is taken. */
  create(monitor: Monitor): Promise<void>;
  get(name: string): Promise<Monitor | null>;
  list(): Promise<Monitor[]>;
  /** NOT_FOUND when it is gone. */
  update(monitor: Monitor): Promise<void>;
  /** Removes the monitor with its runs and series. */
  delete(name: string): Promise<boolean>;
  /** Enabled monitors whose `nextRunAt ≤ now`. */
  due(now: number): Promise<Monitor[]>;
  /** Compare-and-set of the schedule: true for the one caller that moved it from `expected` to `next`. */
  advance(name: string, expected: number, next: number): Promise<boolean>;
  /** The run and its column points, in one transaction. */
  insertRun(run: MonitorRun, points: readonly ColumnPoint[]): Promise<void>;
  /** Replaces a run's result (performance re-measured as labels land). */
  updateRunResult(id: string, result: MonitorRunResult, labelledRows: number): Promise<void>;
  getRun(id: string): Promise<MonitorRun | null>;
  /** Newest first. */
  listRuns(monitor: string, opts: { limit: number; before?: number | undefined }): Promise<MonitorRun[]>;
  /** The newest run of each named monitor. */
  latestRuns(monitors: readonly string[]): Promise<Map<string, MonitorRun>>;
  /** The per-column series, oldest first. */
  columnSeries(monitor: string, opts: { column?: string | undefined; from?: number | undefined; to?: number | undefined; limit: number }): Promise<ColumnPoint[]>;
}
