/**
 * Keeps every response time as a float. autocannon's own histogram counts whole milliseconds,
 * which turns a 0.4 ms p50 into "0" or "1": too coarse to compare frameworks on loopback.
 */
export class LatencyRecorder {
  private samples = new Float64Array(1 << 16);
  private count = 0;

  record(ms: number): void {
    if (this.count === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.count++] = ms;
  }

  /** Nearest-rank percentiles, each p in [0, 100]; one sort for all of them. */
  percentiles(ps: readonly number[]): number[] {
    if (this.count === 0) return ps.map(() => Number.NaN);
    const sorted = this.samples.slice(0, this.count).sort();
    return ps.map((p) => sorted[Math.min(this.count - 1, Math.max(0, Math.ceil((p / 100) * this.count) - 1))] as number);
  }
}
