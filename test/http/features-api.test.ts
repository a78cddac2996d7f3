import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVER_STATS_CSV, driverDefinitions } from '../../src/domains/features/online-features.contract.js';
import { AppError, Keel } from '../../src/sdk/index.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

let keel: TestKeel;
let sdk: Keel;
let csvPath: string;
beforeAll(async () => {
  keel = await startTestKeel();
  sdk = new Keel({ url: keel.url });
  csvPath = join(keel.dataDir, 'driver_stats.csv');
  writeFileSync(csvPath, DRIVER_STATS_CSV);
});
afterAll(() => keel.stop());

async function post(path: string, body: unknown): Promise<{ status: number; body: { error?: { code: string; message: string } } & Record<string, unknown> }> {
  const res = await fetch(`${keel.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } & Record<string, unknown> };
}

describe('feature store over REST and the SDK', () => {
  it('shows the diff of a dry run, applies, and versions changes', async () => {
    const defs = driverDefinitions(csvPath);
    const dry = await sdk.features.apply(defs, { dryRun: true });
    expect(dry.applied).toBe(false);
    expect(dry.changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual(['create entity driver', 'create source driver_stats', 'create view driver_stats', 'create view driver_doubled', 'create service driver_model']);
    expect((await sdk.features.registry()).views).toEqual([]);
    expect((await sdk.features.apply(defs)).applied).toBe(true);
    const changed = { ...defs, views: defs.views.map((v) => (v.name === 'driver_stats' ? { ...v, description: 'daily driver stats' } : v)) };
    expect((await sdk.features.apply(changed)).changes).toEqual([{ kind: 'view', name: 'driver_stats', action: 'update', version: 2, fields: ['description'] }]);
    const registry = await sdk.features.registry();
    expect(registry.views.map((v) => [v.spec.name, v.version])).toEqual([
      ['driver_doubled', 1],
      ['driver_stats', 2],
    ]);
    expect(await sdk.features.history('view', 'driver_stats')).toHaveLength(2);
  });

  it('materializes, serves online values, takes pushes and reports freshness as a metric', async () => {
    const run = await sdk.features.materialize({});
    expect(run.views.map((v) => v.written)).toEqual([3, 3]);
    const online = await sdk.features.online({ features: ['driver_stats:trips', 'driver_doubled:trips_x2'], entities: { driver_id: [1, 7] } });
    expect(online.metadata.feature_names).toEqual(['driver_id', 'driver_stats:trips', 'driver_doubled:trips_x2']);
    // The server's clock is now (years after the data): the 2d view is outside its TTL, the 30d one too.
    expect(online.results[1]).toMatchObject({ values: [null, null], statuses: ['OUTSIDE_TTL', 'NOT_FOUND'], event_timestamps: ['2024-01-04T00:00:00.000Z', null] });
    const now = new Date().toISOString();
    expect(await sdk.features.push({ view: 'driver_stats', rows: [{ driver_id: 7, event_timestamp: now, conv_rate: 0.7, trips: 70 }] })).toEqual({ rows: 1, written: 1 });
    const pushed = await sdk.features.online({ service: 'driver_model', entities: { driver_id: [7] } });
    expect(pushed.results.map((r) => r.values[0])).toEqual([7, 0.7, 70, null]);
    expect(pushed.results[1]?.statuses).toEqual(['PRESENT']);
    const freshness = await sdk.features.freshness();
    expect(freshness.find((f) => f.view === 'driver_stats')).toMatchObject({ status: 'fresh', expectationSeconds: 86_400 });
    const metrics = await (await fetch(`${keel.url}/metrics`)).text();
    expect(metrics).toMatch(/keel_feature_view_age_seconds\{view="driver_stats"\} \d/);
    expect(metrics).toContain('keel_feature_view_freshness_expectation_seconds{view="driver_stats"} 86400');
  });

  it('answers point-in-time training rows', async () => {
    const result = await sdk.features.training({ service: 'driver_model', entities: [{ driver_id: 1, event_timestamp: '2024-01-02T00:00:00Z' }, { driver_id: 2, event_timestamp: '2024-01-05T00:00:00Z' }] });
    expect(result.columns).toEqual(['driver_id', 'event_timestamp', 'driver_stats__conv_rate', 'driver_stats__trips', 'driver_doubled__trips_x2']);
    expect(result.rows.map((r) => [r.driver_stats__trips, r.driver_doubled__trips_x2])).toEqual([
      [25, 50],
      [null, 180],
    ]);
  });

  it('reads a dataset version as a source', async () => {
    const { sha256 } = await sdk.data.uploadFile(new TextEncoder().encode(DRIVER_STATS_CSV));
    await sdk.data.createVersion('drivers', { files: [{ path: 'drivers.csv', sha256 }] });
    const defs = driverDefinitions(csvPath);
    await sdk.features.apply({
      sources: [{ kind: 'dataset', name: 'drivers_v1', dataset: 'drivers', version: '1', timestampField: 'event_timestamp', createdTimestampField: 'created' }],
      views: [{ ...(defs.views[0] as (typeof defs.views)[number]), name: 'driver_stats_ds', source: 'drivers_v1' }],
    });
    const result = await sdk.features.training({ features: ['driver_stats_ds:trips'], entities: [{ driver_id: 1, event_timestamp: '2024-01-03T00:00:00Z' }] });
    expect(result.rows.map((r) => r.driver_stats_ds__trips)).toEqual([25]);
  });

  it('answers 4xx naming the problem for bad input', async () => {
    const unknownFeature = await post('/api/v1/features/online', { features: ['driver_stats:speed'], entities: { driver_id: [1] } });
    expect(unknownFeature.status).toBe(400);
    expect(unknownFeature.body.error?.message).toContain("unknown feature 'speed' in view 'driver_stats'");
    const wrongType = await post('/api/v1/features/online', { features: ['driver_stats:trips'], entities: { driver_id: ['abc'] } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error?.message).toContain('entities.driver_id.0: expected int64');
    const malformed = await post('/api/v1/features/apply', { definitions: { views: [{ name: 'v', entity: 'nobody', source: 'nothing', ttl: 'forever', features: [] }] } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error?.message).toMatch(/^body\.definitions\.views\.0\.(ttl|features)/);
    const danglingRefs = await post('/api/v1/features/apply', { definitions: { views: [{ name: 'v', entity: 'nobody', source: 'driver_stats', ttl: '1d', features: [{ name: 'x', type: 'int64' }] }] } });
    expect(danglingRefs.status).toBe(400);
    expect(danglingRefs.body.error?.message).toContain("unknown entity 'nobody'");
    const unknownDataset = await post('/api/v1/features/apply', { definitions: { sources: [{ kind: 'dataset', name: 'ds', dataset: 'no-such-dataset', version: '3', timestampField: 'ts' }] } });
    expect(unknownDataset.status).toBe(404);
    expect(unknownDataset.body.error?.message).toContain('unknown dataset version no-such-dataset@3');
    const unknownView = await post('/api/v1/features/push', { view: 'ghost', rows: [{ a: 1 }] });
    expect(unknownView.status).toBe(404);
    expect(unknownView.body.error?.message).toContain("unknown feature view 'ghost'");
    await expect(sdk.features.training({ features: ['driver_stats:trips'], entities: [{ driver_id: 1 }] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('event_timestamp') });
    await expect(sdk.features.history('view', 'ghost')).rejects.toBeInstanceOf(AppError);
  });

  it('prunes objects the definitions leave out, and their online values go with them', async () => {
    const defs = driverDefinitions(csvPath);
    const kept = { entities: defs.entities, sources: defs.sources, views: defs.views.filter((v) => v.name === 'driver_stats'), services: [] };
    const dry = await sdk.features.apply(kept, { prune: true, dryRun: true });
    expect(dry.changes.filter((c) => c.action === 'delete').map((c) => `${c.kind} ${c.name}`).sort()).toEqual(['service driver_model', 'source drivers_v1', 'view driver_doubled', 'view driver_stats_ds']);
    await sdk.features.apply(kept, { prune: true });
    expect((await sdk.features.registry()).views.map((v) => v.spec.name)).toEqual(['driver_stats']);
    await expect(sdk.features.online({ features: ['driver_doubled:trips_x2'], entities: { driver_id: [1] } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("unknown feature view 'driver_doubled'") });
    expect((await sdk.features.history('view', 'driver_doubled')).at(-1)?.spec).toBeNull();
    // Re-creating the view starts from an empty online store: the pruned values are gone.
    await sdk.features.apply(defs);
    const back = await sdk.features.online({ features: ['driver_doubled:trips_x2'], entities: { driver_id: [1] } });
    expect(back.results[1]?.statuses).toEqual(['NOT_FOUND']);
  });
});
