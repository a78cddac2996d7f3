import type { Deployment } from '../../../../src/sdk/index.js';
import { Link } from '../../app/link.js';
import { Badge } from '../../ui/badge.js';
import { formatShortTime, formatTime } from '../../ui/format.js';
import { StatusDot } from '../../ui/status-dot.js';
import { deploymentPath } from './deployment-paths.js';
import type { LiveStats } from './live-stats.js';
import { armRef, armShare, errorTone, formatMs, formatPercent, formatRps, STRATEGY_LABELS, STRATEGY_TONES } from './live-format.js';

/** Running when it answers and errors stay low; canary progress is part of the status. */
function status(d: Deployment, live: LiveStats | undefined): { tone: 'ok' | 'warn' | 'down' | 'pending'; text: string } {
  if (!live) return { tone: 'pending', text: 'loading' };
  const tone = errorTone(live.errorRate);
  if (d.config.strategy === 'canary' && d.config.canary) {
    const step = d.config.canaryStep ?? 0;
    return { tone: tone === 'ok' ? 'warn' : tone, text: `canary step ${step + 1}/${d.config.canary.steps.length}` };
  }
  return { tone, text: tone === 'down' ? 'failing' : tone === 'warn' ? 'errors' : 'serving' };
}

export function DeploymentsTable({ deployments, live }: { deployments: readonly Deployment[]; live: ReadonlyMap<string, LiveStats> }) {
  return (
    <div className="table-scroll">
      <table className="table deployments-table">
        <caption className="visually-hidden">Deployments</caption>
        <thead>
          <tr>
            <th scope="col">Deployment</th>
            <th scope="col">Strategy</th>
            <th scope="col">Versions and traffic</th>
            <th scope="col" className="num">
              req/s
            </th>
            <th scope="col" className="num">
              p99
            </th>
            <th scope="col" className="num">
              Errors
            </th>
            <th scope="col">Status</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {deployments.map((d) => {
            const l = live.get(d.name);
            const s = status(d, l);
            return (
              <tr key={d.name} data-deployment={d.name}>
                <th scope="row">
                  <Link to={deploymentPath(d.name)} className="run-link">
                    {d.name}
                  </Link>
                  <div className="muted small">revision {d.revision}</div>
                </th>
                <td data-strategy={d.config.strategy}>
                  <Badge tone={STRATEGY_TONES[d.config.strategy]}>{STRATEGY_LABELS[d.config.strategy]}</Badge>
                </td>
                <td>
                  <ul className="arm-list">
                    {d.config.arms.map((a) => (
                      <li key={a.name}>
                        <span className="mono">{armRef(a)}</span> <span className="muted">{a.name}</span> <strong>{armShare(d.config.strategy, a)}</strong>
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="num mono">{formatRps(l?.rps ?? null)}</td>
                <td className="num mono">{formatMs(l?.p99Ms)}</td>
                <td className="num mono" title={l?.basis === 'total' ? 'since the server started' : 'over the last 5 s'}>
                  {formatPercent(l?.errorRate)}
                </td>
                <td className="nowrap">
                  <StatusDot tone={s.tone} /> {s.text}
                </td>
                <td className="nowrap" title={formatTime(d.updatedAt)}>
                  {formatShortTime(d.updatedAt)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
