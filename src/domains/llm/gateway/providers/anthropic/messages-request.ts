import { GatewayError } from '../../gateway-error.js';
import type { ChatCompletionRequest, ChatMessage, ContentPart, ToolChoice } from '../../openai-wire.js';

/** Anthropic requires max_tokens; OpenAI does not. Used when the caller sets neither limit. */
export const DEFAULT_MAX_TOKENS = 4096;

type Block = Record<string, unknown>;
interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: Block[];
}

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
}

function imageBlock(part: ContentPart): Block {
  const url = part.image_url?.url ?? '';
  const data = /^data:([^;]+);base64,(.*)$/s.exec(url);
  return data ? { type: 'image', source: { type: 'base64', media_type: data[1], data: data[2] } } : { type: 'image', source: { type: 'url', url } };
}

function contentBlocks(content: ChatMessage['content']): Block[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  if (!Array.isArray(content)) return [];
  return content.map((part) => (part.type === 'image_url' ? imageBlock(part) : { type: 'text', text: part.text ?? '' }));
}

function parseArguments(text: string, index: number): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw GatewayError.badRequest(`messages[${index}].tool_calls: arguments must be JSON for Anthropic`, `messages.${index}.tool_calls`);
  }
}

function toolChoice(choice: ToolChoice | undefined, parallel: unknown): Block | undefined {
  const disable = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return parallel === false ? { type: 'auto', ...disable } : undefined;
  if (choice === 'auto') return { type: 'auto', ...disable };
  if (choice === 'required') return { type: 'any', ...disable };
  if (choice === 'none') return { type: 'none' };
  return { type: 'tool', name: choice.function.name, ...disable };
}

/** Consecutive messages of one role become one (Anthropic requires alternating turns). */
function push(out: AnthropicMessage[], role: 'user' | 'assistant', blocks: Block[]): void {
  const prev = out[out.length - 1];
  if (prev && prev.role === role) prev.content.push(...blocks);
  else out.push({ role, content: blocks });
}

/**
 * OpenAI chat request → Anthropic Messages request. System and developer
 * messages become `system`; tool results become `tool_result` blocks in a user
 * turn; `stop` becomes `stop_sequences`; `response_format` has no Anthropic
 * equivalent and becomes a system instruction. `n > 1` cannot be honoured and
 * is refused; `seed`, penalties and logprobs are dropped.
 */
export function toAnthropicRequest(request: ChatCompletionRequest, model: string, stream: boolean): Record<string, unknown> {
  if (typeof request.n === 'number' && request.n > 1) throw GatewayError.badRequest('n > 1 is not supported by Anthropic models', 'n');
  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  request.messages.forEach((m, i) => {
    if (m.role === 'system' || m.role === 'developer') system.push(textOf(m.content));
    else if (m.role === 'user') push(messages, 'user', contentBlocks(m.content));
    else if (m.role === 'assistant') {
      const blocks = contentBlocks(m.content);
      for (const call of m.tool_calls ?? []) blocks.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseArguments(call.function.arguments, i) });
      push(messages, 'assistant', blocks);
    } else if (m.role === 'tool') {
      push(messages, 'user', [{ type: 'tool_result', tool_use_id: m.tool_call_id ?? '', content: textOf(m.content) }]);
    } else {
      throw GatewayError.badRequest(`messages[${i}].role '${m.role}' is not supported by Anthropic models`, `messages.${i}.role`);
    }
  });
  const format = request.response_format;
  if (format && format.type !== 'text') {
    const schema = format.json_schema?.schema ? ` matching this JSON schema: ${JSON.stringify(format.json_schema.schema)}` : '';
    system.push(`Respond with a single JSON object${schema}, and nothing else.`);
  }
  const body: Record<string, unknown> = {
    model,
    messages,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? DEFAULT_MAX_TOKENS,
  };
  if (system.length > 0) body.system = system.join('\n\n');
  if (typeof request.temperature === 'number') body.temperature = Math.min(1, request.temperature);
  if (typeof request.top_p === 'number') body.top_p = request.top_p;
  if (request.stop) body.stop_sequences = Array.isArray(request.stop) ? request.stop : [request.stop];
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((t) => ({ name: t.function.name, ...(t.function.description ? { description: t.function.description } : {}), input_schema: t.function.parameters ?? { type: 'object', properties: {} } }));
  }
  const choice = toolChoice(request.tool_choice, request.parallel_tool_calls);
  if (choice && request.tools && request.tools.length > 0) body.tool_choice = choice;
  if (request.user) body.metadata = { user_id: request.user };
  if (stream) body.stream = true;
  return body;
}

/** Anthropic stop_reason → OpenAI finish_reason. */
export function finishReason(stop: string | null | undefined): string | null {
  if (stop === undefined || stop === null) return null;
  if (stop === 'max_tokens') return 'length';
  if (stop === 'tool_use') return 'tool_calls';
  if (stop === 'refusal') return 'content_filter';
  return 'stop';
}
