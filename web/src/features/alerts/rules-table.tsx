import type { AlertRule } from '../../../../src/sdk/index.js';
import { Badge } from '../../ui/badge.js';
import { formatSeconds, SEVERITY_TONE } from './alert-format.js';

export function RulesTable({ rules, onEdit }: { rules: readonly AlertRule[]; onEdit: (rule: AlertRule) => void }) {
  return (
    <div className="table-scroll">
      <table className="table table--compact alert-rules">
        <caption className="visually-hidden">Alert rules</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Severity</th>
            <th scope="col">Expression</th>
            <th scope="col">For</th>
            <th scope="col">Channels</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id} data-rule={r.name}>
              <th scope="row">
                {r.name} {!r.enabled && <Badge tone="neutral">disabled</Badge>}
                {r.actions.some((a) => a.type === 'retraining') && <Badge tone="running">retrains</Badge>}
              </th>
              <td>
                <Badge tone={SEVERITY_TONE[r.severity]}>{r.severity}</Badge>
              </td>
              <td className="mono small">{r.expr}</td>
              <td className="small nowrap">{formatSeconds(r.forSeconds)}</td>
              <td className="small">{r.channels.join(', ')}</td>
              <td>
                <button type="button" className="button button--ghost" onClick={() => onEdit(r)} aria-label={`Edit ${r.name}`}>
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
