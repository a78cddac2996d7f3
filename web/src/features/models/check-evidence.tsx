import type { GateReportRecord } from '../../../../src/sdk/index.js';
import { FairnessChart, type FairnessGroup } from './fairness-chart.js';
import { formatMeasure, humanKey, isRecord } from './gate-values.js';
import { LatencyPercentiles } from './latency-percentiles.js';

type Check = GateReportRecord['checks'][number];

/** Evidence keys already drawn by a chart, so the generic list does not repeat them. */
const DRAWN: Record<string, ReadonlySet<string>> = {
  fairness: new Set(['columns']),
  latency: new Set(['p50Ms', 'p95Ms', 'p99Ms', 'maxMs', 'meanMs', 'n']),
};

function isGroup(value: unknown): value is FairnessGroup {
  return isRecord(value) && typeof value['group'] === 'string' && typeof value['size'] === 'number';
}

function FairnessEvidence({ check }: { check: Check }) {
  const columns = isRecord(check.evidence['columns']) ? check.evidence['columns'] : {};
  const metric = typeof check.threshold['metric'] === 'string' ? check.threshold['metric'] : 'metric';
  return (
    <div className="fairness-charts">
      {Object.entries(columns).map(([column, result]) => {
        if (!isRecord(result) || !Array.isArray(result['groups'])) return null;
        const groups = result['groups'].filter(isGroup);
        const disparity = typeof result['disparity'] === 'number' ? result['disparity'] : null;
        return <FairnessChart key={column} column={column} metric={metric} disparity={disparity} groups={groups} />;
      })}
    </div>
  );
}

/** The remaining evidence as a compact list; nested objects as one line of JSON. */
function EvidenceList({ check }: { check: Check }) {
  const skip = DRAWN[check.name];
  const entries = Object.entries(check.evidence).filter(([k]) => !skip?.has(k));
  if (entries.length === 0) return null;
  return (
    <details className="evidence">
      <summary>Evidence</summary>
      <dl className="evidence-list">
        {entries.map(([k, v]) => (
          <div key={k}>
            <dt>{humanKey(k)}</dt>
            <dd className="mono">{formatMeasure(k, v)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** Charts where a picture says more (fairness per group, latency percentiles), then the rest of the evidence. */
export function CheckEvidence({ check }: { check: Check }) {
  const maxP99 = check.threshold['maxP99Ms'];
  return (
    <>
      {check.name === 'fairness' && <FairnessEvidence check={check} />}
      {check.name === 'latency' && typeof check.evidence['p99Ms'] === 'number' && <LatencyPercentiles evidence={check.evidence} maxP99Ms={typeof maxP99 === 'number' ? maxP99 : undefined} />}
      <EvidenceList check={check} />
    </>
  );
}
