import type { AlertRuleSpec } from './alerting.schema.js';

const common = { channels: ['inbox', 'log'], groupBy: ['alertname', 'monitor', 'deployment'] };
// Events (a deployment changed, retraining started) are single samples, not states: they
// stop counting an hour later, which resolves their alert.
const event = { ...common, staleAfterSeconds: 3600 };

/**
 * Infrastructure numbers arrive twice: every server tick publishes them per deployment (labels:
 * `deployment` only), and each monitor run repeats them for its window (with a `monitor` label).
 * The infrastructure rules read the first (`{monitor=""}` matches series without that label), so
 * one incident is one alert rather than one per monitor watching the deployment.
 *
 * Installed once into an empty rule set (then editable and deletable like any rule): the
 * tiers of the monitoring brief. Critical rules wait a minute so one bad scrape does not page.
 */
export const DEFAULT_RULES: readonly AlertRuleSpec[] = [
  { name: 'HighErrorRate', expr: 'error_rate{monitor=""} > 0.05', forSeconds: 60, severity: 'critical', annotations: { summary: 'Error rate {{ $value }} is above 5%' }, ...common },
  { name: 'HighLatencyP99', expr: 'latency_p99_seconds{monitor=""} > 10', forSeconds: 60, severity: 'critical', annotations: { summary: 'p99 latency {{ $value }}s is above 10s' }, ...common },
  { name: 'ServiceDown', expr: 'service_up{monitor=""} == 0', forSeconds: 60, severity: 'critical', annotations: { summary: 'A service is down' }, ...common },
  { name: 'DataDrift', expr: 'drift_detected == 1', severity: 'warning', annotations: { summary: 'Data drift detected by monitor {{ $labels.monitor }}' }, ...common },
  { name: 'AccuracyBelowBaseline', expr: 'accuracy < accuracy_baseline - 0.05', severity: 'warning', annotations: { summary: 'Accuracy {{ $value }} is more than 5 points below the baseline' }, ...common },
  { name: 'LowGpuUtilization', expr: 'gpu_utilization{monitor=""} < 0.2', forSeconds: 900, severity: 'warning', annotations: { summary: 'GPU utilization {{ $value }} is below 20%' }, ...common },
  { name: 'DeploymentChanged', expr: 'deployment_changed > 0', severity: 'info', annotations: { summary: 'Deployment {{ $labels.deployment }} changed' }, ...event },
  { name: 'RetrainingTriggered', expr: 'retraining_triggered > 0', severity: 'info', annotations: { summary: 'Retraining triggered by {{ $labels.rule }}' }, ...event },
  { name: 'CostBudgetApproaching', expr: 'cost_budget_fraction > 0.8', severity: 'info', annotations: { summary: '{{ $value }} of the cost budget is spent' }, ...common },
];
