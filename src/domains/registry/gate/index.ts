/**
 * The validation gate's public surface, re-exported by the registry domain's index.ts.
 * main.ts builds `new ValidationGate(blobs, runtime)` and hands it to the registry service
 * as its GateRunner.
 */
export type { GateCheckName, GateCheckResult, GateReport, GateRunner, GateSubject } from './gate.api.js';
export { ValidationGate } from './gate-runner.js';
export {
  gatePolicySchema,
  parseGatePolicy,
  METRICS,
  FAIRNESS_METRICS,
  type GatePolicy,
  type GatePolicyInput,
  type MetricName,
  type FairnessMetricName,
} from './gate-policy.schema.js';
