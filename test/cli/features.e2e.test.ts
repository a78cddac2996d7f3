import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DRIVER_STATS_CSV, driverDefinitions } from '../../src/domains/features/online-features.contract.js';
import { runKeel, spawnServer, type ServerProcess } from '../support/spawn-keel.js';

/** `keel features` on the built binary (`npm run build:server` first): apply with a diff, training to Parquet, materialize, get. */
const dir = mkdtempSync(join(tmpdir(), 'keel-features-cli-'));
const data = join(dir, 'data');
const csv = join(dir, 'driver_stats.csv');
const defsFile = join(dir, 'features.yaml');
let server: ServerProcess;
beforeAll(async () => {
  writeFileSync(csv, DRIVER_STATS_CSV);
  writeFileSync(defsFile, stringify(driverDefinitions(csv)));
  server = await spawnServer(['--port', '0', '--data', data]);
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('keel features', () => {
  it('shows the diff before applying, then nothing to change', async () => {
    const dry = await runKeel(['features', 'apply', defsFile, '--dry-run', '--url', server.url]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('+ view driver_stats (v1)');
    const applied = await runKeel(['features', 'apply', defsFile, '--url', server.url]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/\+ service driver_model \(v1\)[\s\S]*applied 5 change\(s\)/);
    const again = await runKeel(['features', 'apply', defsFile, '--url', server.url]);
    expect(again.stdout.trim()).toBe('no changes');
  });

  it('refuses a malformed definitions file, naming the field', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'views:\n  - name: v\n    entity: driver\n    source: driver_stats\n    ttl: soon\n    features: [{ name: x, type: int64 }]\n');
    const r = await runKeel(['features', 'apply', bad, '--url', server.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml.views.0.ttl');
  });

  it('writes point-in-time training data to Parquet from a Parquet file of entity rows', async () => {
    const entities = join(dir, 'rows.parquet');
    const out = join(dir, 'train.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`COPY (SELECT * FROM (VALUES (1, TIMESTAMP '2024-01-02 00:00:00'), (2, TIMESTAMP '2024-01-05 00:00:00')) t(driver_id, event_timestamp)) TO '${entities}' (FORMAT parquet)`);
    const r = await runKeel(['features', 'training', '--entities', entities, '--service', 'driver_model', '--out', out, '--data', data, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 2, out });
    const rows = (await c.runAndReadAll(`SELECT driver_stats__trips AS t, driver_doubled__trips_x2 AS x FROM read_parquet('${out}')`)).getRowObjectsJS();
    expect(rows.map((row) => [row.t === null ? null : Number(row.t), Number(row.x)])).toEqual([
      [25, 50],
      [null, 180],
    ]);
    c.closeSync();
  });

  it('materializes into the online store the server reads, idempotently', async () => {
    const first = await runKeel(['features', 'materialize', '--data', data, '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect((JSON.parse(first.stdout) as { views: { written: number }[] }).views.map((v) => v.written)).toEqual([3, 3]);
    const second = await runKeel(['features', 'materialize', '--data', data, '--json']);
    expect((JSON.parse(second.stdout) as { views: { written: number }[] }).views.map((v) => v.written)).toEqual([0, 0]);
    const got = await runKeel(['features', 'get', '--features', 'driver_doubled:trips_x2', '--entity', 'driver_id=1,9', '--url', server.url, '--json']);
    expect(got.code, got.stderr).toBe(0);
    const res = JSON.parse(got.stdout) as { results: { values: unknown[]; statuses: string[] }[] };
    expect(res.results[1]?.statuses).toEqual(['OUTSIDE_TTL', 'NOT_FOUND']);
    const table = await runKeel(['features', 'get', '--service', 'driver_model', '--entity', 'driver_id=3', '--url', server.url]);
    expect(table.stdout).toMatch(/DRIVER_ID\s+DRIVER_STATS:CONV_RATE[\s\S]*\n3\s+\(outside_ttl\)/);
  });

  it('lists views and reports freshness', async () => {
    const list = await runKeel(['features', 'list', '--url', server.url]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/driver_stats\s+1\s+driver\s+driver_stats\s+conv_rate,trips\s+2d\s+ml-team/);
    const fresh = await runKeel(['features', 'freshness', '--url', server.url, '--json']);
    const views = JSON.parse(fresh.stdout) as { view: string; status: string; lastEventAt: number }[];
    // Materialized in the previous test: the newest event is 2024-01-04, far older than the 1d expectation.
    expect(views.find((v) => v.view === 'driver_stats')).toMatchObject({ status: 'stale', lastEventAt: Date.parse('2024-01-04T00:00:00Z') });
  });
});
