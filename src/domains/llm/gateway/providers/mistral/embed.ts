import type { EmbeddingRequest, EmbeddingResponse } from '../../openai-wire.js';
import { postJson } from '../provider-post.js';
import { finishEmbeddings, parseEmbeddings } from '../openai/embed.js';
import type { CallOptions, ProviderContext } from '../provider.js';

/** Mistral answers floats only and names `dimensions` `output_dimension`; base64 is encoded here. */
export async function mistralEmbed(p: ProviderContext, request: EmbeddingRequest, opts: CallOptions): Promise<EmbeddingResponse> {
  const body: Record<string, unknown> = { model: opts.model, input: request.input };
  if (typeof request.dimensions === 'number') body.output_dimension = request.dimensions;
  const text = await postJson(p, '/embeddings', JSON.stringify(body), opts);
  return finishEmbeddings(parseEmbeddings(text, p.name), request);
}
