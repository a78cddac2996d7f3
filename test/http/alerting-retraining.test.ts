import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

/**
 * The `retraining` action on a real server: the configured command (here a node one-liner standing
 * in for `keel run train.py`) runs as a job on the queue when the alert fires, once, and sees the alert.
 */
let keel: TestKeel;
let marker: string;
const SCRIPT = "require('fs').appendFileSync(process.argv[1], JSON.stringify({ rule: process.env.KEEL_ALERT_RULE, labels: JSON.parse(process.env.KEEL_ALERT_LABELS) }) + '\\n')";

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${keel.url}${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

beforeAll(async () => {
  keel = await startTestKeel();
  marker = join(keel.dataDir, 'retrained.jsonl');
  await keel.stop();
  keel = await startTestKeel({}, { dataDir: keel.dataDir, config: { alerting: { retrainCommand: [process.execPath, '-e', SCRIPT, marker] } } });
});
afterAll(() => keel.stop());

describe('the retraining action', () => {
  it('starts the configured command once per firing and emits retraining_triggered', async () => {
    expect((await call('PATCH', '/api/v1/alerts/rules/DataDrift', { actions: [{ type: 'retraining' }], groupWaitSeconds: 0 })).status).toBe(200);
    const drift = { signals: [{ metric: 'drift_detected', value: 1, labels: { monitor: 'churn-daily' } }] };
    await call('POST', '/api/v1/alerts/signals', drift);
    await call('POST', '/api/v1/alerts/signals', drift);
    for (let i = 0; i < 100 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 100));
    // Give a duplicate job the time it would need to show up.
    await new Promise((r) => setTimeout(r, 1500));
    const lines = readFileSync(marker, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({ rule: 'DataDrift', labels: { monitor: 'churn-daily', alertname: 'DataDrift', severity: 'warning' } });
    const firing = (await call('GET', '/api/v1/alerts')).body['alerts'] as { ruleName: string; labels: Record<string, string> }[];
    expect(firing.find((a) => a.ruleName === 'RetrainingTriggered')?.labels).toMatchObject({ rule: 'DataDrift', monitor: 'churn-daily' });
  });
});
