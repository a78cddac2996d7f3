import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeOpenAi } from '../support/fake-openai.js';
import type { FakeProvider } from '../support/fake-provider-server.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

/**
 * The semantic cache: prompts embedded through the gateway's own embedding
 * route (the fake serves bag-of-words vectors for `bow-*` models, so prompts
 * sharing most words are close), answers served above the route's threshold.
 */
let a: FakeProvider;
let keel: TestKeel;
let client: OpenAI;
const dataDir = mkdtempSync(join(tmpdir(), 'keel-semantic-'));

function gateway(fake: FakeProvider): Record<string, unknown> {
  return {
    providers: [{ name: 'a', type: 'openai', baseUrl: `${fake.url}/v1`, apiKey: 'env:A_KEY' }],
    routes: [
      { model: 'embed-bow', targets: [{ provider: 'a', model: 'bow-embed' }] },
      // 6 of 7 words shared: cosine 0.926; 5 of 6: 0.833. The threshold sits between.
      { model: 'sem', targets: [{ provider: 'a', model: 'gpt-4o-mini' }], cache: { mode: 'semantic', similarityThreshold: 0.9 } },
    ],
    cache: { embeddingRoute: 'embed-bow' },
  };
}

async function start(): Promise<void> {
  keel = await startTestKeel({ A_KEY: 'sk-a' }, { dataDir, config: { gateway: gateway(a) } });
  client = new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 10_000 });
}

beforeAll(async () => {
  a = await startFakeOpenAi('a');
  await start();
});
afterAll(async () => {
  await keel.stop();
  await a.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function vectors(): Promise<number> {
  let n = 0;
  for await (const _ of keel.adapters.kv.scan('llm-cache:semantic:')) n++;
  return n;
}

function ask(content: string, system?: string) {
  const messages = [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user' as const, content }];
  return client.chat.completions.create({ model: 'sem', messages }).withResponse();
}

function chatCalls(): number {
  return a.seen.filter((s) => s.path === '/v1/chat/completions').length;
}

describe('semantic cache', () => {
  it('answers a near-duplicate prompt above the threshold with semantic-hit, and misses below it', async () => {
    const first = await ask('What is the capital of France?');
    expect(first.response.headers.get('x-keel-cache')).toBe('miss');
    await vi.waitFor(async () => expect(await vectors()).toBe(1), { timeout: 5_000, interval: 10 });
    // The embedding went through the gateway's own route.
    expect(a.seen.some((s) => s.path === '/v1/embeddings' && s.body.model === 'bow-embed' && s.body.input === 'What is the capital of France?')).toBe(true);

    const chats = chatCalls();
    const near = await ask('what is the capital city of France');
    expect(near.response.headers.get('x-keel-cache')).toBe('semantic-hit');
    expect(near.data.choices[0]?.message.content).toBe('a: What is the capital of France?');
    expect(chatCalls()).toBe(chats);

    const far = await ask('What is the population of France?');
    expect(far.response.headers.get('x-keel-cache')).toBe('miss');
    expect(far.data.choices[0]?.message.content).toBe('a: What is the population of France?');
    expect(chatCalls()).toBe(chats + 1);
  });

  it('an identical prompt is an exact hit, without embedding it', async () => {
    const embeds = a.seen.length - chatCalls();
    const again = await ask('What is the capital of France?');
    expect(again.response.headers.get('x-keel-cache')).toBe('hit');
    expect(a.seen.length - chatCalls()).toBe(embeds);
  });

  it('only compares prompts with the same earlier messages and parameters', async () => {
    const other = await ask('what is the capital city of France', 'Answer in French.');
    expect(other.response.headers.get('x-keel-cache')).toBe('miss');
    const hot = await client.chat.completions.create({ model: 'sem', temperature: 1.5, messages: [{ role: 'user', content: 'what is the capital city of France' }] }).withResponse();
    expect(hot.response.headers.get('x-keel-cache')).toBe('miss');
  });

  it('keeps its vectors across a restart', async () => {
    await vi.waitFor(async () => expect(await vectors()).toBeGreaterThanOrEqual(4), { timeout: 5_000, interval: 10 });
    await keel.stop();
    await start();
    const chats = chatCalls();
    const near = await ask('the capital of France is what');
    expect(near.response.headers.get('x-keel-cache')).toBe('semantic-hit');
    expect(chatCalls()).toBe(chats);
  });

  it('misses, and still answers, when the embedding route fails', async () => {
    a.behaviour.failWith = { status: 400 };
    let status: number | undefined;
    try {
      // The provider refuses everything, chat included: the point is that the cache did not turn that into a 500.
      await ask('the capital of France, what is it').catch((e: { status: number }) => (status = e.status));
    } finally {
      a.behaviour.failWith = undefined;
    }
    expect(status).toBe(400);
    const ok = await ask('something entirely unrelated to geography');
    expect(ok.response.headers.get('x-keel-cache')).toBe('miss');
  });
});
