import type { AuditEvent } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { formatShortTime, formatTime } from '../../ui/format.js';
import { Loading } from '../../ui/skeleton.js';
import { useLoad } from '../../ui/use-load.js';
import { Badge, type BadgeTone } from '../../ui/badge.js';

const ACTION_TONES: Partial<Record<AuditEvent['action'], BadgeTone>> = {
  'stage.changed': 'running',
  'promotion.forced': 'warn',
  rollback: 'warn',
  'gate.run': 'neutral',
};

/** What changed, in words: a stage move, an alias, or the gate's outcome. */
function describe(e: AuditEvent): string {
  const d = e.details;
  switch (e.action) {
    case 'gate.run': {
      const failed = Array.isArray(d['failedChecks']) ? (d['failedChecks'] as string[]) : [];
      if (d['note']) return `${String(d['note'])} → ${e.toStage ?? ''} allowed`;
      return d['passed'] ? `gate passed for ${e.toStage ?? ''}` : `gate refused ${e.toStage ?? ''}: ${failed.join(', ') || 'checks failed'}`;
    }
    case 'alias.set':
      return `@${e.alias ?? ''} → v${e.version ?? ''}${typeof d['previousVersion'] === 'number' ? ` (was v${d['previousVersion']})` : ''}`;
    case 'alias.deleted':
      return `@${e.alias ?? ''} removed`;
    case 'version.registered':
      return typeof d['source'] === 'string' ? `from ${d['source']}` : '';
    case 'model.created':
      return typeof d['description'] === 'string' && d['description'] ? String(d['description']) : '';
    case 'gate-policy.set':
      return `policy v${String(d['policyVersion'] ?? '')}`;
    default:
      if (e.fromStage || e.toStage) return `${e.fromStage ?? '—'} → ${e.toStage ?? '—'}${typeof d['gate'] === 'string' ? ` (gate: ${d['gate']})` : ''}`;
      return '';
  }
}

/** Every stage and alias change, gate run, forced promotion, rollback and policy edit: who, when, what, why. */
export function AuditLog({ name, generation }: { name: string; generation: number }) {
  const keel = useKeel();
  const audit = useLoad(() => keel.models.audit(name, { maxResults: 200 }), `${name}:${generation}`);
  const events = audit.data?.events ?? [];
  return (
    <section className="panel" aria-labelledby="audit-title">
      <div className="panel-title-row">
        <h2 id="audit-title">
          Audit log {events.length > 0 && <span className="count">{events.length}</span>}
        </h2>
        <p className="muted small">Newest first. Also via <code>keel models audit {name}</code>.</p>
      </div>
      {audit.error !== undefined && <ErrorBanner error={audit.error} />}
      {!audit.data ? (
        audit.error === undefined && <Loading label="Loading audit log" lines={4} />
      ) : events.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="table table--compact audit-table">
            <caption className="visually-hidden">Audit log</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col" className="num">
                  Version
                </th>
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
                  <td className="num">{e.version ?? '—'}</td>
                  <td>{describe(e)}</td>
                  <td className={e.reason ? undefined : 'muted'}>{e.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
