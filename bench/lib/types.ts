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
}

/** A failure the runner reports as a one-line message and a non-zero exit, without a stack trace. */
export class BenchError extends Error {
  override name = 'BenchError';
}
