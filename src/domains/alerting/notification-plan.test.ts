import { describe, expect, it } from 'vitest';
import { alertRuleSpecSchema, type Alert, type AlertRule } from './alerting.schema.js';
import type { AlertGroup } from './alerting.store.js';
import { fingerprintOf, groupKeyOf, planNotifications, type WebhookMessage } from './notification-plan.js';

const rule: AlertRule = { ...alertRuleSpecSchema.parse({ name: 'Drift', expr: 'drift_detected == 1', severity: 'warning', channels: ['a', 'b'], groupBy: ['monitor'], groupWaitSeconds: 30, groupIntervalSeconds: 300 }), id: 'r1', builtin: false, createdAt: 0, updatedAt: 0 };
const rules = new Map([[rule.id, rule]]);

function alert(id: string, monitor: string, state: Alert['state'], resolvedAt: number | null = null): Alert {
  const labels = { monitor, alertname: 'Drift', severity: 'warning' };
  return { id, fingerprint: fingerprintOf(rule.id, labels), ruleId: rule.id, ruleName: 'Drift', severity: 'warning', state, labels, annotations: {}, value: 1, activeSince: 0, firedAt: 0, resolvedAt, updatedAt: 0 };
}

describe('planNotifications', () => {
  it('holds a new group for its group wait, then sends one message per channel', () => {
    const a = alert('e1', 'm', 'firing');
    const first = planNotifications({ rules, groups: [], firing: [a], notified: new Map(), silences: [], now: 1000, externalURL: '' });
    expect(first.notifications).toEqual([]);
    expect(first.nextDueAt).toBe(31_000);
    expect(first.putGroups).toHaveLength(1);
    const later = planNotifications({ rules, groups: first.putGroups, firing: [a], notified: new Map(), silences: [], now: 31_000, externalURL: 'http://keel' });
    expect(later.notifications.map((n) => n.channel)).toEqual(['a', 'b']);
    const msg = later.notifications[0]?.payload as WebhookMessage;
    expect(msg).toMatchObject({ status: 'firing', groupLabels: { monitor: 'm' }, commonLabels: { alertname: 'Drift', monitor: 'm' } });
    expect(msg.alerts[0]?.generatorURL).toBe('http://keel/alerts?alert=e1');
    expect(later.putGroups[0]?.sent).toEqual({ [a.fingerprint]: 'e1' });
  });

  it('sends a resolve no sooner than the group interval after the last message', () => {
    const resolved = alert('e1', 'm', 'resolved', 50_000);
    const group: AlertGroup = { key: groupKeyOf(rule, resolved.labels).key, ruleId: rule.id, labels: { monitor: 'm' }, createdAt: 0, lastSentAt: 40_000, sent: { [resolved.fingerprint]: 'e1' } };
    const early = planNotifications({ rules, groups: [group], firing: [], notified: new Map([['e1', resolved]]), silences: [], now: 50_000, externalURL: '' });
    expect(early.notifications).toEqual([]);
    expect(early.nextDueAt).toBe(340_000);
    const due = planNotifications({ rules, groups: [group], firing: [], notified: new Map([['e1', resolved]]), silences: [], now: 340_000, externalURL: '' });
    expect(due.notifications.map((n) => [n.channel, n.groupStatus])).toEqual([
      ['a', 'resolved'],
      ['b', 'resolved'],
    ]);
    expect((due.notifications[0]?.payload as WebhookMessage).alerts[0]?.endsAt).toBe(new Date(50_000).toISOString());
    expect(due.deleteGroups).toEqual([group.key]);
  });

  it('drops a silenced alert from its group without announcing it resolved', () => {
    const a = alert('e1', 'm', 'firing');
    const group: AlertGroup = { key: groupKeyOf(rule, a.labels).key, ruleId: rule.id, labels: { monitor: 'm' }, createdAt: 0, lastSentAt: 1000, sent: { [a.fingerprint]: 'e1' } };
    const silence = { id: 's', matchers: [{ label: 'monitor', value: 'm', isEqual: true }], startsAt: 0, endsAt: 10_000_000, comment: '', createdBy: '', createdAt: 0 };
    const plan = planNotifications({ rules, groups: [group], firing: [a], notified: new Map(), silences: [silence], now: 400_000, externalURL: '' });
    expect(plan.notifications).toEqual([]);
    expect(plan.deleteGroups).toEqual([group.key]);
  });
});
