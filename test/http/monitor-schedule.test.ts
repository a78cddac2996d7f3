import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedJobQueue } from '../../src/adapters/queue/index.js';
import { MonitorSqlStore, migrateToLatest, openDatabase, PredictionLogSqlReader, ServingSqlStore, type SqlDatabase } from '../../src/adapters/sql/index.js';
import { DuckDbTabularReader } from '../../src/adapters/tabular/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { AppError } from '../../src/core/errors.js';
import { MONITOR_QUEUE, MonitorsService } from '../../src/domains/monitoring/index.js';
import type { Deployment } from '../../src/domains/serving/index.js';

/**
 * The schedule on the embedded engines (SQLite, the SQL-backed queue): time windows run on their
 * boundaries, count windows once N new predictions were logged, disabled monitors never.
 */
const T0 = 1_800_000_030_000;
const deployment = { name: 'd', revision: 1, config: { strategy: 'direct', arms: [{ name: 'primary', model: 'm', version: 1, weight: 1 }], processing: { columns: ['x'] } } } as unknown as Deployment;

describe('monitor schedule on SQLite', () => {
  let sql: SqlDatabase;
  let queue: EmbeddedJobQueue;
  let service: MonitorsService;
  let serving: ServingSqlStore;
  let clock = fixedClock(T0);
  let logged = 0;

  const log = async (n: number, x: number): Promise<void> => {
    const rows = Array.from({ length: n }, () => ({ requestId: `r${logged++}`, deployment: 'd', model: 'm', version: 1, arm: 'primary', inputs: JSON.stringify({ x: { type: 'float32', shape: [1, 1], data: [x + (logged % 10) / 10] } }), outputs: '{}', latencyMs: 1, status: 'ok' as const, cached: false, at: clock.now() - 1 }));
    await serving.appendPredictions(rows);
  };
  const drain = async (): Promise<number> => {
    const jobs = await queue.claim(MONITOR_QUEUE, { max: 10 });
    const handler = service.handler();
    for (const job of jobs) {
      await handler.run(job as Parameters<typeof handler.run>[0], { signal: new AbortController().signal, heartbeat: async () => undefined });
      await queue.complete(job);
    }
    return jobs.length;
  };

  beforeEach(async () => {
    clock = fixedClock(T0);
    sql = await openDatabase({ type: 'sqlite', path: ':memory:' });
    await migrateToLatest(sql);
    queue = new EmbeddedJobQueue(sql);
    serving = new ServingSqlStore(sql);
    service = new MonitorsService({
      store: new MonitorSqlStore(sql),
      log: new PredictionLogSqlReader(sql),
      reader: new DuckDbTabularReader(),
      deployments: { get: async (name) => (name === 'd' ? deployment : Promise.reject(AppError.notFound('deployment', name))), isReady: async () => true },
      versions: { getVersion: (name) => Promise.reject(AppError.notFound('model', name)) },
      queue,
      clock,
    });
  });
  afterEach(async () => {
    await queue.close();
    await sql.close();
  });

  it('runs a count window once N new predictions arrived, over the newest N', async () => {
    await service.create({ name: 'per-20', source: { deployment: 'd' }, reference: { rows: Array.from({ length: 50 }, (_, i) => ({ x: i / 50 })) }, window: { predictions: 20 } }, 'k');
    await log(15, 0);
    clock.advance(61_000);
    expect(await service.tick()).toBe(1);
    expect(await drain()).toBe(1);
    expect(await service.runs('per-20')).toEqual([]); // 15 < 20: nothing to run yet
    await log(10, 5);
    clock.advance(61_000);
    expect(await service.tick()).toBe(1);
    await drain();
    const [run] = await service.runs('per-20');
    expect(run).toMatchObject({ trigger: 'schedule', rows: 20, status: 'ok', datasetDrift: true });
    clock.advance(61_000);
    await service.tick();
    await drain();
    expect(await service.runs('per-20')).toHaveLength(1); // no new predictions since that run
  });

  it('runs a time window on its boundary over the span before it; a disabled monitor never', async () => {
    await service.create({ name: 'minutely', source: { deployment: 'd' }, reference: { rows: Array.from({ length: 50 }, (_, i) => ({ x: i / 50 })) }, window: { seconds: 60 } }, 'k');
    await service.create({ name: 'off', source: { deployment: 'd' }, reference: { rows: [{ x: 1 }] }, window: { seconds: 60 }, enabled: false }, 'k');
    await log(30, 0);
    expect(await service.tick()).toBe(0);
    clock.advance(30_000); // T0 + 30 s = the boundary at 1_800_000_060_000
    expect(await service.tick()).toBe(1);
    expect(await service.tick()).toBe(0);
    expect(await drain()).toBe(1);
    const [run] = await service.runs('minutely');
    expect(run).toMatchObject({ windowStart: 1_800_000_000_000, windowEnd: 1_800_000_060_000, rows: 30, datasetDrift: false });
    expect(await service.runs('off')).toEqual([]);
    expect((await service.get('minutely')).nextRunAt).toBe(1_800_000_120_000);
  });
});
