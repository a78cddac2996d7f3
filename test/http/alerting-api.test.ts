import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLogisticRegressionOnnx } from '../fixtures/models/logistic-onnx.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

interface Reply {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
}

let keel: TestKeel;
let hook: WebhookReceiver;
async function call(method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`${keel.url}${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Reply['body'] };
}

beforeAll(async () => {
  hook = await startWebhookReceiver();
  keel = await startTestKeel();
});
afterAll(async () => {
  await keel.stop();
  await hook.close();
});

describe('alerting REST API', () => {
  it('serves the default rules and edits them', async () => {
    const rules = (await call('GET', '/api/v1/alerts/rules')).body['rules'] as { name: string; severity: string }[];
    expect(rules.map((r) => r.name)).toEqual(expect.arrayContaining(['HighErrorRate', 'HighLatencyP99', 'ServiceDown', 'DataDrift', 'AccuracyBelowBaseline', 'LowGpuUtilization', 'DeploymentChanged', 'RetrainingTriggered', 'CostBudgetApproaching']));
    const patched = await call('PATCH', '/api/v1/alerts/rules/LowGpuUtilization', { expr: 'gpu_utilization < 0.1', enabled: false });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ expr: 'gpu_utilization < 0.1', enabled: false, severity: 'warning', forSeconds: 900 });
    expect((await call('DELETE', '/api/v1/alerts/rules/LowGpuUtilization')).status).toBe(204);
    expect((await call('GET', '/api/v1/alerts/rules/LowGpuUtilization')).status).toBe(404);
  });

  it('answers 400 naming the field for bad rules, channels and silences', async () => {
    const badExpr = await call('POST', '/api/v1/alerts/rules', { name: 'x', expr: 'error_rate >>', severity: 'critical' });
    expect(badExpr.status).toBe(400);
    expect(badExpr.body.error?.message).toMatch(/^expr: /);
    const badSeverity = await call('POST', '/api/v1/alerts/rules', { name: 'x', expr: 'a > 1', severity: 'page-me' });
    expect(badSeverity.body.error?.message).toMatch(/^body\.severity/);
    const badChannel = await call('POST', '/api/v1/alerts/rules', { name: 'x', expr: 'a > 1', severity: 'info', channels: ['nowhere'] });
    expect(badChannel.status).toBe(400);
    expect(badChannel.body.error?.message).toContain('channels');
    const badUrl = await call('POST', '/api/v1/alerts/channels', { type: 'webhook', name: 'w', url: 'ftp://example.invalid/x' });
    expect(badUrl.body.error?.message).toMatch(/^body\.url/);
    const badSilence = await call('POST', '/api/v1/alerts/silences', { matchers: [{ label: 'monitor', value: 'a' }], startsAt: 2000, endsAt: 1000 });
    expect(badSilence.status).toBe(400);
    expect(badSilence.body.error?.message).toContain('endsAt');
    expect((await call('PATCH', '/api/v1/alerts/rules/DataDrift', { groupWaitSeconds: -1 })).body.error?.message).toMatch(/^body\.groupWaitSeconds/);
  });

  it('shows channel URLs by origin only, and test-notifies one', async () => {
    const created = await call('POST', '/api/v1/alerts/channels', { type: 'slack', name: 'team-slack', url: `${hook.url}/services/T0/B0/secret-token` });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'team-slack', type: 'slack', target: `${hook.url}/…` });
    expect(JSON.stringify((await call('GET', '/api/v1/alerts/channels')).body)).not.toContain('secret-token');
    const tested = await call('POST', '/api/v1/alerts/channels/team-slack/test');
    expect(tested.body).toEqual({ ok: true, attempts: 1, error: null });
    const [got] = await hook.waitFor(1);
    expect(got?.path).toBe('/services/T0/B0/secret-token');
    expect(got?.body).toMatchObject({ text: '[FIRING:1] KeelTestNotification — info', blocks: expect.any(Array) as unknown });
  });

  it('turns published signals into a firing alert, an inbox item and a resolved history entry', async () => {
    await call('PATCH', '/api/v1/alerts/rules/HighErrorRate', { forSeconds: 0, groupWaitSeconds: 0, groupIntervalSeconds: 0 });
    const published = await call('POST', '/api/v1/alerts/signals', { signals: [{ metric: 'error_rate', value: 0.2, labels: { deployment: 'churn' } }] });
    expect(published.body).toEqual({ accepted: 1 });
    const firing = (await call('GET', '/api/v1/alerts')).body['alerts'] as { id: string; state: string; labels: Record<string, string> }[];
    expect(firing).toHaveLength(1);
    expect(firing[0]).toMatchObject({ state: 'firing', labels: { alertname: 'HighErrorRate', severity: 'critical', deployment: 'churn' } });
    expect((await call('GET', `/api/v1/alerts/${firing[0]?.id}`)).body['ruleName']).toBe('HighErrorRate');

    let inbox = (await call('GET', '/api/v1/alerts/inbox')).body as { items: { id: string; title: string }[]; unread: number };
    for (let i = 0; i < 50 && inbox.unread === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      inbox = (await call('GET', '/api/v1/alerts/inbox')).body as typeof inbox;
    }
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]?.title).toBe('[FIRING:1] HighErrorRate');
    expect((await call('POST', `/api/v1/alerts/inbox/${inbox.items[0]?.id}/read`, {})).status).toBe(204);
    expect(((await call('GET', '/api/v1/alerts/inbox?unread=true')).body['items'] as unknown[]).length).toBe(0);

    await call('POST', '/api/v1/alerts/signals', { signals: [{ metric: 'error_rate', value: 0.01, labels: { deployment: 'churn' } }] });
    expect((await call('GET', '/api/v1/alerts')).body['alerts']).toEqual([]);
    const history = (await call('GET', '/api/v1/alerts/history?state=resolved&rule=HighErrorRate')).body['alerts'] as { state: string; resolvedAt: number }[];
    expect(history).toHaveLength(1);
    expect(history[0]?.resolvedAt).toBeGreaterThan(0);
    expect((await call('GET', '/api/v1/alerts/history?limit=0')).status).toBe(400);
  });

  it('alerts on a new deployment revision at the next timer tick (the info tier)', async () => {
    await call('POST', '/api/v1/models', { name: 'clf' });
    const bytes = buildLogisticRegressionOnnx({ weights: [1, -1], bias: 0 });
    const up = await fetch(`${keel.url}/api/v1/models/clf/versions/upload?filename=model.onnx`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(up.status).toBe(201);
    expect((await call('PUT', '/api/v1/deployments/clf', { model: 'clf@1' })).status).toBe(200);
    await keel.services.alerting.tick();
    const firing = (await call('GET', '/api/v1/alerts')).body['alerts'] as { ruleName: string; severity: string; labels: Record<string, string> }[];
    expect(firing.find((a) => a.ruleName === 'DeploymentChanged')).toMatchObject({ severity: 'info', labels: { deployment: 'clf', revision: '1' } });
  });

  it('creates and ends silences', async () => {
    const created = await call('POST', '/api/v1/alerts/silences', { matchers: [{ label: 'monitor', value: 'noisy' }], endsAt: Date.now() + 60_000, comment: 'maintenance' });
    expect(created.status).toBe(201);
    const id = created.body['id'] as string;
    expect((await call('DELETE', `/api/v1/alerts/silences/${id}`)).status).toBe(204);
    const silences = (await call('GET', '/api/v1/alerts/silences')).body['silences'] as { id: string; endsAt: number }[];
    expect(silences.find((s) => s.id === id)?.endsAt).toBeLessThanOrEqual(Date.now());
    expect((await call('DELETE', '/api/v1/alerts/silences/nope')).status).toBe(404);
  });
});
