import type { ModelSignature } from '../../../core/ports/model-runtime.js';

/**
 * The seam between the registry (stages, aliases, audit) and the validation
 * gate (checks that run the model). The registry stores policies and reports;
 * the gate computes reports. Policy shape: see gate-policy.schema.ts.
 */
export type GateCheckName = 'performance' | 'latency' | 'fairness' | 'safety' | 'resources';

export interface GateCheckResult {
  name: GateCheckName;
  /** skipped checks (not configured in the policy) never fail the gate. */
  verdict: 'pass' | 'fail' | 'skipped';
  /** What was measured, e.g. `{ accuracy: 0.91, productionAccuracy: 0.88, improvement: 0.034 }`. */
  measured: Record<string, unknown>;
  threshold: Record<string, unknown>;
  /** Enough to re-check by hand: rows evaluated, per-group values, latency percentiles… */
  evidence: Record<string, unknown>;
  message: string;
}

export interface GateReport {
  modelName: string;
  version: number;
  /** The policy version the report was computed against. */
  policyVersion: number;
  passed: boolean;
  checks: GateCheckResult[];
  startedAt: number;
  finishedAt: number;
}

/** What the gate needs to know about a model version; the bytes come from the blob store by sha256. */
export interface GateSubject {
  modelName: string;
  version: number;
  flavor: string;
  sha256: string;
  sizeBytes: number;
  signature: ModelSignature | null;
}

export interface GateRunner {
  /**
   * Evaluates `candidate` against `policy` (and against `production` when the policy compares).
   * Never throws for a failing check: failures are verdicts in the report. Throws
   * INVALID_ARGUMENT when the policy cannot be applied (e.g. an unknown metric, a missing dataset column).
   */
  run(input: { candidate: GateSubject; production: GateSubject | null; policy: unknown; policyVersion: number }): Promise<GateReport>;
  /** Validates a policy document before it is stored (INVALID_ARGUMENT naming the field). */
  validatePolicy(policy: unknown): unknown;
}
