import { describe, expect, it } from 'vitest';
import { bucketsDelta, bucketsOf, parseLatencyBuckets, quantileMs } from './prom-histogram.js';

const TEXT = `# HELP keel_serving_request_duration_seconds x
# TYPE keel_serving_request_duration_seconds histogram
keel_serving_request_duration_seconds_bucket{le="0.001",deployment="iris",version="1",arm="stable"} 90
keel_serving_request_duration_seconds_bucket{le="0.01",deployment="iris",version="1",arm="stable"} 100
keel_serving_request_duration_seconds_bucket{le="+Inf",deployment="iris",version="1",arm="stable"} 100
keel_serving_request_duration_seconds_bucket{le="0.001",deployment="iris",version="2",arm="canary"} 0
keel_serving_request_duration_seconds_bucket{le="0.01",deployment="iris",version="2",arm="canary"} 10
keel_serving_request_duration_seconds_bucket{le="+Inf",deployment="iris",version="2",arm="canary"} 10
keel_serving_request_duration_seconds_sum{deployment="iris",version="1",arm="stable"} 0.05
keel_serving_requests_total{deployment="iris",model="m",version="1",arm="stable",outcome="ok"} 100
`;

describe('latency from the Prometheus histogram', () => {
  const all = parseLatencyBuckets(TEXT);

  it('keeps buckets per deployment and arm', () => {
    expect(bucketsOf(all, 'iris', 'canary').get(0.01)).toBe(10);
    expect(bucketsOf(all, 'iris').get(Infinity)).toBe(110);
    expect(bucketsOf(all, 'other').size).toBe(0);
  });

  it('interpolates quantiles like histogram_quantile, in ms', () => {
    // rank 0.5·100 = 50 of 90 in the first bucket [0, 1 ms]
    expect(quantileMs(bucketsOf(all, 'iris', 'stable'), 0.5)).toBeCloseTo(50 / 90, 6);
    // rank 99 → second bucket (1 ms, 10 ms]: 9/10 of the way
    expect(quantileMs(bucketsOf(all, 'iris', 'stable'), 0.99)).toBeCloseTo(1 + 9 * 0.9, 6);
    expect(quantileMs(new Map(), 0.99)).toBeNull();
  });

  it('takes differences between polls, restarting on a counter reset', () => {
    const before = new Map([[0.01, 5], [Infinity, 5]]);
    const now = new Map([[0.01, 8], [Infinity, 9]]);
    expect([...bucketsDelta(now, before)]).toEqual([[0.01, 3], [Infinity, 4]]);
    expect(bucketsDelta(before, now)).toBe(before);
  });
});
