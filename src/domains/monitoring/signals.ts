/**
 * The contract between what observes (monitor runs, metric scrapes, lifecycle events) and what
 * alerts on it. Monitors publish signals; the alerting service evaluates its rules over the latest
 * value of each series (metric + labels). Pipelines (drift-triggered retraining) subscribe to the
 * same stream, so a signal is the one vocabulary every later stage shares.
 *
 * Metric names (a rule's expression refers to these):
 * - drift:       `drift_detected` (0|1), `drift_share` (0..1), `column_drifted` (0|1, label `column`),
 *                `column_statistic` (label `column`, `test`)
 * - performance: `accuracy`, `precision_macro`, `recall_macro`, `f1_macro`, `roc_auc`, `log_loss`, `ece`,
 *                `mae`, `rmse`, `r2`, `prediction_entropy`, `accuracy_baseline` (from registry metrics),
 *                `accuracy_estimated` / `roc_auc_estimated` (CBPE, before labels), `labelled_fraction`
 * - infra:       `error_rate` (0..1), `latency_p50_seconds`, `latency_p95_seconds`, `latency_p99_seconds`,
 *                `throughput_rps`, `queue_depth`, `memory_bytes`, `gpu_utilization` (0..1), `service_up` (0|1)
 * - events:      `deployment_changed`, `retraining_triggered`, `cost_budget_fraction` (0..1)
 * Common labels: `monitor`, `deployment`, `dataset`, `model`, `version`.
 */
export interface MonitorSignal {
  metric: string;
  value: number;
  labels: Readonly<Record<string, string>>;
  at: Date;
}

/** Where signals go; the alerting service implements it, tests can collect into an array. */
export interface SignalSink {
  publish(signals: readonly MonitorSignal[]): Promise<void>;
}

/** A sink that drops everything: the default when no alerting is wired (e.g. `keel drift` on files). */
export const discardSignals: SignalSink = { publish: async () => undefined };
