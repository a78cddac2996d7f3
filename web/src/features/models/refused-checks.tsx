import type { GateReportRecord } from '../../../../src/sdk/index.js';
import { formatMeasure, humanKey } from './gate-values.js';

/** The checks that failed in a gate refusal, each with what was measured and the limit it missed. */
export function RefusedChecks({ report }: { report: GateReportRecord }) {
  const failed = report.checks.filter((c) => c.verdict === 'fail');
  return (
    <div className="refusal" role="alert" aria-label="Refused by the validation gate">
      <strong>Refused by the validation gate</strong>
      <span className="muted small">
        {' '}
        · policy v{report.policyVersion ?? '—'}
        {report.comparedWith !== null && ` · compared with Production v${report.comparedWith}`}
      </span>
      <ul className="refusal-list">
        {failed.map((c) => (
          <li key={c.name} data-check={c.name}>
            <span className="check-name">{c.name}</span>
            <span>{c.message}</span>
            <span className="muted small mono">
              {Object.entries(c.threshold)
                .map(([k, v]) => `${humanKey(k)} ${formatMeasure(k, v)}`)
                .join(' · ')}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
