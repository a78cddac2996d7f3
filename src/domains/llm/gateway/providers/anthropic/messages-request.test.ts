import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway-error.js';
import { fromAnthropicMessage } from './chat-complete.js';
import { DEFAULT_MAX_TOKENS, finishReason, toAnthropicRequest } from './messages-request.js';

describe('OpenAI → Anthropic request', () => {
  it('moves system prompts out, merges turns and maps tools, stop and limits', () => {
    const body = toAnthropicRequest(
      {
        model: 'route',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Weather in Paris?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: '21°C' },
          { role: 'user', content: [{ type: 'text', text: 'And ' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
        ],
        tools: [{ type: 'function', function: { name: 'weather', description: 'forecast', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
        tool_choice: 'required',
        stop: 'END',
        temperature: 1.5,
        seed: 7,
      },
      'claude-3-5-haiku',
      true,
    );
    expect(body).toMatchObject({ model: 'claude-3-5-haiku', system: 'Be brief.', max_tokens: DEFAULT_MAX_TOKENS, stop_sequences: ['END'], temperature: 1, stream: true, tool_choice: { type: 'any' } });
    expect(body.seed).toBeUndefined();
    expect(body.tools).toEqual([{ name: 'weather', description: 'forecast', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }]);
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Paris' } }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '21°C' },
          { type: 'text', text: 'And ' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
        ],
      },
    ]);
  });

  it('turns response_format into an instruction and refuses n > 1', () => {
    const body = toAnthropicRequest({ model: 'r', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_object' }, max_completion_tokens: 20 }, 'm', false);
    expect(body.system).toMatch(/JSON object/);
    expect(body.max_tokens).toBe(20);
    expect(() => toAnthropicRequest({ model: 'r', messages: [{ role: 'user', content: 'x' }], n: 2 }, 'm', false)).toThrow(GatewayError);
  });

  it('maps a response with text and tool use back to a chat completion', () => {
    const c = fromAnthropicMessage(
      { id: 'msg_1', model: 'claude', content: [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } }], stop_reason: 'tool_use', usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 4 } },
      0,
    );
    expect(c.choices[0]?.finish_reason).toBe('tool_calls');
    expect(c.choices[0]?.message.tool_calls).toEqual([{ id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }]);
    expect(c.usage).toMatchObject({ prompt_tokens: 14, completion_tokens: 5, total_tokens: 19 });
    expect(finishReason('max_tokens')).toBe('length');
    expect(finishReason('end_turn')).toBe('stop');
  });
});
