import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeel, spawnServer, type ServerProcess } from '../support/spawn-keel.js';

let server: ServerProcess;
let dir: string;
const keel = (...args: string[]) => runKeel([...args, '--url', server.url]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keel-alerts-cli-'));
  server = await spawnServer(['--port', '0', '--data', dir]);
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('keel alerts', () => {
  it('lists the default rules, creates and edits one, and shows its alert firing and in history', async () => {
    const listed = await keel('alerts', 'rules', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/HighErrorRate\s+critical\s+error_rate\{monitor=""\} > 0\.05\s+60s/);
    expect(listed.stdout).toMatch(/DataDrift\s+warning\s+drift_detected == 1/);

    const created = await keel('alerts', 'rules', 'create', 'SlowP95', '--expr', 'latency_p95_seconds > 2', '--severity', 'warning', '--group-wait', '0s', '--json');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'SlowP95', severity: 'warning', groupWaitSeconds: 0, channels: ['inbox'] });
    const updated = await keel('alerts', 'rules', 'update', 'SlowP95', '--for', '0s', '--retrain', '--json');
    expect(JSON.parse(updated.stdout)).toMatchObject({ forSeconds: 0, actions: [{ type: 'retraining' }] });

    const bad = await keel('alerts', 'rules', 'create', 'Bad', '--expr', 'latency_p95_seconds >', '--severity', 'warning');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('expr');

    await fetch(`${server.url}/api/v1/alerts/signals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ signals: [{ metric: 'latency_p95_seconds', value: 3.5, labels: { deployment: 'churn' } }] }) });
    const firing = await keel('alerts', 'list');
    expect(firing.stdout).toMatch(/SlowP95\s+warning\s+firing\s+3\.5\s+deployment=churn/);
    const json = JSON.parse((await keel('alerts', 'history', '--rule', 'SlowP95', '--json')).stdout) as { state: string }[];
    expect(json.map((a) => a.state)).toEqual(['firing']);
  });

  it('manages channels and silences', async () => {
    const created = await keel('alerts', 'channels', 'create', 'ops', '--type', 'webhook', '--webhook-url', 'http://127.0.0.1:9/hook?token=abc');
    expect(created.code).toBe(0);
    const channels = await keel('alerts', 'channels', 'list');
    expect(channels.stdout).toContain('http://127.0.0.1:9/…');
    expect(channels.stdout).not.toContain('token=abc');
    const tested = await keel('alerts', 'channels', 'test', 'ops');
    expect(tested.code).toBe(1);
    expect(tested.stdout).toMatch(/failed after 4 attempts: request failed: ECONNREFUSED/);
    expect(tested.stdout).not.toContain('token=abc');
    const silenced = await keel('alerts', 'silence', '--match', 'deployment=churn', '--for', '2h', '--comment', 'maintenance', '--json');
    expect(JSON.parse(silenced.stdout)).toMatchObject({ matchers: [{ label: 'deployment', value: 'churn', isEqual: true }], comment: 'maintenance' });
    const badDuration = await keel('alerts', 'silence', '--match', 'deployment=churn', '--for', 'soon');
    expect(badDuration.code).not.toBe(0);
    expect(badDuration.stderr).toContain('duration');
  });
});
