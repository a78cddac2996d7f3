import type { Alert } from '../../../../src/sdk/index.js';
import { Badge } from '../../ui/badge.js';
import { formatTime } from '../../ui/format.js';
import { alertLabels, formatValue, SEVERITY_TONE, STATE_TONE } from './alert-format.js';

/** Alerts as a table: firing ones show since when, history rows also when they resolved. */
export function AlertsTable({ alerts, caption, history = false }: { alerts: readonly Alert[]; caption: string; history?: boolean }) {
  return (
    <div className="table-scroll">
      <table className="table table--compact alerts-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Severity</th>
            <th scope="col">State</th>
            <th scope="col">Labels</th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col">Since</th>
            {history && <th scope="col">Resolved</th>}
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id} data-alert={a.id}>
              <th scope="row">
                {a.ruleName}
                {a.annotations['summary'] && <div className="muted small">{a.annotations['summary']}</div>}
              </th>
              <td>
                <Badge tone={SEVERITY_TONE[a.severity]}>{a.severity}</Badge>
              </td>
              <td>
                <Badge tone={STATE_TONE[a.state]}>{a.state}</Badge>
              </td>
              <td className="mono small">{alertLabels(a.labels) || '—'}</td>
              <td className="num mono">{formatValue(a.value)}</td>
              <td className="small nowrap">{formatTime(a.firedAt ?? a.activeSince)}</td>
              {history && <td className="small nowrap">{a.resolvedAt === null ? '—' : formatTime(a.resolvedAt)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
