import type { UpstreamResponse } from '../../../../../core/ports/upstream-client.js';
import { GatewayError, toGatewayError } from '../../gateway-error.js';
import type { ChatCompletionChunk, ChatCompletionRequest, Usage } from '../../openai-wire.js';
import { DONE_EVENT, dataEvent, eventEnd } from '../../sse.js';
import { countCompletionTokens, countPromptTokens } from '../../usage.js';
import type { CallOptions, ChunkSink, OpenedStream, ProviderContext, StreamSummary } from '../provider.js';
import { postToProvider } from '../provider-post.js';
import { openaiChatBody } from './chat-complete.js';

const USAGE_COMPACT = Buffer.from('"usage":{');
const USAGE_SPACED = Buffer.from('"usage": {');
const DONE_DATA = Buffer.from('data: [DONE]');
const DONE_BYTES = Buffer.from(DONE_EVENT);

function nextUsage(buf: Buffer, from: number): number {
  const a = buf.indexOf(USAGE_COMPACT, from);
  const b = buf.indexOf(USAGE_SPACED, from);
  if (a < 0) return b < 0 ? Number.POSITIVE_INFINITY : b;
  return b < 0 || a < b ? a : b;
}

function dataJson(buf: Buffer, start: number, end: number): ChatCompletionChunk | undefined {
  const text = buf.toString('utf8', start, end).trim();
  if (!text.startsWith('data:')) return undefined;
  try {
    return JSON.parse(text.slice(5)) as ChatCompletionChunk;
  } catch {
    return undefined;
  }
}

/**
 * Relays an OpenAI-format SSE stream byte for byte. Only two events are ever
 * touched: the usage-only event (`choices: []`), which the relay asked for and
 * drops when the caller did not, and `[DONE]`, held back so a counted usage
 * event can go before it when the provider sent none. Events are found with
 * Buffer.indexOf, and whole chunks are written as they came, so an unchanged
 * stream costs no JSON parsing and no copies.
 */
export async function relayOpenAiEvents(res: UpstreamResponse, sink: ChunkSink, includeUsage: boolean, request: ChatCompletionRequest, provider: string): Promise<StreamSummary> {
  let rest: Buffer | undefined;
  let usage: Usage | undefined;
  let finishReason: string | null = null;
  /** Kept for counting tokens should the provider send no usage; references, not copies. */
  const events: Buffer[] = [];
  // Called once per upstream chunk, synchronously: returns a promise only when the client's
  // buffer is full, which pauses the upstream read until it drains.
  const onChunk = (chunk: Uint8Array): Promise<void> | undefined => {
    const incoming = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const buf = rest ? Buffer.concat([rest, incoming]) : incoming;
    rest = undefined;
    let pos = 0;
    let writeFrom = 0;
    let usageAt = nextUsage(buf, 0);
    for (let end = eventEnd(buf, pos); end >= 0; pos = end, end = eventEnd(buf, pos)) {
      const isDone = end - pos <= DONE_BYTES.length + 4 && buf.indexOf(DONE_DATA, pos) === pos;
      if (isDone) {
        if (pos > writeFrom) sink.write(buf.subarray(writeFrom, pos));
        writeFrom = end;
        continue;
      }
      events.push(buf.subarray(pos, end));
      if (usageAt < end) {
        const parsed = dataJson(buf, pos, end);
        if (parsed?.usage) usage = parsed.usage;
        if (parsed && Array.isArray(parsed.choices) && parsed.choices.length === 0 && !includeUsage) {
          if (pos > writeFrom) sink.write(buf.subarray(writeFrom, pos));
          writeFrom = end;
        }
        usageAt = nextUsage(buf, end);
      }
    }
    if (pos < buf.length) rest = Buffer.from(buf.subarray(pos));
    if (pos > writeFrom && !sink.write(buf.subarray(writeFrom, pos))) return sink.drained();
    return undefined;
  };
  try {
    await res.body.each(onChunk);
  } catch (err) {
    const failure = toGatewayError(err, provider);
    sink.write(dataEvent(JSON.stringify({ error: { message: failure.message, type: failure.type, param: null, code: failure.openaiCode } })));
    return { usage: usage ?? (await countedUsage(events, request)).usage, usageSource: usage ? 'provider' : 'counted', finishReason, error: { message: failure.message, status: failure.status } };
  }
  let source: StreamSummary['usageSource'] = 'provider';
  if (!usage) {
    const counted = await countedUsage(events, request);
    usage = counted.usage;
    finishReason = counted.finishReason;
    source = 'counted';
    if (includeUsage && counted.last) {
      const { id, created, model } = counted.last;
      sink.write(dataEvent(JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })));
    }
  }
  sink.write(DONE_EVENT);
  return { usage, usageSource: source, finishReason };
}

/** The provider sent no usage: count the prompt and every delta with gpt-tokenizer. */
async function countedUsage(events: readonly Buffer[], request: ChatCompletionRequest): Promise<{ usage: Usage; finishReason: string | null; last: ChatCompletionChunk | undefined }> {
  // Deltas are joined per choice before counting: tokenizing each piece apart would over-count
  // (a word split across two chunks is one token, not two).
  const content = new Map<number, string>();
  const tools = new Map<number, string>();
  let finishReason: string | null = null;
  let last: ChatCompletionChunk | undefined;
  for (const event of events) {
    const chunk = dataJson(event, 0, event.length);
    if (!chunk || !Array.isArray(chunk.choices)) continue;
    last = chunk;
    for (const choice of chunk.choices) {
      if (typeof choice.delta?.content === 'string') content.set(choice.index, (content.get(choice.index) ?? '') + choice.delta.content);
      for (const call of choice.delta?.tool_calls ?? []) tools.set(choice.index, (tools.get(choice.index) ?? '') + (call.function?.name ?? '') + (call.function?.arguments ?? ''));
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
  }
  const prompt = await countPromptTokens(request.messages, request.tools);
  const completion = await countCompletionTokens([...content.values(), ...tools.values()]);
  return { usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion }, finishReason, last };
}

export async function openStreamRequest(p: ProviderContext, path: string, body: string, opts: CallOptions): Promise<UpstreamResponse> {
  const res = await postToProvider(p, path, body, opts);
  const type = res.headers['content-type'];
  if (typeof type === 'string' && !type.includes('text/event-stream')) {
    await res.body.dump();
    throw new GatewayError({ status: 502, message: `provider '${p.name}' answered ${type} to a streaming request`, retriable: true, provider: p.name });
  }
  return res;
}

export async function openaiChatStream(p: ProviderContext, request: ChatCompletionRequest, opts: CallOptions): Promise<OpenedStream> {
  const res = await openStreamRequest(p, '/chat/completions', openaiChatBody(request, opts.model, true), opts);
  return {
    relay: (sink, { includeUsage }) => relayOpenAiEvents(res, sink, includeUsage, request, p.name),
    cancel: () => void res.body.dump(),
  };
}
