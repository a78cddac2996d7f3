import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { parseInput } from '../../core/validation.js';
import { parseMetricSeriesBatch, parseMetricSeriesList } from './metric-series-parser.js';
import { LIMITS, logMetricSeriesSchema } from './tracking.schema.js';

const T = 1_750_000_000_000;
const b64 = (xs: number[]): string => Buffer.from(new Float64Array(xs).buffer).toString('base64');
const series = (key: string, n: number, first = 0) => ({
  key,
  steps: Array.from({ length: n }, (_, i) => first + i),
  timestamps: Array.from({ length: n }, (_, i) => T + first + i),
  values: Array.from({ length: n }, (_, i) => (first + i) / 7),
});

/** The error a parse raises, or null when it passes. */
function errorOf(parse: () => unknown): { message: string; fields: unknown } | null {
  try {
    parse();
    return null;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    expect(err.code).toBe('INVALID_ARGUMENT');
    return { message: err.message, fields: err.details?.fields };
  }
}

const asArrays = (out: { series: { key: string; steps: Float64Array; timestamps: Float64Array; values: Float64Array }[] }) =>
  out.series.map((s) => ({ key: s.key, steps: [...s.steps], timestamps: [...s.timestamps], values: [...s.values] }));

describe('parseMetricSeriesBatch', () => {
  it('builds float64 columns from JSON arrays, reading the three spellings of non-finite values', () => {
    const out = parseMetricSeriesBatch({ series: [{ key: 'loss', steps: [0, 1, 2, -3], timestamps: [T, T, T + 1, 0], values: [0.5, 'NaN', 'Infinity', '-Infinity'] }] });
    expect(out.series[0]?.steps).toBeInstanceOf(Float64Array);
    expect(asArrays(out)).toEqual([{ key: 'loss', steps: [0, 1, 2, -3], timestamps: [T, T, T + 1, 0], values: [0.5, Number.NaN, Infinity, -Infinity] }]);
  });

  it('reads base64 float64 columns (NaN and ±Infinity as they are) exactly as the same arrays', () => {
    const plain = series('acc', 1000);
    const values = [...plain.values.slice(0, 997), Number.NaN, Infinity, -Infinity];
    const packed = { key: 'acc', steps: b64(plain.steps), timestamps: b64(plain.timestamps), values: b64(values) };
    expect(asArrays(parseMetricSeriesBatch({ series: [packed] }))).toEqual([{ ...plain, values }]);
    // Mixed spellings in one series are fine too.
    expect(asArrays(parseMetricSeriesBatch({ series: [{ ...plain, values: b64(plain.values) }] }))).toEqual([plain]);
  });

  it('passes Float64Array columns through without copying (the service re-checks what the route parsed)', () => {
    const steps = new Float64Array([1, 2]);
    const [s] = parseMetricSeriesList([{ key: 'k', steps, timestamps: new Float64Array([T, T]), values: new Float64Array([Number.NaN, 1]) }]);
    expect(s?.steps).toBe(steps);
    expect(errorOf(() => parseMetricSeriesList([{ key: 'k', steps: new Float64Array([1.5]), timestamps: [T], values: [1] }]))?.message).toBe('series.0.steps.0: expected an integer');
  });

  it.each<[string, unknown, string]>([
    ['a string value', { series: [{ ...series('loss', 20), values: [...series('loss', 20).values.slice(0, 17), 'x', 1, 2] }] }, 'body.series.0.values.17: expected a number or "NaN", "Infinity", "-Infinity"'],
    ['a fractional step', { series: [series('a', 2), { ...series('b', 3), steps: [0, 1.5, 2] }] }, 'body.series.1.steps.1: expected an integer'],
    ['a negative timestamp', { series: [{ ...series('a', 2), timestamps: [T, -1] }] }, 'body.series.0.timestamps.1: expected an integer ≥ 0'],
    ['columns of different lengths', { series: [{ ...series('a', 3), values: [1, 2] }] }, 'body.series.0.values: expected 3 entries (one per step), got 2'],
    ['an empty series', { series: [{ key: 'a', steps: [], timestamps: [], values: [] }] }, 'body.series.0.steps: expected at least one point'],
    ['a bad key', { series: [{ ...series('a', 1), key: '../x' }] }, 'body.series.0.key: must be a relative path without ..'],
    ['a key twice', { series: [series('a', 1), series('a', 1, 5)] }, "body.series.1.key: 'a' appears in more than one series"],
    ['an unknown field', { series: [{ ...series('a', 1), step: 1 }] }, "body.series.0: unrecognized key 'step'"],
    ['an unknown top-level field', { series: [], runId: 'x' }, "body: unrecognized key 'runId'"],
    ['series not an array', { series: {} }, 'body.series: expected an array'],
    ['a column not an array', { series: [{ ...series('a', 1), values: 1 }] }, 'body.series.0.values: expected an array'],
    ['base64 with a stray character', { series: [{ ...series('a', 1), values: `${b64([1]).slice(0, -1)}!` }] }, 'body.series.0.values: expected an array, or a base64 string of little-endian float64s'],
    ['base64 of the wrong length', { series: [{ ...series('a', 2), values: b64([1]) }] }, 'body.series.0.values: expected 2 entries (one per step), got 1'],
    ['base64 integers that are not', { series: [{ ...series('a', 1), steps: b64([0.5]) }] }, 'body.series.0.steps.0: expected an integer'],
    ['too many points', { series: [series('a', LIMITS.seriesPoints), series('b', 1)] }, `body.series: a columnar batch may hold at most ${LIMITS.seriesPoints} points, got ${LIMITS.seriesPoints + 1}`],
  ])('refuses %s with a 400 naming the field', (_name, body, message) => {
    const err = errorOf(() => parseMetricSeriesBatch(body));
    expect(err?.message).toBe(message);
    expect(err?.fields).toEqual([{ path: message.slice(0, message.indexOf(':')), message: message.slice(message.indexOf(':') + 2) }]);
  });

  it('accepts and refuses what the documented zod schema accepts and refuses', () => {
    const bodies: unknown[] = [
      { series: [] },
      { series: [series('a', 5), series('b', 3)] },
      { series: [{ ...series('a', 2), values: ['NaN', '-Infinity'] }] },
      { series: [{ key: 'a', steps: b64([1, 2]), timestamps: b64([T, T]), values: b64([Number.NaN, 2]) }] },
      { series: [{ ...series('a', 2), values: ['nan', 1] }] },
      { series: [{ ...series('a', 2), steps: [1, 2.5] }] },
      { series: [{ ...series('a', 2), timestamps: [T] }] },
      { series: [{ key: 'a', steps: [], timestamps: [], values: [] }] },
      { series: [series('a', 1), series('a', 1)] },
      { series: [{ ...series('a', 1), extra: true }] },
      { series: [{ ...series('a', 1), values: 'not base64!' }] },
      { series: [{ ...series('a', 1), steps: b64([0.5]) }] },
      { other: 1 },
      null,
    ];
    for (const body of bodies) {
      const ours = errorOf(() => parseMetricSeriesBatch(body));
      const zods = errorOf(() => parseInput(logMetricSeriesSchema, body));
      expect({ body, accepted: ours === null }).toEqual({ body, accepted: zods === null });
      if (ours === null) expect(asArrays(parseMetricSeriesBatch(body))).toEqual(asArrays(parseInput(logMetricSeriesSchema, body)));
    }
  });
});
