import { createHash } from 'node:crypto';
import { newId } from '../../core/ids.js';
import type { Alert, AlertRule, Silence } from './alerting.schema.js';
import type { AlertGroup, NewNotification } from './alerting.store.js';
import { labelKey } from './rule-evaluation.js';

/** Alertmanager's webhook message (version 4), so receivers written for it read Keel's as they are. */
export interface WebhookMessage {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: {
    status: 'firing' | 'resolved';
    labels: Record<string, string>;
    annotations: Record<string, string>;
    startsAt: string;
    endsAt: string;
    generatorURL: string;
    fingerprint: string;
    value: number;
  }[];
}

export interface GroupPlan {
  putGroups: AlertGroup[];
  deleteGroups: string[];
  notifications: NewNotification[];
  /** When the next deferred notification falls due (group wait or interval), if any. */
  nextDueAt: number | null;
}

export function fingerprintOf(ruleId: string, labels: Readonly<Record<string, string>>): string {
  return createHash('sha256').update(ruleId).update('\0').update(labelKey(labels)).digest('hex').slice(0, 16);
}

export function groupKeyOf(rule: AlertRule, labels: Readonly<Record<string, string>>): { key: string; labels: Record<string, string> } {
  const groupLabels: Record<string, string> = {};
  for (const name of rule.groupBy) if (labels[name] !== undefined) groupLabels[name] = labels[name];
  return { key: `${rule.id}:${labelKey(groupLabels)}`, labels: groupLabels };
}

export function isSilenced(labels: Readonly<Record<string, string>>, silences: readonly Silence[], now: number): boolean {
  return silences.some((s) => s.startsAt <= now && now < s.endsAt && s.matchers.every((m) => ((labels[m.label] ?? '') === m.value) === m.isEqual));
}

function common(records: readonly Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = records;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((r) => r[k] === v)));
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

function message(group: { key: string; labels: Record<string, string> }, receiver: string, firing: Alert[], resolved: Alert[], externalURL: string): WebhookMessage {
  const alerts = [...firing, ...resolved];
  return {
    version: '4',
    groupKey: group.key,
    truncatedAlerts: 0,
    status: firing.length > 0 ? 'firing' : 'resolved',
    receiver,
    groupLabels: group.labels,
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL,
    alerts: alerts.map((a) => ({
      status: a.state === 'firing' ? 'firing' : 'resolved',
      labels: a.labels,
      annotations: a.annotations,
      startsAt: new Date(a.firedAt ?? a.activeSince).toISOString(),
      endsAt: a.state === 'firing' || a.resolvedAt === null ? ZERO_TIME : new Date(a.resolvedAt).toISOString(),
      generatorURL: `${externalURL}/alerts?alert=${a.id}`,
      fingerprint: a.fingerprint,
      value: a.value,
    })),
  };
}

/**
 * Alertmanager's dispatch, per group: the first notification waits `groupWait` for the
 * group's other alerts; a change (an alert fires or resolves) is sent no sooner than
 * `groupInterval` after the previous one; an unchanged firing group is re-sent every
 * `repeatInterval`. An alert already notified as firing is never re-sent before that:
 * that is the deduplication. Silenced alerts are left out (and not reported as resolved).
 *
 * @param firing every alert now firing
 * @param notified the alerts named in groups' `sent` maps that are no longer firing (resolved episodes)
 */
export function planNotifications(input: {
  rules: ReadonlyMap<string, AlertRule>;
  groups: readonly AlertGroup[];
  firing: readonly Alert[];
  notified: ReadonlyMap<string, Alert>;
  silences: readonly Silence[];
  now: number;
  externalURL: string;
}): GroupPlan {
  const { now } = input;
  const plan: GroupPlan = { putGroups: [], deleteGroups: [], notifications: [], nextDueAt: null };
  const due = (at: number): void => {
    plan.nextDueAt = plan.nextDueAt === null ? at : Math.min(plan.nextDueAt, at);
  };
  const byKey = new Map(input.groups.map((g) => [g.key, { group: g, firing: [] as Alert[] }]));
  for (const alert of input.firing) {
    const rule = input.rules.get(alert.ruleId);
    if (!rule || isSilenced(alert.labels, input.silences, now)) continue;
    const { key, labels } = groupKeyOf(rule, alert.labels);
    let entry = byKey.get(key);
    if (!entry) {
      entry = { group: { key, ruleId: rule.id, labels, createdAt: now, lastSentAt: null, sent: {} }, firing: [] };
      byKey.set(key, entry);
    }
    entry.firing.push(alert);
  }
  for (const { group, firing } of byKey.values()) {
    const rule = input.rules.get(group.ruleId);
    if (!rule) {
      plan.deleteGroups.push(group.key);
      continue;
    }
    const firingFps = new Set(firing.map((a) => a.fingerprint));
    const resolved = Object.entries(group.sent)
      .filter(([fp]) => !firingFps.has(fp))
      .map(([, id]) => input.notified.get(id))
      .filter((a): a is Alert => a !== undefined && a.state === 'resolved' && !isSilenced(a.labels, input.silences, now));
    // Silenced, deleted or re-fired episodes are dropped from `sent` without a resolve message.
    const gone = Object.entries(group.sent).filter(([fp, id]) => !firingFps.has(fp) && !resolved.some((a) => a.id === id));
    const changed = firing.some((a) => group.sent[a.fingerprint] !== a.id) || resolved.length > 0;
    if (firing.length === 0 && resolved.length === 0) {
      plan.deleteGroups.push(group.key);
      continue;
    }
    let sendAt: number;
    if (group.lastSentAt === null) sendAt = group.createdAt + rule.groupWaitSeconds * 1000;
    else if (changed) sendAt = group.lastSentAt + rule.groupIntervalSeconds * 1000;
    else sendAt = group.lastSentAt + rule.repeatIntervalSeconds * 1000;
    const trimmed = gone.length > 0 ? { ...group, sent: Object.fromEntries(Object.entries(group.sent).filter(([fp]) => !gone.some(([g]) => g === fp))) } : group;
    if (now < sendAt) {
      due(sendAt);
      if (trimmed !== group || !input.groups.includes(group)) plan.putGroups.push(trimmed);
      continue;
    }
    for (const channel of rule.channels) {
      const payload = message(group, channel, firing, resolved, input.externalURL);
      plan.notifications.push({ id: newId(), channel, ruleId: rule.id, groupKey: group.key, groupStatus: payload.status, alertCount: payload.alerts.length, payload, createdAt: now });
    }
    if (firing.length === 0) {
      plan.deleteGroups.push(group.key);
      continue;
    }
    plan.putGroups.push({ ...group, lastSentAt: now, sent: Object.fromEntries(firing.map((a) => [a.fingerprint, a.id])) });
    due(now + rule.repeatIntervalSeconds * 1000);
  }
  return plan;
}
