import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keel } from '../../src/sdk/index.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';
import { createPgDatabase, redisUrl, requirePostgres, requireRedis, type PgTestDatabase } from './services.js';

/** The same server code on the distributed engines: PostgreSQL metadata + queue, Redis kv. */
const pg = await requirePostgres();
const redis = await requireRedis();

describe.skipIf(!pg.available || !redis.available)('Keel server on PostgreSQL + Redis', () => {
  let db: PgTestDatabase;
  let keel: TestKeel;
  let second: TestKeel | undefined;

  beforeAll(async () => {
    db = await createPgDatabase();
    keel = await startTestKeel({ KEEL_DATABASE_URL: db.url, KEEL_REDIS_URL: redisUrl() });
  });
  afterAll(async () => {
    await second?.stop();
    await keel?.stop();
    await db?.drop();
  });

  it('reports the distributed engines and is healthy', async () => {
    const client = new Keel({ url: keel.url });
    expect((await client.system.health()).status).toBe('ok');
    expect(await client.system.status()).toMatchObject({ database: { type: 'postgres' }, kv: { type: 'redis' }, queue: { type: 'postgres' } });
    const ready = await client.system.readiness();
    expect(ready.checks.database?.ok).toBe(true);
    expect(ready.checks.kv?.ok).toBe(true);
  });

  it('a second server on the same database sees the keys the first created', async () => {
    second = await startTestKeel({ KEEL_DATABASE_URL: db.url, KEEL_REDIS_URL: redisUrl() });
    const created = await new Keel({ url: keel.url }).keys.create({ name: 'shared', scope: 'admin' });
    const listed = await new Keel({ url: second.url, apiKey: created.secret }).keys.list();
    expect(listed.map((k) => k.name)).toContain('shared');
  });

  it('a job enqueued by one server is taken by another process sharing the PostgreSQL queue', async () => {
    const id = await keel.adapters.queue.enqueue('it.shared', { n: 1 });
    const claimed = second ? await second.adapters.queue.claim<{ n: number }>('it.shared') : [];
    expect(claimed.map((j) => [j.id, j.payload.n])).toEqual([[id, 1]]);
    await second?.adapters.queue.complete(claimed[0] ?? { id, queue: 'it.shared' });
    expect((await keel.adapters.queue.get({ id, queue: 'it.shared' }))?.state).toBe('completed');
  });
});
