import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type ServerProcess } from '../support/spawn-keel.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * The alert path end to end, through the built `keel server` and its REST API only: a monitor
 * whose data drifts fires the DataDrift warning to a webhook (a loopback server here) exactly
 * once however often it runs, and a run without drift sends one resolve.
 */
let server: ServerProcess;
let hook: WebhookReceiver;
let dataDir: string;

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, csv?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: csv !== undefined ? { 'content-type': 'text/csv' } : body === undefined ? {} : { 'content-type': 'application/json' },
    ...(csv !== undefined ? { body: csv } : body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** n rows of two numeric columns spread evenly over [shift, shift + 1) in a scrambled order, and a category. */
function csv(n: number, shift: number, seed: number): string {
  const rows = ['x,y,color'];
  for (let i = 0; i < n; i++) {
    const u = ((i * 7919 + seed) % n) / n;
    const v = ((i * 104_729 + seed * 3) % n) / n;
    rows.push(`${shift + u},${shift + v},${['red', 'green', 'blue'][(i + seed) % 3]}`);
  }
  return `${rows.join('\n')}\n`;
}

async function upload(text: string): Promise<string> {
  const res = await call<{ sha256: string }>('POST', '/api/v1/monitoring/datasets', undefined, text);
  expect(res.status).toBe(201);
  return res.body.sha256;
}

/** Waits until no notification is pending, so "exactly once" is not judged before delivery could happen. */
async function settled(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { body } = await call<{ notifications: { status: string }[] }>('GET', '/api/v1/alerts/notifications');
    if (body.notifications.every((n) => n.status !== 'pending')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('notifications still pending after 5 s');
}

beforeAll(async () => {
  hook = await startWebhookReceiver();
  dataDir = mkdtempSync(join(tmpdir(), 'keel-alerting-e2e-'));
  server = await spawnServer(['--port', '0', '--data', dataDir]);
});
afterAll(async () => {
  await server?.stop();
  await hook?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('drift → alert → webhook, end to end', () => {
  it('fires one warning across repeated drifting runs, then one resolve', async () => {
    const reference = await upload(csv(400, 0, 1));
    const drifted = await upload(csv(300, 0.6, 2));
    const same = await upload(csv(300, 0, 5));

    expect((await call('POST', '/api/v1/alerts/channels', { type: 'webhook', name: 'receiver', url: `${hook.url}/hooks/keel?token=s3cret` })).status).toBe(201);
    // The default DataDrift rule, pointed at the receiver with no grouping delays so the test need not wait.
    const rule = await call('PATCH', '/api/v1/alerts/rules/DataDrift', { channels: ['receiver'], groupWaitSeconds: 0, groupIntervalSeconds: 0 });
    expect(rule.status).toBe(200);
    expect(rule.body).toMatchObject({ expr: 'drift_detected == 1', severity: 'warning' });

    const monitor = await call('POST', '/api/v1/monitoring/monitors', { name: 'features', source: { dataset: { sha256: drifted } }, reference: { dataset: { sha256: reference } }, window: { every: 'daily' }, enabled: false });
    expect(monitor.status).toBe(201);

    for (let run = 0; run < 3; run++) {
      const res = await call<{ status: string; datasetDrift: boolean }>('POST', '/api/v1/monitoring/monitors/features/run', {});
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'ok', datasetDrift: true });
      await settled();
    }
    await hook.waitFor(1);
    expect(hook.received).toHaveLength(1);
    const fired = hook.received[0];
    expect(fired?.path).toBe('/hooks/keel?token=s3cret');
    expect(fired?.headers['content-type']).toBe('application/json');
    expect(fired?.body).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'receiver',
      groupLabels: { alertname: 'DataDrift', monitor: 'features' },
      alerts: [{ status: 'firing', labels: { alertname: 'DataDrift', severity: 'warning', monitor: 'features', dataset: drifted }, annotations: { summary: 'Data drift detected by monitor features' }, endsAt: '0001-01-01T00:00:00Z' }],
    });
    const firing = await call<{ alerts: { ruleName: string; state: string }[] }>('GET', '/api/v1/alerts');
    expect(firing.body.alerts.filter((a) => a.ruleName === 'DataDrift')).toEqual([expect.objectContaining({ state: 'firing' })]);

    // The data comes back to normal: the next run finds no drift and the alert resolves.
    expect((await call('PATCH', '/api/v1/monitoring/monitors/features', { source: { dataset: { sha256: same } } })).status).toBe(200);
    const calm = await call<{ datasetDrift: boolean }>('POST', '/api/v1/monitoring/monitors/features/run', {});
    expect(calm.body.datasetDrift).toBe(false);
    await hook.waitFor(2);
    await settled();
    expect(hook.received).toHaveLength(2);
    const resolved = hook.received[1]?.body as { status: string; alerts: { status: string; endsAt: string; labels: Record<string, string> }[] };
    expect(resolved.status).toBe('resolved');
    expect(resolved.alerts).toHaveLength(1);
    expect(resolved.alerts[0]).toMatchObject({ status: 'resolved', labels: { monitor: 'features', dataset: drifted } });
    expect(Date.parse(resolved.alerts[0]?.endsAt ?? '')).toBeGreaterThan(0);

    const history = await call<{ alerts: { state: string; firedAt: number; resolvedAt: number }[] }>('GET', '/api/v1/alerts/history?rule=DataDrift');
    expect(history.body.alerts).toHaveLength(1);
    expect(history.body.alerts[0]?.state).toBe('resolved');
    expect(history.body.alerts[0]?.resolvedAt).toBeGreaterThanOrEqual(history.body.alerts[0]?.firedAt ?? Infinity);
    // The secret in the webhook URL never reaches the server's log.
    expect(server.output()).not.toContain('s3cret');
  });
});
