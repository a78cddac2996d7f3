import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { providers, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

/** The exact response cache through the official openai SDK, against the fake OpenAI provider. */
let f: GatewayFixture;
beforeAll(async () => {
  f = await startGatewayFixture((a, b) => ({
    providers: providers(a, b),
    routes: [
      { model: 'cached', targets: [{ provider: 'a', model: 'gpt-4o-mini' }], cache: { mode: 'exact', ttlSeconds: 600 } },
      { model: 'cached-claude', targets: [{ provider: 'b', model: 'claude-3-5-haiku' }], cache: { ttlSeconds: 600 } },
      { model: 'short-lived', targets: [{ provider: 'a', model: 'gpt-4o-mini' }], cache: { ttlSeconds: 1 } },
      { model: 'uncached', targets: [{ provider: 'a', model: 'gpt-4o-mini' }] },
    ],
  }));
});
afterAll(() => f.stop());

/** Stores happen in afterCall, after the answer is out: wait for the entry before asking again. */
async function storedEntries(): Promise<number> {
  let n = 0;
  for await (const _ of f.keel.adapters.kv.scan('llm-cache:exact:')) n++;
  return n;
}
async function waitForStore(before: number): Promise<void> {
  await vi.waitFor(async () => expect(await storedEntries()).toBeGreaterThan(before), { timeout: 5_000, interval: 10 });
}

function ask(model: string, content: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return f.client.chat.completions.create({ model, messages: [{ role: 'user', content }], ...extra }, { headers }).withResponse();
}

async function sse(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ text: string; cache: string | null }> {
  const res = await fetch(`${f.keel.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ ...body, stream: true }) });
  return { text: await res.text(), cache: res.headers.get('x-keel-cache') };
}

describe('exact cache', () => {
  it('answers the second identical call from the cache: the provider is called once', async () => {
    const seen = f.a.seen.length;
    const before = await storedEntries();
    const first = await ask('cached', 'capital of France?', { temperature: 0 });
    expect(first.response.headers.get('x-keel-cache')).toBe('miss');
    await waitForStore(before);
    // Key order, `user` and `metadata` do not change the key.
    const second = await ask('cached', 'capital of France?', { temperature: 0, user: 'u-2', metadata: { team: 'x' } });
    expect(second.response.headers.get('x-keel-cache')).toBe('hit');
    expect(second.data.choices[0]?.message.content).toBe(first.data.choices[0]?.message.content);
    expect(second.data.usage).toEqual(first.data.usage);
    expect(f.a.seen.length - seen).toBe(1);
  });

  it('keys on the parameters that change the answer', async () => {
    const seen = f.a.seen.length;
    const before = await storedEntries();
    await ask('cached', 'params', { temperature: 0 });
    await waitForStore(before);
    const other = await ask('cached', 'params', { temperature: 1 });
    expect(other.response.headers.get('x-keel-cache')).toBe('miss');
    const seeded = await ask('cached', 'params', { temperature: 0, seed: 7 });
    expect(seeded.response.headers.get('x-keel-cache')).toBe('miss');
    expect(f.a.seen.length - seen).toBe(3);
  });

  it('says miss on routes without a cache, and never stores them', async () => {
    const before = await storedEntries();
    const one = await ask('uncached', 'not cached');
    const two = await ask('uncached', 'not cached');
    expect([one.response.headers.get('x-keel-cache'), two.response.headers.get('x-keel-cache')]).toEqual(['miss', 'miss']);
    expect(await storedEntries()).toBe(before);
  });

  it('stores a streamed answer and replays it as SSE, and serves it to non-streaming callers', async () => {
    const seen = f.a.seen.length;
    const before = await storedEntries();
    const body = { model: 'cached', messages: [{ role: 'user', content: 'stream me from cache' }], stream_options: { include_usage: true } };
    const live = await sse(body);
    expect(live.cache).toBe('miss');
    await waitForStore(before);
    const replay = await sse(body);
    expect(replay.cache).toBe('hit');
    expect(f.a.seen.length - seen).toBe(1);
    // Framing: every event is `data: …` followed by a blank line, chunks are chat.completion.chunk, [DONE] last.
    const events = replay.text.split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.replace(/^data: /, '')) as { object: string; choices: { delta: { content?: string } }[]; usage?: unknown });
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('a: stream me from cache');
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 7 });
    // The official SDK reads the replay as a stream, and a non-streaming caller gets the same answer.
    const { data: stream, response } = await f.client.chat.completions.create({ model: 'cached', messages: [{ role: 'user', content: 'stream me from cache' }], stream: true }).withResponse();
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
    expect([text, response.headers.get('x-keel-cache')]).toEqual(['a: stream me from cache', 'hit']);
    const plain = await ask('cached', 'stream me from cache');
    expect([plain.data.choices[0]?.message.content, plain.response.headers.get('x-keel-cache')]).toEqual(['a: stream me from cache', 'hit']);
    expect(f.a.seen.length - seen).toBe(1);
  });

  it('caches answers translated from Anthropic streams, tool calls included', async () => {
    const seen = f.b.seen.length;
    const before = await storedEntries();
    const tool = { type: 'function' as const, function: { name: 'weather', parameters: { type: 'object' } } };
    const body = { model: 'cached-claude', messages: [{ role: 'user', content: 'weather in Paris?' }], tools: [tool] };
    const live = await sse(body);
    expect(live.cache).toBe('miss');
    await waitForStore(before);
    const hit = await f.client.chat.completions.create({ model: 'cached-claude', messages: [{ role: 'user', content: 'weather in Paris?' }], tools: [tool] }).withResponse();
    expect(hit.response.headers.get('x-keel-cache')).toBe('hit');
    expect(hit.data.choices[0]?.finish_reason).toBe('tool_calls');
    const call = hit.data.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' ? JSON.parse(call.function.arguments) : undefined).toEqual({ city: 'Paris' });
    expect(f.b.seen.length - seen).toBe(1);
  });
});

describe('per-request controls', () => {
  it('no-cache goes to the provider but stores the fresh answer; no-store does not store', async () => {
    const seen = f.a.seen.length;
    const before = await storedEntries();
    await ask('cached', 'controls');
    await waitForStore(before);
    const fresh = await ask('cached', 'controls', {}, { 'x-keel-cache-control': 'no-cache' });
    expect(fresh.response.headers.get('x-keel-cache')).toBe('miss');
    const viaBody = await ask('cached', 'controls', { cache: { 'no-cache': true } });
    expect(viaBody.response.headers.get('x-keel-cache')).toBe('miss');
    // Keel's `cache` field is not forwarded: OpenAI refuses parameters it does not know.
    expect(f.a.seen.at(-1)?.body.cache).toBeUndefined();
    expect(f.a.seen.length - seen).toBe(3);

    const count = await storedEntries();
    await ask('cached', 'never stored', {}, { 'x-keel-cache-control': 'no-store' });
    await ask('cached', 'never stored either', { cache: { 'no-store': true } });
    await new Promise((r) => setTimeout(r, 100));
    expect(await storedEntries()).toBe(count);
    const again = await ask('cached', 'never stored');
    expect(again.response.headers.get('x-keel-cache')).toBe('miss');
  });

  it('ttl overrides the route TTL; entries expire', async () => {
    const before = await storedEntries();
    await ask('cached', 'brief', { cache: { ttl: 1 } });
    await waitForStore(before);
    expect((await ask('cached', 'brief')).response.headers.get('x-keel-cache')).toBe('hit');
    const n = await storedEntries();
    await ask('short-lived', 'route ttl');
    await waitForStore(n);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await ask('cached', 'brief')).response.headers.get('x-keel-cache')).toBe('miss');
    expect((await ask('short-lived', 'route ttl')).response.headers.get('x-keel-cache')).toBe('miss');
  });

  it('refuses malformed controls with an OpenAI-shaped 400', async () => {
    await expect(ask('cached', 'x', {}, { 'x-keel-cache-control': 'no-cahce' })).rejects.toMatchObject({ status: 400, error: { param: 'cache' } });
    await expect(ask('cached', 'x', { cache: { ttl: -5 } })).rejects.toMatchObject({ status: 400 });
    await expect(ask('cached', 'x', { cache: 'yes' })).rejects.toMatchObject({ status: 400 });
  });
});

describe('errors', () => {
  it('never caches an error: a 500 then a success reaches the provider twice', async () => {
    const seen = f.a.seen.length;
    f.a.behaviour.failWith = { status: 500, times: 2 };
    try {
      const err = await ask('cached', 'fails first').then(
        () => undefined,
        (e: unknown) => e as { status: number; headers: Headers },
      );
      expect(err?.status).toBe(500);
      expect(err?.headers.get('x-keel-cache')).toBe('miss');
    } finally {
      f.a.behaviour.failWith = undefined;
    }
    await new Promise((r) => setTimeout(r, 50));
    const ok = await ask('cached', 'fails first');
    expect(ok.response.headers.get('x-keel-cache')).toBe('miss');
    expect(ok.data.choices[0]?.message.content).toBe('a: fails first');
    // Two failed attempts (one retry), then the success.
    expect(f.a.seen.length - seen).toBe(3);
  });

  it('does not cache a stream the client abandoned', async () => {
    const before = await storedEntries();
    f.a.behaviour.streamDelayMs = 30;
    f.a.behaviour.streamPieces = 20;
    try {
      const controller = new AbortController();
      const stream = await f.client.chat.completions.create({ model: 'cached', messages: [{ role: 'user', content: 'abandoned' }], stream: true }, { signal: controller.signal });
      const it = stream[Symbol.asyncIterator]();
      await it.next();
      controller.abort();
      await f.a.nextAbort();
    } finally {
      f.a.behaviour.streamDelayMs = undefined;
      f.a.behaviour.streamPieces = undefined;
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(await storedEntries()).toBe(before);
  });
});
