import type { ChatCompletion, ChatCompletionChunk } from './openai-wire.js';
import type { ChunkSink } from './providers/provider.js';
import { DONE_EVENT, dataEvent } from './sse.js';

/**
 * A finished completion as the stream a provider would have sent: one role
 * chunk, the content, tool calls, the finish reason, usage if asked, [DONE].
 * Lets a hook that answers from cache serve streaming callers too.
 */
export function replayAsStream(completion: ChatCompletion, sink: ChunkSink, includeUsage: boolean): void {
  const base = { id: completion.id, object: 'chat.completion.chunk' as const, created: completion.created, model: completion.model };
  const emit = (choices: ChatCompletionChunk['choices']): void => void sink.write(dataEvent(JSON.stringify({ ...base, choices })));
  for (const choice of completion.choices) {
    const m = choice.message;
    emit([{ index: choice.index, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
    if (typeof m.content === 'string' && m.content) emit([{ index: choice.index, delta: { content: m.content }, finish_reason: null }]);
    if (m.tool_calls && m.tool_calls.length > 0) {
      emit([{ index: choice.index, delta: { tool_calls: m.tool_calls.map((c, i) => ({ index: i, id: c.id, type: 'function' as const, function: { name: c.function.name, arguments: c.function.arguments } })) }, finish_reason: null }]);
    }
    emit([{ index: choice.index, delta: {}, finish_reason: choice.finish_reason ?? 'stop' }]);
  }
  if (includeUsage && completion.usage) sink.write(dataEvent(JSON.stringify({ ...base, choices: [], usage: completion.usage })));
  sink.write(DONE_EVENT);
}
