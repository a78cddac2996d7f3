import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runKeel, spawnServer, type ServerProcess } from '../support/spawn-keel.js';

/** `keel monitors` on the built binary (run `npm run build:server` first) against a real server, on vega-datasets seattle-weather. */
const dir = mkdtempSync(join(tmpdir(), 'keel-monitors-cli-'));
const lines = readFileSync(join(REPO_ROOT, 'node_modules/vega-datasets/data/seattle-weather.csv'), 'utf8').trim().split('\n');
const months = (ms: string[]): string => [lines[0], ...lines.slice(1).filter((l) => ms.includes(l.slice(5, 7)))].join('\n');
const winter = join(dir, 'winter.csv');
const summer = join(dir, 'summer.csv');
writeFileSync(winter, months(['12', '01', '02']));
writeFileSync(summer, months(['06', '07', '08']));

let server: ServerProcess;
beforeAll(async () => {
  server = await spawnServer(['--port', '0', '--data', join(dir, 'data')]);
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const keel = (...args: string[]) => runKeel([...args, '--url', server.url]);

describe('keel monitors', () => {
  it('creates a dataset monitor, runs it, lists, shows and deletes it', async () => {
    const created = await keel('monitors', 'create', 'weather', '--dataset', summer, '--reference', winter, '--window', 'daily', '--columns', 'temp_max,wind,weather', '--thresholds', 'ks=0.01', '--json');
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'weather', enabled: true, config: { window: { every: 'daily' }, options: { thresholds: { ks: 0.01 } } } });

    const run = await keel('monitors', 'run', 'weather');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/dataset drift: YES/);
    expect(run.stdout).toMatch(/temp_max\s+ks\s/);

    const json = await keel('monitors', 'run', 'weather', '--json');
    const body = JSON.parse(json.stdout) as { status: string; result: { drift: { columns: Record<string, { drifted: boolean }> } } };
    expect(body.status).toBe('ok');
    expect(body.result.drift.columns.temp_max?.drifted).toBe(true);

    const list = await keel('monitors', 'list');
    expect(list.stdout).toMatch(/weather\s+dataset [0-9a-f]{12}\s+every:daily\s+DRIFT/);
    const runs = JSON.parse((await keel('monitors', 'runs', 'weather', '--json')).stdout) as unknown[];
    expect(runs).toHaveLength(2);
    expect((await keel('monitors', 'disable', 'weather')).stdout).toMatch(/weather disabled/);
    expect((await keel('monitors', 'show', 'weather')).stdout).toMatch(/weather\s+disabled[\s\S]*dataset drift: YES/);
    expect((await keel('monitors', 'delete', 'weather')).code).toBe(0);
    const gone = await keel('monitors', 'show', 'weather');
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(/monitor 'weather' not found|not found/);
  });

  it('explains bad flags', async () => {
    const bad = await keel('monitors', 'create', 'x', '--dataset', summer, '--reference', winter, '--window', 'fortnightly');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--window must be hourly, daily/);
    const thresholds = await keel('monitors', 'create', 'x', '--dataset', summer, '--reference', winter, '--window', 'daily', '--thresholds', 'anova=1');
    expect(thresholds.stderr).toMatch(/--thresholds must be <test>=<positive number>/);
    const both = await keel('monitors', 'create', 'x', '--window', 'daily', '--reference', winter);
    expect(both.stderr).toMatch(/exactly one of --deployment or --dataset/);
  });
});
