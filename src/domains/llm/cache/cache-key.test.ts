import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '../gateway/index.js';
import { canonicalJson, exactCacheKey, semanticKey } from './cache-key.js';
import { parseCacheControl } from './cache-control.js';
import { normalise, SemanticIndex } from './semantic-index.js';

const req = (extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({ model: 'r', messages: [{ role: 'user', content: 'hi' }], ...extra });

describe('cache keys', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  });

  it('ignores delivery and attribution fields, keys everything else', () => {
    const base = exactCacheKey('r', req({ temperature: 0 }));
    expect(exactCacheKey('r', req({ temperature: 0, stream: true, stream_options: { include_usage: true }, user: 'u', metadata: { t: 'x' }, cache: { ttl: 5 } }))).toBe(base);
    expect(exactCacheKey('r', req({ temperature: 0, top_p: null }))).toBe(base);
    for (const extra of [{ temperature: 1 }, { temperature: 0, seed: 1 }, { temperature: 0, max_tokens: 5 }, { temperature: 0, logit_bias: { 1: 2 } }]) expect(exactCacheKey('r', req(extra))).not.toBe(base);
    expect(exactCacheKey('other-route', req({ temperature: 0 }))).not.toBe(base);
  });

  it('buckets semantic prompts by everything but the last user message', () => {
    const one = semanticKey('r', req({ messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'first' }] }));
    const two = semanticKey('r', req({ messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'second' }] }));
    expect(one?.bucket).toBe(two?.bucket);
    expect(two?.prompt).toBe('second');
    expect(semanticKey('r', req({ messages: [{ role: 'system', content: 'other' }, { role: 'user', content: 'first' }] }))?.bucket).not.toBe(one?.bucket);
    expect(semanticKey('r', req({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }] }))).toBeUndefined();
    expect(semanticKey('r', req({ messages: [{ role: 'tool', content: 'result', tool_call_id: 'c' }] }))).toBeUndefined();
  });
});

describe('cache controls', () => {
  it('reads the header and the body field', () => {
    expect(parseCacheControl('no-cache, TTL=60', undefined)).toEqual({ noCache: true, noStore: false, ttlSeconds: 60 });
    expect(parseCacheControl(undefined, { 'no-store': true, ttl: 5 })).toEqual({ noCache: false, noStore: true, ttlSeconds: 5 });
  });

  it('refuses what it does not understand', () => {
    expect(() => parseCacheControl('max-age=5', undefined)).toThrow(/unknown directive/);
    expect(() => parseCacheControl('ttl=0', undefined)).toThrow(/ttl/);
    expect(() => parseCacheControl(undefined, { 'no-cache': 'yes' })).toThrow(/true or false/);
    expect(() => parseCacheControl(undefined, { forever: true })).toThrow(/unknown field/);
  });
});

describe('semantic index', () => {
  it('finds the closest live vector at or above the threshold', () => {
    const index = new SemanticIndex(2);
    const v = (...x: number[]): Float32Array => normalise(x) ?? new Float32Array();
    index.add('b', { ref: 'x', vector: v(1, 0), expiresAt: 100 });
    index.add('b', { ref: 'y', vector: v(1, 1), expiresAt: 10 });
    expect(index.search('b', v(1, 0.1), 0.9, 0)?.ref).toBe('x');
    expect(index.search('b', v(0.8, 1), 0.9, 0)?.ref).toBe('y');
    expect(index.search('b', v(0.8, 1), 0.9, 50)).toBeUndefined();
    expect(index.search('b', v(0, 1), 0.9, 0)).toBeUndefined();
    expect(index.search('other', v(1, 0), 0.5, 0)).toBeUndefined();
    index.add('b', { ref: 'z', vector: v(0, 1), expiresAt: 100 });
    index.add('b', { ref: 'w', vector: v(-1, 0), expiresAt: 100 });
    expect(index.size).toBe(2);
    expect(normalise([0, 0])).toBeUndefined();
  });
});
