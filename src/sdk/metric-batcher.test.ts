import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { parseMetricSeriesBatch } from '../domains/tracking/metric-series-parser.js';
import { LIMITS } from '../domains/tracking/tracking.limits.js';
import { MetricBatcher, type BatchRoute } from './metric-batcher.js';

interface Point {
  key: string;
  value: number | string;
  timestamp: number;
  step: number;
}

interface Body {
  route: BatchRoute;
  /** The points of a columnar batch, series after series (empty for a log-batch). */
  metrics: Point[];
  params?: { key: string; value: string }[];
  tags?: { key: string; value: string }[];
}

type Column = (number | string)[] | string;
type Wire = { series?: { key: string; steps: Column; timestamps: Column; values: Column }[]; params?: Body['params']; tags?: Body['tags'] };

/** A column as the server reads it: a JSON array, or base64 of little-endian float64s. */
function column(c: Column): (number | string)[] {
  if (Array.isArray(c)) return c;
  const bytes = Buffer.from(c, 'base64');
  return [...new Float64Array(new Uint8Array(bytes).buffer)];
}

/** A request body back as points (columnar) or params/tags (log-batch). */
function decode(json: string, route: BatchRoute): Body {
  const wire = JSON.parse(json) as Wire;
  const metrics = (wire.series ?? []).flatMap((s) => {
    const [steps, times, values] = [column(s.steps), column(s.timestamps), column(s.values)];
    return steps.map((step, i) => ({ key: s.key, value: values[i] as number | string, timestamp: times[i] as number, step: step as number }));
  });
  return { route, metrics, ...(wire.params ? { params: wire.params } : {}), ...(wire.tags ? { tags: wire.tags } : {}) };
}

/** A send() that records bodies, answering after `delayMs`, failing per `fail(callIndex)`. */
function recorder(opts: { delayMs?: number; fail?: (call: number) => unknown } = {}) {
  const bodies: Body[] = [];
  let calls = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const send = async (json: string, route: BatchRoute): Promise<void> => {
    const call = calls++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, opts.delayMs ?? 1));
    inFlight--;
    const err = opts.fail?.(call);
    if (err) throw err;
    bodies.push(decode(json, route));
  };
  return { send, bodies, calls: () => calls, maxInFlight: () => maxInFlight };
}

describe('MetricBatcher', () => {
  it('flushes 2500 points as batches of batchSize points that together keep every point in order', async () => {
    const r = recorder({ delayMs: 5 });
    const b = new MetricBatcher({ send: r.send, flushIntervalMs: 0, now: () => 42, batchSize: 1000 });
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
    const b = new MetricBatcher({ send: r.send, flushIntervalMs: 0, maxInFlight: 3, batchSize: 1000 });
    for (let i = 0; i < 10_000; i++) b.logMetric('m', i, i);
    await b.flush();
    expect(r.calls()).toBe(10);
    expect(r.maxInFlight()).toBe(3);
  });

  it('writes NaN and ±Infinity as the strings the API takes when columns are JSON arrays', async () => {
    const r = recorder();
    const b = new MetricBatcher({ send: r.send, flushIntervalMs: 0, encoding: 'json' });
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

  it('sends params and tags as a log-batch and the points as a columnar batch, last tag value winning', async () => {
    const r = recorder();
    const b = new MetricBatcher({ send: r.send, flushIntervalMs: 0 });
    b.logParam('lr', '0.1');
    b.setTag('stage', 'a');
    b.setTag('stage', 'b');
    for (let i = 0; i < 5; i++) b.logMetric('loss', i, i);
    await b.flush();
    expect(r.bodies).toHaveLength(2);
    expect(r.bodies.find((x) => x.route === 'batch')).toMatchObject({ metrics: [], params: [{ key: 'lr', value: '0.1' }], tags: [{ key: 'stage', value: 'b' }] });
    expect(r.bodies.find((x) => x.route === 'metrics')?.metrics).toHaveLength(5);
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
    const b = new MetricBatcher({ send, flushIntervalMs: 0, batchSize: 1000 });
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

  it('groups points by key into one series each, in the order keys were first seen, base64 by default', async () => {
    const r = recorder();
    const jsons: string[] = [];
    const b = new MetricBatcher({ send: async (json, route) => (jsons.push(json), r.send(json, route)), flushIntervalMs: 0, now: () => 1_764_000_000_000 });
    for (let step = 0; step < 3; step++) {
      b.logMetric('loss', step === 1 ? Number.NaN : 1 / (step + 1), step);
      b.logMetric('acc', step === 2 ? -Infinity : step / 10, step);
    }
    await b.flush();
    const wire = JSON.parse(jsons[0] as string) as { series: { key: string; values: unknown }[] };
    expect(wire.series.map((x) => x.key)).toEqual(['loss', 'acc']);
    expect(typeof wire.series[0]?.values).toBe('string');
    expect(r.bodies[0]?.metrics.filter((m) => m.key === 'loss').map((m) => m.value)).toEqual([1, Number.NaN, 1 / 3]);
    expect(r.bodies[0]?.metrics.filter((m) => m.key === 'acc').map((m) => [m.step, m.value, m.timestamp])).toEqual([
      [0, 0, 1_764_000_000_000],
      [1, 0.1, 1_764_000_000_000],
      [2, -Infinity, 1_764_000_000_000],
    ]);
  });

  it('writes bodies the server reads back to the same columns, in both spellings', async () => {
    const bodies: Record<string, string> = {};
    for (const encoding of ['base64', 'json'] as const) {
      let t = 1_764_000_000_000;
      const b = new MetricBatcher({ send: async (json) => void (bodies[encoding] = json), flushIntervalMs: 0, encoding, now: () => t++ });
      for (let i = 0; i < 500; i++) b.logMetric(`k${i % 3}`, i % 7 === 0 ? Number.NaN : Math.sin(i) * 1e-300, i - 100);
      b.logMetric('k0', Infinity, 10_000);
      await b.flush();
    }
    const read = (json: string | undefined) => parseMetricSeriesBatch(JSON.parse(json as string)).series.map((x) => ({ key: x.key, steps: [...x.steps], timestamps: [...x.timestamps], values: [...x.values] }));
    expect(read(bodies.json)).toEqual(read(bodies.base64));
    expect(read(bodies.json).map((x) => x.steps.length)).toEqual([168, 167, 166]);
  });

  it('cuts a columnar batch every batchSize points (50,000 by default), never past the server limit', async () => {
    const r = recorder();
    const b = new MetricBatcher({ send: r.send, flushIntervalMs: 0 });
    for (let i = 0; i < 110_000; i++) b.logMetric(`m${i % 10}`, i, i);
    expect(b.buffered).toBe(10_000);
    await b.flush();
    expect(r.bodies.map((x) => x.metrics.length).sort((x, y) => y - x)).toEqual([50_000, 50_000, 10_000]);
    expect(b.sent).toBe(110_000);
    const capped = new MetricBatcher({ send: r.send, flushIntervalMs: 0, batchSize: 10 * LIMITS.seriesPoints });
    for (let i = 0; i < LIMITS.seriesPoints; i++) capped.logMetric('m', i, i);
    expect(capped.buffered).toBe(0);
    await capped.flush();
  });
});
