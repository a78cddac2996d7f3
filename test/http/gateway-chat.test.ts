import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeVector } from '../support/fake-openai.js';
import { ANTHROPIC_KEY, OPENAI_KEY, providers, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

/** The OpenAI face through the official openai SDK, against fakes speaking the real OpenAI and Anthropic protocols. */
let f: GatewayFixture;
beforeAll(async () => {
  f = await startGatewayFixture((a, b) => ({
    providers: providers(a, b),
    routes: [
      { model: 'chat-default', strategy: 'fallback', targets: [{ provider: 'a', model: 'gpt-4o-mini' }, { provider: 'b', model: 'claude-3-5-haiku' }] },
      { model: 'claude', targets: [{ provider: 'b', model: 'claude-3-5-haiku' }] },
      { model: 'embed', targets: [{ provider: 'a', model: 'text-embedding-3-small' }] },
    ],
  }));
});
afterAll(() => f.stop());

const weatherTool = { type: 'function' as const, function: { name: 'weather', description: 'forecast', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

describe('chat completions', () => {
  it('routes a model name to its first target and returns the provider answer with usage', async () => {
    const r = await f.client.chat.completions.create({ model: 'chat-default', messages: [{ role: 'user', content: 'hello' }] });
    expect(r.choices[0]?.message.content).toBe('a: hello');
    expect(r.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 });
    const seen = f.a.seen.at(-1);
    expect(seen?.body.model).toBe('gpt-4o-mini');
    expect(seen?.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
  });

  it('passes tools, tool_choice, response_format, n, stop and seed through, and keeps metadata for itself', async () => {
    const r = await f.client.chat.completions.create({
      model: 'a/gpt-4o',
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [weatherTool],
      tool_choice: 'auto',
      response_format: { type: 'json_object' },
      n: 2,
      stop: ['END'],
      seed: 42,
      metadata: { tier: 'pro' },
    });
    expect(r.choices).toHaveLength(2);
    expect(r.choices[0]?.message.tool_calls?.[0]).toMatchObject({ type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } });
    expect(f.a.seen.at(-1)?.body).toMatchObject({ model: 'gpt-4o', tool_choice: 'auto', response_format: { type: 'json_object' }, n: 2, stop: ['END'], seed: 42, tools: [weatherTool] });
    expect(f.a.seen.at(-1)?.body.metadata).toBeUndefined();
  });

  it('translates to and from Anthropic, tools included', async () => {
    const r = await f.client.chat.completions.create({ model: 'claude', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }] });
    expect(r.choices[0]?.message.content).toBe('b: hi');
    expect(r.usage?.total_tokens).toBe(22);
    const seen = f.b.seen.at(-1);
    expect(seen?.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(seen?.body).toMatchObject({ model: 'claude-3-5-haiku', system: 'Be brief.', max_tokens: 4096 });
    const t = await f.client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool], tool_choice: { type: 'function', function: { name: 'weather' } } });
    expect(t.choices[0]?.finish_reason).toBe('tool_calls');
    expect(JSON.parse(t.choices[0]?.message.tool_calls?.[0]?.type === 'function' ? t.choices[0].message.tool_calls[0].function.arguments : '{}')).toEqual({ city: 'Paris' });
    expect(f.b.seen.at(-1)?.body.tool_choice).toEqual({ type: 'tool', name: 'weather' });
  });

  it('counts usage with gpt-tokenizer when the provider sends none', async () => {
    f.a.behaviour.omitUsage = true;
    try {
      const r = await f.client.chat.completions.create({ model: 'chat-default', messages: [{ role: 'user', content: 'count me' }] });
      expect(r.usage?.completion_tokens).toBeGreaterThan(0);
      expect(r.usage?.prompt_tokens).toBeGreaterThan(3);
      const s = await f.client.chat.completions.create({ model: 'chat-default', messages: [{ role: 'user', content: 'count me' }], stream: true, stream_options: { include_usage: true } });
      let usage: unknown;
      for await (const c of s) if (c.usage) usage = c.usage;
      expect(usage).toMatchObject({ prompt_tokens: r.usage?.prompt_tokens, completion_tokens: r.usage?.completion_tokens });
    } finally {
      f.a.behaviour.omitUsage = false;
    }
  });
});

describe('streaming', () => {
  it('streams chat.completion.chunk events with usage when asked (OpenAI provider)', async () => {
    const s = await f.client.chat.completions.create({ model: 'chat-default', messages: [{ role: 'user', content: 'stream this please' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: unknown;
    let finish: string | null | undefined;
    for await (const c of s) {
      expect(c.object).toBe('chat.completion.chunk');
      text += c.choices[0]?.delta.content ?? '';
      finish ??= c.choices[0]?.finish_reason;
      if (c.usage) usage = c.usage;
    }
    expect(text).toBe('a: stream this please');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ total_tokens: 18 });
  });

  it('asks the provider for usage even when the caller did not, and does not show it', async () => {
    const s = await f.client.chat.completions.create({ model: 'chat-default', messages: [{ role: 'user', content: 'x' }], stream: true });
    const chunks = [];
    for await (const c of s) chunks.push(c);
    expect(chunks.every((c) => c.choices.length > 0)).toBe(true);
    expect(f.a.seen.at(-1)?.body.stream_options).toEqual({ include_usage: true });
  });

  it('translates Anthropic events, tool-call deltas included', async () => {
    const s = await f.client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'go' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: unknown;
    for await (const c of s) {
      text += c.choices[0]?.delta.content ?? '';
      if (c.usage) usage = c.usage;
    }
    expect(text).toBe('b: go');
    expect(usage).toMatchObject({ prompt_tokens: 13, completion_tokens: 9, total_tokens: 22 });
    const t = await f.client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool], stream: true });
    let args = '';
    let name = '';
    let finish: string | null = null;
    for await (const c of t) {
      const call = c.choices[0]?.delta.tool_calls?.[0];
      name += call?.function?.name ?? '';
      args += call?.function?.arguments ?? '';
      finish = c.choices[0]?.finish_reason ?? finish;
    }
    expect(name).toBe('weather');
    expect(JSON.parse(args)).toEqual({ city: 'Paris' });
    expect(finish).toBe('tool_calls');
  });

  it('frames SSE as OpenAI does: data lines, a blank line between events, data: [DONE] last', async () => {
    const res = await fetch(`${f.keel.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'sse-frame-1' }, body: JSON.stringify({ model: 'claude', stream: true, messages: [{ role: 'user', content: 'frame' }] }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('x-request-id')).toBe('sse-frame-1');
    const text = await res.text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const events = text.split('\n\n').filter(Boolean);
    expect(events.length).toBeGreaterThan(3);
    for (const e of events) expect(e).toMatch(/^data: /);
  });
});

describe('embeddings and models', () => {
  it('returns floats when asked for floats, and base64 (the SDK default) decoded to the same floats', async () => {
    const floats = await f.client.embeddings.create({ model: 'embed', input: ['hello', 'hi'], encoding_format: 'float' });
    expect(floats.data[0]?.embedding).toEqual(fakeVector('hello'));
    expect(f.a.seen.at(-1)?.body.encoding_format).toBe('float');
    const viaSdk = await f.client.embeddings.create({ model: 'embed', input: 'hello' });
    expect(f.a.seen.at(-1)?.body.encoding_format).toBe('base64');
    expect(viaSdk.data[0]?.embedding).toEqual(fakeVector('hello'));
    expect(viaSdk.usage.prompt_tokens).toBe(3);
    const raw = (await (await fetch(`${f.keel.url}/v1/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'embed', input: 'x', encoding_format: 'base64' }) })).json()) as { data: { embedding: unknown }[] };
    expect(typeof raw.data[0]?.embedding).toBe('string');
  });

  it('refuses embeddings on a provider without them', async () => {
    await expect(f.client.embeddings.create({ model: 'claude', input: 'x' })).rejects.toMatchObject({ status: 400 });
  });

  it('lists routes and provider/model names', async () => {
    const list = await f.client.models.list();
    const ids = list.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['chat-default', 'claude', 'embed', 'a/gpt-4o-mini', 'b/claude-3-5-haiku']));
    const one = await f.client.models.retrieve('b/claude-3-5-haiku');
    expect(one.owned_by).toBe('b');
  });
});
