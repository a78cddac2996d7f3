import type { Clock } from '../../../core/clock.js';
import type { Arm, CanarySettings } from '../serving.schema.js';
import { armNamed, pickWeighted, type Random, type RouteChoice, type StrategyDecision, type TrafficStrategy } from './traffic-strategy.js';

/**
 * Canary: the `canary` arm gets `steps[step]` percent of traffic. Its outcomes are
 * judged per window: when a window of at least `minRequests` outcomes ends with the
 * error rate and p99 within limits, it moves to the next step (the last step promotes);
 * when either limit is broken, it rolls back at once, without waiting for the window
 * to end, so a bad version sees as little traffic as possible.
 */
export class CanaryStrategy implements TrafficStrategy {
  private readonly stable: Arm;
  private readonly canary: Arm;
  private readonly arms: Arm[];
  private windowStart: number;
  private latencies: number[] = [];
  private errors = 0;
  private decided = false;

  constructor(
    arms: readonly Arm[],
    private readonly settings: CanarySettings,
    readonly step: number,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {
    this.stable = armNamed(arms, 'stable');
    this.canary = armNamed(arms, 'canary');
    const share = (settings.steps[step] ?? 100) / 100;
    this.arms = [
      { ...this.stable, weight: 1 - share },
      { ...this.canary, weight: share },
    ];
    this.windowStart = clock.now();
  }

  get weight(): number {
    return this.settings.steps[this.step] ?? 100;
  }

  choose(): RouteChoice {
    return { arm: pickWeighted(this.arms, this.random()) };
  }

  observe(arm: string, ok: boolean, latencyMs: number): StrategyDecision | undefined {
    if (arm !== 'canary' || this.decided) return undefined;
    this.latencies.push(latencyMs);
    if (!ok) this.errors++;
    const n = this.latencies.length;
    const errorRate = this.errors / n;
    const enough = n >= this.settings.minRequests;
    if (enough && errorRate > this.settings.maxErrorRate) {
      return this.decide({ kind: 'rollback', reason: `canary error rate ${(errorRate * 100).toFixed(1)}% over ${n} requests exceeds ${(this.settings.maxErrorRate * 100).toFixed(1)}%` });
    }
    if (this.clock.now() - this.windowStart < this.settings.windowMs || !enough) return undefined;
    const p99 = percentile(this.latencies, 99);
    if (p99 > this.settings.maxP99Ms) return this.decide({ kind: 'rollback', reason: `canary p99 ${p99.toFixed(1)} ms exceeds ${this.settings.maxP99Ms} ms` });
    const next = this.step + 1;
    if (next >= this.settings.steps.length || (this.settings.steps[this.step] ?? 0) >= 100) return this.decide({ kind: 'promote' });
    return this.decide({ kind: 'step', step: next });
  }

  private decide(d: StrategyDecision): StrategyDecision {
    // One decision per revision: the service replaces this strategy with the next revision's.
    this.decided = true;
    return d;
  }
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
