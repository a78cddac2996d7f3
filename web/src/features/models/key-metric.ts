import type { GatePolicyRecord, ModelVersion } from '../../../../src/sdk/index.js';

export interface KeyMetric {
  key: string;
  value: number | null;
}

/** The metric the gate policy judges performance by, if the policy names one. */
export function policyMetric(policy: GatePolicyRecord | null | undefined): string | undefined {
  const doc = policy?.policy;
  if (!doc || typeof doc !== 'object') return undefined;
  const performance = (doc as { performance?: unknown }).performance;
  if (!performance || typeof performance !== 'object') return undefined;
  const metric = (performance as { metric?: unknown }).metric;
  return typeof metric === 'string' ? metric : undefined;
}

/**
 * The one number a model list shows for a version: the gate policy's performance metric when
 * the version's copied run metrics hold it, else the first copied metric (alphabetically).
 */
export function keyMetric(version: Pick<ModelVersion, 'metrics'>, preferred?: string): KeyMetric | undefined {
  const metrics = [...version.metrics].sort((a, b) => a.key.localeCompare(b.key));
  const chosen = (preferred ? metrics.find((m) => m.key === preferred) : undefined) ?? metrics[0];
  return chosen ? { key: chosen.key, value: chosen.value } : undefined;
}
