import type { GateReportRecord } from '../../../../src/sdk/index.js';
import { CheckEvidence } from './check-evidence.js';
import { formatMeasure, humanKey } from './gate-values.js';
import { VerdictBadge } from './stage-badges.js';

type Check = GateReportRecord['checks'][number];

/** Measured beside threshold: the two sides of the verdict, each key once. */
function MeasuredVsThreshold({ check }: { check: Check }) {
  const measured = Object.entries(check.measured).filter(([, v]) => typeof v !== 'object' || v === null);
  const threshold = Object.entries(check.threshold);
  if (measured.length === 0 && threshold.length === 0) return null;
  return (
    <div className="vs">
      <dl className="vs-side" aria-label="Measured">
        <div className="vs-heading">Measured</div>
        {measured.map(([k, v]) => (
          <div key={k}>
            <dt>{humanKey(k)}</dt>
            <dd className="mono">{formatMeasure(k, v)}</dd>
          </div>
        ))}
      </dl>
      <dl className="vs-side" aria-label="Threshold">
        <div className="vs-heading">Threshold</div>
        {threshold.map(([k, v]) => (
          <div key={k}>
            <dt>{humanKey(k)}</dt>
            <dd className="mono">{formatMeasure(k, v)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** One check of a gate report: verdict, the sentence the gate wrote, the numbers, and the evidence. */
export function GateCheckCard({ check }: { check: Check }) {
  if (check.verdict === 'skipped') {
    return (
      <article className="check-card check-card--skipped" aria-label={`${check.name} check`} data-check={check.name}>
        <header className="check-head">
          <h3>{check.name}</h3>
          <VerdictBadge verdict="skipped" />
        </header>
        <p className="muted small">{check.message}</p>
      </article>
    );
  }
  return (
    <article className={`check-card check-card--${check.verdict}`} aria-label={`${check.name} check`} data-check={check.name}>
      <header className="check-head">
        <h3>{check.name}</h3>
        <VerdictBadge verdict={check.verdict} />
      </header>
      <p className="check-message">{check.message}</p>
      <MeasuredVsThreshold check={check} />
      <CheckEvidence check={check} />
    </article>
  );
}
