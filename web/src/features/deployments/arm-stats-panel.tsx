import { useMemo } from 'react';
import type { DeploymentStats } from '../../../../src/sdk/index.js';
import { IntervalChart, type IntervalPoint } from '../../ui/interval-chart.js';
import { formatNumber } from '../../ui/format.js';
import { betaPosterior } from './beta-posterior.js';
import type { ArmLive } from './live-stats.js';
import { formatMs, formatPercent, formatRps } from './live-format.js';

/** Per-arm traffic, errors and latency: every strategy has arms, so every deployment shows this table. */
function ArmTable({ stats, live }: { stats: DeploymentStats; live: ReadonlyMap<string, ArmLive> | undefined }) {
  const total = stats.arms.reduce((s, a) => s + a.requests, 0);
  return (
    <div className="table-scroll">
      <table className="table table--compact arm-table">
        <caption className="visually-hidden">Arm statistics</caption>
        <thead>
          <tr>
            <th scope="col">Arm</th>
            <th scope="col">Version</th>
            <th scope="col" className="num">Requests</th>
            <th scope="col" className="num">Traffic share</th>
            <th scope="col" className="num">req/s</th>
            <th scope="col" className="num">p99</th>
            <th scope="col" className="num">Errors</th>
            <th scope="col" className="num">Feedback</th>
            <th scope="col" className="num">Success rate (95% CI)</th>
          </tr>
        </thead>
        <tbody>
          {stats.arms.map((a) => {
            const l = live?.get(a.arm);
            return (
              <tr key={a.arm} data-arm={a.arm}>
                <th scope="row">{a.arm}</th>
                <td className="mono">
                  {a.model}@{a.version}
                </td>
                <td className="num mono">{a.requests}</td>
                <td className="num mono">{total > 0 ? formatPercent(a.requests / total) : '—'}</td>
                <td className="num mono">{formatRps(l?.rps ?? null)}</td>
                <td className="num mono">{formatMs(l?.p99Ms)}</td>
                <td className="num mono">
                  {a.errors} <span className="muted">({formatPercent(l?.errorRate)})</span>
                </td>
                <td className="num mono">
                  {a.successes}/{a.trials}
                </td>
                <td className="num mono">
                  {a.trials === 0 ? '—' : `${formatPercent(a.successes / a.trials)} [${formatPercent(a.rateLow)}, ${formatPercent(a.rateHigh)}]`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A/B: success rate per arm with Wilson intervals as error bars, and the z-test. */
function AbTest({ stats }: { stats: DeploymentStats }) {
  const points = useMemo<IntervalPoint[]>(
    () => stats.arms.map((a) => ({ label: `${a.arm} (${a.model}@${a.version})`, value: a.trials ? a.successes / a.trials : null, low: a.rateLow, high: a.rateHigh })),
    [stats],
  );
  const sig = stats.significance;
  return (
    <figure className="mini-chart arms-chart" aria-label="A/B success rates">
      <figcaption className="chart-title">
        <span>Success rate by arm, 95% Wilson interval</span>
        <span className="muted small" data-testid="ab-significance">
          {sig ? `z = ${formatNumber(sig.z)}, p = ${formatNumber(sig.pValue)}${sig.pValue < 0.05 ? ' — significant at 5%' : ' — not significant'}` : 'needs feedback on both arms'}
        </span>
      </figcaption>
      <IntervalChart points={points} yName="success rate" label="Success rate per arm with 95% intervals" />
    </figure>
  );
}

/** Bandit: how traffic follows the posterior means, Beta(1 + s, 1 + f) per arm. */
function BanditArms({ stats }: { stats: DeploymentStats }) {
  const total = stats.arms.reduce((s, a) => s + a.requests, 0);
  const points = useMemo<IntervalPoint[]>(
    () =>
      stats.arms.map((a) => {
        const p = betaPosterior(a.successes, a.trials - a.successes);
        return { label: `${a.arm} (${a.model}@${a.version})`, value: p.mean, low: p.low, high: p.high };
      }),
    [stats],
  );
  return (
    <figure className="mini-chart arms-chart" aria-label="Bandit posteriors">
      <figcaption className="chart-title">
        <span>Posterior mean reward, 95% credible interval</span>
        <span className="muted small">
          traffic share:{' '}
          {stats.arms.map((a) => `${a.arm} ${total ? formatPercent(a.requests / total) : '—'}`).join(' · ')}
        </span>
      </figcaption>
      <IntervalChart points={points} yName="reward" label="Posterior mean reward per arm with 95% intervals" />
    </figure>
  );
}

function ShadowAgreement({ stats }: { stats: DeploymentStats }) {
  const s = stats.shadowAgreement;
  if (!s) return null;
  return (
    <dl className="meta-list shadow-agreement" aria-label="Shadow agreement">
      <div>
        <dt>Agreement</dt>
        <dd className="mono">{formatPercent(s.rate)}</dd>
      </div>
      <div>
        <dt>Compared</dt>
        <dd className="mono">{s.compared}</dd>
      </div>
      <div>
        <dt>Agreed</dt>
        <dd className="mono">{s.agreed}</dd>
      </div>
      <p className="muted small">Floats agree within 1e-4 relative; the shadow never answers a caller.</p>
    </dl>
  );
}

export function ArmStatsPanel({ stats, live }: { stats: DeploymentStats | undefined; live: ReadonlyMap<string, ArmLive> | undefined }) {
  return (
    <section className="panel" aria-labelledby="arms-title">
      <div className="panel-title-row">
        <h2 id="arms-title">Arms</h2>
        <p className="muted small">Counts since the server started; rates over the last poll. Feedback comes from POST …/feedback.</p>
      </div>
      {!stats ? (
        <p className="muted">Loading statistics…</p>
      ) : (
        <>
          <ArmTable stats={stats} live={live} />
          {stats.strategy === 'shadow' && <ShadowAgreement stats={stats} />}
          {stats.strategy === 'ab' && <AbTest stats={stats} />}
          {stats.strategy === 'bandit' && <BanditArms stats={stats} />}
        </>
      )}
    </section>
  );
}
