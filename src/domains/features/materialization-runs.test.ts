import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedJobQueue } from '../../adapters/queue/index.js';
import { MaterializationRunSqlStore } from '../../adapters/sql/index.js';
import type { JobQueue } from '../../core/ports/job-queue.js';
import { featuresHarness, type FeaturesHarness } from '../../../test/support/features-harness.js';
import type { FeaturesService, MaterializeProgress } from './features.service.js';
import { MATERIALIZE_QUEUE, MaterializationRuns } from './materialization-runs.js';
import type { MaterializationRunStore } from './materialization-runs.store.js';
import { DRIVER_STATS_CSV, driverDefinitions } from './online-features.contract.js';

let h: FeaturesHarness;
let queue: JobQueue;
let store: MaterializationRunSqlStore;

beforeEach(async () => {
  h = await featuresHarness();
  queue = new EmbeddedJobQueue(h.sql, h.clock);
  store = new MaterializationRunSqlStore(h.sql);
  const path = join(h.dir, 'driver_stats.csv');
  await writeFile(path, DRIVER_STATS_CSV);
  await h.service.apply({ definitions: driverDefinitions(path) });
});
afterEach(() => h.close());

/** Claims the next queued job and runs it as a worker would; false when none was queued. */
async function work(runs: MaterializationRuns): Promise<boolean> {
  const [job] = await queue.claim<{ id: string }>(MATERIALIZE_QUEUE);
  if (!job) return false;
  await runs.handler().run(job, { signal: new AbortController().signal, heartbeat: () => Promise.resolve() });
  await queue.complete(job);
  return true;
}

describe('background materialization runs', () => {
  it('queues a checked run, then a worker completes it with the records materialize answers and the values online', async () => {
    const runs = new MaterializationRuns({ features: h.service, store, queue, clock: h.clock });
    const queued = await runs.start({});
    expect(queued).toMatchObject({ state: 'queued', startedAt: null, result: null, progress: [{ view: 'driver_doubled', done: 0, total: null }, { view: 'driver_stats', done: 0, total: null }] });
    expect(await runs.get(queued.id)).toEqual(queued);
    expect(await work(runs)).toBe(true);
    const done = await runs.get(queued.id);
    expect(done.state).toBe('completed');
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
    expect(done.result?.views.map((v) => [v.view, v.rows, v.written])).toEqual([
      ['driver_doubled', 3, 3],
      ['driver_stats', 3, 3],
    ]);
    expect(done.progress).toEqual([
      { view: 'driver_doubled', done: 3, total: 3 },
      { view: 'driver_stats', done: 3, total: 3 },
    ]);
    const online = await h.service.getOnlineFeatures({ features: ['driver_stats:trips'], entities: { driver_id: [1] } });
    expect(online.results[1]?.event_timestamps[0]).not.toBeNull();
    expect((await runs.list(10)).map((r) => r.id)).toEqual([queued.id]);
  });

  it('refuses a bad body or an unknown view up front, naming the field, and queues nothing', async () => {
    const runs = new MaterializationRuns({ features: h.service, store, queue, clock: h.clock });
    await expect(runs.start({ incremental: 'yes' } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('body.incremental') as string });
    await expect(runs.start({ views: ['nope'] })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('views.0') as string });
    await expect(runs.start({ start: '2024-02-01T00:00:00Z', end: '2024-01-01T00:00:00Z' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^start:/) as string });
    expect(await runs.list(10)).toEqual([]);
    expect(await work(runs)).toBe(false);
    await expect(runs.get('absent')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('fails the run with the error when its view was deleted before a worker took it', async () => {
    const runs = new MaterializationRuns({ features: h.service, store, queue, clock: h.clock });
    const queued = await runs.start({ views: ['driver_doubled'] });
    const defs = driverDefinitions(join(h.dir, 'driver_stats.csv'));
    await h.service.apply({ definitions: { ...defs, views: defs.views.filter((v) => v.name !== 'driver_doubled'), services: [] }, prune: true });
    expect(await work(runs)).toBe(true);
    const failed = await runs.get(queued.id);
    expect(failed).toMatchObject({ state: 'failed', result: null, error: { code: 'NOT_FOUND', message: expect.stringContaining('driver_doubled') as string } });
    expect(failed.finishedAt).not.toBeNull();
  });

  it('writes progress at most every interval, and each time a view finishes', async () => {
    let updates = 0;
    const counting: MaterializationRunStore = {
      create: (r) => store.create(r),
      get: (id) => store.get(id),
      list: (n) => store.list(n),
      update: async (r) => {
        updates++;
        await store.update(r);
      },
    };
    const features = {
      checkMaterialize: (input: unknown) => h.service.checkMaterialize(input as never),
      materialize: async (_input: unknown, onProgress: (p: MaterializeProgress) => void) => {
        for (let done = 0; done <= 100; done++) onProgress({ view: 'driver_stats', done, total: 100 });
        h.clock.set(h.clock.now() + 300);
        for (let done = 0; done <= 10; done++) onProgress({ view: 'driver_doubled', done, total: 10 });
        return { views: [] };
      },
    } as unknown as FeaturesService;
    const runs = new MaterializationRuns({ features, store: counting, queue, clock: h.clock });
    await runs.start({ views: ['driver_stats', 'driver_doubled'] });
    await work(runs);
    // running, first progress, driver_stats done, first driver_doubled after 300 ms, driver_doubled done, completed.
    expect(updates).toBe(6);
  });

  it('retries what is not the request’s fault, and fails the run on the last attempt', async () => {
    const features = {
      checkMaterialize: (input: unknown) => h.service.checkMaterialize(input as never),
      materialize: () => Promise.reject(new Error('disk full')),
    } as unknown as FeaturesService;
    const runs = new MaterializationRuns({ features, store, queue, clock: h.clock });
    const queued = await runs.start({});
    const [job] = await queue.claim<{ id: string }>(MATERIALIZE_QUEUE);
    if (!job) throw new Error('nothing queued');
    const ctx = { signal: new AbortController().signal, heartbeat: () => Promise.resolve() };
    await expect(runs.handler().run(job, ctx)).rejects.toThrow('disk full');
    expect(await runs.get(queued.id)).toMatchObject({ state: 'running', error: { code: 'INTERNAL', message: 'disk full' } });
    await runs.handler().run({ ...job, attempt: job.maxAttempts }, ctx);
    expect(await runs.get(queued.id)).toMatchObject({ state: 'failed', error: { code: 'INTERNAL', message: 'disk full' } });
  });
  it('fails the stored run, rather than leaving it queued, when the queue refuses the job', async () => {
    const refusing: JobQueue = { ...queue, enqueue: () => Promise.reject(new Error('queue is down')) } as JobQueue;
    const runs = new MaterializationRuns({ features: h.service, store, queue: refusing, clock: h.clock });
    await expect(runs.start({})).rejects.toThrow('queue is down');
    const [run] = await runs.list(1);
    expect(run).toMatchObject({ state: 'failed', error: { code: 'UNAVAILABLE', message: expect.stringContaining('queue is down') as string } });
  });
});
