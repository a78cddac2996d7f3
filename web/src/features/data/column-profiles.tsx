import { useMemo } from 'react';
import type { ColumnProfile } from '../../../../src/sdk/index.js';
import { EChart } from '../../ui/echart.js';
import { seriesColor } from '../../ui/chart-colors.js';
import { formatNumber } from '../../ui/format.js';

const stat = (v: number | string | null): string => (v === null ? '—' : typeof v === 'number' ? formatNumber(Number(v.toPrecision(5))) : v);

function Histogram({ column }: { column: ColumnProfile }) {
  const option = useMemo(() => {
    const h = column.histogram;
    const labels = h ? h.counts.map((_, i) => `${stat(h.edges[i] ?? 0)} – ${stat(h.edges[i + 1] ?? 0)}`) : [];
    return {
      animation: false,
      grid: { left: 40, right: 8, top: 8, bottom: 20 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: labels, axisLabel: { show: false } },
      yAxis: { type: 'value', splitNumber: 2 },
      series: [{ type: 'bar', data: h?.counts ?? [], barCategoryGap: '5%', itemStyle: { color: seriesColor(0) } }],
    };
  }, [column]);
  return <EChart option={option} label={`Histogram of ${column.name}`} height={120} />;
}

function TopValues({ column }: { column: ColumnProfile }) {
  const top = column.top ?? [];
  const max = Math.max(1, ...top.map((t) => t.count));
  return (
    <ul className="top-values" aria-label={`Most frequent values of ${column.name}`}>
      {top.map((t) => (
        <li key={t.value}>
          <span className="top-bar" style={{ width: `${(100 * t.count) / max}%` }} />
          <span className="top-label">{t.value}</span>
          <span className="top-count">{formatNumber(t.count)}</span>
        </li>
      ))}
    </ul>
  );
}

/** One card per column: type, nulls, distinct, statistics, and a histogram or the top values. */
export function ColumnProfiles({ columns }: { columns: readonly ColumnProfile[] }) {
  return (
    <div className="profile-grid">
      {columns.map((c) => (
        <section key={c.name} className="profile-card" aria-label={`Column ${c.name}`}>
          <header className="profile-head">
            <h3 className="mono">{c.name}</h3>
            <span className="muted small mono">{c.type}</span>
          </header>
          <dl className="profile-stats">
            <dt>nulls</dt>
            <dd>
              {formatNumber(c.nulls)} ({(100 * c.nullFraction).toFixed(1)}%)
            </dd>
            <dt>distinct</dt>
            <dd title={c.distinctApproximate ? 'HyperLogLog estimate (more than a million rows)' : undefined}>
              {c.distinctApproximate ? '≈ ' : ''}
              {formatNumber(c.distinct)}
            </dd>
            <dt>min</dt>
            <dd>{stat(c.min)}</dd>
            <dt>max</dt>
            <dd>{stat(c.max)}</dd>
            {c.mean !== null && (
              <>
                <dt>mean</dt>
                <dd>{stat(c.mean)}</dd>
                <dt>std</dt>
                <dd>{stat(c.std)}</dd>
              </>
            )}
            {c.quantiles && (
              <>
                <dt>p5 · p50 · p95</dt>
                <dd>
                  {stat(c.quantiles.p5)} · {stat(c.quantiles.p50)} · {stat(c.quantiles.p95)}
                </dd>
              </>
            )}
          </dl>
          {c.histogram ? <Histogram column={c} /> : c.top ? <TopValues column={c} /> : null}
        </section>
      ))}
    </div>
  );
}
