import type { MonitorSignal } from '../monitoring/index.js';

/**
 * Signals read from other parts of Keel on the evaluation timer, for the events no monitor
 * publishes: deployment changes and LLM budget use. Structural inputs, so this file needs no
 * other domain's types.
 */

/** One `deployment_changed{deployment, revision}` = 1 per deployment, dated when its current revision was made. */
export function deploymentSignals(deployments: readonly { name: string; revision: number; updatedAt: number }[]): MonitorSignal[] {
  return deployments.map((d) => ({ metric: 'deployment_changed', value: 1, labels: { deployment: d.name, revision: String(d.revision) }, at: new Date(d.updatedAt) }));
}

/** `cost_budget_fraction{key, key_id}`: spent / limit of each gateway key that has a budget this period. */
export function budgetSignals(keys: readonly { keyId: string; name: string; budget: { limitUsd: number; spentUsd: number } | null }[], now: number): MonitorSignal[] {
  return keys
    .filter((k) => k.budget !== null && k.budget.limitUsd > 0)
    .map((k) => ({ metric: 'cost_budget_fraction', value: (k.budget as { spentUsd: number }).spentUsd / (k.budget as { limitUsd: number }).limitUsd, labels: { key: k.name, key_id: k.keyId }, at: new Date(now) }));
}
