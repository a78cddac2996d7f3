import { describe, expect, it } from 'vitest';
import type { ChatCompletion } from './openai-wire.js';
import { StreamAssembler } from './stream-assemble.js';
import { replayAsStream } from './stream-replay.js';

const completion: ChatCompletion = {
  id: 'c1',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [
    { index: 0, message: { role: 'assistant', content: 'hello there' }, finish_reason: 'stop', logprobs: null },
    { index: 1, message: { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] }, finish_reason: 'tool_calls', logprobs: null },
  ],
  usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
};

describe('StreamAssembler', () => {
  it('rebuilds what replayAsStream sends, split at any byte', () => {
    const written: string[] = [];
    replayAsStream(completion, { write: (d) => (written.push(String(d)), true), drained: async () => undefined }, true);
    const bytes = Buffer.from(written.join(''));
    const assembler = new StreamAssembler();
    for (let i = 0; i < bytes.length; i += 7) assembler.push(bytes.subarray(i, i + 7));
    expect(assembler.completion(undefined)).toEqual(completion);
  });

  it('gives nothing for a stream without [DONE] or with an error event', () => {
    const cut = new StreamAssembler();
    cut.push('data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]}\n\n');
    expect(cut.completion(undefined)).toBeUndefined();
    cut.push('data: {"error":{"message":"boom"}}\n\ndata: [DONE]\n\n');
    expect(cut.completion(undefined)).toBeUndefined();
  });
});
