import type {
  Alert,
  AlertChannel,
  AlertNotification,
  AlertRule,
  AlertRulePatch,
  AlertRuleSpec,
  ChannelSpec,
  DeliveryResultView,
  HistoryQuery,
  InboxItem,
  Silence,
  SilenceSpec,
  SignalInput,
} from '../../domains/alerting/alerting.schema.js';
import type { HttpTransport } from '../transport.js';

const enc = encodeURIComponent;

/** Alerting: firing alerts and their history, rules, channels, the inbox, silences and signals. */
export class AlertsApi {
  constructor(private readonly http: HttpTransport) {}

  /** Alerts now pending or firing. @example const firing = await keel.alerts.firing(); */
  async firing(): Promise<Alert[]> {
    return (await this.http.request<{ alerts: Alert[] }>('GET', '/api/v1/alerts')).alerts;
  }

  /** Alert episodes, newest first. @example const past = await keel.alerts.history({ state: 'resolved', rule: 'DataDrift' }); */
  async history(query: HistoryQuery = {}): Promise<Alert[]> {
    const q: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) if (v !== undefined) q[k] = String(v);
    return (await this.http.request<{ alerts: Alert[] }>('GET', '/api/v1/alerts/history', { query: q })).alerts;
  }

  /** @example const alert = await keel.alerts.get(id); */
  get(id: string): Promise<Alert> {
    return this.http.request('GET', `/api/v1/alerts/${enc(id)}`);
  }

  /** Publishes signal values and evaluates the rules over them. @example await keel.alerts.publish([{ metric: 'error_rate', value: 0.2, labels: { deployment: 'churn' } }]); */
  async publish(signals: SignalInput[]): Promise<void> {
    await this.http.request('POST', '/api/v1/alerts/signals', { body: { signals } });
  }

  /** @example for (const r of await keel.alerts.rules()) console.log(r.name, r.expr); */
  async rules(): Promise<AlertRule[]> {
    return (await this.http.request<{ rules: AlertRule[] }>('GET', '/api/v1/alerts/rules')).rules;
  }

  /** @example const rule = await keel.alerts.rule('DataDrift'); */
  rule(nameOrId: string): Promise<AlertRule> {
    return this.http.request('GET', `/api/v1/alerts/rules/${enc(nameOrId)}`);
  }

  /** @example await keel.alerts.createRule({ name: 'SlowP95', expr: 'latency_p95_seconds > 2', forSeconds: 300, severity: 'warning', channels: ['inbox'] }); */
  createRule(spec: AlertRuleSpec): Promise<AlertRule> {
    return this.http.request('POST', '/api/v1/alerts/rules', { body: spec });
  }

  /** @example await keel.alerts.updateRule('DataDrift', { channels: ['slack'], actions: [{ type: 'retraining' }] }); */
  updateRule(nameOrId: string, patch: AlertRulePatch): Promise<AlertRule> {
    return this.http.request('PATCH', `/api/v1/alerts/rules/${enc(nameOrId)}`, { body: patch });
  }

  /** @example await keel.alerts.deleteRule('LowGpuUtilization'); */
  deleteRule(nameOrId: string): Promise<void> {
    return this.http.request('DELETE', `/api/v1/alerts/rules/${enc(nameOrId)}`);
  }

  /** @example await keel.alerts.channels(); */
  async channels(): Promise<AlertChannel[]> {
    return (await this.http.request<{ channels: AlertChannel[] }>('GET', '/api/v1/alerts/channels')).channels;
  }

  /** @example await keel.alerts.createChannel({ type: 'slack', name: 'ml-alerts', url: slackWebhookUrl }); */
  createChannel(spec: ChannelSpec): Promise<AlertChannel> {
    return this.http.request('POST', '/api/v1/alerts/channels', { body: spec });
  }

  /** @example await keel.alerts.deleteChannel('ml-alerts'); */
  deleteChannel(name: string): Promise<void> {
    return this.http.request('DELETE', `/api/v1/alerts/channels/${enc(name)}`);
  }

  /** Sends a test notification now. @example const { ok, error } = await keel.alerts.testChannel('ml-alerts'); */
  testChannel(name: string): Promise<DeliveryResultView> {
    return this.http.request('POST', `/api/v1/alerts/channels/${enc(name)}/test`);
  }

  /** @example const sent = await keel.alerts.notifications(20); */
  async notifications(limit = 100): Promise<AlertNotification[]> {
    return (await this.http.request<{ notifications: AlertNotification[] }>('GET', '/api/v1/alerts/notifications', { query: { limit: String(limit) } })).notifications;
  }

  /** @example const { items, unread } = await keel.alerts.inbox({ unread: true }); */
  inbox(opts: { unread?: boolean; limit?: number } = {}): Promise<{ items: InboxItem[]; unread: number }> {
    const query: Record<string, string> = {};
    if (opts.unread !== undefined) query['unread'] = String(opts.unread);
    if (opts.limit !== undefined) query['limit'] = String(opts.limit);
    return this.http.request('GET', '/api/v1/alerts/inbox', { query });
  }

  /** @example await keel.alerts.markRead(item.id); */
  markRead(id: string, read = true): Promise<void> {
    return this.http.request('POST', `/api/v1/alerts/inbox/${enc(id)}/read`, { body: { read } });
  }

  /** @example await keel.alerts.markAllRead(); */
  async markAllRead(): Promise<number> {
    return (await this.http.request<{ marked: number }>('POST', '/api/v1/alerts/inbox/read-all')).marked;
  }

  /** @example await keel.alerts.silences(); */
  async silences(): Promise<Silence[]> {
    return (await this.http.request<{ silences: Silence[] }>('GET', '/api/v1/alerts/silences')).silences;
  }

  /** @example await keel.alerts.silence({ matchers: [{ label: 'monitor', value: 'churn' }], endsAt: Date.now() + 3_600_000, comment: 'backfill' }); */
  silence(spec: SilenceSpec): Promise<Silence> {
    return this.http.request('POST', '/api/v1/alerts/silences', { body: spec });
  }

  /** @example await keel.alerts.expireSilence(id); */
  expireSilence(id: string): Promise<void> {
    return this.http.request('DELETE', `/api/v1/alerts/silences/${enc(id)}`);
  }
}
