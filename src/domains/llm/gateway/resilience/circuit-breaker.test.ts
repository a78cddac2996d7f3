import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../core/clock.js';
import { CircuitBreaker } from './circuit-breaker.js';

const policy = { windowMs: 60_000, minRequests: 5, failureRate: 0.5, cooldownMs: 30_000 };

describe('CircuitBreaker', () => {
  it('opens at ≥5 requests with ≥50% failures in 60 s, cools down 30 s, then closes after a good probe', () => {
    const clock = fixedClock(1_000_000);
    const b = new CircuitBreaker(policy, clock);
    b.onSuccess();
    b.onSuccess();
    b.onFailure();
    b.onFailure();
    expect(b.state).toBe('closed'); // 4 requests: below the minimum
    b.onFailure(); // 3 of 5 failed
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBe(false);
    clock.advance(29_999);
    expect(b.tryAcquire()).toBe(false);
    clock.advance(1);
    expect(b.state).toBe('half-open');
    expect(b.tryAcquire()).toBe(true); // the one probe
    expect(b.tryAcquire()).toBe(false); // nobody else while it runs
    b.onSuccess();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
  });

  it('a failed probe cools down again; a released probe lets another try', () => {
    const clock = fixedClock(0);
    const b = new CircuitBreaker(policy, clock);
    for (let i = 0; i < 5; i++) b.onFailure();
    clock.advance(30_000);
    expect(b.tryAcquire()).toBe(true);
    b.onFailure();
    expect(b.state).toBe('open');
    expect(b.cooldownUntil).toBe(60_000);
    clock.advance(30_000);
    expect(b.tryAcquire()).toBe(true);
    b.release();
    expect(b.tryAcquire()).toBe(true);
  });

  it('forgets failures older than the window', () => {
    const clock = fixedClock(0);
    const b = new CircuitBreaker(policy, clock);
    for (let i = 0; i < 4; i++) b.onFailure();
    clock.advance(61_000);
    b.onFailure();
    expect(b.state).toBe('closed');
    for (let i = 0; i < 6; i++) b.onSuccess();
    for (let i = 0; i < 5; i++) b.onFailure(); // 6 failures of 12 in the window: 50%
    expect(b.state).toBe('open');
  });
});
