import { useMemo, useState } from 'react';
import type { UsageGroup, UsageReport } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { usd } from './request-log.js';
import { Segmented } from './segmented.js';
import { UsageChart, type UsageMeasure } from './usage-chart.js';

const GROUPS = [
  ['model', 'Model'],
  ['key', 'Key'],
  ['tag', 'Tag'],
  ['route', 'Route'],
] as const satisfies readonly (readonly [UsageGroup, string])[];
const MEASURES = [
  ['cost', 'Spend'],
  ['tokens', 'Tokens'],
] as const satisfies readonly (readonly [UsageMeasure, string])[];
const RANGES = [
  ['hour', 'Last 48 h'],
  ['day', 'Last 30 days'],
] as const satisfies readonly (readonly [UsageReport['interval'], string])[];

const HOUR = 3_600_000;

function Totals({ report }: { report: UsageReport }) {
  const sum = report.totals.reduce((acc, t) => ({ requests: acc.requests + t.requests, errors: acc.errors + t.errors, tokens: acc.tokens + t.tokensIn + t.tokensOut, cost: acc.cost + t.costUsd }), { requests: 0, errors: 0, tokens: 0, cost: 0 });
  return (
    <dl className="cards usage-cards">
      <div className="card">
        <dt>Spend</dt>
        <dd className="card-value" data-testid="usage-spend">
          {usd(sum.cost)}
        </dd>
      </div>
      <div className="card">
        <dt>Tokens</dt>
        <dd className="card-value">{sum.tokens.toLocaleString()}</dd>
      </div>
      <div className="card">
        <dt>Requests</dt>
        <dd className="card-value">{sum.requests.toLocaleString()}</dd>
        {sum.errors > 0 && <dd className="card-note">{sum.errors.toLocaleString()} failed</dd>}
      </div>
    </dl>
  );
}

/** Spend or tokens over time, stacked by model, key, tag or route. */
export function UsagePanel({ refreshKey }: { refreshKey: number }) {
  const keel = useKeel();
  const [groupBy, setGroupBy] = useState<UsageGroup>('model');
  const [measure, setMeasure] = useState<UsageMeasure>('cost');
  const [interval, setRange] = useState<UsageReport['interval']>('hour');
  // The range is fixed when the inputs change, not on every render, so the chart is not rebuilt each time.
  const range = useMemo(() => {
    const to = Date.now();
    return { from: to - (interval === 'hour' ? 48 * HOUR : 30 * 24 * HOUR), to };
    // refreshKey moves the range forward on Refresh.
  }, [interval, refreshKey]);
  const usage = useLoad(() => keel.gateway.usage({ groupBy, interval, from: range.from }), `${groupBy}:${interval}:${range.from}`);
  // Totals come from a grouping that splits calls into disjoint groups: by tag, a call with two tags
  // would count twice and an untagged call not at all.
  const totals = useLoad(() => (groupBy === 'model' ? Promise.resolve(undefined) : keel.gateway.usage({ groupBy: 'model', interval, from: range.from })), `totals:${groupBy}:${interval}:${range.from}`);
  const totalsReport = groupBy === 'model' ? usage.data : totals.data;

  return (
    <>
      <div className="toolbar usage-controls">
        <Segmented label="Measure" options={MEASURES} value={measure} onChange={setMeasure} />
        <Segmented label="Group by" options={GROUPS} value={groupBy} onChange={setGroupBy} />
        <Segmented label="Range" options={RANGES} value={interval} onChange={setRange} />
      </div>
      {usage.error !== undefined && <ErrorBanner error={usage.error} />}
      {!usage.data ? (
        usage.error === undefined && <Loading label="Loading usage" lines={6} />
      ) : usage.data.buckets.length === 0 ? (
        <p className="muted">No calls in this range.</p>
      ) : (
        <>
          {totalsReport && <Totals report={totalsReport} />}
          <UsageChart report={usage.data} measure={measure} from={range.from} to={range.to} />
        </>
      )}
    </>
  );
}
