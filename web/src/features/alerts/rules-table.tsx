import type { AlertRule } from '../../../../src/sdk/index.js';
import { Badge } from '../../ui/badge.js';
import { DataTable, type Column } from '../../ui/data-table.js';
import { formatSeconds, SEVERITY_TONE } from './alert-format.js';

const RULE_COLUMNS: Column[] = [{ label: 'Rule' }, { label: 'Severity' }, { label: 'Expression' }, { label: 'For' }, { label: 'Channels' }, { label: <span className="visually-hidden">Actions</span> }];

export function RulesTable({ rules, onEdit }: { rules: readonly AlertRule[]; onEdit: (rule: AlertRule) => void }) {
  return (
    <DataTable
      className="table table--compact alert-rules"
      caption="Alert rules"
      columns={RULE_COLUMNS}
      rows={rules}
      row={(r) => (
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
      )}
    />
  );
}
