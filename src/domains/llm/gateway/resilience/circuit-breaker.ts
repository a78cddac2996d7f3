import type { Clock } from '../../../../core/clock.js';
import type { CircuitBreakerPolicy } from '../../../../core/gateway-config.js';

const BUCKETS = 10;

/**
 * Cooldown per target. Outcomes are counted in BUCKETS time slices covering
 * `windowMs` (a ring, so recording is O(1) and allocation-free); when the window
 * holds at least `minRequests` and the failure share reaches `failureRate`, the
 * target is cooled down for `cooldownMs`. After that one probe request is let
 * through (half-open): success closes the breaker, failure cools it down again.
 */
export class CircuitBreaker {
  private readonly starts = new Float64Array(BUCKETS);
  private readonly okCounts = new Uint32Array(BUCKETS);
  private readonly failCounts = new Uint32Array(BUCKETS);
  private readonly bucketMs: number;
  private openUntil = 0;
  private probing = false;

  constructor(
    private policy: CircuitBreakerPolicy,
    private readonly clock: Clock,
  ) {
    this.bucketMs = Math.max(1, Math.ceil(policy.windowMs / BUCKETS));
    this.starts.fill(-Infinity);
  }

  /** A new config keeps the counts; only the thresholds change. */
  setPolicy(policy: CircuitBreakerPolicy): void {
    this.policy = policy;
  }

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openUntil === 0) return 'closed';
    return this.clock.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** Epoch ms when a cooled-down target may be tried again; 0 when closed. */
  get cooldownUntil(): number {
    return this.openUntil;
  }

  /** Whether a request may go to this target now. Claims the single probe when half-open. */
  tryAcquire(): boolean {
    if (this.openUntil === 0) return true;
    if (this.clock.now() < this.openUntil || this.probing) return false;
    this.probing = true;
    return true;
  }

  /** The request ended without a verdict (the client left): another may probe. */
  release(): void {
    this.probing = false;
  }

  onSuccess(): void {
    if (this.openUntil !== 0) {
      this.openUntil = 0;
      this.probing = false;
      this.reset();
    }
    this.bump(this.okCounts);
  }

  onFailure(): void {
    const now = this.clock.now();
    if (this.openUntil !== 0) {
      // The probe failed (or a request that started before the trip): cool down again.
      this.openUntil = now + this.policy.cooldownMs;
      this.probing = false;
      return;
    }
    this.bump(this.failCounts);
    let ok = 0;
    let failed = 0;
    const since = now - this.policy.windowMs;
    for (let i = 0; i < BUCKETS; i++) {
      if ((this.starts[i] as number) > since) {
        ok += this.okCounts[i] as number;
        failed += this.failCounts[i] as number;
      }
    }
    if (ok + failed >= this.policy.minRequests && failed / (ok + failed) >= this.policy.failureRate) {
      this.openUntil = now + this.policy.cooldownMs;
      this.reset();
    }
  }

  private bump(counts: Uint32Array): void {
    const now = this.clock.now();
    const slot = Math.floor(now / this.bucketMs);
    const i = slot % BUCKETS;
    const start = slot * this.bucketMs;
    if (this.starts[i] !== start) {
      this.starts[i] = start;
      this.okCounts[i] = 0;
      this.failCounts[i] = 0;
    }
    counts[i] = (counts[i] as number) + 1;
  }

  private reset(): void {
    this.starts.fill(-Infinity);
    this.okCounts.fill(0);
    this.failCounts.fill(0);
  }
}
