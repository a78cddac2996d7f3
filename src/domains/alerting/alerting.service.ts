import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { JobQueue } from '../../core/ports/job-queue.js';
import { parseInput } from '../../core/validation.js';
import type { MonitorSignal, SignalSink } from '../monitoring/index.js';
import { evaluateTransitions } from './alert-transitions.js';
import {
  alertRulePatchSchema,
  alertRuleSpecSchema,
  channelSpecSchema,
  historyQuerySchema,
  silenceSpecSchema,
  type Alert,
  type AlertChannel,
  type AlertNotification,
  type AlertRule,
  type AlertRulePatch,
  type AlertRuleSpec,
  type ChannelSpec,
  type HistoryQuery,
  type InboxItem,
  type ParsedAlertRuleSpec,
  type Silence,
  type SilenceSpec,
} from './alerting.schema.js';
import type { AlertingStore, StoredChannel } from './alerting.store.js';
import { deliver, type DeliveryResult, type WebhookPoster } from './channel-delivery.js';
import { DEFAULT_RULES } from './default-rules.js';
import { planNotifications, type WebhookMessage } from './notification-plan.js';
import { RETRAINING_QUEUE, retrainingJobHandler, type CommandRunner, type RetrainingJob } from './retraining-action.js';
import type { JobHandler } from '../jobs/index.js';
import type { SeriesSample } from './rule-evaluation.js';
import { parseCached, parseRuleExpression, referencedMetrics } from './rule-expression.js';

export interface AlertingLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface AlertingDeps {
  store: AlertingStore;
  clock: Clock;
  poster: WebhookPoster;
  queue: JobQueue;
  logger: AlertingLogger;
  /** Re-evaluation period (deferred notifications and for-durations also schedule their own). Default 15 s. */
  evaluationIntervalMs?: number;
  /** Base of links in notifications (the server's URL). */
  externalUrl?: string;
  /** Backoff base of webhook retries (tests shorten it). */
  retryBackoffMs?: number;
  /** Read on every timer tick before evaluating (deployment changes, budget use); a failing probe is logged and skipped. */
  probes?: readonly (() => Promise<readonly MonitorSignal[]>)[];
  /** What the `retraining` action's job runs (the server's configured command). */
  retraining?: { command: readonly string[] | undefined; runner: CommandRunner } | undefined;
}

const LEASE = 'evaluator';
const LEASE_TTL_MS = 30_000;
/** A notification claimed this long ago and still pending: its server died while sending; send again. */
const CLAIM_STALE_MS = 120_000;
const CLOSE_WAIT_MS = 5_000;

function validateExpr(spec: ParsedAlertRuleSpec): void {
  parseRuleExpression(spec.expr);
}

function showChannel(c: StoredChannel): AlertChannel {
  const target = c.spec.type === 'webhook' || c.spec.type === 'slack' ? `${new URL(c.spec.url).origin}/…` : null;
  return { name: c.spec.name, type: c.spec.type, target, builtin: c.builtin, createdAt: c.createdAt };
}

/**
 * Alerting: rules over the signals monitors publish, Alertmanager-style notifications.
 * Implements SignalSink, so a monitor run hands its signals straight here. Evaluation runs
 * after every publish and on a timer, under a SQL lease, so several servers evaluate one at
 * a time over the same state and every alert is notified once.
 */
export class AlertingService implements SignalSink {
  private readonly owner = newId();
  private readonly listeners = new Set<(signals: readonly MonitorSignal[]) => void>();
  private queued: Promise<void> | null = null;
  private current: Promise<void> = Promise.resolve();
  private delivering: Promise<void> | null = null;
  private deliverAgain = false;
  private interval: NodeJS.Timeout | undefined;
  private wake: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly deps: AlertingDeps) {}

  /** Installs the default rules into a new database and starts the evaluation timer. */
  async start(): Promise<void> {
    await this.installDefaults();
    this.interval = setInterval(() => void this.tick(), this.deps.evaluationIntervalMs ?? 15_000);
    this.interval.unref();
    void this.tick();
  }

  /** The job handler of the `retraining` action (queue `alerting.retraining`). */
  handler(): JobHandler<RetrainingJob> {
    const noRunner: CommandRunner = { run: () => Promise.reject(new Error('no command runner is wired')) };
    return retrainingJobHandler({ command: this.deps.retraining?.command, runner: this.deps.retraining?.runner ?? noRunner, logger: this.deps.logger });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.interval);
    clearTimeout(this.wake);
    await this.current;
    // A webhook retrying with backoff must not hold shutdown for long: what is left stays claimed,
    // and a server sends it again once the claim is stale (at-least-once, like any webhook).
    if (this.delivering) await Promise.race([this.delivering, new Promise((r) => setTimeout(r, CLOSE_WAIT_MS).unref())]);
  }

  async installDefaults(): Promise<boolean> {
    const now = this.deps.clock.now();
    const rules = DEFAULT_RULES.map((spec) => ({ ...alertRuleSpecSchema.parse(spec), id: newId(), builtin: true, createdAt: now, updatedAt: now }));
    const channels: StoredChannel[] = [
      { spec: { type: 'inbox', name: 'inbox' }, builtin: true, createdAt: now },
      { spec: { type: 'log', name: 'log' }, builtin: true, createdAt: now },
    ];
    return this.deps.store.installDefaults(rules, channels);
  }

  /** The timer's work: read the probes, store what they saw, evaluate. Never rejects. */
  async tick(): Promise<void> {
    const signals: MonitorSignal[] = [];
    for (const probe of this.deps.probes ?? []) {
      try {
        signals.push(...(await probe()));
      } catch (err) {
        this.deps.logger.warn({ err }, 'alerting probe failed');
      }
    }
    try {
      if (signals.length > 0) await this.deps.store.upsertSeries(signals.map((s) => ({ metric: s.metric, labels: s.labels, value: s.value, at: s.at.getTime() })));
    } catch (err) {
      this.deps.logger.error({ err }, 'storing probe signals failed');
    }
    await this.evaluate();
  }

  /** In-process subscribers (pipelines) see every published signal, the ones alerting emits included. */
  subscribe(listener: (signals: readonly MonitorSignal[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores the signals as the latest values of their series and evaluates the rules over them. */
  async publish(signals: readonly MonitorSignal[]): Promise<void> {
    if (signals.length === 0) return;
    await this.deps.store.upsertSeries(signals.map((s) => ({ metric: s.metric, labels: s.labels, value: s.value, at: s.at.getTime() })));
    this.notifyListeners(signals);
    await this.evaluate();
  }

  /** Signals as the REST API takes them (`at` in epoch ms, default now). */
  publishInputs(inputs: readonly { metric: string; value: number; labels: Record<string, string>; at?: number | undefined }[]): Promise<void> {
    const now = this.deps.clock.now();
    return this.publish(inputs.map((s) => ({ metric: s.metric, value: s.value, labels: s.labels, at: new Date(s.at ?? now) })));
  }

  private notifyListeners(signals: readonly MonitorSignal[]): void {
    for (const l of this.listeners) {
      try {
        l(signals);
      } catch (err) {
        this.deps.logger.warn({ err }, 'signal listener failed');
      }
    }
  }

  /**
   * Runs one evaluation after any in progress (calls while one waits share it), then sends
   * what it queued in the background. Never rejects: failures are logged.
   */
  evaluate(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.queued) return this.queued;
    const run = this.current.then(async () => {
      this.queued = null;
      try {
        await this.evaluateUnderLease();
      } catch (err) {
        this.deps.logger.error({ err }, 'alert evaluation failed');
      }
      this.deliverInBackground();
    });
    this.queued = run;
    this.current = run;
    return run;
  }

  private async evaluateUnderLease(): Promise<void> {
    const { store, clock } = this.deps;
    // Another server evaluating takes milliseconds: wait for it rather than skip, so the
    // signals just published are always evaluated by someone after they were stored.
    for (let tries = 0; !(await store.acquireLease(LEASE, this.owner, clock.now(), LEASE_TTL_MS)); tries++) {
      if (tries >= 200 || this.closed) {
        this.deps.logger.warn({}, 'alert evaluation skipped: another server holds the evaluator lease');
        return;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    try {
      await this.evaluateOnce();
    } finally {
      await store.releaseLease(LEASE, this.owner);
    }
  }

  private async evaluateOnce(): Promise<void> {
    const { store } = this.deps;
    const now = this.deps.clock.now();
    const rules = (await store.listRules()).filter((r) => this.parses(r));
    const metrics = new Set<string>();
    for (const r of rules) if (r.enabled) referencedMetrics(parseCached(r.expr), metrics);
    const [series, active, groups, silences] = await Promise.all([store.latestSeries([...metrics]), store.activeAlerts(), store.listGroups(), store.listSilences()]);
    const t = evaluateTransitions(rules, active, series, now);
    const alerts = new Map<string, Alert>();
    for (const a of [...active, ...t.insert, ...t.update]) alerts.set(a.id, a);
    for (const id of t.delete) alerts.delete(id);
    const firing = [...alerts.values()].filter((a) => a.state === 'firing');
    const sentIds = groups.flatMap((g) => Object.values(g.sent)).filter((id) => alerts.get(id)?.state !== 'firing');
    const notified = new Map<string, Alert>();
    for (const id of sentIds) {
      const known = alerts.get(id);
      if (known) notified.set(id, known);
    }
    const missing = sentIds.filter((id) => !notified.has(id));
    if (missing.length > 0) for (const a of await store.alertsByIds(missing)) notified.set(a.id, a);
    const plan = planNotifications({ rules: new Map(rules.map((r) => [r.id, r])), groups, firing, notified, silences, now, externalURL: this.deps.externalUrl ?? '' });
    const rulesById = new Map(rules.map((r) => [r.id, r]));
    const emitted: SeriesSample[] = [];
    const jobs: RetrainingJob[] = [];
    for (const alert of t.fired) {
      const rule = rulesById.get(alert.ruleId);
      if (!rule?.actions.some((a) => a.type === 'retraining')) continue;
      const { alertname: _n, severity: _s, ...labels } = alert.labels;
      emitted.push({ metric: 'retraining_triggered', labels: { ...labels, rule: rule.name }, value: 1, at: now });
      jobs.push({ alertId: alert.id, rule: rule.name, labels: alert.labels });
    }
    await store.commitEvaluation({ insertAlerts: t.insert, updateAlerts: t.update, deleteAlerts: t.delete, putGroups: plan.putGroups, deleteGroups: plan.deleteGroups, notifications: plan.notifications, series: emitted });
    for (const job of jobs) {
      // After the commit: a crash between the two loses the job, never runs it for an alert that did not fire.
      const jobId = await this.deps.queue.enqueue(RETRAINING_QUEUE, job, { maxAttempts: 1 });
      this.deps.logger.info({ jobId, rule: job.rule, alertId: job.alertId }, 'retraining triggered');
    }
    if (emitted.length > 0) {
      this.notifyListeners(emitted.map((s) => ({ ...s, at: new Date(s.at) })));
      // The `retraining_triggered` signal is itself something a rule may alert on.
      setImmediate(() => void this.evaluate());
    }
    const due = [t.nextDueAt, plan.nextDueAt].filter((d): d is number => d !== null);
    if (due.length > 0) this.scheduleWake(Math.min(...due) - now);
  }

  /** Rules are checked when written; one that still fails to parse (written by an older version) is skipped, not fatal to the rest. */
  private parses(rule: AlertRule): boolean {
    try {
      parseCached(rule.expr);
      return true;
    } catch (err) {
      this.deps.logger.warn({ rule: rule.name, error: (err as Error).message }, 'alert rule skipped: its expression does not parse');
      return false;
    }
  }

  private scheduleWake(inMs: number): void {
    if (this.closed) return;
    clearTimeout(this.wake);
    this.wake = setTimeout(() => void this.evaluate(), Math.max(0, Math.min(inMs, 2 ** 31 - 1)) + 5);
    this.wake.unref();
  }

  private deliverInBackground(): void {
    void this.deliverPending();
  }

  /**
   * Sends every pending notification; resolves when none is left. One loop per server at a
   * time (a call during it makes it go round once more); across servers, rows are claimed
   * before sending, so two servers never send the same one.
   */
  deliverPending(): Promise<void> {
    if (this.delivering) {
      this.deliverAgain = true;
      return this.delivering;
    }
    this.delivering = (async () => {
      do {
        this.deliverAgain = false;
        try {
          await this.deliverClaimed();
        } catch (err) {
          this.deps.logger.error({ err }, 'alert notification delivery failed');
        }
      } while (this.deliverAgain && !this.closed);
    })().finally(() => {
      this.delivering = null;
    });
    return this.delivering;
  }

  private async deliverClaimed(): Promise<void> {
    const { store, clock } = this.deps;
    for (;;) {
      const batch = await store.claimNotifications(clock.now(), CLAIM_STALE_MS, 32);
      if (batch.length === 0) return;
      const channels = new Map((await store.listChannels()).map((c) => [c.spec.name, c]));
      await Promise.all(
        batch.map(async (n) => {
          const channel = channels.get(n.channel);
          const result: DeliveryResult = channel ? await this.send(channel, n.id, n.payload as WebhookMessage) : { ok: false, attempts: 0, error: `channel ${n.channel} does not exist` };
          if (!result.ok) this.deps.logger.warn({ channel: n.channel, notificationId: n.id, attempts: result.attempts, error: result.error }, 'alert notification failed');
          await store.finishNotification(n.id, { status: result.ok ? 'sent' : 'failed', attempts: result.attempts, error: result.error, at: clock.now() });
        }),
      );
    }
  }

  private send(channel: StoredChannel, notificationId: string, msg: WebhookMessage): Promise<DeliveryResult> {
    return deliver(channel.spec, notificationId, msg, {
      poster: this.deps.poster,
      log: (obj, msg) => this.deps.logger.warn({ ...obj, component: 'alerting' }, msg),
      inbox: (item) => this.deps.store.addInboxItem({ ...item, id: newId(), createdAt: this.deps.clock.now() }),
      ...(this.deps.retryBackoffMs === undefined ? {} : { backoffMs: this.deps.retryBackoffMs }),
    });
  }

  // ── rules ──────────────────────────────────────────────────────────────

  async createRule(input: AlertRuleSpec): Promise<AlertRule> {
    const spec = parseInput(alertRuleSpecSchema, input);
    validateExpr(spec);
    await this.requireChannels(spec.channels);
    const now = this.deps.clock.now();
    const rule: AlertRule = { ...spec, id: newId(), builtin: false, createdAt: now, updatedAt: now };
    await this.deps.store.createRule(rule);
    void this.evaluate();
    return rule;
  }

  async getRule(idOrName: string): Promise<AlertRule> {
    const rule = await this.deps.store.getRule(idOrName);
    if (!rule) throw new AppError('NOT_FOUND', `alert rule ${idOrName} does not exist`);
    return rule;
  }

  listRules(): Promise<AlertRule[]> {
    return this.deps.store.listRules();
  }

  async updateRule(idOrName: string, input: AlertRulePatch): Promise<AlertRule> {
    const patch = parseInput(alertRulePatchSchema, input);
    const rule = await this.getRule(idOrName);
    const merged = parseInput(alertRuleSpecSchema, { ...stripRule(rule), ...patch });
    validateExpr(merged);
    await this.requireChannels(merged.channels);
    const updated: AlertRule = { ...merged, id: rule.id, builtin: rule.builtin, createdAt: rule.createdAt, updatedAt: this.deps.clock.now() };
    if (!(await this.deps.store.updateRule(updated))) throw new AppError('NOT_FOUND', `alert rule ${idOrName} does not exist`);
    void this.evaluate();
    return updated;
  }

  async deleteRule(idOrName: string): Promise<void> {
    const rule = await this.getRule(idOrName);
    await this.deps.store.deleteRule(rule.id);
    void this.evaluate();
  }

  private async requireChannels(names: readonly string[]): Promise<void> {
    const known = new Set((await this.deps.store.listChannels()).map((c) => c.spec.name));
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length > 0) throw AppError.invalid(`channels: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a channel`, [{ path: 'channels', message: `unknown channel ${unknown[0]}` }]);
  }

  // ── channels ───────────────────────────────────────────────────────────

  async createChannel(input: ChannelSpec): Promise<AlertChannel> {
    const spec = parseInput(channelSpecSchema, input);
    const stored: StoredChannel = { spec, builtin: false, createdAt: this.deps.clock.now() };
    await this.deps.store.createChannel(stored);
    return showChannel(stored);
  }

  async listChannels(): Promise<AlertChannel[]> {
    return (await this.deps.store.listChannels()).map(showChannel);
  }

  async deleteChannel(name: string): Promise<void> {
    const users = (await this.deps.store.listRules()).filter((r) => r.channels.includes(name)).map((r) => r.name);
    if (users.length > 0) throw new AppError('FAILED_PRECONDITION', `channel ${name} is used by rules ${users.join(', ')}`);
    if (!(await this.deps.store.deleteChannel(name))) throw new AppError('NOT_FOUND', `channel ${name} does not exist`);
  }

  /** Sends a test notification through a channel at once and says how it went. */
  async testChannel(name: string): Promise<DeliveryResult> {
    const channel = await this.deps.store.getChannel(name);
    if (!channel) throw new AppError('NOT_FOUND', `channel ${name} does not exist`);
    const now = new Date(this.deps.clock.now()).toISOString();
    const labels = { alertname: 'KeelTestNotification', severity: 'info' };
    const msg: WebhookMessage = {
      version: '4',
      groupKey: 'test',
      truncatedAlerts: 0,
      status: 'firing',
      receiver: name,
      groupLabels: { alertname: labels.alertname },
      commonLabels: labels,
      commonAnnotations: { summary: 'A test notification from Keel' },
      externalURL: this.deps.externalUrl ?? '',
      alerts: [{ status: 'firing', labels, annotations: { summary: 'A test notification from Keel' }, startsAt: now, endsAt: '0001-01-01T00:00:00Z', generatorURL: '', fingerprint: 'test', value: 1 }],
    };
    return this.send(channel, newId(), msg);
  }

  // ── alerts, history, inbox, silences ───────────────────────────────────

  async firing(): Promise<Alert[]> {
    return (await this.deps.store.activeAlerts()).sort((a, b) => b.activeSince - a.activeSince);
  }

  history(input: HistoryQuery): Promise<Alert[]> {
    return this.deps.store.listAlerts(parseInput(historyQuerySchema, input, 'query'));
  }

  async getAlert(id: string): Promise<Alert> {
    const alert = await this.deps.store.getAlert(id);
    if (!alert) throw new AppError('NOT_FOUND', `alert ${id} does not exist`);
    return alert;
  }

  notifications(limit = 100): Promise<AlertNotification[]> {
    return this.deps.store.listNotifications(limit);
  }

  inbox(opts: { unreadOnly?: boolean; limit?: number } = {}): Promise<{ items: InboxItem[]; unread: number }> {
    return this.deps.store.listInbox({ unreadOnly: opts.unreadOnly ?? false, limit: opts.limit ?? 100 });
  }

  async markRead(id: string, read: boolean): Promise<void> {
    if (!(await this.deps.store.setInboxRead(id, read ? this.deps.clock.now() : null))) throw new AppError('NOT_FOUND', `inbox item ${id} does not exist`);
  }

  markAllRead(): Promise<number> {
    return this.deps.store.markAllInboxRead(this.deps.clock.now());
  }

  async createSilence(input: SilenceSpec): Promise<Silence> {
    const spec = parseInput(silenceSpecSchema, input);
    const now = this.deps.clock.now();
    const startsAt = spec.startsAt ?? now;
    if (spec.endsAt <= startsAt) throw AppError.invalid('body.endsAt: must be after startsAt', [{ path: 'body.endsAt', message: 'must be after startsAt' }]);
    const silence: Silence = { id: newId(), matchers: spec.matchers, startsAt, endsAt: spec.endsAt, comment: spec.comment, createdBy: spec.createdBy, createdAt: now };
    await this.deps.store.createSilence(silence);
    void this.evaluate();
    return silence;
  }

  listSilences(): Promise<Silence[]> {
    return this.deps.store.listSilences();
  }

  async expireSilence(id: string): Promise<void> {
    if (!(await this.deps.store.expireSilence(id, this.deps.clock.now()))) throw new AppError('NOT_FOUND', `silence ${id} does not exist`);
    void this.evaluate();
  }
}

function stripRule(rule: AlertRule): ParsedAlertRuleSpec {
  const { id: _id, builtin: _b, createdAt: _c, updatedAt: _u, ...spec } = rule;
  return spec;
}
