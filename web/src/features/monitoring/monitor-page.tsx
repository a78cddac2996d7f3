import { useMemo, useReducer, useState } from 'react';
import type { MonitorRun, PerformanceWindow } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { Badge } from '../../ui/badge.js';
import { EChart } from '../../ui/echart.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatBytes, formatTime } from '../../ui/format.js';
import { KeyValueTable } from '../../ui/key-value-table.js';
import { LineChart } from '../../ui/line-chart.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { driftSeries, histogramOption, performanceSeries, reliabilityOption, type DriftField } from './monitor-charts.js';
import { formatStat, sourceText, windowText } from './monitor-format.js';
import { MONITORING_PATH } from './monitor-paths.js';

const FIELDS: { value: DriftField; label: string }[] = [
  { value: 'statistic', label: 'test statistic' },
  { value: 'psi', label: 'PSI' },
  { value: 'p_value', label: 'p-value' },
];

function LatestRun({ run }: { run: MonitorRun }) {
  const drift = run.result.drift;
  return (
    <section className="panel" aria-labelledby="latest-title">
      <div className="panel-title-row">
        <h2 id="latest-title">Latest run</h2>
        <p className="muted small">
          {formatTime(run.windowStart)} → {formatTime(run.windowEnd)} · {run.rows} rows · {run.labelledRows} labelled · {run.trigger}
        </p>
      </div>
      {run.error && <p role="alert">Run failed: {run.error}</p>}
      {run.result.drift_error && <p className="muted">Drift not computed: {run.result.drift_error}</p>}
      {drift && (
        <>
          <p data-testid="dataset-drift">
            {drift.dataset_drift ? <Badge tone="warn">dataset drift</Badge> : <Badge tone="ok">no dataset drift</Badge>} {drift.number_of_drifted_columns} of {drift.number_of_columns} columns drifted (share {formatStat(drift.drift_share)}, threshold{' '}
            {formatStat(drift.drift_share_threshold)})
          </p>
          <div className="table-scroll">
            <table className="table drift-columns-table">
              <caption className="visually-hidden">Drift per column</caption>
              <thead>
                <tr>
                  <th scope="col">Column</th>
                  <th scope="col">Test</th>
                  <th scope="col" className="num">
                    Statistic
                  </th>
                  <th scope="col" className="num">
                    p-value
                  </th>
                  <th scope="col" className="num">
                    Threshold
                  </th>
                  <th scope="col" className="num">
                    PSI
                  </th>
                  <th scope="col">Drift</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(drift.columns).map(([name, c]) => (
                  <tr key={name} data-column={name}>
                    <th scope="row">{name}</th>
                    <td>{c.test ?? '—'}</td>
                    <td className="num mono">{formatStat(c.statistic)}</td>
                    <td className="num mono">{formatStat(c.p_value)}</td>
                    <td className="num mono">{formatStat(c.threshold)}</td>
                    <td className="num mono">{formatStat(c.psi)}</td>
                    <td>{c.not_computable ? <span className="muted">{c.not_computable}</span> : c.drifted ? <Badge tone="warn">drifted</Badge> : <Badge tone="ok">ok</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function InfraPanel({ run }: { run: MonitorRun }) {
  const infra = run.result.infra;
  if (!infra) return null;
  const ms = (s: number | null): string => (s === null ? '—' : `${formatStat(s * 1000)} ms`);
  const rows = [
    { key: 'requests', value: String(infra.requests) },
    { key: 'throughput', value: `${formatStat(infra.throughput_rps)} req/s` },
    { key: 'error rate', value: infra.error_rate === null ? '—' : `${(infra.error_rate * 100).toFixed(2)}%` },
    { key: 'latency p50 / p95 / p99', value: `${ms(infra.latency_p50_seconds)} / ${ms(infra.latency_p95_seconds)} / ${ms(infra.latency_p99_seconds)}` },
    { key: 'queue depth', value: formatStat(infra.queue_depth) },
    { key: 'memory', value: infra.memory_bytes === null ? '—' : formatBytes(infra.memory_bytes) },
    { key: 'GPU utilisation', value: infra.gpu_utilization === null ? 'no GPU' : `${(infra.gpu_utilization * 100).toFixed(0)}%` },
    { key: 'serving', value: infra.service_up ? 'up' : 'DOWN' },
  ];
  return (
    <section className="panel" aria-labelledby="infra-title">
      <div className="panel-title-row">
        <h2 id="infra-title">Infrastructure, latest window</h2>
        <p className="muted small">Deployment {infra.deployment}; also <code>keel monitors infra {infra.deployment}</code>.</p>
      </div>
      <KeyValueTable rows={rows} empty="No numbers." caption="Infrastructure" />
    </section>
  );
}

function Histograms({ run }: { run: MonitorRun }) {
  const names = run.result.histograms.map((h) => h.name);
  const [column, setColumn] = useState(names[0] ?? '');
  const h = run.result.histograms.find((x) => x.name === column) ?? run.result.histograms[0];
  const option = useMemo(() => (h ? histogramOption(h) : undefined), [h]);
  if (!h || !option) return null;
  return (
    <section className="panel" aria-labelledby="histograms-title">
      <div className="panel-title-row">
        <h2 id="histograms-title">Reference vs current</h2>
        <label className="inline-field">
          Column{' '}
          <select value={h.name} onChange={(e) => setColumn(e.target.value)}>
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
      </div>
      <EChart option={option} label={`Histogram of ${h.name}: reference and current shares`} height={280} />
    </section>
  );
}

/** `/monitoring/monitors/<name>`: the latest run, drift per column over time, histograms and performance over time. */
export function MonitorPage({ name }: { name: string }) {
  const keel = useKeel();
  const [generation, changed] = useReducer((g: number) => g + 1, 0);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<unknown>(undefined);
  const [field, setField] = useState<DriftField>('statistic');
  const key = `${name}:${generation}`;
  const monitor = useLoad(() => keel.monitors.get(name), key);
  const runs = useLoad(() => keel.monitors.runs(name, { limit: 50 }), key);
  const points = useLoad(() => keel.monitors.series(name), key);
  const perf = useLoad(() => keel.monitors.performance(name, { limit: 500 }), key);
  const drift = useMemo(() => driftSeries(points.data ?? [], field), [points.data, field]);
  const performance = useMemo(() => performanceSeries(perf.data ?? []), [perf.data]);

  async function setEnabled(enabled: boolean): Promise<void> {
    setRunError(undefined);
    try {
      await keel.monitors.update(name, { enabled });
      changed();
    } catch (err) {
      setRunError(err);
    }
  }

  async function runNow(): Promise<void> {
    setRunning(true);
    setRunError(undefined);
    try {
      await keel.monitors.run(name);
      changed();
    } catch (err) {
      setRunError(err);
    } finally {
      setRunning(false);
    }
  }

  const m = monitor.data;
  const latest = runs.data?.[0];
  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <header className="page-header">
        <p className="breadcrumb">
          <Link to={MONITORING_PATH}>Monitoring</Link>
        </p>
        <div className="panel-title-row">
          <h1 id="page-title">{name}</h1>
          <div className="button-row">
            {m && (
              <button type="button" className="button button--ghost" onClick={() => void setEnabled(!m.enabled)}>
                {m.enabled ? 'Pause schedule' : 'Resume schedule'}
              </button>
            )}
            <button type="button" className="button" onClick={() => void runNow()} disabled={running || !m}>
              {running ? 'Running…' : 'Run now'}
            </button>
          </div>
        </div>
        {m && (
          <p className="page-subtitle">
            Watches {sourceText(m)}, {windowText(m.config.window)}. <span data-testid="schedule">{m.enabled ? `Next run ${formatTime(m.nextRunAt)}.` : 'Paused: runs on demand only.'}</span>
          </p>
        )}
      </header>
      {[monitor.error, runs.error, points.error, perf.error, runError].filter((e) => e !== undefined).map((e, i) => (
        <ErrorBanner key={i} error={e} />
      ))}
      {!m || !runs.data ? (
        monitor.error === undefined && <Loading label="Loading monitor" lines={8} />
      ) : !latest ? (
        <div className="panel empty-state">
          <p>Not run yet. Run it now, or wait for its schedule.</p>
        </div>
      ) : (
        <>
          <LatestRun run={latest} />
          <section className="panel" aria-labelledby="drift-title">
            <div className="panel-title-row">
              <h2 id="drift-title">Drift per column over time</h2>
              <label className="inline-field">
                Show{' '}
                <select value={field} onChange={(e) => setField(e.target.value as DriftField)}>
                  {FIELDS.map((f) => (
                    <option key={f.value} value={f.value}>
                      {f.label}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            {drift.x.length === 0 ? <p className="muted small">No drift computed yet.</p> : <LineChart x={drift.x} series={drift.series} xAxis="time" label={`Drift ${field} per column over time`} />}
          </section>
          <Histograms key={latest.id} run={latest} />
          <InfraPanel run={latest} />
          <section className="panel" aria-labelledby="performance-title">
            <div className="panel-title-row">
              <h2 id="performance-title">Performance over time</h2>
              <p className="muted small">Measured where labels arrived (feedback by request id); estimated (CBPE) from the probabilities before they do.</p>
            </div>
            {performance.x.length === 0 ? (
              <p className="muted small">No performance yet: it needs a deployment source with predictions.</p>
            ) : (
              <>
                <LineChart x={performance.x} series={performance.series} xAxis="time" label="Model performance per window: measured and estimated" />
                <PerformanceTable windows={perf.data ?? []} />
                <Calibration windows={perf.data ?? []} />
              </>
            )}
          </section>
        </>
      )}
    </article>
  );
}

/** The newest window with a reliability diagram (labels with probabilities). */
function Calibration({ windows }: { windows: readonly PerformanceWindow[] }) {
  const latest = [...windows].reverse().find((w) => w.performance.measured?.reliability?.some((b) => b.count > 0));
  const bins = latest?.performance.measured?.reliability;
  const option = useMemo(() => (bins ? reliabilityOption(bins) : undefined), [bins]);
  if (!latest || !option) return null;
  return (
    <>
      <h3 className="subheading">
        Calibration, window ending {formatTime(latest.windowEnd)} (ECE {formatStat(latest.performance.measured?.ece)})
      </h3>
      <EChart option={option} label="Reliability diagram: mean confidence and accuracy per confidence bin" height={240} />
    </>
  );
}

function PerformanceTable({ windows }: { windows: readonly PerformanceWindow[] }) {
  const recent = [...windows].reverse().slice(0, 10);
  return (
    <div className="table-scroll">
      <table className="table performance-table">
        <caption className="visually-hidden">Performance per window</caption>
        <thead>
          <tr>
            <th scope="col">Window end</th>
            <th scope="col" className="num">
              Labelled
            </th>
            <th scope="col" className="num">
              Accuracy
            </th>
            <th scope="col">Basis</th>
            <th scope="col" className="num">
              F1 macro
            </th>
            <th scope="col" className="num">
              ROC-AUC
            </th>
            <th scope="col" className="num">
              ECE
            </th>
            <th scope="col" className="num">
              Entropy
            </th>
          </tr>
        </thead>
        <tbody>
          {recent.map((w) => {
            const p = w.performance;
            const measured = p.measured !== null;
            return (
              <tr key={w.runId} data-basis={measured ? 'measured' : 'estimated'}>
                <td className="nowrap">{formatTime(w.windowEnd)}</td>
                <td className="num mono">
                  {p.labelled}/{p.rows}
                </td>
                <td className="num mono">{formatStat(p.task === 'regression' ? p.measured?.mae : measured ? p.measured?.accuracy : p.estimated?.accuracy)}</td>
                <td>{measured ? <Badge tone="ok">measured</Badge> : <Badge tone="neutral">estimated</Badge>}</td>
                <td className="num mono">{formatStat(p.measured?.f1_macro)}</td>
                <td className="num mono">{formatStat(p.measured?.roc_auc ?? p.estimated?.roc_auc)}</td>
                <td className="num mono">{formatStat(p.measured?.ece)}</td>
                <td className="num mono">{formatStat(p.prediction_distribution.entropy)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
