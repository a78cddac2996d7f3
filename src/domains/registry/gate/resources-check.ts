/**
 * Resources: the model file's size and the peak memory it took to load and predict.
 *
 * Peak memory is the growth of the process's resident set size (RSS) over its value
 * just before loading, sampled on a timer and after every step. It is approximate:
 * RSS is process-wide, so concurrent requests and garbage collection move it too; the
 * allocator keeps pages it freed, so memory reused from an earlier model is not counted
 * again; and a peak shorter than the sampling interval inside a native call can be
 * missed. It is a guard against a model that needs gigabytes, not a precise profile.
 */
import { cannotRun, finite, type Outcome } from './check-result.js';
import type { GateCheckResult } from './gate.api.js';
import type { ResourcesPolicy } from './gate-policy.schema.js';

export interface MemorySample {
  baselineRss: number;
  peakRss: number;
  peakDeltaBytes: number;
  samples: number;
  intervalMs: number;
}

export class RssSampler {
  private baseline = 0;
  private peak = 0;
  private count = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly intervalMs = 2) {}

  start(): void {
    this.baseline = process.memoryUsage.rss();
    this.peak = this.baseline;
    this.count = 1;
    // unref: a sampler must never keep the process alive.
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Also called after each awaited step, so short runs between timer ticks are seen. */
  sample(): void {
    const rss = process.memoryUsage.rss();
    this.count++;
    if (rss > this.peak) this.peak = rss;
  }

  stop(): MemorySample {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return { baselineRss: this.baseline, peakRss: this.peak, peakDeltaBytes: this.peak - this.baseline, samples: this.count, intervalMs: this.intervalMs };
  }
}

export interface ResourceInputs {
  modelBytes: number;
  memory: Outcome<MemorySample> | null;
}

export function resourcesCheck(policy: ResourcesPolicy, inputs: ResourceInputs): GateCheckResult {
  const threshold: Record<string, unknown> = {};
  if (policy.maxModelBytes !== undefined) threshold.maxModelBytes = policy.maxModelBytes;
  if (policy.maxPeakMemoryBytes !== undefined) threshold.maxPeakMemoryBytes = policy.maxPeakMemoryBytes;
  if (policy.maxPeakMemoryBytes !== undefined && (!inputs.memory || !inputs.memory.ok)) {
    const reason = inputs.memory && !inputs.memory.ok ? inputs.memory.reason : 'memory was not measured';
    return cannotRun('resources', `peak memory could not be measured: ${reason}`, threshold);
  }
  const memory = inputs.memory?.ok ? inputs.memory.value : null;
  const problems: string[] = [];
  if (policy.maxModelBytes !== undefined && inputs.modelBytes > policy.maxModelBytes) {
    problems.push(`model file ${inputs.modelBytes} B > ${policy.maxModelBytes} B`);
  }
  if (policy.maxPeakMemoryBytes !== undefined && memory && memory.peakDeltaBytes > policy.maxPeakMemoryBytes) {
    problems.push(`peak memory +${memory.peakDeltaBytes} B > ${policy.maxPeakMemoryBytes} B`);
  }
  const measured = { modelBytes: inputs.modelBytes, peakMemoryBytes: memory ? finite(memory.peakDeltaBytes) : null };
  const evidence = {
    modelBytes: inputs.modelBytes,
    ...(memory ? { memory: { ...memory, method: 'RSS growth over the pre-load baseline while loading and predicting; approximate (process-wide)' } } : {}),
  };
  const parts = [`model file ${inputs.modelBytes} B`, ...(memory ? [`peak memory +${memory.peakDeltaBytes} B`] : [])];
  return {
    name: 'resources',
    verdict: problems.length === 0 ? 'pass' : 'fail',
    measured,
    threshold,
    evidence,
    message: problems.length === 0 ? `${parts.join(', ')} within limits` : problems.join('; '),
  };
}
