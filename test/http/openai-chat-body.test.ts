import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { parseInput } from '../../src/core/validation.js';
import { parseChatBody } from '../../src/http/openai/chat-body-parser.js';
import { chatCompletionRequestSchema } from '../../src/http/openai/openai-schemas.js';

/** The hot-path parser must answer exactly what the schema answers: the same value, or the same 400. */
function outcome(parse: () => unknown): unknown {
  try {
    return { ok: parse() };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { code: err.code, message: err.message, details: err.details };
  }
}

const messages = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: 'Say something short about foxes.', name: 'ann' },
];
const base = { model: 'chat-default', messages };

const bodies: unknown[] = [
  base,
  { ...base, max_tokens: 32, temperature: 0.2, top_p: 1, n: 1, seed: 7, stream: false, user: 'u1', some_new_param: { x: 1 } },
  { ...base, stream: null, max_tokens: null, temperature: null, top_p: null, n: null, seed: null, max_completion_tokens: 100 },
  { ...base, stream: true, stream_options: { include_usage: true } },
  { ...base, metadata: { tier: 'gold' }, stop: ['\n'], tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: 'auto' },
  { ...base, messages: [...messages, { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] }, { role: 'tool', content: 'ok', tool_call_id: 'c1' }] },
  { ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] },
  { ...base, messages: [{ role: 'user', content: 'hi', extra: 1 }] },
  { ...base, messages: [{ role: 'user' }] },
  { ...base, messages: [{ role: 'user', content: null }] },
  { ...base, messages: [{ role: 'tool', content: 'x' }] },
  { ...base, messages: [{ role: 'robot', content: 'x' }] },
  { ...base, messages: [{ role: 'user', content: 'x', name: 3 }] },
  { ...base, messages: [] },
  { ...base, messages: 'hi' },
  { ...base, messages: [null] },
  { model: 'm' },
  { messages },
  { ...base, model: '' },
  { ...base, model: 'm'.repeat(513) },
  { ...base, model: 42 },
  { ...base, max_tokens: 0 },
  { ...base, max_tokens: 1.5 },
  { ...base, max_tokens: '32' },
  { ...base, n: 129 },
  { ...base, seed: 2 ** 60 },
  { ...base, temperature: 2.5 },
  { ...base, temperature: -0.1 },
  { ...base, top_p: 1.01 },
  { ...base, stream: 'yes' },
  { ...base, user: 5 },
  { ...base, stream_options: { include_usage: 'yes' } },
  { ...base, stream: true, stream_options: null },
  { ...base, stream: true, stream_options: { include_usage: false, future_option: 1 } },
  { ...base, stream: true, stream_options: {} },
  { ...base, stream_options: [] },
  { ...base, stream_options: 'usage' },
  [],
  null,
  'body',
];

describe('OpenAI chat body parser', () => {
  it('answers what chatCompletionRequestSchema answers, for valid and invalid bodies alike', () => {
    for (const body of bodies) {
      expect(outcome(() => parseChatBody(body)), JSON.stringify(body)?.slice(0, 100)).toEqual(outcome(() => parseInput(chatCompletionRequestSchema, body, 'body')));
    }
  });
});
