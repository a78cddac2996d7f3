import { useState } from 'react';
import type { QualityReport } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { Badge } from '../../ui/badge.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatNumber, formatShortTime, formatTime } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';

const value = (v: number | string | null): string => (v === null ? '—' : typeof v === 'number' ? formatNumber(Number(v.toPrecision(5))) : v);

const EXAMPLE_SUITE = `name: ci
checks:
  - type: completeness          # max null fraction, default 0.05
  - type: uniqueness
    columns: [id]
  - type: range
    column: amount
    min: 0
`;

function Examples({ rows }: { rows: Record<string, unknown>[] }) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <div className="table-scroll">
      <table className="table table--compact examples-table">
        <caption className="visually-hidden">Failing examples</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c} className="mono">
                  {r[c] === null || r[c] === undefined ? <span className="muted">null</span> : String(r[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Report({ report, open }: { report: QualityReport; open: boolean }) {
  const failed = report.checks.filter((c) => !c.passed).length;
  return (
    <details className="quality-report" open={open}>
      <summary>
        <Badge tone={report.passed ? 'ok' : 'down'}>{report.passed ? 'passed' : 'failed'}</Badge> <strong>{report.suite}</strong>{' '}
        <span className="muted small" title={formatTime(report.createdAt)}>
          {report.checks.length - failed}/{report.checks.length} checks passed · {formatShortTime(report.createdAt)} · {report.durationMs} ms
        </span>
      </summary>
      <div className="table-scroll">
        <table className="table table--compact">
          <caption className="visually-hidden">Checks of {report.suite}</caption>
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">Result</th>
              <th scope="col" className="num">Measured</th>
              <th scope="col" className="num">Threshold</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {report.checks.map((c) => (
              <tr key={c.name} className={c.passed ? undefined : 'row-failed'}>
                <th scope="row" className="mono">
                  {c.name}
                </th>
                <td>
                  <Badge tone={c.passed ? 'ok' : 'down'}>{c.passed ? 'pass' : 'fail'}</Badge>
                </td>
                <td className="num">{value(c.measured)}</td>
                <td className="num">{value(c.threshold)}</td>
                <td>
                  {c.detail}
                  {c.failingExamples.length > 0 && (
                    <details className="examples">
                      <summary className="small">{c.failingExamples.length} failing examples</summary>
                      <Examples rows={c.failingExamples} />
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** The quality reports stored with a version, and a form to run a suite (JSON or YAML) now. */
export function QualityReports({ name, version }: { name: string; version: number }) {
  const keel = useKeel();
  const reports = useLoad(() => keel.data.reports(name, version), `${name}/${version}/reports`);
  const [suite, setSuite] = useState(EXAMPLE_SUITE);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<unknown>(undefined);
  const list = reports.data ?? [];

  async function run(): Promise<void> {
    setRunning(true);
    setRunError(undefined);
    try {
      await keel.data.check(name, version, suite);
      reports.reload();
    } catch (err) {
      setRunError(err);
    } finally {
      setRunning(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="quality-title">
      <h2 id="quality-title">Quality reports {list.length > 0 && <span className="count">{list.length}</span>}</h2>
      {reports.error !== undefined && <ErrorBanner error={reports.error} />}
      {!reports.data ? reports.error === undefined && <Loading label="Loading quality reports" lines={3} /> : list.length === 0 ? <p className="muted">No quality suite has run on this version yet.</p> : list.map((r, i) => <Report key={r.id} report={r} open={i === 0} />)}
      <details className="run-suite">
        <summary>Run a quality suite</summary>
        <label className="field">
          Suite (YAML or JSON)
          <textarea className="input textarea mono" rows={10} value={suite} onChange={(e) => setSuite(e.target.value)} aria-label="Quality suite" />
        </label>
        {runError !== undefined && (
          <p className="field-error" role="alert">
            {runError instanceof Error ? runError.message : String(runError)}
          </p>
        )}
        <div className="form-actions">
          <button className="button" type="button" disabled={running} onClick={() => void run()}>
            {running ? 'Running…' : 'Run checks'}
          </button>
        </div>
      </details>
    </section>
  );
}
