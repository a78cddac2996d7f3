import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../support/fake-provider-server.js';
import { ADMIN_SECRET, startUsageFixture, statusOf, type UsageFixture } from '../support/gateway-usage-fixture.js';

/** Virtual keys on the OpenAI face: model allow-list, rpm, tpm, max-parallel, unpriced models under a budget. */
let f: UsageFixture;
beforeAll(async () => {
  f = await startUsageFixture();
});
afterAll(() => f.stop());

const hello = { messages: [{ role: 'user' as const, content: 'hello' }] };

async function refusal(p: Promise<unknown>): Promise<ReturnType<typeof statusOf>> {
  try {
    await p;
  } catch (err) {
    return statusOf(err);
  }
  throw new Error('the call was expected to be refused');
}

describe('virtual keys', () => {
  it('are created over REST with their limits and listed with them', async () => {
    const res = await fetch(`${f.keel.url}/api/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'team-a', scope: 'write', limits: { models: ['chat'], budget: { usd: 10, period: 'month' }, rpm: 600, tpm: 100_000, maxParallel: 20 } }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { key: { id: string; limits: unknown } };
    expect(created.key.limits).toEqual({ models: ['chat'], budget: { usd: 10, period: 'month' }, rpm: 600, tpm: 100_000, maxParallel: 20 });
    const { keys } = await f.api<{ keys: { id: string; limits?: unknown }[] }>('/api/v1/keys');
    expect(keys.find((k) => k.id === created.key.id)?.limits).toMatchObject({ rpm: 600 });
    const budgets = await f.api<{ keys: { keyId: string; budget: { spentUsd: number; limitUsd: number; period: string } | null }[] }>('/api/v1/gateway/budgets');
    expect(budgets.keys.find((k) => k.keyId === created.key.id)?.budget).toMatchObject({ spentUsd: 0, limitUsd: 10, period: 'month' });

    const bad = await fetch(`${f.keel.url}/api/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bad', limits: { rpm: -1 } }),
    });
    expect(bad.status).toBe(400);
  });

  it('refuses models outside the allow-list with an OpenAI-shaped 403', async () => {
    const { client } = await f.clientWith({ models: ['chat', 'a/*'] });
    expect((await client.chat.completions.create({ model: 'chat', ...hello })).choices[0]?.message.content).toBe('a: hello');
    expect((await client.chat.completions.create({ model: 'a/gpt-4o', ...hello })).choices[0]?.message.content).toBe('a: hello');
    expect(await refusal(client.chat.completions.create({ model: 'chat-b', ...hello }))).toMatchObject({ status: 403, code: 'model_not_allowed' });
    expect(await refusal(client.embeddings.create({ model: 'embed', input: 'x' }))).toMatchObject({ status: 403, code: 'model_not_allowed' });
  });

  it('limits requests per minute with 429 and retry-after', async () => {
    const { client } = await f.clientWith({ rpm: 3 });
    for (let i = 0; i < 3; i++) await client.chat.completions.create({ model: 'chat', ...hello });
    const r = await refusal(client.chat.completions.create({ model: 'chat', ...hello }));
    expect(r).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(r.retryAfter)).toBeLessThanOrEqual(60);
  });

  it('limits tokens per minute, charging actual usage after each call', async () => {
    const { client } = await f.clientWith({ tpm: 60 });
    // A prompt alone over the limit can never pass.
    expect(await refusal(client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'word '.repeat(100) }] }))).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    // Each call holds ~25 tokens while running and is charged its 18 (11 + 7) after; the third no longer fits.
    let answered = 0;
    let refused: ReturnType<typeof statusOf> | undefined;
    for (let i = 0; i < 5 && !refused; i++) {
      await f.keel.services.gatewayUsage.drain();
      try {
        await client.chat.completions.create({ model: 'chat', ...hello });
        answered++;
      } catch (err) {
        refused = statusOf(err);
      }
    }
    expect(answered).toBe(2);
    expect(refused).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect(Number(refused?.retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('limits calls in flight, streams counted until their last byte', async () => {
    const { client } = await f.clientWith({ maxParallel: 2 });
    f.a.behaviour.streamDelayMs = 40;
    f.a.behaviour.streamPieces = 15;
    try {
      const seen = f.a.seen.length;
      const streams = [0, 1].map(async () => {
        const s = await client.chat.completions.create({ model: 'chat', ...hello, stream: true });
        let text = '';
        for await (const c of s) text += c.choices[0]?.delta.content ?? '';
        return text;
      });
      while (f.a.seen.length < seen + 2) await sleep(5);
      expect(await refusal(client.chat.completions.create({ model: 'chat', ...hello }))).toMatchObject({ status: 429, code: 'concurrency_limit_exceeded', retryAfter: '1' });
      expect((await Promise.all(streams)).every((t) => t.startsWith('w0 '))).toBe(true);
    } finally {
      f.a.behaviour.streamDelayMs = undefined;
      f.a.behaviour.streamPieces = undefined;
    }
    await f.keel.services.gatewayUsage.drain();
    expect((await client.chat.completions.create({ model: 'chat', ...hello })).choices[0]?.message.content).toBe('a: hello');
  });

  it('refuses a budgeted key a model with no price, whose cost it could not bound', async () => {
    const { client } = await f.clientWith({ budget: { usd: 1, period: 'total' } });
    expect(await refusal(client.chat.completions.create({ model: 'chat-b', ...hello }))).toMatchObject({ status: 403, code: 'model_not_priced' });
    expect((await client.chat.completions.create({ model: 'chat', ...hello, max_tokens: 10 })).choices).toHaveLength(1);
  });

  it('leaves keys without limits and calls without keys alone', async () => {
    const { client } = await f.clientWith(undefined);
    for (let i = 0; i < 5; i++) await client.chat.completions.create({ model: 'chat-b', ...hello });
  });
});
