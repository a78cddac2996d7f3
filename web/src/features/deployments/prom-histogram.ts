/**
 * Reads the serving latency histogram out of the Prometheus text of `/metrics`, because
 * `/stats` carries counts but no latency. Buckets are kept per deployment and arm so that
 * the page can take differences between two polls (live p99) or use them as they are (since start).
 */
const DURATION_BUCKET = 'keel_serving_request_duration_seconds_bucket';

/** Cumulative counts by upper bound (seconds), as Prometheus gives them; `Infinity` for `+Inf`. */
export type Buckets = Map<number, number>;

/** `deployment` → `arm` → buckets (versions of one arm summed). */
export type LatencyBuckets = Map<string, Map<string, Buckets>>;

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
    const [, key, raw] = m;
    if (key !== undefined && raw !== undefined) labels[key] = raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

export function parseLatencyBuckets(metrics: string): LatencyBuckets {
  const out: LatencyBuckets = new Map();
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${DURATION_BUCKET}{`)) continue;
    const close = line.lastIndexOf('}');
    const labels = parseLabels(line.slice(DURATION_BUCKET.length + 1, close));
    const value = Number(line.slice(close + 1).trim().split(/\s+/)[0]);
    const { deployment, arm, le } = labels;
    if (deployment === undefined || arm === undefined || le === undefined || !Number.isFinite(value)) continue;
    const bound = le === '+Inf' ? Infinity : Number(le);
    const arms = out.get(deployment) ?? new Map<string, Buckets>();
    out.set(deployment, arms);
    const buckets = arms.get(arm) ?? new Map<number, number>();
    arms.set(arm, buckets);
    buckets.set(bound, (buckets.get(bound) ?? 0) + value);
  }
  return out;
}

/** All arms of a deployment (or one arm) merged into one histogram. */
export function bucketsOf(all: LatencyBuckets, deployment: string, arm?: string): Buckets {
  const merged: Buckets = new Map();
  for (const [name, buckets] of all.get(deployment) ?? []) {
    if (arm !== undefined && name !== arm) continue;
    for (const [le, n] of buckets) merged.set(le, (merged.get(le) ?? 0) + n);
  }
  return merged;
}

/** What arrived between two polls; a counter that went down (server restart) counts from zero. */
export function bucketsDelta(now: Buckets, before: Buckets | undefined): Buckets {
  if (!before) return now;
  const total = (b: Buckets): number => b.get(Infinity) ?? 0;
  if (total(now) < total(before)) return now;
  const out: Buckets = new Map();
  for (const [le, n] of now) out.set(le, n - (before.get(le) ?? 0));
  return out;
}

/** histogram_quantile: linear within the bucket holding the rank; null with no observations. Milliseconds. */
export function quantileMs(buckets: Buckets, q: number): number | null {
  const sorted = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const [le, count] of sorted) {
    if (count >= rank) {
      // The +Inf bucket has no upper edge: answer its lower one, as Prometheus does.
      if (le === Infinity) return prevLe * 1000;
      const inBucket = count - prevCount;
      const fraction = inBucket > 0 ? (rank - prevCount) / inBucket : 1;
      return (prevLe + (le - prevLe) * fraction) * 1000;
    }
    prevLe = le;
    prevCount = count;
  }
  return prevLe * 1000;
}
