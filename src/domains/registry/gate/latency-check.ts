/**
 * Latency: the gate measures it itself, running the candidate in the model runtime
 * one row per call (what an online request costs), cycling through the evaluation
 * rows after a warm-up that lets the runtime allocate and cache. p99 must be within
 * the policy's limit; p50/p95/p99, mean, max and n are the evidence.
 */
import { performance } from 'node:perf_hooks';
import type { LoadedModel, TensorValue } from '../../../core/ports/model-runtime.js';
import { cannotRun, finite, type Outcome } from './check-result.js';
import type { Row } from './evaluation-data.js';
import type { GateCheckResult } from './gate.api.js';
import type { LatencyPolicy } from './gate-policy.schema.js';
import { percentile } from './metrics.js';
import { buildInputs, type InputBinding } from './model-inputs.js';

export interface LatencySample {
  /** Milliseconds per call, ascending. */
  sortedMs: number[];
  warmup: number;
}

/**
 * Inputs are built before the clock starts, so the timing is the runtime call
 * (tensor conversion + inference), not JSON-to-tensor work the server would do once
 * per request anyway. Calls run one after another: a concurrent load test is serving's job.
 */
export async function measureLatency(model: LoadedModel, bindings: readonly InputBinding[], rows: readonly Row[], policy: LatencyPolicy): Promise<LatencySample> {
  if (rows.length === 0) throw new RangeError('latency needs at least one row');
  const distinct = Math.min(rows.length, policy.runs);
  const inputs: Record<string, TensorValue>[] = [];
  for (let i = 0; i < distinct; i++) inputs.push(buildInputs(bindings, rows.slice(i, i + 1), i));
  for (let i = 0; i < policy.warmup; i++) await model.run(inputs[i % distinct]!);
  const times = new Array<number>(policy.runs);
  for (let i = 0; i < policy.runs; i++) {
    const input = inputs[i % distinct]!;
    const t0 = performance.now();
    await model.run(input);
    times[i] = performance.now() - t0;
  }
  return { sortedMs: times.sort((a, b) => a - b), warmup: policy.warmup };
}

export function latencyCheck(policy: LatencyPolicy, sample: Outcome<LatencySample>): GateCheckResult {
  const threshold = { maxP99Ms: policy.maxP99Ms };
  if (!sample.ok) return cannotRun('latency', sample.reason, threshold);
  const s = sample.value.sortedMs;
  const p99 = percentile(s, 0.99)!;
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const measured = { p50Ms: finite(percentile(s, 0.5)), p95Ms: finite(percentile(s, 0.95)), p99Ms: finite(p99), n: s.length };
  const evidence = {
    ...measured,
    meanMs: finite(mean),
    minMs: finite(s[0]),
    maxMs: finite(s[s.length - 1]),
    warmup: sample.value.warmup,
    method: 'sequential single-row calls on the evaluation rows, nearest-rank percentiles',
  };
  const passed = p99 <= policy.maxP99Ms;
  return {
    name: 'latency',
    verdict: passed ? 'pass' : 'fail',
    measured,
    threshold,
    evidence,
    message: `p99 ${finite(p99, 3)} ms over ${s.length} single-row calls ${passed ? '≤' : '>'} limit ${policy.maxP99Ms} ms`,
  };
}
