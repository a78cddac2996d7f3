import { describe, expect, it } from 'vitest';
import { gatewayConfigSchema } from '../../../core/gateway-config.js';
import { costUsd, PriceBook } from './price-book.js';

const config = gatewayConfigSchema.parse({
  providers: [
    { name: 'a', type: 'openai', baseUrl: 'http://127.0.0.1:1/v1' },
    { name: 'b', type: 'anthropic', baseUrl: 'http://127.0.0.1:2' },
  ],
  routes: [
    { model: 'chat', targets: [{ provider: 'a', model: 'gpt-4o-mini-2024-07-18' }, { provider: 'b', model: 'claude-3-5-haiku-latest', outputCostPer1M: 5 }] },
    { model: 'local', targets: [{ provider: 'a', model: 'llama3' }] },
  ],
  pricing: { 'gpt-4o': { inputPer1M: 3, outputPer1M: 12 }, 'b/claude-3-5-haiku-latest': { inputPer1M: 1, outputPer1M: 4, contextWindow: 1000 } },
});

describe('PriceBook', () => {
  const book = new PriceBook(config);

  it('prices dated model names by the longest built-in prefix', () => {
    expect(book.priceOf('chat', 'a', 'gpt-4o-mini-2024-07-18')).toMatchObject({ inputPer1M: 0.15, outputPer1M: 0.6, cachedInputPer1M: 0.075 });
  });

  it('lets gateway.pricing override the table, provider/model over model, and a target over both', () => {
    expect(book.priceOf(undefined, 'a', 'gpt-4o')).toMatchObject({ inputPer1M: 3, outputPer1M: 12 });
    expect(book.priceOf('chat', 'b', 'claude-3-5-haiku-latest')).toEqual({ inputPer1M: 1, outputPer1M: 5, contextWindow: 1000 });
    expect(book.priceOf(undefined, 'b', 'claude-3-5-haiku-latest')).toMatchObject({ inputPer1M: 1, outputPer1M: 4 });
  });

  it('lists every target a model may reach, unpriced ones without a price', () => {
    expect(book.candidates('chat')?.map((c) => c.target)).toEqual(['a/gpt-4o-mini-2024-07-18', 'b/claude-3-5-haiku-latest']);
    expect(book.candidates('local')).toEqual([{ target: 'a/llama3', price: undefined }]);
    expect(book.candidates('a/gpt-4o')?.[0]?.price).toMatchObject({ inputPer1M: 3 });
    expect(book.candidates('zz/gpt-4o')).toBeUndefined();
    expect(book.candidates('nope')).toBeUndefined();
  });

  it('charges cached prompt tokens at the cached price', () => {
    const usage = { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100, prompt_tokens_details: { cached_tokens: 400 } };
    expect(costUsd(usage, { inputPer1M: 2, outputPer1M: 10, cachedInputPer1M: 0.5 })).toBeCloseTo((600 * 2 + 400 * 0.5 + 100 * 10) / 1e6, 15);
    expect(costUsd({ prompt_tokens: 10, completion_tokens: 0, total_tokens: 10 }, { inputPer1M: 0.02, outputPer1M: 0 })).toBeCloseTo(2e-7, 15);
  });
});
