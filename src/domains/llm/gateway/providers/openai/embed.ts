import type { Embedding, EmbeddingRequest, EmbeddingResponse } from '../../openai-wire.js';
import { countEmbeddingInput } from '../../usage.js';
import type { CallOptions, ProviderContext } from '../provider.js';
import { invalidJson } from '../upstream-errors.js';
import { postJson } from '../provider-post.js';

/** float32 little-endian, base64: what OpenAI sends for `encoding_format: "base64"`. */
export function floatsToBase64(values: readonly number[]): string {
  const buf = Buffer.allocUnsafe(values.length * 4);
  for (let i = 0; i < values.length; i++) buf.writeFloatLE(values[i] as number, i * 4);
  return buf.toString('base64');
}

export function base64ToFloats(text: string): number[] {
  const buf = Buffer.from(text, 'base64');
  const out = new Array<number>(buf.length >> 2);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

/** Makes each embedding match what the caller asked for, whatever the provider sent. */
export function conformEncoding(data: Embedding[], wanted: 'float' | 'base64'): void {
  for (const item of data) {
    if (wanted === 'base64' && Array.isArray(item.embedding)) item.embedding = floatsToBase64(item.embedding);
    else if (wanted === 'float' && typeof item.embedding === 'string') item.embedding = base64ToFloats(item.embedding);
  }
}

export function parseEmbeddings(text: string, provider: string): EmbeddingResponse {
  let body: EmbeddingResponse;
  try {
    body = JSON.parse(text) as EmbeddingResponse;
  } catch (err) {
    throw invalidJson(provider, err);
  }
  if (!body || !Array.isArray(body.data)) throw invalidJson(provider, new Error('no data'));
  return body;
}

export async function finishEmbeddings(body: EmbeddingResponse, request: EmbeddingRequest): Promise<EmbeddingResponse> {
  conformEncoding(body.data, request.encoding_format ?? 'float');
  if (!body.usage || typeof body.usage.prompt_tokens !== 'number') {
    const tokens = await countEmbeddingInput(request.input);
    body.usage = { prompt_tokens: tokens, total_tokens: tokens };
  }
  body.object = 'list';
  return body;
}

export async function openaiEmbed(p: ProviderContext, request: EmbeddingRequest, opts: CallOptions): Promise<EmbeddingResponse> {
  // encoding_format goes through: OpenAI and vLLM send base64 natively (a quarter of the bytes);
  // a server that ignores it and sends floats is converted in finishEmbeddings.
  const text = await postJson(p, '/embeddings', JSON.stringify({ ...request, model: opts.model }), opts);
  return finishEmbeddings(parseEmbeddings(text, p.name), request);
}
