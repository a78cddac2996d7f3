import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../gateway-error.js';
import { retryDelayMs, sleep } from './backoff.js';

const policy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 };

describe('retry delays', () => {
  it('grow exponentially under a cap, with full jitter', () => {
    expect(retryDelayMs(policy, 0, undefined, () => 0.999)).toBe(99);
    expect(retryDelayMs(policy, 2, undefined, () => 0.999)).toBe(399);
    expect(retryDelayMs(policy, 10, undefined, () => 0.999)).toBe(999);
    expect(retryDelayMs(policy, 3, undefined, () => 0)).toBe(0);
  });

  it('honour retry-after, and give up on the target when it is too long', () => {
    expect(retryDelayMs(policy, 0, 2_000)).toBe(2_000);
    expect(retryDelayMs(policy, 0, 6_000)).toBeUndefined();
  });

  it('parse retry-after as seconds, an HTTP date, or retry-after-ms', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs({ 'retry-after': '2' }, now)).toBe(2_000);
    expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }, now)).toBe(3_000);
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMs({}, now)).toBeUndefined();
  });

  it('sleep stops when the client leaves', async () => {
    const ac = new AbortController();
    const slept = sleep(10_000, ac.signal);
    ac.abort(new Error('gone'));
    await expect(slept).rejects.toThrow('gone');
  });
});
