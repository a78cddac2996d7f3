/**
 * The GatewayRequestLogStore contract: SQLite beside the code, PostgreSQL in
 * test/integration — one query code path, so both must agree on every case.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../core/ids.js';
import type { GatewayRequestRecord } from '../../../domains/llm/gateway-usage.schema.js';
import type { GatewayRequestLogStore } from '../../../domains/llm/request-log/request-log.store.js';

export interface RequestLogStoreHarness {
  store: GatewayRequestLogStore;
  cleanup(): Promise<void>;
}

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 27, 10);

function record(overrides: Partial<GatewayRequestRecord> = {}): GatewayRequestRecord {
  return {
    id: newId(),
    requestId: 'req-1',
    at: T0,
    kind: 'chat',
    model: 'chat',
    route: 'chat',
    provider: 'a',
    providerModel: 'gpt-4o-mini',
    status: 200,
    stream: false,
    tokensIn: 10,
    tokensOut: 5,
    costUsd: 0.001,
    latencyMs: 12.5,
    ttftMs: null,
    cache: 'none',
    keyId: 'k1',
    user: null,
    tags: [],
    attempts: 1,
    usageSource: 'provider',
    error: null,
    ...overrides,
  };
}

export function runRequestLogStoreContract(name: string, factory: () => Promise<RequestLogStoreHarness>): void {
  describe(`GatewayRequestLogStore contract: ${name}`, () => {
    let h: RequestLogStoreHarness;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('round-trips every field and lists newest first with keyset paging', async () => {
      const full = record({ stream: true, ttftMs: 3.25, user: 'alice', tags: ['x', 'team:a'], error: 'boom', status: 502, usageSource: null, route: null, provider: null, providerModel: null, cache: 'miss' });
      const older = record({ at: T0 - 1 });
      const tie = record({ at: T0 });
      await h.store.insertMany([older, full, tie]);
      await h.store.insertMany([]);
      const all = await h.store.list({}, 10, undefined);
      expect(all.find((r) => r.id === full.id)).toEqual(full);
      expect(all.map((r) => r.at)).toEqual([T0, T0, T0 - 1]);
      const first = await h.store.list({}, 1, undefined);
      const [top] = first;
      if (!top) throw new Error('empty page');
      const rest = await h.store.list({}, 10, { at: top.at, id: top.id });
      expect([top, ...rest].map((r) => r.id)).toEqual(all.map((r) => r.id));
    });

    it('filters by key, model (any of its names), route, user, tag, status and time', async () => {
      await h.store.insertMany([
        record({ keyId: 'k1', tags: ['exp'], user: 'u1' }),
        record({ keyId: 'k2', status: 429, provider: null, providerModel: null, at: T0 + HOUR }),
        record({ keyId: 'k1', model: 'a/gpt-4o', route: 'a/gpt-4o', providerModel: 'gpt-4o', at: T0 + 2 * HOUR }),
      ]);
      const n = async (f: Parameters<GatewayRequestLogStore['list']>[0]): Promise<number> => (await h.store.list(f, 100, undefined)).length;
      expect(await n({ key: 'k1' })).toBe(2);
      expect(await n({ model: 'chat' })).toBe(2);
      expect(await n({ model: 'gpt-4o' })).toBe(1);
      expect(await n({ model: 'a/gpt-4o-mini' })).toBe(1);
      expect(await n({ route: 'a/gpt-4o' })).toBe(1);
      expect(await n({ user: 'u1' })).toBe(1);
      expect(await n({ tag: 'exp' })).toBe(1);
      expect(await n({ status: 'error' })).toBe(1);
      expect(await n({ status: 'ok' })).toBe(2);
      expect(await n({ status: 429 })).toBe(1);
      expect(await n({ from: T0 + HOUR })).toBe(2);
      expect(await n({ from: T0, to: T0 + HOUR })).toBe(1);
    });

    it('sums requests, errors, tokens and cost per bucket and group, tags included', async () => {
      await h.store.insertMany([
        record({ tags: ['a', 'b'], costUsd: 0.25 }),
        record({ tags: ['a'], at: T0 + 10, costUsd: 0.5, tokensIn: 1, tokensOut: 2 }),
        record({ at: T0 + HOUR + 5, status: 500, costUsd: 0 }),
        record({ keyId: null, provider: null, providerModel: null, at: T0 + HOUR + 6, status: 429, costUsd: 0 }),
      ]);
      const byModel = await h.store.usage({}, 'model', HOUR);
      expect(byModel).toEqual([
        { start: T0, group: 'a/gpt-4o-mini', requests: 2, errors: 0, tokensIn: 11, tokensOut: 7, costUsd: 0.75 },
        { start: T0 + HOUR, group: 'a/gpt-4o-mini', requests: 1, errors: 1, tokensIn: 10, tokensOut: 5, costUsd: 0 },
        { start: T0 + HOUR, group: 'chat', requests: 1, errors: 1, tokensIn: 10, tokensOut: 5, costUsd: 0 },
      ]);
      const byTag = await h.store.usage({}, 'tag', 24 * HOUR);
      expect(byTag.map((b) => [b.group, b.requests, b.costUsd])).toEqual([
        ['a', 2, 0.75],
        ['b', 1, 0.25],
      ]);
      const byKey = await h.store.usage({ status: 'error' }, 'key', 24 * HOUR);
      expect(byKey.map((b) => [b.group, b.requests])).toEqual([
        ['', 1],
        ['k1', 1],
      ]);
    });
  });
}
