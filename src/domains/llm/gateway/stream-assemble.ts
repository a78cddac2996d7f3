import type { ChatChoice, ChatCompletion, ChatCompletionChunk, ToolCall, Usage } from './openai-wire.js';
import type { ChunkSink } from './providers/provider.js';
import { SseTextReader } from './sse.js';

interface ChoiceParts {
  content: string;
  sawContent: boolean;
  tools: Map<number, ToolCall>;
  finish: string | null;
}

/**
 * Rebuilds the `chat.completion` a stream amounts to, from the OpenAI-format
 * events the gateway relays (every provider is translated to those before the
 * sink). Used by the response cache, so a streamed answer can later be served
 * to non-streaming callers and replayed to streaming ones.
 */
export class StreamAssembler {
  private readonly reader = new SseTextReader();
  private readonly choices = new Map<number, ChoiceParts>();
  private head: Pick<ChatCompletionChunk, 'id' | 'created' | 'model'> | undefined;
  private fingerprint: unknown;
  private usage: Usage | undefined;
  private done = false;
  private failed = false;

  push(data: string | Uint8Array): void {
    for (const event of this.reader.push(typeof data === 'string' ? Buffer.from(data) : data)) {
      if (event.data === '[DONE]') {
        this.done = true;
        continue;
      }
      let chunk: Partial<ChatCompletionChunk> & { error?: unknown };
      try {
        chunk = JSON.parse(event.data) as Partial<ChatCompletionChunk> & { error?: unknown };
      } catch {
        this.failed = true;
        continue;
      }
      if (chunk.error !== undefined) this.failed = true;
      else this.add(chunk);
    }
  }

  private add(chunk: Partial<ChatCompletionChunk>): void {
    if (!this.head && typeof chunk.id === 'string') {
      this.head = { id: chunk.id, created: chunk.created ?? 0, model: chunk.model ?? '' };
      this.fingerprint = chunk.system_fingerprint;
    }
    if (chunk.usage) this.usage = chunk.usage;
    for (const c of chunk.choices ?? []) {
      let parts = this.choices.get(c.index);
      if (!parts) {
        parts = { content: '', sawContent: false, tools: new Map(), finish: null };
        this.choices.set(c.index, parts);
      }
      const delta = c.delta ?? {};
      if (typeof delta.content === 'string') {
        parts.content += delta.content;
        if (delta.content) parts.sawContent = true;
      }
      for (const t of delta.tool_calls ?? []) {
        const call = parts.tools.get(t.index) ?? { id: '', type: 'function' as const, function: { name: '', arguments: '' } };
        if (t.id) call.id = t.id;
        if (t.function?.name) call.function.name += t.function.name;
        if (t.function?.arguments) call.function.arguments += t.function.arguments;
        parts.tools.set(t.index, call);
      }
      if (c.finish_reason) parts.finish = c.finish_reason;
    }
  }

  /** The completion, or undefined when the stream did not end with [DONE] or carried an error. */
  completion(usage: Usage | undefined): ChatCompletion | undefined {
    if (!this.done || this.failed || !this.head || this.choices.size === 0) return undefined;
    const choices: ChatChoice[] = [...this.choices.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, p]) => {
        const tools = [...p.tools.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
        const message = tools.length > 0 ? { role: 'assistant' as const, content: p.sawContent ? p.content : null, tool_calls: tools } : { role: 'assistant' as const, content: p.content };
        return { index, message, finish_reason: p.finish, logprobs: null };
      });
    const finalUsage = usage ?? this.usage;
    return {
      id: this.head.id,
      object: 'chat.completion',
      created: this.head.created,
      model: this.head.model,
      choices,
      ...(finalUsage ? { usage: finalUsage } : {}),
      ...(this.fingerprint !== undefined ? { system_fingerprint: this.fingerprint as string | null } : {}),
    };
  }
}

/** A sink that passes everything on and feeds a StreamAssembler on the way. */
export function teeSink(inner: ChunkSink, assembler: StreamAssembler): ChunkSink {
  return {
    write: (data) => {
      assembler.push(data);
      return inner.write(data);
    },
    drained: () => inner.drained(),
  };
}
