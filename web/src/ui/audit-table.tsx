import type { ReactNode } from 'react';
import { Badge, type BadgeTone } from './badge.js';
import { DataTable } from './data-table.js';
import { formatShortTime, formatTime } from './format.js';

interface AuditEntry<A extends string> {
  seq: number;
  at: number;
  actor: string;
  action: A;
  reason: string | null;
}

interface AuditTableProps<A extends string, E extends AuditEntry<A>> {
  caption: string;
  events: readonly E[];
  tones: Partial<Record<A, BadgeTone>>;
  /** The column naming what changed (a model version, a deployment revision). */
  target: { label: string; className: string; value: (event: E) => ReactNode };
  describe: (event: E) => string;
}

const columns = (targetLabel: string) => [{ label: 'When' }, { label: 'Who' }, { label: 'Action' }, { label: targetLabel, num: true }, { label: 'What' }, { label: 'Why' }];

/** An audit log as a table, newest first as given: when, who, the action as a badge, what it touched, what changed, why. */
export function AuditTable<A extends string, E extends AuditEntry<A>>({ caption, events, tones, target, describe }: AuditTableProps<A, E>) {
  return (
    <DataTable
      className="table table--compact audit-table"
      caption={caption}
      columns={columns(target.label)}
      rows={events}
      row={(e) => (
        <tr key={e.seq} data-action={e.action}>
          <td className="nowrap" title={formatTime(e.at)}>
            {formatShortTime(e.at)}
          </td>
          <td className="mono">{e.actor}</td>
          <td>
            <Badge tone={tones[e.action] ?? 'neutral'}>{e.action}</Badge>
          </td>
          <td className={target.className}>{target.value(e)}</td>
          <td>{describe(e)}</td>
          <td className={e.reason ? undefined : 'muted'}>{e.reason ?? '—'}</td>
        </tr>
      )}
    />
  );
}
