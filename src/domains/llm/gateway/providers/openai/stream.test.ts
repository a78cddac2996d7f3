import { describe, expect, it } from 'vitest';
import type { UpstreamResponse } from '../../../../../core/ports/upstream-client.js';
import type { ChunkSink } from '../provider.js';
import { relayOpenAiEvents } from './stream.js';

function response(chunks: string[]): UpstreamResponse {
  const bytes = chunks.map((c) => Buffer.from(c));
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    body: {
      async *[Symbol.asyncIterator]() {
        for (const b of bytes) yield b;
      },
      each: async (onChunk) => {
        for (const b of bytes) await onChunk(b);
      },
      text: async () => bytes.map((b) => b.toString()).join(''),
      dump: async () => undefined,
    },
  };
}

function sink(): ChunkSink & { text(): string; writes: number } {
  const parts: string[] = [];
  return {
    writes: 0,
    write(data) {
      this.writes++;
      parts.push(typeof data === 'string' ? data : Buffer.from(data).toString());
      return true;
    },
    drained: async () => undefined,
    text: () => parts.join(''),
  };
}

const chunk = (content: string, extra: Record<string, unknown> = {}): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }], usage: null, ...extra })}\n\n`;
const usageEvent = `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } })}\n\n`;
const request = { model: 'r', messages: [{ role: 'user' as const, content: 'hello there' }] };

describe('OpenAI stream relay', () => {
  it('passes events through byte for byte, split anywhere, and keeps the usage event when asked', async () => {
    const all = chunk('Hel') + chunk('lo') + usageEvent + 'data: [DONE]\n\n';
    const split = [all.slice(0, 7), all.slice(7, 100), all.slice(100)];
    const out = sink();
    const summary = await relayOpenAiEvents(response(split), out, true, request, 'p');
    expect(out.text()).toBe(all);
    expect(summary).toMatchObject({ usage: { prompt_tokens: 5, completion_tokens: 2 }, usageSource: 'provider' });
  });

  it('drops the usage event the caller did not ask for', async () => {
    const out = sink();
    const summary = await relayOpenAiEvents(response([chunk('Hi') + usageEvent, 'data: [DONE]\n\n']), out, false, request, 'p');
    expect(out.text()).toBe(chunk('Hi') + 'data: [DONE]\n\n');
    expect(summary.usage.total_tokens).toBe(7);
  });

  it('counts tokens when the provider sends no usage, and adds the usage event before [DONE] if asked', async () => {
    const out = sink();
    const summary = await relayOpenAiEvents(response([chunk('Hello') + chunk(' world', { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }), 'data: [DONE]\n\n']), out, true, request, 'p');
    expect(summary.usageSource).toBe('counted');
    expect(summary.usage.completion_tokens).toBe(1);
    expect(summary.usage.prompt_tokens).toBeGreaterThan(2);
    const events = out.text().split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(JSON.parse(events.at(-2)?.slice(6) ?? '{}')).toMatchObject({ choices: [], usage: summary.usage });
  });

  it('ends with an error event when the provider fails mid-stream', async () => {
    const failing: UpstreamResponse = {
      ...response([]),
      body: {
        async *[Symbol.asyncIterator]() {
          yield Buffer.from(chunk('Hi'));
          throw Object.assign(new Error('socket hang up'), { upstreamFailure: 'reset' });
        },
        each: async (onChunk) => {
          await onChunk(Buffer.from(chunk('Hi')));
          throw Object.assign(new Error('socket hang up'), { upstreamFailure: 'reset' });
        },
        text: async () => '',
        dump: async () => undefined,
      },
    };
    const out = sink();
    const summary = await relayOpenAiEvents(failing, out, false, request, 'p');
    expect(summary.error?.status).toBe(502);
    expect(out.text()).toContain('"error"');
  });
});
