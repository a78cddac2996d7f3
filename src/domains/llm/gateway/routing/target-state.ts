import type { Clock } from '../../../../core/clock.js';
import type { CircuitBreakerPolicy } from '../../../../core/gateway-config.js';
import { CircuitBreaker } from '../resilience/circuit-breaker.js';

/** Weight of the newest sample in the latency moving average. */
const EWMA_ALPHA = 0.3;

/**
 * What the gateway has learned about one provider/model pair. Shared by every
 * route that uses the pair and kept across config changes, so editing a route
 * does not forget that a provider is down.
 */
export class TargetState {
  inFlight = 0;
  /** Moving average of time to response headers; NaN until the first success. */
  latencyMs = Number.NaN;
  requests = 0;
  failures = 0;
  readonly breaker: CircuitBreaker;

  constructor(
    readonly key: string,
    policy: CircuitBreakerPolicy,
    clock: Clock,
  ) {
    this.breaker = new CircuitBreaker(policy, clock);
  }

  recordLatency(ms: number): void {
    this.latencyMs = Number.isNaN(this.latencyMs) ? ms : this.latencyMs + EWMA_ALPHA * (ms - this.latencyMs);
  }
}
