import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVER_STATS_CSV, driverDefinitions } from '../../src/domains/features/online-features.contract.js';
import { Keel, type MaterializationRun } from '../../src/sdk/index.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

// Background materialization over the real app: the embedded worker takes the run off the job queue.
let keel: TestKeel;
let sdk: Keel;
beforeAll(async () => {
  keel = await startTestKeel();
  sdk = new Keel({ url: keel.url });
  const csvPath = join(keel.dataDir, 'driver_stats.csv');
  writeFileSync(csvPath, DRIVER_STATS_CSV);
  await sdk.features.apply(driverDefinitions(csvPath));
});
afterAll(() => keel.stop());

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: { error?: { code: string; message: string } } & Record<string, unknown> }> {
  const res = await fetch(`${keel.url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } & Record<string, unknown> };
}

describe('background materialization over REST and the SDK', () => {
  it('answers 202 queued, then polling shows it completed with the per-view records, and the values are online', async () => {
    const started = await call('POST', '/api/v1/features/materializations', { views: ['driver_stats'] });
    expect(started.status).toBe(202);
    const run = started.body as unknown as MaterializationRun;
    expect(run).toMatchObject({ state: 'queued', progress: [{ view: 'driver_stats', done: 0, total: null }], result: null, error: null });
    const seen: string[] = [];
    const done = await sdk.features.waitForMaterialization(run.id, { intervalMs: 50, onProgress: (r) => seen.push(r.state) });
    expect(seen.at(-1)).toBe('completed');
    expect(done.result?.views.map((v) => [v.view, v.rows, v.written])).toEqual([['driver_stats', 3, 3]]);
    expect(done.progress).toEqual([{ view: 'driver_stats', done: 3, total: 3 }]);
    expect(done.startedAt).toBeLessThanOrEqual(done.finishedAt as number);
    const online = await sdk.features.online({ features: ['driver_stats:trips'], entities: { driver_id: [1, 2] } });
    expect(online.results[1]?.event_timestamps).toEqual(['2024-01-04T00:00:00.000Z', '2024-01-01T00:00:00.000Z']);
    expect((await sdk.features.materialization(run.id)).state).toBe('completed');
  });

  it('runs all views incrementally through the SDK and lists recent runs newest first', async () => {
    const run = await sdk.features.startMaterialization({ incremental: true });
    expect(run.progress.map((p) => p.view)).toEqual(['driver_doubled', 'driver_stats']);
    const done = await sdk.features.waitForMaterialization(run.id, { intervalMs: 50 });
    expect(done.state).toBe('completed');
    // driver_stats was materialized up to now by the first run: nothing new in its interval.
    expect(done.result?.views.map((v) => [v.view, v.rows])).toEqual([
      ['driver_doubled', 3],
      ['driver_stats', 0],
    ]);
    const recent = await sdk.features.materializations({ limit: 5 });
    expect(recent[0]?.id).toBe(run.id);
    expect(recent).toHaveLength(2);
    expect(await sdk.features.materializations({ limit: 1 })).toHaveLength(1);
  });

  it('refuses a bad body (400 naming the field) or an unknown view (404) and queues nothing; an unknown id is 404', async () => {
    const before = (await sdk.features.materializations()).length;
    const bad = await call('POST', '/api/v1/features/materializations', { incremental: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toContain('body.incremental');
    const extra = await call('POST', '/api/v1/features/materializations', { view: 'driver_stats' });
    expect(extra.status).toBe(400);
    expect(extra.body.error?.message).toContain('view');
    const outOfRange = await call('POST', '/api/v1/features/materializations', { end: -1e308 });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error?.message).toMatch(/^end: expected a timestamp/);
    const unknown = await call('POST', '/api/v1/features/materializations', { views: ['ghost'] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.message).toContain('views.0');
    expect((await sdk.features.materializations()).length).toBe(before);
    const missing = await call('GET', '/api/v1/features/materializations/0123456789abcdef');
    expect(missing.status).toBe(404);
    expect(missing.body.error?.code).toBe('NOT_FOUND');
    expect((await call('GET', '/api/v1/features/materializations?limit=0')).status).toBe(400);
  });

  it('keeps POST /materialize answering in the request, as before', async () => {
    const res = await call('POST', '/api/v1/features/materialize', { views: ['driver_stats'] });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['views']);
  });
});
