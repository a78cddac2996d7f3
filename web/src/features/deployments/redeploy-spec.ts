import type { Deployment, DeploySpec } from '../../../../src/sdk/index.js';
import { armRef } from './live-format.js';

/** Strategies whose split is set by hand: the second arm's share is the deploy's `weight`. */
export function weightEditable(d: Deployment): boolean {
  return (d.config.strategy === 'canary' || d.config.strategy === 'ab') && d.config.arms.length === 2;
}

/**
 * The same deployment with the candidate's share changed: versions, settings and processing
 * carried over, so the only difference in the new revision is the split.
 */
export function respecWithWeight(d: Deployment, candidatePercent: number, reason: string | undefined): DeploySpec {
  const [first, second] = d.config.arms;
  if (!first || !second) throw new Error(`${d.name} has no second arm to weight`);
  const c = d.config;
  return {
    strategy: c.strategy,
    model: armRef(first),
    candidate: armRef(second),
    weight: candidatePercent,
    settings: c.settings,
    processing: c.processing,
    // The server puts `weight` first on the ladder and keeps the steps above it; the schema needs at least one.
    ...(c.canary ? { canary: { ...c.canary, steps: laterSteps(c.canary.steps, candidatePercent) } } : {}),
    ...(c.abKeyHeader ? { ab: { keyHeader: c.abKeyHeader } } : {}),
    ...(c.bandit ? { bandit: c.bandit } : {}),
    ...(reason ? { reason } : {}),
  };
}

function laterSteps(steps: readonly number[], from: number): number[] {
  const later = steps.filter((s) => s > from);
  return later.length > 0 ? later : [100];
}
