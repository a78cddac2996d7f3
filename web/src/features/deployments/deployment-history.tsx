import type { Deployment, DeploymentAuditEvent } from '../../../../src/sdk/index.js';
import { Badge, type BadgeTone } from '../../ui/badge.js';
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

/** Every stored configuration, newest first; the current one is marked. */
export function RevisionsTable({ revisions, current }: { revisions: readonly Deployment[]; current: number }) {
  if (revisions.length === 0) return <p className="muted">No revisions.</p>;
  return (
    <div className="table-scroll">
      <table className="table table--compact revisions-table">
        <caption className="visually-hidden">Revisions</caption>
        <thead>
          <tr>
            <th scope="col" className="num">Revision</th>
            <th scope="col">Strategy</th>
            <th scope="col">Versions</th>
            <th scope="col">By</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((r) => (
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
          ))}
        </tbody>
      </table>
    </div>
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

/** Who changed what and why, automatic canary decisions (actor `keel`) included. */
export function DeploymentAuditTable({ events }: { events: readonly DeploymentAuditEvent[] }) {
  if (events.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  return (
    <div className="table-scroll">
      <table className="table table--compact audit-table">
        <caption className="visually-hidden">Deployment audit log</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col" className="num">Revision</th>
            <th scope="col">What</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.seq} data-action={e.action}>
              <td className="nowrap" title={formatTime(e.at)}>
                {formatShortTime(e.at)}
              </td>
              <td className="mono">{e.actor}</td>
              <td>
                <Badge tone={ACTION_TONES[e.action] ?? 'neutral'}>{e.action}</Badge>
              </td>
              <td className="num mono">{e.revision}</td>
              <td>{describe(e)}</td>
              <td className={e.reason ? undefined : 'muted'}>{e.reason ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
