import type { Deployment, DeploymentAuditEvent } from '../../../../src/sdk/index.js';
import { AuditTable } from '../../ui/audit-table.js';
import type { BadgeTone } from '../../ui/badge.js';
import { DataTable } from '../../ui/data-table.js';
import { formatShortTime, formatTime } from '../../ui/format.js';
import { armRef, armShare, STRATEGY_LABELS } from './live-format.js';

const ACTION_TONES: Partial<Record<DeploymentAuditEvent['action'], BadgeTone>> = {
  'deployment.created': 'ok',
  'deployment.rolled-back': 'warn',
  'deployment.deleted': 'down',
  'canary.stepped': 'running',
  'canary.promoted': 'ok',
  'canary.rolled-back': 'down',
};

const REVISION_COLUMNS = [{ label: 'Revision', num: true }, { label: 'Strategy' }, { label: 'Versions' }, { label: 'By' }, { label: 'When' }];

/** Every stored configuration, newest first; the current one is marked. */
export function RevisionsTable({ revisions, current }: { revisions: readonly Deployment[]; current: number }) {
  if (revisions.length === 0) return <p className="muted">No revisions.</p>;
  return (
    <DataTable
      className="table table--compact revisions-table"
      caption="Revisions"
      columns={REVISION_COLUMNS}
      rows={revisions}
      row={(r) => (
        <tr key={r.revision} data-revision={r.revision} aria-current={r.revision === current ? 'true' : undefined}>
          <td className="num mono">
            {r.revision}
            {r.revision === current && <span className="muted small"> current</span>}
          </td>
          <td>{STRATEGY_LABELS[r.config.strategy]}</td>
          <td>{r.config.arms.map((a) => `${a.name} ${armRef(a)} ${armShare(r.config.strategy, a)}`).join(' · ')}</td>
          <td className="mono">{r.createdBy}</td>
          <td className="nowrap" title={formatTime(r.createdAt)}>
            {formatShortTime(r.createdAt)}
          </td>
        </tr>
      )}
    />
  );
}

function describe(e: DeploymentAuditEvent): string {
  const d = e.details;
  const parts: string[] = [];
  if (typeof d['strategy'] === 'string') parts.push(d['strategy']);
  if (typeof d['decision'] === 'string') parts.push(`decision: ${d['decision']}`);
  if (typeof d['toRevision'] === 'number') parts.push(`back to revision ${d['toRevision']}`);
  if (Array.isArray(d['arms'])) parts.push(d['arms'].map(String).join(', '));
  return parts.join(' · ');
}

const TARGET = { label: 'Revision', className: 'num mono', value: (e: DeploymentAuditEvent) => e.revision };

/** Who changed what and why, automatic canary decisions (actor `keel`) included. */
export function DeploymentAuditTable({ events }: { events: readonly DeploymentAuditEvent[] }) {
  if (events.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  return <AuditTable caption="Deployment audit log" events={events} tones={ACTION_TONES} target={TARGET} describe={describe} />;
}
