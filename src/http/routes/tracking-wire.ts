import { z } from 'zod';
import { metricValueToJson, type Metric, type MetricBucket, type Run, type RunComparison } from '../../domains/tracking/index.js';

/**
 * Tracking responses as JSON: NaN and ±Infinity become "NaN"/"Infinity"/"-Infinity"
 * (JSON has no such numbers; JSON.stringify would silently turn them into null).
 */
export function metricJson(m: Metric) {
  return { ...m, value: metricValueToJson(m.value) };
}

export function runJson(run: Run) {
  return { ...run, data: { ...run.data, metrics: run.data.metrics.map(metricJson) } };
}

export function bucketJson(b: MetricBucket) {
  return { ...b, min: metricValueToJson(b.min), max: metricValueToJson(b.max), last: metricValueToJson(b.last) };
}

const orNull = (v: number | null) => (v === null ? null : metricValueToJson(v));

export function comparisonJson(c: RunComparison) {
  return { ...c, metrics: c.metrics.map((m) => ({ key: m.key, latest: m.latest.map(orNull), min: m.min.map(orNull), max: m.max.map(orNull) })) };
}

/* ---------- response shapes, for the OpenAPI document ---------- */

const jsonMetricValue = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]);
const tag = z.object({ key: z.string(), value: z.string() });
const lifecycle = z.enum(['active', 'deleted']);

export const experimentResponse = z.object({
  experimentId: z.string(),
  name: z.string(),
  artifactLocation: z.string(),
  lifecycleStage: lifecycle,
  creationTime: z.number().int(),
  lastUpdateTime: z.number().int(),
  tags: z.array(tag),
});

export const runInfoResponse = z.object({
  runId: z.string(),
  runName: z.string(),
  experimentId: z.string(),
  userId: z.string(),
  status: z.enum(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED']),
  startTime: z.number().int(),
  endTime: z.number().int().nullable(),
  artifactUri: z.string(),
  lifecycleStage: lifecycle,
});

export const metricResponse = z.object({ key: z.string(), value: jsonMetricValue, timestamp: z.number().int(), step: z.number().int() });

export const runResponse = z.object({
  info: runInfoResponse,
  data: z.object({ metrics: z.array(metricResponse), params: z.array(tag), tags: z.array(tag) }),
  inputs: z.object({
    datasetInputs: z.array(
      z.object({
        dataset: z.object({ name: z.string(), digest: z.string(), sourceType: z.string(), source: z.string(), schema: z.string().optional(), profile: z.string().optional() }),
        tags: z.array(tag),
      }),
    ),
  }),
});

export const bucketResponse = z.object({ step: z.number().int(), min: jsonMetricValue, max: jsonMetricValue, last: jsonMetricValue, timestamp: z.number().int(), count: z.number().int() });

export const comparisonResponse = z.object({
  runs: z.array(runInfoResponse),
  params: z.array(z.object({ key: z.string(), values: z.array(z.string().nullable()), differs: z.boolean() })),
  metrics: z.array(z.object({ key: z.string(), latest: z.array(jsonMetricValue.nullable()), min: z.array(jsonMetricValue.nullable()), max: z.array(jsonMetricValue.nullable()) })),
});

export const artifactEntryResponse = z.object({ path: z.string(), isDir: z.boolean(), size: z.number().int().optional(), sha256: z.string().optional() });
