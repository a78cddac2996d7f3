import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { JobQueue } from '../../core/ports/job-queue.js';
import type { MonitorSignal } from '../monitoring/index.js';
import { AlertingService } from './alerting.service.js';
import type { AlertingStore } from './alerting.store.js';
import type { WebhookPoster } from './channel-delivery.js';
import type { WebhookMessage } from './notification-plan.js';
import { RETRAINING_QUEUE } from './retraining-action.js';
import { budgetSignals, deploymentSignals } from './signal-probes.js';

export interface AlertingFixture {
  store: AlertingStore;
  queue: JobQueue;
  cleanup(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 1);
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A receiver that records what it was sent; `answers` are status codes to reply with, in order (then 200). */
function receiver(answers: number[] = []) {
  const posts: { url: string; body: unknown }[] = [];
  const poster: WebhookPoster = {
    async post(url, body) {
      posts.push({ url, body: JSON.parse(body) as unknown });
      return { status: answers.shift() ?? 200 };
    },
  };
  return { posts, poster, messages: () => posts.map((p) => p.body as WebhookMessage) };
}

const signal = (metric: string, value: number, labels: Record<string, string>, at: number): MonitorSignal => ({ metric, value, labels, at: new Date(at) });

/** The alerting service over one store implementation: every adapter runs it (SQLite in unit tests, PostgreSQL in integration). */
export function runAlertingServiceContract(name: string, open: () => Promise<AlertingFixture>): void {
  describe(`alerting service on ${name}`, () => {
    let fx: AlertingFixture;
    let clock: ReturnType<typeof fixedClock>;
    let made: AlertingService[] = [];
    const make = (poster: WebhookPoster, probes: (() => Promise<MonitorSignal[]>)[] = []): AlertingService => {
      const svc = new AlertingService({ store: fx.store, clock, poster, queue: fx.queue, logger: quiet, retryBackoffMs: 1, probes });
      made.push(svc);
      return svc;
    };
    async function run(svc: AlertingService): Promise<void> {
      await svc.evaluate();
      await svc.deliverPending();
    }

    beforeEach(async () => {
      fx = await open();
      clock = fixedClock(T0);
    });
    afterEach(async () => {
      for (const svc of made) await svc.close();
      made = [];
      await fx.cleanup();
    });

    it('installs the default tiers once; they stay editable', async () => {
      const svc = make(receiver().poster);
      expect(await svc.installDefaults()).toBe(true);
      expect(await svc.installDefaults()).toBe(false);
      const rules = await svc.listRules();
      const byName = new Map(rules.map((r) => [r.name, r]));
      expect(byName.get('HighErrorRate')).toMatchObject({ expr: 'error_rate{monitor=""} > 0.05', severity: 'critical', builtin: true });
      expect(byName.get('DataDrift')).toMatchObject({ expr: 'drift_detected == 1', severity: 'warning' });
      expect(byName.get('CostBudgetApproaching')?.severity).toBe('info');
      const edited = await svc.updateRule('HighErrorRate', { expr: 'error_rate > 0.1' });
      expect(edited.expr).toBe('error_rate > 0.1');
      await svc.deleteRule('LowGpuUtilization');
      expect(await svc.installDefaults()).toBe(false);
      expect((await svc.listRules()).map((r) => r.name)).not.toContain('LowGpuUtilization');
    });

    it('fires a drift warning once while it lasts, then sends one resolve', async () => {
      const rx = receiver();
      const svc = make(rx.poster);
      await svc.installDefaults();
      await svc.createChannel({ type: 'webhook', name: 'hook', url: 'http://127.0.0.1:9/alerts?token=secret' });
      await svc.updateRule('DataDrift', { channels: ['hook'], groupWaitSeconds: 0, groupIntervalSeconds: 0 });
      for (let i = 0; i < 3; i++) {
        await svc.publish([signal('drift_detected', 1, { monitor: 'churn' }, clock.now())]);
        await svc.deliverPending();
        clock.advance(60_000);
      }
      expect(rx.messages()).toHaveLength(1);
      const [fired] = rx.messages();
      expect(fired).toMatchObject({ version: '4', status: 'firing', receiver: 'hook', commonLabels: { alertname: 'DataDrift', severity: 'warning', monitor: 'churn' } });
      expect(fired?.alerts[0]?.annotations['summary']).toBe('Data drift detected by monitor churn');
      expect(await svc.firing()).toHaveLength(1);

      await svc.publish([signal('drift_detected', 0, { monitor: 'churn' }, clock.now())]);
      await svc.deliverPending();
      expect(rx.messages()).toHaveLength(2);
      expect(rx.messages()[1]).toMatchObject({ status: 'resolved', alerts: [{ status: 'resolved', labels: { monitor: 'churn' } }] });
      expect(rx.messages()[1]?.alerts[0]?.endsAt).toBe(new Date(clock.now()).toISOString());
      expect(await svc.firing()).toHaveLength(0);
      const history = await svc.history({});
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ state: 'resolved', ruleName: 'DataDrift', firedAt: T0, resolvedAt: clock.now() });
      const log = await svc.notifications();
      expect(log.map((n) => [n.groupStatus, n.status])).toEqual([
        ['resolved', 'sent'],
        ['firing', 'sent'],
      ]);
    });

    it("replaces a monitor's earlier series, so a new model version resolves the old version's alert", async () => {
      const rx = receiver();
      const svc = make(rx.poster);
      await svc.createChannel({ type: 'webhook', name: 'hook', url: 'http://127.0.0.1:9/a' });
      await svc.createRule({ name: 'Drift', expr: 'drift_detected == 1', severity: 'warning', channels: ['hook'], groupBy: ['monitor'], groupWaitSeconds: 0, groupIntervalSeconds: 0 });
      await svc.publish([signal('drift_detected', 1, { monitor: 'm', version: '1' }, clock.now()), signal('drift_detected', 1, { monitor: 'other' }, clock.now())]);
      clock.advance(1000);
      await svc.publish([signal('drift_detected', 0, { monitor: 'm', version: '2' }, clock.now())]);
      await svc.deliverPending();
      expect((await svc.firing()).map((a) => a.labels['monitor'])).toEqual(['other']);
      expect(rx.messages().map((m) => m.status)).toEqual(['firing', 'firing', 'resolved']);
      expect(rx.messages()[2]?.alerts.map((a) => a.labels['version'])).toEqual(['1']);
    });

    it('waits the for-duration before firing, and drops a pending alert that recovers', async () => {
      const rx = receiver();
      const svc = make(rx.poster);
      await svc.createChannel({ type: 'webhook', name: 'hook', url: 'http://127.0.0.1:9/a' });
      await svc.createRule({ name: 'Errors', expr: 'error_rate > 0.05', forSeconds: 60, severity: 'critical', channels: ['hook'], groupWaitSeconds: 0 });
      await svc.publish([signal('error_rate', 0.2, { deployment: 'a' }, clock.now())]);
      expect((await svc.firing()).map((a) => a.state)).toEqual(['pending']);
      clock.advance(30_000);
      await svc.publish([signal('error_rate', 0.01, { deployment: 'a' }, clock.now())]);
      expect(await svc.firing()).toHaveLength(0);
      await svc.publish([signal('error_rate', 0.3, { deployment: 'a' }, clock.now())]);
      clock.advance(59_000);
      await run(svc);
      expect((await svc.firing())[0]?.state).toBe('pending');
      clock.advance(1_000);
      await run(svc);
      expect((await svc.firing())[0]).toMatchObject({ state: 'firing', value: 0.3 });
      expect(rx.messages()).toHaveLength(1);
      expect(await svc.history({})).toHaveLength(1);
    });

    it('groups alerts by label during group wait and repeats an unchanged group after the repeat interval', async () => {
      const rx = receiver();
      const svc = make(rx.poster);
      await svc.createChannel({ type: 'webhook', name: 'hook', url: 'http://127.0.0.1:9/a' });
      await svc.createRule({ name: 'Drift', expr: 'drift_detected == 1', severity: 'warning', channels: ['hook'], groupBy: ['alertname'], groupWaitSeconds: 30, repeatIntervalSeconds: 3600 });
      await svc.publish([signal('drift_detected', 1, { monitor: 'a' }, clock.now())]);
      clock.advance(10_000);
      await svc.publish([signal('drift_detected', 1, { monitor: 'b' }, clock.now())]);
      await svc.deliverPending();
      expect(rx.posts).toHaveLength(0);
      clock.advance(20_000);
      await run(svc);
      expect(rx.messages()).toHaveLength(1);
      expect(rx.messages()[0]?.alerts.map((a) => a.labels['monitor']).sort()).toEqual(['a', 'b']);
      expect(rx.messages()[0]?.groupLabels).toEqual({ alertname: 'Drift' });
      clock.advance(1_800_000);
      await run(svc);
      expect(rx.posts).toHaveLength(1);
      clock.advance(1_800_000);
      await run(svc);
      expect(rx.posts).toHaveLength(2);
      expect(rx.messages()[1]?.alerts).toHaveLength(2);
    });

    it('compares series whose labels agree (accuracy against its model baseline)', async () => {
      const rx = receiver();
      const svc = make(rx.poster);
      await svc.createChannel({ type: 'webhook', name: 'hook', url: 'http://127.0.0.1:9/a' });
      await svc.createRule({ name: 'Accuracy', expr: 'accuracy < accuracy_baseline - 0.05', severity: 'warning', channels: ['hook'], groupWaitSeconds: 0, groupBy: ['model'] });
      const at = clock.now();
      await svc.publish([
        signal('accuracy_baseline', 0.9, { model: 'churn' }, at),
        signal('accuracy_baseline', 0.7, { model: 'fraud' }, at),
        signal('accuracy', 0.8, { model: 'churn', monitor: 'm1' }, at),
        signal('accuracy', 0.68, { model: 'fraud', monitor: 'm2' }, at),
      ]);
      await svc.deliverPending();
      const firing = await svc.firing();
      expect(firing.map((a) => a.labels)).toEqual([{ model: 'churn', monitor: 'm1', alertname: 'Accuracy', severity: 'warning' }]);
      expect(firing[0]?.value).toBe(0.8);
    });

    it('sends nothing for silenced alerts', async () => {
      const rx = receiver();
      const svc = make(rx.poster);
      await svc.createChannel({ type: 'webhook', name: 'hook', url: 'http://127.0.0.1:9/a' });
      await svc.createRule({ name: 'Drift', expr: 'drift_detected == 1', severity: 'warning', channels: ['hook'], groupWaitSeconds: 0 });
      const silence = await svc.createSilence({ matchers: [{ label: 'monitor', value: 'noisy' }], endsAt: clock.now() + 3_600_000 });
      await svc.publish([signal('drift_detected', 1, { monitor: 'noisy' }, clock.now()), signal('drift_detected', 1, { monitor: 'real' }, clock.now())]);
      await svc.deliverPending();
      expect(rx.messages()).toHaveLength(1);
      expect(rx.messages()[0]?.alerts.map((a) => a.labels['monitor'])).toEqual(['real']);
      expect(await svc.firing()).toHaveLength(2);
      await svc.expireSilence(silence.id);
      clock.advance(61_000);
      await run(svc);
      expect(rx.messages()).toHaveLength(2);
      expect(rx.messages()[1]?.alerts.map((a) => a.labels['monitor']).sort()).toEqual(['noisy', 'real']);
    });

    it('notifies once when two servers evaluate the same signals at the same time', async () => {
      const rx = receiver();
      const one = make(rx.poster);
      const two = make(rx.poster);
      await one.createChannel({ type: 'webhook', name: 'hook', url: 'http://127.0.0.1:9/a' });
      await one.createRule({ name: 'Down', expr: 'service_up == 0', severity: 'critical', channels: ['hook'], groupWaitSeconds: 0 });
      const s = [signal('service_up', 0, { service: 'api' }, clock.now())];
      await Promise.all([one.publish(s), two.publish(s), one.evaluate(), two.evaluate()]);
      await Promise.all([one.deliverPending(), two.deliverPending()]);
      expect(rx.posts).toHaveLength(1);
      expect(await two.firing()).toHaveLength(1);
    });

    it('retries a webhook that answers 503, and gives up at once on a 400', async () => {
      const rx = receiver([503, 503]);
      const svc = make(rx.poster);
      await svc.createChannel({ type: 'webhook', name: 'hook', url: 'http://127.0.0.1:9/a', maxAttempts: 4 });
      await svc.createRule({ name: 'Down', expr: 'service_up == 0', severity: 'critical', channels: ['hook'], groupWaitSeconds: 0 });
      await svc.publish([signal('service_up', 0, {}, clock.now())]);
      await svc.deliverPending();
      expect(rx.posts).toHaveLength(3);
      expect((await svc.notifications())[0]).toMatchObject({ status: 'sent', attempts: 3 });

      const bad = receiver([400]);
      const other = make(bad.poster);
      await other.createChannel({ type: 'slack', name: 'slack', url: 'http://127.0.0.1:9/hooks/T000/B000/XXXX' });
      const res = await other.testChannel('slack');
      expect(res).toEqual({ ok: false, attempts: 1, error: 'receiver answered 400' });
      expect(bad.posts[0]?.body).toMatchObject({ text: '[FIRING:1] KeelTestNotification — info' });
      expect((await other.listChannels()).find((c) => c.name === 'slack')?.target).toBe('http://127.0.0.1:9/…');
    });

    it('puts notifications in the inbox, read and unread', async () => {
      const svc = make(receiver().poster);
      await svc.installDefaults();
      await svc.updateRule('DataDrift', { groupWaitSeconds: 0 });
      await svc.publish([signal('drift_detected', 1, { monitor: 'churn' }, clock.now())]);
      await svc.deliverPending();
      const inbox = await svc.inbox();
      expect(inbox.unread).toBe(1);
      expect(inbox.items[0]).toMatchObject({ severity: 'warning', status: 'firing', title: '[FIRING:1] DataDrift', readAt: null });
      await svc.markRead(inbox.items[0]?.id ?? '', true);
      expect((await svc.inbox({ unreadOnly: true })).items).toHaveLength(0);
      expect((await svc.inbox()).unread).toBe(0);
    });

    it('queues the retraining job and emits retraining_triggered once per firing', async () => {
      const svc = make(receiver().poster);
      await svc.installDefaults();
      await svc.updateRule('DataDrift', { actions: [{ type: 'retraining' }], groupWaitSeconds: 0 });
      const seen: string[] = [];
      svc.subscribe((signals) => seen.push(...signals.map((s) => s.metric)));
      await svc.publish([signal('drift_detected', 1, { monitor: 'churn' }, clock.now())]);
      await svc.publish([signal('drift_detected', 1, { monitor: 'churn' }, clock.now())]);
      await svc.evaluate();
      const jobs = await fx.queue.claim<{ rule: string; labels: Record<string, string> }>(RETRAINING_QUEUE, { max: 10 });
      expect(jobs).toHaveLength(1);
      expect(jobs[0]?.payload).toMatchObject({ rule: 'DataDrift', labels: { monitor: 'churn', alertname: 'DataDrift' } });
      expect(seen.filter((m) => m === 'retraining_triggered')).toHaveLength(1);
      expect((await svc.firing()).map((a) => a.ruleName).sort()).toEqual(['DataDrift', 'RetrainingTriggered']);
    });

    it('reads deployment changes and budget use from its probes on the timer; events go stale and resolve', async () => {
      let failing = true;
      const svc = make(receiver().poster, [
        async () => deploymentSignals([{ name: 'churn', revision: 3, updatedAt: T0 - 60_000 }, { name: 'old', revision: 1, updatedAt: T0 - 86_400_000 }]),
        async () => budgetSignals([{ keyId: 'k1', name: 'team-a', budget: { limitUsd: 10, spentUsd: 8.5 } }, { keyId: 'k2', name: 'team-b', budget: { limitUsd: 10, spentUsd: 1 } }, { keyId: 'k3', name: 'free', budget: null }], clock.now()),
        async () => {
          if (failing) throw new Error('probe down');
          return [];
        },
      ]);
      await svc.installDefaults();
      await svc.tick();
      const firing = await svc.firing();
      expect(firing.map((a) => [a.ruleName, a.labels['deployment'] ?? a.labels['key']]).sort()).toEqual([
        ['CostBudgetApproaching', 'team-a'],
        ['DeploymentChanged', 'churn'],
      ]);
      expect(firing.find((a) => a.ruleName === 'CostBudgetApproaching')?.value).toBe(0.85);
      failing = false;
      clock.advance(3_600_000);
      await svc.tick();
      expect((await svc.firing()).map((a) => a.ruleName)).toEqual(['CostBudgetApproaching']);
    });

    it('refuses rules with a bad expression or an unknown channel, naming the field', async () => {
      const svc = make(receiver().poster);
      await svc.installDefaults();
      await expect(svc.createRule({ name: 'Bad', expr: 'error_rate >', severity: 'critical' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('expr') as unknown });
      await expect(svc.createRule({ name: 'Bad', expr: 'error_rate > 1', severity: 'critical', channels: ['nope'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('channels') as unknown });
      await svc.createRule({ name: 'Good', expr: 'error_rate > 1', severity: 'critical' });
      await expect(svc.createRule({ name: 'Good', expr: 'error_rate > 1', severity: 'critical' })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    });
  });
}
