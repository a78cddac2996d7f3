/** What one measured load run produced. Latencies are in milliseconds, as autocannon reports them. */
export interface LoadStats {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  bytesPerSec: number;
  requests: number;
  /** Socket errors, timeouts and responses whose status was not the expected one. */
  failures: number;
}

/** One case (server × route) across all rounds; the headline numbers are the per-metric medians. */
export interface CaseResult {
  name: string;
  server: string;
  route: string;
  median: LoadStats;
  rounds: LoadStats[];
}

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  node: string;
  platform: string;
  totalMemGiB: number;
}

export interface BenchOptions {
  durationSec: number;
  warmupSec: number;
  connections: number;
  rounds: number;
}

export interface SuiteResult {
  suite: string;
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  options: BenchOptions;
  cases: CaseResult[];
  /** Human lines printed under the table (ratios, caveats). */
  notes: string[];
  /** Pass/fail goals (floors a suite must meet), printed as their own table. */
  goals?: GoalResult[];
}

/** One goal of a suite, e.g. "log-batch over HTTP ≤ 2× raw SQLite". */
export interface GoalResult {
  name: string;
  /** The measured number in the goal's unit (ms, ×, points/s). */
  value: number;
  /** As shown: "1.42× (2.10 ms vs 1.48 ms)". */
  measured: string;
  /** As shown: "≤ 2×". */
  goal: string;
  pass: boolean;
  /** Every repeat's raw number, for the JSON file. */
  samples: number[];
}

/** A failure the runner reports as a one-line message and a non-zero exit, without a stack trace. */
export class BenchError extends Error {
  override name = 'BenchError';
}
