import { newId } from '../../core/ids.js';
import type { Alert, AlertRule } from './alerting.schema.js';
import { fingerprintOf } from './notification-plan.js';
import { evaluateRule, type SeriesSample } from './rule-evaluation.js';
import { parseCached } from './rule-expression.js';

export interface Transitions {
  insert: Alert[];
  update: Alert[];
  delete: string[];
  /** Alerts that fired in this evaluation (their rules' actions run once per firing). */
  fired: Alert[];
  /** When a pending alert's for-duration ends, if any. */
  nextDueAt: number | null;
}

/** `{{ $value }}` and `{{ $labels.name }}` in annotations, as Prometheus templates them. */
export function renderAnnotation(template: string, labels: Readonly<Record<string, string>>, value: number): string {
  return template.replace(/\{\{\s*\$(value|labels\.([A-Za-z_][A-Za-z0-9_]*))\s*\}\}/g, (_m, what: string, label?: string) => {
    if (what === 'value') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
    return labels[label ?? ''] ?? '';
  });
}

/**
 * One evaluation of every rule: conditions that hold start pending alerts (or fire them
 * when the rule has no for-duration), pending alerts fire once their condition held for
 * `forSeconds`, firing alerts whose condition stopped resolve, and pending ones that never
 * fired are dropped (Prometheus keeps no history of those either).
 */
export function evaluateTransitions(rules: readonly AlertRule[], active: readonly Alert[], series: readonly SeriesSample[], now: number): Transitions {
  const out: Transitions = { insert: [], update: [], delete: [], fired: [], nextDueAt: null };
  const byMetric = new Map<string, SeriesSample[]>();
  for (const s of series) {
    const list = byMetric.get(s.metric);
    if (list) list.push(s);
    else byMetric.set(s.metric, [s]);
  }
  const activeByFp = new Map(active.map((a) => [a.fingerprint, a]));
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const fresh = rule.staleAfterSeconds === null ? byMetric : staleFiltered(byMetric, now - rule.staleAfterSeconds * 1000);
    for (const sample of evaluateRule(parseCached(rule.expr), fresh)) {
      const labels = { ...sample.labels, ...rule.labels, alertname: rule.name, severity: rule.severity };
      const fingerprint = fingerprintOf(rule.id, labels);
      seen.add(fingerprint);
      const annotations = Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, renderAnnotation(v, labels, sample.value)]));
      const existing = activeByFp.get(fingerprint);
      const base: Alert = existing
        ? { ...existing, value: sample.value, annotations, severity: rule.severity, ruleName: rule.name, updatedAt: now }
        : { id: newId(), fingerprint, ruleId: rule.id, ruleName: rule.name, severity: rule.severity, state: 'pending', labels, annotations, value: sample.value, activeSince: now, firedAt: null, resolvedAt: null, updatedAt: now };
      if (base.state === 'pending') {
        const firesAt = base.activeSince + rule.forSeconds * 1000;
        if (now >= firesAt) {
          base.state = 'firing';
          base.firedAt = now;
          out.fired.push(base);
        } else {
          out.nextDueAt = out.nextDueAt === null ? firesAt : Math.min(out.nextDueAt, firesAt);
        }
      }
      if (!existing) out.insert.push(base);
      // An unchanged firing alert is not rewritten on every evaluation: with hundreds firing that was most of the time.
      else if (base.state !== existing.state || base.value !== existing.value || JSON.stringify(base.annotations) !== JSON.stringify(existing.annotations) || base.ruleName !== existing.ruleName || base.severity !== existing.severity) out.update.push(base);
    }
  }
  for (const alert of active) {
    if (seen.has(alert.fingerprint)) continue;
    if (alert.state === 'pending') out.delete.push(alert.id);
    else out.update.push({ ...alert, state: 'resolved', resolvedAt: now, updatedAt: now });
  }
  return out;
}

function staleFiltered(byMetric: ReadonlyMap<string, SeriesSample[]>, oldest: number): Map<string, SeriesSample[]> {
  const out = new Map<string, SeriesSample[]>();
  for (const [metric, list] of byMetric) out.set(metric, list.filter((s) => s.at >= oldest));
  return out;
}
