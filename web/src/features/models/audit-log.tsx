import type { AuditEvent } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';
import { AuditTable } from '../../ui/audit-table.js';
import type { BadgeTone } from '../../ui/badge.js';
import { ListPanel } from '../../ui/list-panel.js';
import { useLoad } from '../../ui/use-load.js';

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

const TARGET = { label: 'Version', className: 'num', value: (e: AuditEvent) => e.version ?? '—' };

/** Every stage and alias change, gate run, forced promotion, rollback and policy edit: who, when, what, why. */
export function AuditLog({ name, generation }: { name: string; generation: number }) {
  const keel = useKeel();
  const audit = useLoad(() => keel.models.audit(name, { maxResults: 200 }), `${name}:${generation}`);
  return (
    <ListPanel
      titleId="audit-title"
      title="Audit log"
      titleRow
      aside={
        <p className="muted small">
          Newest first. Also via <code>keel models audit {name}</code>.
        </p>
      }
      errorBanner
      items={audit.data?.events}
      error={audit.error}
      loadingLabel="Loading audit log"
      empty={<p className="muted">Nothing recorded yet.</p>}
    >
      {(events) => <AuditTable caption="Audit log" events={events} tones={ACTION_TONES} target={TARGET} describe={describe} />}
    </ListPanel>
  );
}
