import { useState, type FormEvent } from 'react';
import type { AlertChannel, AlertRule, AlertRuleSpec, Severity } from '../../../../src/sdk/index.js';
import { AppError } from '../../../../src/sdk/index.js';
import { useKeel } from '../../app/keel-client.js';

const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

interface Draft {
  name: string;
  expr: string;
  severity: Severity;
  forSeconds: string;
  channels: string[];
  groupBy: string;
  groupWaitSeconds: string;
  repeatIntervalSeconds: string;
  summary: string;
  retraining: boolean;
  enabled: boolean;
}

function draftOf(rule: AlertRule | null): Draft {
  return {
    name: rule?.name ?? '',
    expr: rule?.expr ?? '',
    severity: rule?.severity ?? 'warning',
    forSeconds: String(rule?.forSeconds ?? 0),
    channels: rule?.channels ?? ['inbox'],
    groupBy: (rule?.groupBy ?? ['alertname']).join(', '),
    groupWaitSeconds: String(rule?.groupWaitSeconds ?? 10),
    repeatIntervalSeconds: String(rule?.repeatIntervalSeconds ?? 4 * 3600),
    summary: rule?.annotations['summary'] ?? '',
    retraining: rule?.actions.some((a) => a.type === 'retraining') ?? false,
    enabled: rule?.enabled ?? true,
  };
}

/** Numbers typed into the form go to the server as typed: its 400 names the field when one is wrong. */
function num(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

function specOf(d: Draft, rule: AlertRule | null): AlertRuleSpec {
  return {
    name: d.name.trim(),
    expr: d.expr.trim(),
    severity: d.severity,
    forSeconds: num(d.forSeconds),
    channels: d.channels,
    groupBy: d.groupBy
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    groupWaitSeconds: num(d.groupWaitSeconds),
    repeatIntervalSeconds: num(d.repeatIntervalSeconds),
    annotations: { ...(rule?.annotations ?? {}), summary: d.summary },
    actions: d.retraining ? [{ type: 'retraining' }] : [],
    enabled: d.enabled,
  };
}

/** Create or edit a rule; the server checks the expression and answers with the position of a mistake. */
export function RuleEditor({ rule, channels, onSaved, onCancel }: { rule: AlertRule | null; channels: readonly AlertChannel[]; onSaved: (rule: AlertRule) => void; onCancel: () => void }) {
  const keel = useKeel();
  const [d, setD] = useState<Draft>(() => draftOf(rule));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setD((old) => ({ ...old, [key]: value }));

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const spec = specOf(d, rule);
      onSaved(rule ? await keel.alerts.updateRule(rule.id, spec) : await keel.alerts.createRule(spec));
    } catch (err) {
      setError(err instanceof AppError ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <form className="rule-editor" onSubmit={(e) => void submit(e)} aria-label={rule ? `Edit rule ${rule.name}` : 'New rule'}>
      <div className="rule-editor-grid">
        <label className="field">
          <span>Name</span>
          <input className="input" value={d.name} onChange={(e) => set('name', e.target.value)} placeholder="HighErrorRate" />
        </label>
        <label className="field">
          <span>Severity</span>
          <select className="input" value={d.severity} onChange={(e) => set('severity', e.target.value as Severity)}>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="field rule-editor-wide">
          <span>Expression</span>
          <input className="input mono" value={d.expr} onChange={(e) => set('expr', e.target.value)} placeholder='error_rate{deployment="churn"} > 0.05' aria-invalid={error?.startsWith('expr') ? true : undefined} />
          <span className="field-help">
            Signals (<code>drift_detected</code>, <code>accuracy</code>, <code>error_rate</code>, <code>latency_p99_seconds</code>…), label matchers in braces, <code>+ - * /</code>, comparisons, <code>and</code> / <code>or</code>.
          </span>
        </label>
        <label className="field">
          <span>For (seconds)</span>
          <input className="input" inputMode="numeric" value={d.forSeconds} onChange={(e) => set('forSeconds', e.target.value)} />
        </label>
        <label className="field">
          <span>Group by</span>
          <input className="input" value={d.groupBy} onChange={(e) => set('groupBy', e.target.value)} />
        </label>
        <label className="field">
          <span>Group wait (seconds)</span>
          <input className="input" inputMode="numeric" value={d.groupWaitSeconds} onChange={(e) => set('groupWaitSeconds', e.target.value)} />
        </label>
        <label className="field">
          <span>Repeat every (seconds)</span>
          <input className="input" inputMode="numeric" value={d.repeatIntervalSeconds} onChange={(e) => set('repeatIntervalSeconds', e.target.value)} />
        </label>
        <label className="field rule-editor-wide">
          <span>Summary</span>
          <input className="input" value={d.summary} onChange={(e) => set('summary', e.target.value)} placeholder="Error rate {{ $value }} on {{ $labels.deployment }}" />
        </label>
        <fieldset className="field rule-editor-wide">
          <legend>Channels</legend>
          {channels.map((c) => (
            <label key={c.name} className="checkbox">
              <input type="checkbox" checked={d.channels.includes(c.name)} onChange={(e) => set('channels', e.target.checked ? [...d.channels, c.name] : d.channels.filter((n) => n !== c.name))} />
              {c.name} <span className="muted small">{c.type}</span>
            </label>
          ))}
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={d.retraining} onChange={(e) => set('retraining', e.target.checked)} />
          Trigger retraining when it fires
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={d.enabled} onChange={(e) => set('enabled', e.target.checked)} />
          Enabled
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy || !d.name.trim() || !d.expr.trim()}>
          {rule ? 'Save rule' : 'Create rule'}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
