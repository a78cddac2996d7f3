import { describe, expect, it } from 'vitest';
import { mistralToolCallId, toMistralRequest } from './chat-request.js';

describe('Mistral quirks', () => {
  it('renames seed and max_completion_tokens, maps tool_choice required, drops fields Mistral refuses', () => {
    const body = toMistralRequest(
      { model: 'route', messages: [{ role: 'user', content: 'x' }], seed: 3, max_completion_tokens: 50, tool_choice: 'required', stream_options: { include_usage: true }, user: 'u1', metadata: { a: 'b' }, temperature: 0.2 },
      'mistral-small-latest',
      true,
    );
    expect(body).toEqual({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'x' }], random_seed: 3, max_tokens: 50, tool_choice: 'any', temperature: 0.2, stream: true });
  });

  it('maps tool-call ids to 9 alphanumerics, the same way in the call and in its result', () => {
    const id = mistralToolCallId('call_abc123def456');
    expect(id).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(mistralToolCallId('call_abc123def456')).toBe(id);
    expect(mistralToolCallId('abcDEF123')).toBe('abcDEF123');
    const body = toMistralRequest(
      {
        model: 'r',
        messages: [
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_abc123def456', type: 'function', function: { name: 'f', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'call_abc123def456', content: 'ok' },
        ],
      },
      'm',
      false,
    );
    const [assistant, tool] = body.messages as { tool_calls?: { id: string }[]; tool_call_id?: string }[];
    expect(assistant?.tool_calls?.[0]?.id).toBe(id);
    expect(tool?.tool_call_id).toBe(id);
  });
});
