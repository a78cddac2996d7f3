import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { Badge } from '../../ui/badge.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatShortTime, formatTime } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { formatStat, monitorStatus, sourceText, windowText } from './monitor-format.js';
import { monitorPath } from './monitor-paths.js';

const FIRST_MONITOR = `keel monitors create churn-daily --deployment churn --reference train.parquet --window daily
keel monitors run churn-daily`;

/** `/monitoring`: every monitor with the outcome of its latest run. */
export function MonitorsHome() {
  const keel = useKeel();
  const monitors = useLoad(() => keel.monitors.list(), 'monitors');
  const list = monitors.data ?? [];
  return (
    <article className="page page--wide" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Monitoring</h1>
        <p className="page-subtitle">Monitors compare each window of a deployment’s predictions (or a dataset) with a reference: drift per column, model performance as labels arrive, and infrastructure numbers.</p>
      </header>
      {monitors.error !== undefined && <ErrorBanner error={monitors.error} />}
      <section className="panel" aria-labelledby="monitors-title">
        <div className="panel-title-row">
          <h2 id="monitors-title">Monitors {list.length > 0 && <span className="count">{list.length}</span>}</h2>
        </div>
        {!monitors.data ? (
          monitors.error === undefined && <Loading label="Loading monitors" lines={4} />
        ) : list.length === 0 ? (
          <div className="empty-state">
            <p>No monitors yet. Create one on a deployment:</p>
            <pre className="snippet">{FIRST_MONITOR}</pre>
          </div>
        ) : (
          <div className="table-scroll">
            <table className="table monitors-table">
              <caption className="visually-hidden">Monitors</caption>
              <thead>
                <tr>
                  <th scope="col">Monitor</th>
                  <th scope="col">Watches</th>
                  <th scope="col">Window</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Drift share
                  </th>
                  <th scope="col">Last window</th>
                  <th scope="col">Next run</th>
                </tr>
              </thead>
              <tbody>
                {list.map((m) => {
                  const s = monitorStatus(m);
                  return (
                    <tr key={m.name} data-monitor={m.name}>
                      <th scope="row">
                        <Link to={monitorPath(m.name)} className="run-link">
                          {m.name}
                        </Link>
                      </th>
                      <td>{sourceText(m)}</td>
                      <td>{windowText(m.config.window)}</td>
                      <td data-status={s.text}>
                        <Badge tone={s.tone} title={m.lastRun?.error ?? undefined}>
                          {s.text}
                        </Badge>
                      </td>
                      <td className="num mono">{formatStat(m.lastRun?.driftShare)}</td>
                      <td className="nowrap" title={formatTime(m.lastRun?.windowEnd ?? null)}>
                        {m.lastRun ? formatShortTime(m.lastRun.windowEnd) : '—'}
                      </td>
                      <td className="nowrap">{m.enabled ? formatShortTime(m.nextRunAt) : 'disabled'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}
