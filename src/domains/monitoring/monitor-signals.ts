/** What one monitor run publishes to the SignalSink, in the metric names signals.ts fixes. */
import type { MonitorRun } from './monitor.schema.js';
import type { MonitorSignal } from './signals.js';

const PERFORMANCE_METRICS = ['accuracy', 'precision_macro', 'recall_macro', 'f1_macro', 'roc_auc', 'log_loss', 'ece', 'mae', 'rmse', 'r2'] as const;

export function runSignals(run: Pick<MonitorRun, 'finishedAt' | 'result'>, labels: Readonly<Record<string, string>>): MonitorSignal[] {
  const at = new Date(run.finishedAt);
  const out: MonitorSignal[] = [];
  const add = (metric: string, value: number | null | undefined, extra: Record<string, string> = {}): void => {
    if (typeof value === 'number' && Number.isFinite(value)) out.push({ metric, value, labels: { ...labels, ...extra }, at });
  };
  const { drift, performance, infra } = run.result;
  if (drift) {
    add('drift_detected', drift.dataset_drift ? 1 : 0);
    add('drift_share', drift.drift_share);
    for (const [column, c] of Object.entries(drift.columns)) {
      if (c.not_computable) continue;
      add('column_drifted', c.drifted ? 1 : 0, { column });
      add('column_statistic', c.statistic, { column, test: c.test ?? '' });
    }
  }
  if (performance) {
    for (const m of PERFORMANCE_METRICS) add(m, performance.measured?.[m]);
    add('prediction_entropy', performance.prediction_distribution.entropy);
    add('accuracy_baseline', performance.baseline?.value);
    add('accuracy_estimated', performance.estimated?.accuracy);
    add('roc_auc_estimated', performance.estimated?.roc_auc);
    add('labelled_fraction', performance.labelled_fraction);
  }
  if (infra) {
    add('error_rate', infra.error_rate);
    add('latency_p50_seconds', infra.latency_p50_seconds);
    add('latency_p95_seconds', infra.latency_p95_seconds);
    add('latency_p99_seconds', infra.latency_p99_seconds);
    add('throughput_rps', infra.throughput_rps);
    add('queue_depth', infra.queue_depth);
    add('memory_bytes', infra.memory_bytes);
    add('gpu_utilization', infra.gpu_utilization);
    add('service_up', infra.service_up ? 1 : 0);
  }
  return out;
}
