import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { MetricBatcher } from './metric-batcher.js';

interface Body {
  metrics: { key: string; value: number | string; timestamp: number; step: number }[];
  params?: { key: string; value: string }[];
  tags?: { key: string; value: string }[];
}

/** A send() that records bodies, answering after `delayMs`, failing per `fail(callIndex)`. */
function recorder(opts: { delayMs?: number; fail?: (call: number) => unknown } = {}) {
  const bodies: Body[] = [];
  let calls = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const send = async (json: string): Promise<void> => {
    const call = calls++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, opts.delayMs ?? 1));
    inFlight--;
    const err = opts.fail?.(call);
    if (err) throw err;
    bodies.push(JSON.parse(json) as Body);
  };
  return { send, bodies, calls: () => calls, maxInFlight: () => maxInFlight };
}

describe('MetricBatcher', () => {
  it('flushes 2500 points as ≤1000-point batches that together keep every point in order', async () => {
    const r = recorder({ delayMs: 5 });
    const b = new MetricBatcher({ send: r.send, flushIntervalMs: 0, now: () => 42 });
    for (let i = 0; i < 2500; i++) b.logMetric('loss', 1 / (i + 1), i);
    // Two full batches left on their own; the rest waits for flush.
    expect(b.buffered).toBe(500);
    await b.flush();
    expect(r.bodies.map((x) => x.metrics.length).sort()).toEqual([1000, 1000, 500]);
    const steps = r.bodies.flatMap((x) => x.metrics.map((m) => m.step)).sort((a, c) => a - c);
    expect(steps).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    for (const body of r.bodies) {
      const s = body.metrics.map((m) => m.step);
      expect(s).toEqual([...s].sort((a, c) => a - c));
    }
    expect(r.bodies[0]?.metrics[0]).toEqual({ key: 'loss', value: 1, timestamp: 42, step: 0 });
    expect(b.sent).toBe(2500);
    expect(b.idle).toBe(true);
  });

  it('keeps at most maxInFlight batches on the wire', async () => {
    const r = recorder({ delayMs: 10 });
    const b = new MetricBatcher({ send: r.send, flushIntervalMs: 0, maxInFlight: 3 });
    for (let i = 0; i < 10_000; i++) b.logMetric('m', i, i);
    await b.flush();
    expect(r.calls()).toBe(10);
    expect(r.maxInFlight()).toBe(3);
  });

  it('writes NaN and ±Infinity as the strings the API takes', async () => {
    const r = recorder();
    const b = new MetricBatcher({ send: r.send, flushIntervalMs: 0 });
    b.logMetric('val loss/x', Number.NaN);
    b.logMetric('inf', Number.POSITIVE_INFINITY, 1);
    b.logMetric('inf', Number.NEGATIVE_INFINITY, 2);
    b.logMetric('tiny', -1e-300, 3);
    await b.flush();
    expect(r.bodies[0]?.metrics.map((m) => [m.key, m.value])).toEqual([
      ['val loss/x', 'NaN'],
      ['inf', 'Infinity'],
      ['inf', '-Infinity'],
      ['tiny', -1e-300],
    ]);
  });

  it('refuses a bad key or value synchronously, before anything is sent', () => {
    const b = new MetricBatcher({ send: async () => undefined, flushIntervalMs: 0 });
    expect(() => b.logMetric('../etc', 1)).toThrow(/invalid key/);
    expect(() => b.logMetric('ok', '1' as unknown as number)).toThrow(/must be a number/);
    expect(() => b.logMetric('ok', 1, 1.5)).toThrow(/step must be an integer/);
    expect(b.buffered).toBe(0);
  });

  it('retries a batch on UNAVAILABLE (503) and delivers it once', async () => {
    const r = recorder({ fail: (call) => (call < 2 ? new AppError('UNAVAILABLE', 'draining') : undefined) });
    const b = new MetricBatcher({ send: r.send, flushIntervalMs: 0 });
    b.logMetric('loss', 0.5, 0);
    await b.flush();
    expect(r.calls()).toBe(3);
    expect(r.bodies).toHaveLength(1);
  });

  it('does not retry a refused batch, and flush() reports it once', async () => {
    const errors: unknown[] = [];
    const r = recorder({ fail: (call) => (call === 0 ? new AppError('INVALID_ARGUMENT', "param 'lr' already logged with another value") : undefined) });
    const b = new MetricBatcher({ send: r.send, flushIntervalMs: 0, onError: (e) => errors.push(e) });
    b.logParam('lr', '0.2');
    await expect(b.flush()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(r.calls()).toBe(1);
    expect(errors).toHaveLength(1);
    b.logMetric('loss', 1);
    await expect(b.flush()).resolves.toBeUndefined();
  });

  it('sends params and tags with the points that fit, last tag value winning', async () => {
    const r = recorder();
    const b = new MetricBatcher({ send: r.send, flushIntervalMs: 0 });
    b.logParam('lr', '0.1');
    b.setTag('stage', 'a');
    b.setTag('stage', 'b');
    for (let i = 0; i < 5; i++) b.logMetric('loss', i, i);
    await b.flush();
    expect(r.bodies).toHaveLength(1);
    expect(r.bodies[0]).toMatchObject({ params: [{ key: 'lr', value: '0.1' }], tags: [{ key: 'stage', value: 'b' }] });
    expect(r.bodies[0]?.metrics).toHaveLength(5);
  });

  it('a batch with tags waits for the batches before it (tags are last-write-wins)', async () => {
    const order: string[] = [];
    let call = 0;
    const send = async (json: string): Promise<void> => {
      const n = call++;
      // The first (metrics-only) batch is slow; the tag batch after it must still land second.
      await new Promise((r) => setTimeout(r, n === 0 ? 30 : 1));
      order.push(json.includes('"tags"') ? 'tags' : 'metrics');
    };
    const b = new MetricBatcher({ send, flushIntervalMs: 0 });
    for (let i = 0; i < 1000; i++) b.logMetric('m', i, i);
    b.setTag('phase', 'done');
    await b.flush();
    expect(order).toEqual(['metrics', 'tags']);
  });

  it('the timer flushes a partial batch within the interval', async () => {
    const r = recorder();
    const b = new MetricBatcher({ send: r.send, flushIntervalMs: 20 });
    b.logMetric('loss', 1);
    await new Promise((res) => setTimeout(res, 80));
    expect(r.bodies).toHaveLength(1);
    await b.close();
  });
});
