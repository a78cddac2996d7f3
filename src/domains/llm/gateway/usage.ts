import type { ChatCompletion, ChatMessage, EmbeddingRequest, Usage } from './openai-wire.js';

type Counter = (text: string) => number;

let counter: Counter | undefined;
let loading: Promise<Counter> | undefined;

/**
 * gpt-tokenizer (o200k_base) takes ~0.3 s to load, so it is imported on first
 * use (or preloaded when the gateway has routes) rather than with every CLI command.
 * Special-token text such as `<|endoftext|>` is counted as plain text: it is
 * user input, and the default would throw on it.
 */
export function loadTokenizer(): Promise<Counter> {
  loading ??= import('gpt-tokenizer').then((m) => {
    const none = new Set<string>();
    counter = (text: string) => (text ? m.countTokens(text, { disallowedSpecial: none }) : 0);
    return counter;
  });
  return loading;
}

async function tokenizer(): Promise<Counter> {
  return counter ?? loadTokenizer();
}

function contentText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) if (typeof part.text === 'string') text += part.text;
  return text;
}

/** OpenAI's chat framing: ~3 tokens per message plus 3 priming the reply (their cookbook's count). */
const PER_MESSAGE = 3;
const REPLY_PRIMING = 3;

export function countMessages(count: Counter, messages: readonly ChatMessage[]): number {
  let total = REPLY_PRIMING;
  for (const m of messages) {
    total += PER_MESSAGE + count(m.role) + count(contentText(m.content));
    if (m.name) total += 1 + count(m.name);
    if (m.tool_calls) for (const call of m.tool_calls) total += count(call.function.name) + count(call.function.arguments);
  }
  return total;
}

export async function countPromptTokens(messages: readonly ChatMessage[], tools?: readonly unknown[]): Promise<number> {
  const count = await tokenizer();
  return countMessages(count, messages) + (tools && tools.length > 0 ? count(JSON.stringify(tools)) : 0);
}

/** Sync variant for routing decisions once the tokenizer is loaded; a rough length/4 before. */
export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  if (counter) return countMessages(counter, messages);
  let chars = 0;
  for (const m of messages) chars += contentText(m.content).length + 8;
  return Math.ceil(chars / 4);
}

export async function countCompletionTokens(texts: readonly string[]): Promise<number> {
  const count = await tokenizer();
  let total = 0;
  for (const t of texts) total += count(t);
  return total;
}

/** Fills `usage` when a provider left it out: prompt from the request, completion from the choices. */
export async function ensureChatUsage(completion: ChatCompletion, messages: readonly ChatMessage[], tools?: readonly unknown[]): Promise<Usage> {
  if (completion.usage && typeof completion.usage.prompt_tokens === 'number') return completion.usage;
  const texts: string[] = [];
  for (const choice of completion.choices ?? []) {
    texts.push(contentText(choice.message?.content ?? null));
    for (const call of choice.message?.tool_calls ?? []) texts.push(call.function.name + call.function.arguments);
  }
  const prompt = await countPromptTokens(messages, tools);
  const completionTokens = await countCompletionTokens(texts);
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: completionTokens, total_tokens: prompt + completionTokens };
  completion.usage = usage;
  return usage;
}

export async function countEmbeddingInput(input: EmbeddingRequest['input']): Promise<number> {
  if (typeof input === 'string') return (await tokenizer())(input);
  if (input.length === 0) return 0;
  if (typeof input[0] === 'number') return input.length;
  let total = 0;
  const count = await tokenizer();
  for (const item of input as (string | number[])[]) total += typeof item === 'string' ? count(item) : item.length;
  return total;
}
