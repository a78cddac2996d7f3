/**
 * The JobQueue contract: the embedded queue (SQLite here, PostgreSQL in
 * test/integration) and the pg-boss queue run these same cases. Timing is
 * real time; an adapter declares the shortest visibility timeout it honours.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job, JobQueue } from '../../core/ports/job-queue.js';

export interface JobQueueHarness {
  queue: JobQueue;
  /** The shortest visibility timeout the adapter supports (pg-boss: 1 s). */
  visibilityTimeoutMs: number;
  /** Extra time a lapsed claim may take to be noticed (pg-boss maintenance interval). */
  redeliverySlackMs: number;
  cleanup(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Claims until a job comes back or `withinMs` passes. */
async function claimWithin<T>(queue: JobQueue, name: string, withinMs: number): Promise<{ job: Job<T> | undefined; waitedMs: number }> {
  const started = Date.now();
  for (;;) {
    const [job] = await queue.claim<T>(name);
    if (job || Date.now() - started > withinMs) return { job, waitedMs: Date.now() - started };
    await sleep(25);
  }
}

export function runJobQueueContract(name: string, factory: () => Promise<JobQueueHarness>): void {
  describe(`JobQueue contract: ${name}`, () => {
    let h: JobQueueHarness;
    let q: JobQueue;
    beforeEach(async () => {
      h = await factory();
      q = h.queue;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('enqueues, claims and completes a job with its payload intact', async () => {
      const payload = { model: 'm1', params: [1, 2.5, null], nested: { ok: true, text: 'é' } };
      const id = await q.enqueue('train', payload);
      expect((await q.get({ id, queue: 'train' }))?.state).toBe('queued');
      const [job, ...rest] = await q.claim<typeof payload>('train');
      expect(rest).toEqual([]);
      expect(job).toEqual({ id, queue: 'train', payload, attempt: 1, maxAttempts: 3 });
      expect((await q.get({ id, queue: 'train' }))?.state).toBe('active');
      await q.complete({ id, queue: 'train' });
      await q.complete({ id, queue: 'train' });
      const record = await q.get({ id, queue: 'train' });
      expect(record).toMatchObject({ id, queue: 'train', payload, state: 'completed', lastError: null });
      expect(Math.abs((record?.createdAt ?? 0) - Date.now())).toBeLessThan(60_000);
      expect(await q.claim('train')).toEqual([]);
    });

    it('keeps queues apart and claims oldest first, up to max', async () => {
      const ids = [];
      for (let i = 0; i < 4; i++) ids.push(await q.enqueue('a', { i }));
      await q.enqueue('b', { other: true });
      const claimed = await q.claim<{ i: number }>('a', { max: 3 });
      expect(claimed.map((j) => j.id)).toEqual(ids.slice(0, 3));
      expect(claimed.map((j) => j.payload.i)).toEqual([0, 1, 2]);
      expect((await q.claim('a', { max: 10 })).map((j) => j.id)).toEqual([ids[3]]);
      expect((await q.claim('b')).map((j) => j.payload)).toEqual([{ other: true }]);
    });

    it('hides a claimed job from other claims until its visibility timeout, then redelivers it', async () => {
      const v = h.visibilityTimeoutMs;
      const id = await q.enqueue('work', 'x', { visibilityTimeoutMs: v });
      const [first] = await q.claim('work');
      expect(first?.id).toBe(id);
      expect(await q.claim('work')).toEqual([]);
      const { job: again } = await claimWithin(q, 'work', v + h.redeliverySlackMs + 5_000);
      expect(again).toMatchObject({ id, attempt: 2 });
      await q.complete({ id, queue: 'work' });
      expect((await q.get({ id, queue: 'work' }))?.state).toBe('completed');
    });

    it('extends a claim so a long job is not redelivered', async () => {
      const v = h.visibilityTimeoutMs;
      const id = await q.enqueue('long', 'x', { visibilityTimeoutMs: v });
      await q.claim('long');
      await q.extend({ id, queue: 'long' }, 60_000);
      await sleep(v + h.redeliverySlackMs + 500);
      expect(await q.claim('long')).toEqual([]);
      expect((await q.get({ id, queue: 'long' }))?.state).toBe('active');
      await q.complete({ id, queue: 'long' });
      await expect(q.extend({ id, queue: 'long' }, 1000)).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    });

    it('retries a failed job with exponential backoff, then moves it to the dead letters', async () => {
      const backoffMs = 300;
      const id = await q.enqueue('flaky', { n: 1 }, { maxAttempts: 3, backoffMs });
      const ref = { id, queue: 'flaky' };
      let job = (await q.claim('flaky'))[0];
      expect(job?.attempt).toBe(1);
      expect(await q.fail(ref, 'boom 1')).toBe('retry');
      expect(await q.get(ref)).toMatchObject({ state: 'queued', lastError: 'boom 1', attempt: 1 });
      expect(await q.claim('flaky')).toEqual([]);
      let waited = await claimWithin(q, 'flaky', 5_000);
      expect(waited.job?.attempt).toBe(2);
      expect(waited.waitedMs).toBeGreaterThanOrEqual(backoffMs - 50);

      expect(await q.fail(ref, 'boom 2')).toBe('retry');
      waited = await claimWithin(q, 'flaky', 5_000);
      job = waited.job;
      expect(job).toMatchObject({ id, attempt: 3, maxAttempts: 3 });
      expect(waited.waitedMs).toBeGreaterThanOrEqual(2 * backoffMs - 50);

      expect(await q.fail(ref, 'boom 3')).toBe('dead');
      expect(await q.get(ref)).toMatchObject({ state: 'dead', lastError: 'boom 3', attempt: 3 });
      const dead = await q.deadLetters<{ n: number }>('flaky');
      expect(dead.map((d) => [d.id, d.state, d.lastError, d.payload])).toEqual([[id, 'dead', 'boom 3', { n: 1 }]]);
      await sleep(2 * backoffMs);
      expect(await q.claim('flaky')).toEqual([]);
      await expect(q.fail(ref, 'again')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    });

    it('never hands one job to two of 5 concurrent claimers', async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 50; i++) ids.add(await q.enqueue('fanout', { i }));
      const seen: string[] = [];
      await Promise.all(
        Array.from({ length: 5 }, async () => {
          for (;;) {
            const jobs = await q.claim('fanout', { max: 3 });
            if (jobs.length === 0) return;
            for (const j of jobs) seen.push(j.id);
            await Promise.all(jobs.map((j) => q.complete(j)));
          }
        }),
      );
      expect(seen).toHaveLength(50);
      expect(new Set(seen)).toEqual(ids);
    });

    it('does not deliver a delayed job before its delay', async () => {
      const id = await q.enqueue('later', 'x', { delayMs: 700 });
      const started = Date.now();
      expect(await q.claim('later')).toEqual([]);
      const { job } = await claimWithin(q, 'later', 5_000);
      expect(job?.id).toBe(id);
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    });

    it('reports unknown jobs and rejects bad arguments', async () => {
      const ghost = { id: '00000000-0000-4000-8000-000000000000', queue: 'none' };
      expect(await q.get(ghost)).toBeNull();
      expect(await q.get({ id: 'not-an-id', queue: 'none' })).toBeNull();
      await expect(q.complete(ghost)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(q.fail(ghost, 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(q.extend(ghost, 1000)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await q.deadLetters('none')).toEqual([]);
      await expect(q.enqueue('bad name!', 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(q.enqueue('ok', 1, { maxAttempts: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(q.claim('ok', { max: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  });
}
