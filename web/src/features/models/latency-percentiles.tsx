import { formatNumber } from '../../ui/format.js';

const PERCENTILES = [
  ['p50', 'p50Ms'],
  ['p95', 'p95Ms'],
  ['p99', 'p99Ms'],
  ['max', 'maxMs'],
] as const;

/** p50/p95/p99/max as bars on one scale with the p99 limit marked, so the margin is visible at a glance. */
export function LatencyPercentiles({ evidence, maxP99Ms }: { evidence: Record<string, unknown>; maxP99Ms: number | undefined }) {
  const values = PERCENTILES.map(([label, key]) => ({ label, ms: typeof evidence[key] === 'number' ? evidence[key] : null }));
  const slowest = Math.max(...values.map((v) => v.ms ?? 0));
  // A limit far above every measurement would squash the bars to slivers: then it is stated, not drawn.
  const limitOnScale = maxP99Ms !== undefined && maxP99Ms <= slowest * 2;
  const scale = (limitOnScale ? Math.max(maxP99Ms, slowest) : slowest) * 1.08 || 1;
  const p99 = values[2]?.ms ?? null;
  return (
    <figure className="latency" aria-label="Latency percentiles">
      <figcaption className="chart-title">
        <span>Latency percentiles</span>
        <span className="muted small">
          {String(evidence['n'] ?? '?')} single-row calls{typeof evidence['meanMs'] === 'number' && ` · mean ${formatNumber(evidence['meanMs'])} ms`}
        </span>
      </figcaption>
      <div className="latency-bars">
        {values.map((v) => (
          <div key={v.label} className="latency-row">
            <span className="latency-label">{v.label}</span>
            <span className="latency-track">
              <span className={`latency-fill${v.label === 'p99' ? ' is-judged' : ''}`} style={{ width: `${((v.ms ?? 0) / scale) * 100}%` }} />
              {limitOnScale && <span className="latency-limit" style={{ left: `${(maxP99Ms / scale) * 100}%` }} title={`limit ${maxP99Ms} ms`} />}
            </span>
            <span className="latency-value mono">{v.ms === null ? '—' : `${formatNumber(v.ms)} ms`}</span>
          </div>
        ))}
      </div>
      {maxP99Ms !== undefined && (
        <p className="muted small latency-legend">
          {limitOnScale
            ? `Dashed line: the p99 limit, ${formatNumber(maxP99Ms)} ms.`
            : `The p99 limit, ${formatNumber(maxP99Ms)} ms, is ${p99 ? `${formatNumber(maxP99Ms / p99)}×` : 'far above'} the measured p99.`}
        </p>
      )}
    </figure>
  );
}
