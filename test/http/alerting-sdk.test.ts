import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, Keel } from '../../src/sdk/index.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

let keel: TestKeel;
let sdk: Keel;
beforeAll(async () => {
  keel = await startTestKeel();
  sdk = new Keel({ url: keel.url });
});
afterAll(() => keel.stop());

describe('alerting through the SDK', () => {
  it('creates a rule, publishes signals and reads the alert, its inbox item and its history', async () => {
    const rule = await sdk.alerts.createRule({ name: 'QueueBacklog', expr: 'queue_depth{deployment="churn"} > 100', severity: 'warning', groupWaitSeconds: 0, groupIntervalSeconds: 0 });
    expect(rule).toMatchObject({ builtin: false, channels: ['inbox'], forSeconds: 0 });
    await sdk.alerts.publish([{ metric: 'queue_depth', value: 250, labels: { deployment: 'churn' } }]);
    const firing = await sdk.alerts.firing();
    expect(firing).toEqual([expect.objectContaining({ ruleName: 'QueueBacklog', state: 'firing', value: 250 })]);
    expect((await sdk.alerts.get(firing[0]?.id ?? '')).labels).toMatchObject({ deployment: 'churn', alertname: 'QueueBacklog' });

    let inbox = await sdk.alerts.inbox({ unread: true });
    for (let i = 0; i < 50 && inbox.items.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      inbox = await sdk.alerts.inbox({ unread: true });
    }
    expect(inbox.items[0]).toMatchObject({ title: '[FIRING:1] QueueBacklog', severity: 'warning' });
    expect(await sdk.alerts.markAllRead()).toBe(1);

    await sdk.alerts.publish([{ metric: 'queue_depth', value: 3, labels: { deployment: 'churn' } }]);
    expect(await sdk.alerts.firing()).toEqual([]);
    expect((await sdk.alerts.history({ rule: 'QueueBacklog' })).map((a) => a.state)).toEqual(['resolved']);
    const silence = await sdk.alerts.silence({ matchers: [{ label: 'deployment', value: 'churn' }], endsAt: Date.now() + 60_000 });
    expect((await sdk.alerts.silences()).map((s) => s.id)).toContain(silence.id);
  });

  it('rebuilds typed errors', async () => {
    await expect(sdk.alerts.rule('NoSuchRule')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const err = await sdk.alerts.createRule({ name: 'Broken', expr: 'a >', severity: 'info' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INVALID_ARGUMENT');
    await expect(sdk.alerts.deleteChannel('inbox')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });
});
