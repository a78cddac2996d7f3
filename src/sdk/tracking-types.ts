import type { Metric, MetricBucket, Run, RunInfo } from '../domains/tracking/tracking.schema.js';

/*
 * Response shapes of the tracking API that are not zod schemas. They mirror
 * `domains/tracking/tracking.api.ts`, which the SDK may not import: that file
 * names Node stream types, and the SDK must stay loadable in a browser.
 */

/** `keel.runs.compare` result: one column per run, in the order asked. */
export interface RunComparison {
  runs: RunInfo[];
  /** Every param key of any run, with each run's value (null when unset); `differs` when not all equal. */
  params: { key: string; values: (string | null)[]; differs: boolean }[];
  /** Every metric key, with each run's latest value and min/max over its history. */
  metrics: { key: string; latest: (number | null)[]; min: (number | null)[]; max: (number | null)[] }[];
}

export interface MetricHistoryPage {
  metrics: Metric[];
  nextPageToken?: string | undefined;
}

export interface RunsPage {
  runs: Run[];
  nextPageToken?: string | undefined;
}

/** Bytes an artifact upload accepts: in memory, a web stream, or any async iterable (a Node Readable is one). */
export type ArtifactData = Uint8Array | string | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** The server writes NaN and ±Infinity as strings, since JSON has no literal for them. */
export type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export function fromWire(v: WireNumber | string): number {
  return typeof v === 'number' ? v : Number(v);
}

function fromWireOrNull(v: WireNumber | string | null): number | null {
  return v === null ? null : fromWire(v);
}

export function decodeMetric(m: Metric): Metric {
  return typeof m.value === 'number' ? m : { ...m, value: fromWire(m.value as WireNumber) };
}

export function decodeRun(run: Run): Run {
  return { ...run, data: { ...run.data, metrics: run.data.metrics.map(decodeMetric) } };
}

export function decodeBucket(b: MetricBucket): MetricBucket {
  const w = b as unknown as Record<'min' | 'max' | 'last', WireNumber>;
  return { ...b, min: fromWire(w.min), max: fromWire(w.max), last: fromWire(w.last) };
}

export function decodeComparison(c: RunComparison): RunComparison {
  const col = (xs: (number | null)[]): (number | null)[] => xs.map((x) => fromWireOrNull(x as WireNumber | null));
  return { ...c, metrics: c.metrics.map((m) => ({ ...m, latest: col(m.latest), min: col(m.min), max: col(m.max) })) };
}

/** `a/b c.txt` → `a/b%20c.txt`: each segment escaped, the slashes kept, so the server sees the folder structure. */
export function encodeArtifactPath(path: string): string {
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .map(encodeURIComponent)
    .join('/');
}
