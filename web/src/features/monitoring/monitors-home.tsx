import { useState } from 'react';
import { useKeel } from '../../app/keel-client.js';
import { Link } from '../../app/link.js';
import { navigate } from '../../app/router.js';
import { Badge } from '../../ui/badge.js';
import { DataTable } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatShortTime, formatTime } from '../../ui/format.js';
import { ListPanel } from '../../ui/list-panel.js';
import { Page } from '../../ui/page.js';
import { useLoad } from '../../ui/use-load.js';
import { formatStat, monitorStatus, sourceText, windowText } from './monitor-format.js';
import { monitorPath } from './monitor-paths.js';
import { NewMonitorForm } from './new-monitor-form.js';

const FIRST_MONITOR = `keel monitors create churn-daily --deployment churn --reference train.parquet --window daily
keel monitors run churn-daily`;

const COLUMNS = [{ label: 'Monitor' }, { label: 'Watches' }, { label: 'Window' }, { label: 'Status' }, { label: 'Drift share', num: true }, { label: 'Last window' }, { label: 'Next run' }];

/** `/monitoring`: every monitor with the outcome of its latest run. */
export function MonitorsHome() {
  const keel = useKeel();
  const monitors = useLoad(() => keel.monitors.list(), 'monitors');
  const [creating, setCreating] = useState(false);
  return (
    <Page
      title="Monitoring"
      subtitle="Monitors compare each window of a deployment’s predictions (or a dataset) with a reference: drift per column, model performance as labels arrive, and infrastructure numbers."
    >
      {monitors.error !== undefined && <ErrorBanner error={monitors.error} />}
      {creating && <NewMonitorForm onCreated={(name) => navigate(monitorPath(name))} onCancel={() => setCreating(false)} />}
      <ListPanel
        titleId="monitors-title"
        title="Monitors"
        titleRow
        aside={
          !creating && (
            <button type="button" className="button monitors-new" onClick={() => setCreating(true)}>
              New monitor
            </button>
          )
        }
        items={monitors.data}
        error={monitors.error}
        loadingLabel="Loading monitors"
        empty={
          <div className="empty-state">
            <p>No monitors yet. Create one with New monitor, or from the CLI:</p>
            <pre className="snippet">{FIRST_MONITOR}</pre>
          </div>
        }
      >
        {(list) => (
          <DataTable
            className="table monitors-table"
            caption="Monitors"
            columns={COLUMNS}
            rows={list}
            row={(m) => {
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
            }}
          />
        )}
      </ListPanel>
    </Page>
  );
}
