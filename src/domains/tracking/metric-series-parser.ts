import { AppError } from '../../core/errors.js';
import { keyProblem, LIMITS } from './tracking.limits.js';
import type { MetricSeries } from './tracking.schema.js';

/**
 * Validates Keel's columnar metric batch (`logMetricSeriesSchema`) by hand. A 100k-point
 * body is 300k array entries: zod visits each through its generic machinery and builds
 * the output arrays again, which would cost more than parsing the JSON. This walks each
 * column once, checking and copying straight into the Float64Array the store packs, and
 * fails on the first bad entry with its full path (`body.series.0.values.17: expected a
 * number…`), which is the one a zod parse would name first.
 *
 * A column may also be a base64 string of little-endian float64s (see `metricSeriesSchema`):
 * the SDK's form, which skips number↔text conversion (~150 ns per number each way here).
 * Its entries are decoded first and then checked by the same rules as array entries.
 * Columns that already are Float64Arrays (in-process callers, or the service re-checking
 * what the route parsed) are checked and passed on without a copy.
 */
export function parseMetricSeriesBatch(value: unknown, where = 'body'): { series: MetricSeries[] } {
  if (!isRecord(value)) fail(where, 'expected an object');
  for (const k in value) if (k !== 'series') fail(where, `unrecognized key '${k}'`);
  return { series: parseMetricSeriesList(value.series, `${where}.series`) };
}

/** The `series` array alone: what `TrackingApi.logMetricSeries` takes. */
export function parseMetricSeriesList(value: unknown, where = 'series'): MetricSeries[] {
  if (!Array.isArray(value)) fail(where, 'expected an array');
  if (value.length > LIMITS.seriesKeys) fail(where, `at most ${LIMITS.seriesKeys} series per request, got ${value.length}`);
  // The size check comes before any column is read, so an oversized body costs nothing more.
  let total = 0;
  for (const s of value as unknown[]) if (isRecord(s)) total += pointsIn(s.steps);
  if (total > LIMITS.seriesPoints) fail(where, `a columnar batch may hold at most ${LIMITS.seriesPoints} points, got ${total}`);
  const seen = new Set<string>();
  return (value as unknown[]).map((s, i) => {
    const series = parseSeries(s, `${where}.${i}`);
    if (seen.has(series.key)) fail(`${where}.${i}.key`, `'${series.key}' appears in more than one series`);
    seen.add(series.key);
    return series;
  });
}

const SERIES_FIELDS = new Set(['key', 'steps', 'timestamps', 'values']);

function parseSeries(value: unknown, where: string): MetricSeries {
  if (!isRecord(value)) fail(where, 'expected an object');
  for (const k in value) if (!SERIES_FIELDS.has(k)) fail(where, `unrecognized key '${k}'`);
  const { key } = value;
  if (typeof key !== 'string') fail(`${where}.key`, 'expected a string');
  const problem = keyProblem(key);
  if (problem !== null) fail(`${where}.key`, problem);
  const steps = integers(value.steps, `${where}.steps`, -1, Number.MIN_SAFE_INTEGER);
  if (steps.length === 0) fail(`${where}.steps`, 'expected at least one point');
  const timestamps = integers(value.timestamps, `${where}.timestamps`, steps.length, 0);
  const values = metricValues(value.values, `${where}.values`, steps.length);
  return { key, steps, timestamps, values };
}

/** Safe integers ≥ `min` (zod's `.int()` means a safe integer); `length` -1 takes any length. */
function integers(value: unknown, where: string, length: number, min: number): Float64Array<ArrayBuffer> {
  const decoded = typeof value === 'string' ? decodeColumn(value, where, length) : value;
  const n = column(decoded, where, length);
  const src = decoded as ArrayLike<unknown>;
  const out = ownColumn(decoded) ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = src[i];
    if (typeof x !== 'number' || !Number.isSafeInteger(x)) fail(`${where}.${i}`, 'expected an integer');
    if (x < min) fail(`${where}.${i}`, `expected an integer ≥ ${min}`);
    out[i] = x;
  }
  return out;
}

/** Numbers, or the JSON spellings of NaN and ±Infinity. */
function metricValues(value: unknown, where: string, length: number): Float64Array<ArrayBuffer> {
  // Every float64 is a metric value (NaN and ±Infinity included): a decoded column needs no check.
  if (typeof value === 'string') return decodeColumn(value, where, length);
  const n = column(value, where, length);
  const own = ownColumn(value);
  if (own) return own;
  const src = value as ArrayLike<unknown>;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = src[i];
    if (typeof x === 'number') out[i] = x;
    else if (x === 'NaN' || x === 'Infinity' || x === '-Infinity') out[i] = Number(x);
    else fail(`${where}.${i}`, 'expected a number or "NaN", "Infinity", "-Infinity"');
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;
const NOT_BASE64 = 'expected an array, or a base64 string of little-endian float64s';

/** A base64 column: `length` float64s, little-endian (-1: any whole number of them). */
function decodeColumn(text: string, where: string, length: number): Float64Array<ArrayBuffer> {
  if (text.length % 4 !== 0) fail(where, NOT_BASE64);
  const bytes = Buffer.from(text, 'base64');
  // Buffer.from skips characters outside the alphabet (a regex over the text cost more than the
  // whole decode): any skipped one leaves fewer bytes than the length promises, so it is refused
  // rather than shifting every value after it. The URL-safe alphabet (- _) decodes the same and is accepted.
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (bytes.length !== (text.length / 4) * 3 - padding) fail(where, NOT_BASE64);
  if (bytes.length % 8 !== 0) fail(where, `expected whole float64s (8 bytes each), got ${bytes.length} bytes`);
  const n = bytes.length / 8;
  if (length >= 0 && n !== length) fail(where, `expected ${length} entries (one per step), got ${n}`);
  // A copy into a fresh, aligned buffer: the decoded one may sit at any offset of a shared pool.
  const out = new Float64Array(n);
  new Uint8Array(out.buffer).set(bytes);
  if (!LITTLE_ENDIAN) Buffer.from(out.buffer).swap64();
  return out;
}

/** A Float64Array the caller passed in, used as it is (a SharedArrayBuffer view is copied like an array). */
function ownColumn(value: unknown): Float64Array<ArrayBuffer> | null {
  return value instanceof Float64Array && value.buffer instanceof ArrayBuffer ? (value as Float64Array<ArrayBuffer>) : null;
}

function column(value: unknown, where: string, length: number): number {
  if (!isArrayLike(value)) fail(where, 'expected an array');
  if (length >= 0 && value.length !== length) fail(where, `expected ${length} entries (one per step), got ${value.length}`);
  return value.length;
}

/** Entries of a column before decoding it: a base64 string's length gives its float64 count. */
function pointsIn(column: unknown): number {
  if (typeof column === 'string') return Math.floor(((column.length / 4) * 3) / 8);
  return isArrayLike(column) ? column.length : 0;
}

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || v instanceof Float64Array;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Float64Array);
}

function fail(path: string, message: string): never {
  throw AppError.invalid(`${path}: ${message}`, [{ path, message }]);
}
