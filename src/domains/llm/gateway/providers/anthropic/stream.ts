import { toGatewayError } from '../../gateway-error.js';
import type { ChatCompletionChunk, ChatCompletionRequest, ChunkDelta, Usage } from '../../openai-wire.js';
import { DONE_EVENT, SseTextReader, dataEvent } from '../../sse.js';
import { openStreamRequest } from '../openai/stream.js';
import type { CallOptions, ChunkSink, OpenedStream, ProviderContext, StreamSummary } from '../provider.js';
import { messagesPath, toOpenAiUsage, type AnthropicUsage } from './chat-complete.js';
import { finishReason, toAnthropicRequest } from './messages-request.js';

interface AnthropicEvent {
  type: string;
  message?: { id: string; model: string; usage?: AnthropicUsage };
  index?: number;
  content_block?: { type: string; id?: string; name?: string; text?: string };
  delta?: { type?: string; text?: string; partial_json?: string; stop_reason?: string | null };
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
}

/**
 * Translates Anthropic's stream (message_start, content_block_start/delta/stop,
 * message_delta, message_stop, ping, error) into OpenAI `chat.completion.chunk`
 * events. Tool-use blocks become `tool_calls` deltas numbered in order of
 * appearance, as OpenAI numbers them.
 */
class AnthropicToOpenAi {
  private id = '';
  private model = '';
  private readonly created: number;
  private usage: AnthropicUsage = {};
  private finish: string | null = null;
  /** Anthropic content-block index → OpenAI tool_calls index. */
  private readonly toolIndex = new Map<number, number>();

  constructor(now: number) {
    this.created = Math.floor(now / 1000);
  }

  private chunk(delta: ChunkDelta, finish: string | null = null): string {
    const body: ChatCompletionChunk = { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] };
    return dataEvent(JSON.stringify(body));
  }

  /** OpenAI SSE text for one Anthropic event ('' when it has no counterpart). */
  translate(e: AnthropicEvent): string {
    switch (e.type) {
      case 'message_start':
        this.id = e.message?.id ?? '';
        this.model = e.message?.model ?? '';
        this.usage = { ...e.message?.usage };
        return this.chunk({ role: 'assistant', content: '' });
      case 'content_block_start':
        if (e.content_block?.type === 'tool_use') {
          const index = this.toolIndex.size;
          this.toolIndex.set(e.index ?? 0, index);
          return this.chunk({ tool_calls: [{ index, id: e.content_block.id ?? '', type: 'function', function: { name: e.content_block.name ?? '', arguments: '' } }] });
        }
        return e.content_block?.text ? this.chunk({ content: e.content_block.text }) : '';
      case 'content_block_delta':
        if (e.delta?.type === 'text_delta') return this.chunk({ content: e.delta.text ?? '' });
        if (e.delta?.type === 'input_json_delta') {
          return this.chunk({ tool_calls: [{ index: this.toolIndex.get(e.index ?? 0) ?? 0, function: { arguments: e.delta.partial_json ?? '' } }] });
        }
        return '';
      case 'message_delta':
        // message_delta's usage is cumulative: output_tokens so far, input counts repeated.
        if (e.usage) this.usage = { ...this.usage, ...Object.fromEntries(Object.entries(e.usage).filter(([, v]) => v !== null && v !== undefined)) };
        this.finish = finishReason(e.delta?.stop_reason);
        return '';
      case 'message_stop':
        return this.chunk({}, this.finish ?? 'stop');
      default:
        return '';
    }
  }

  usageChunk(usage: Usage): string {
    return dataEvent(JSON.stringify({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage }));
  }

  get totals(): Usage {
    return toOpenAiUsage(this.usage);
  }

  get finishReason(): string | null {
    return this.finish;
  }
}

export async function anthropicChatStream(p: ProviderContext, request: ChatCompletionRequest, opts: CallOptions): Promise<OpenedStream> {
  const res = await openStreamRequest(p, messagesPath(p), JSON.stringify(toAnthropicRequest(request, opts.model, true)), opts);
  return {
    cancel: () => void res.body.dump(),
    async relay(sink: ChunkSink, { includeUsage }): Promise<StreamSummary> {
      const translator = new AnthropicToOpenAi(p.clock.now());
      const reader = new SseTextReader();
      let failure: StreamSummary['error'];
      try {
        outer: for await (const chunk of res.body) {
          let out = '';
          for (const event of reader.push(chunk)) {
            let parsed: AnthropicEvent;
            try {
              parsed = JSON.parse(event.data) as AnthropicEvent;
            } catch {
              continue;
            }
            if (parsed.type === 'error') {
              failure = { message: parsed.error?.message ?? 'provider stream failed', status: parsed.error?.type === 'overloaded_error' ? 503 : 502 };
              out += dataEvent(JSON.stringify({ error: { message: failure.message, type: parsed.error?.type ?? 'api_error', param: null, code: null } }));
              sink.write(out);
              break outer;
            }
            out += translator.translate(parsed);
          }
          if (out && !sink.write(out)) await sink.drained();
        }
      } catch (err) {
        const e = toGatewayError(err, p.name);
        failure = { message: e.message, status: e.status };
        sink.write(dataEvent(JSON.stringify({ error: { message: e.message, type: e.type, param: null, code: null } })));
      }
      const usage = translator.totals;
      if (!failure) {
        if (includeUsage) sink.write(translator.usageChunk(usage));
        sink.write(DONE_EVENT);
      }
      return { usage, usageSource: 'provider', finishReason: translator.finishReason, error: failure };
    },
  };
}
