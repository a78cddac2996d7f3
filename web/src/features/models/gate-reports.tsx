import type { GateReportRecord } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { Badge } from '../../ui/badge.js';
import { formatShortTime, formatTime } from '../../ui/format.js';
import { ListPanel } from '../../ui/list-panel.js';
import { useLoad } from '../../ui/use-load.js';
import { GateCheckCard } from './gate-check-card.js';

function ReportSummary({ report }: { report: GateReportRecord }) {
  const failed = report.checks.filter((c) => c.verdict === 'fail').length;
  const ran = report.checks.filter((c) => c.verdict !== 'skipped').length;
  return (
    <span className="report-summary">
      <Badge tone={report.passed ? 'ok' : 'down'}>{report.passed ? 'passed' : 'refused'}</Badge>
      <strong>to {report.targetStage}</strong>
      <span className="muted">
        {report.policyVersion === null ? 'no gate policy: allowed unchecked' : `policy v${report.policyVersion} · ${ran - failed}/${ran} checks passed`}
        {report.comparedWith !== null && ` · vs Production v${report.comparedWith}`}
      </span>
      <span className="muted" title={formatTime(report.finishedAt)}>
        {report.createdBy} · {formatShortTime(report.finishedAt)} · {Math.max(0, report.finishedAt - report.startedAt)} ms
      </span>
    </span>
  );
}

// Failed checks first: they are why a report matters. The sort is stable, so the gate's order holds within each verdict.
const VERDICT_ORDER = { fail: 0, pass: 1, skipped: 2 } as const;

function ReportBody({ report }: { report: GateReportRecord }) {
  if (report.checks.length === 0) return <p className="muted">The model had no gate policy when this promotion ran; it was allowed and recorded as unchecked.</p>;
  const ordered = [...report.checks].sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict]);
  return (
    <div className="check-grid">
      {ordered.map((c) => (
        <GateCheckCard key={c.name} check={c} />
      ))}
    </div>
  );
}

/** Every gate evaluation of this version, newest first and open; reports are immutable records. */
export function GateReports({ name, version }: { name: string; version: number }) {
  const keel = useKeel();
  const loaded = useLoad(() => keel.models.reports(name, version), `${name}/${version}`);
  return (
    <ListPanel
      titleId="reports-title"
      title="Validation gate reports"
      titleRow
      aside={<p className="muted small">Each promotion attempt through the gate, with every check's measured value, threshold and evidence.</p>}
      errorBanner
      items={loaded.data?.reports}
      error={loaded.error}
      loadingLabel="Loading gate reports"
      loadingLines={5}
      empty={<p className="muted">The gate has not evaluated this version yet: it runs when the version is promoted.</p>}
    >
      {(reports) => (
        <div className="reports">
          {reports.map((r, i) => (
            <details key={r.id} className="report" open={i === 0} data-passed={r.passed}>
              <summary>
                <ReportSummary report={r} />
              </summary>
              <ReportBody report={r} />
            </details>
          ))}
        </div>
      )}
    </ListPanel>
  );
}
