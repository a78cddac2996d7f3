import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { openDatabase } from '../sql/database.js';
import { migrateToLatest } from '../sql/migrations/migrate.js';
import { EmbeddedJobQueue } from './embedded-job-queue.js';
import { createJobQueue } from './index.js';
import { runJobQueueContract } from './job-queue.contract.js';

runJobQueueContract('embedded on sqlite', async () => {
  const sql = await openDatabase({ type: 'sqlite', path: ':memory:' });
  await migrateToLatest(sql);
  const queue = await createJobQueue({ type: 'embedded' }, { sql });
  return {
    queue,
    visibilityTimeoutMs: 150,
    redeliverySlackMs: 0,
    cleanup: async () => {
      await queue.close();
      await sql.close();
    },
  };
});

describe('EmbeddedJobQueue with a pinned clock', () => {
  it('waits backoffMs * 2^(attempt-1) exactly, and a claim that lapses on the last attempt goes dead', async () => {
    const sql = await openDatabase({ type: 'sqlite', path: ':memory:' });
    await migrateToLatest(sql);
    const clock = fixedClock(1_000_000);
    const q = new EmbeddedJobQueue(sql, clock);
    const id = await q.enqueue('q', null, { maxAttempts: 3, backoffMs: 1000, visibilityTimeoutMs: 5000 });
    const ref = { id, queue: 'q' };
    await q.claim('q');
    await q.fail(ref, 'e1');
    clock.advance(999);
    expect(await q.claim('q')).toEqual([]);
    clock.advance(1);
    expect((await q.claim('q'))[0]?.attempt).toBe(2);
    await q.fail(ref, 'e2');
    clock.advance(1999);
    expect(await q.claim('q')).toEqual([]);
    clock.advance(1);
    expect((await q.claim('q'))[0]?.attempt).toBe(3);
    clock.advance(5000);
    expect(await q.claim('q')).toEqual([]);
    expect(await q.get(ref)).toMatchObject({ state: 'dead', attempt: 3 });
    expect((await q.deadLetters('q')).map((j) => j.id)).toEqual([id]);
    await sql.close();
  });
});
