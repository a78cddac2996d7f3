import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayRequestRecord, RequestLogPage, UsageReport } from '../../src/domains/llm/index.js';
import { Keel } from '../../src/sdk/index.js';
import { ADMIN_SECRET, CALL_COST_USD, startUsageFixture, statusOf, type UsageFixture } from '../support/gateway-usage-fixture.js';

/** Cost attribution, the request log (SQL, written in batches), its aggregates, the SDK and /metrics. */
let f: UsageFixture;
let keyId: string;
let keel: Keel;
beforeAll(async () => {
  f = await startUsageFixture();
  keel = new Keel({ url: f.keel.url, apiKey: ADMIN_SECRET });
  const { client, keyId: id } = await f.clientWith({ rpm: 4 });
  keyId = id;
  const hello = [{ role: 'user' as const, content: 'hello' }];
  await client.chat.completions.create({ model: 'chat', messages: hello, user: 'alice', metadata: { team: 'search' } }, { headers: { 'x-keel-tags': 'exp-1, nightly' } });
  await client.chat.completions.create({ model: 'chat', messages: hello, user: 'bob' }, { headers: { 'x-keel-tags': 'exp-1' } });
  const s = await client.chat.completions.create({ model: 'chat', messages: hello, stream: true, stream_options: { include_usage: true } });
  for await (const _ of s) void _;
  await client.embeddings.create({ model: 'embed', input: 'embed me' });
  await client.chat.completions.create({ model: 'chat', messages: hello }).catch(statusOf); // rpm 4: refused, and logged
});
afterAll(() => f.stop());

describe('request log', () => {
  it('stores every call with route, target, tokens, cost, latency, cache, key, user and tags', async () => {
    const { requests } = await keel.gateway.requests({ key: keyId });
    expect(requests).toHaveLength(5);
    const byUser = (u: string): GatewayRequestRecord | undefined => requests.find((r) => r.user === u);
    expect(byUser('alice')).toMatchObject({
      kind: 'chat',
      model: 'chat',
      route: 'chat',
      provider: 'a',
      providerModel: 'gpt-4o-mini',
      status: 200,
      stream: false,
      tokensIn: 11,
      tokensOut: 7,
      keyId,
      attempts: 1,
      usageSource: 'provider',
      error: null,
    });
    expect(byUser('alice')?.costUsd).toBeCloseTo(CALL_COST_USD, 12);
    expect(byUser('alice')?.tags.sort()).toEqual(['exp-1', 'nightly', 'team:search']);
    expect(byUser('alice')?.latencyMs).toBeGreaterThan(0);
    // The chat route is not cached: `none`, or `miss` when the cache hook says so.
    expect(['none', 'miss']).toContain(byUser('alice')?.cache);
    const stream = requests.find((r) => r.stream);
    expect(stream).toMatchObject({ status: 200, tokensIn: 11, tokensOut: 7 });
    expect(stream?.ttftMs).toBeGreaterThan(0);
    // text-embedding-3-small at the built-in $0.02 per 1M: 3 tokens.
    const embed = requests.find((r) => r.kind === 'embeddings');
    expect(embed).toMatchObject({ providerModel: 'text-embedding-3-small', tokensIn: 3, tokensOut: 0 });
    expect(embed?.costUsd).toBeCloseTo((3 * 0.02) / 1e6, 15);
    const refused = requests.find((r) => r.status !== 200);
    expect(refused).toMatchObject({ status: 429, provider: null, costUsd: 0, tokensIn: 0 });
    expect(refused?.error).toMatch(/requests per minute/);
  });

  it('filters by model, route, status, user, tag and time, and pages newest first', async () => {
    const q = (query: Record<string, string | number>) => keel.gateway.requests({ key: keyId, ...query });
    expect((await q({ status: 'error' })).requests.map((r) => r.status)).toEqual([429]);
    expect((await q({ status: 200 })).requests).toHaveLength(4);
    expect((await q({ model: 'a/text-embedding-3-small' })).requests).toHaveLength(1);
    expect((await q({ model: 'gpt-4o-mini' })).requests).toHaveLength(3);
    expect((await q({ route: 'embed' })).requests).toHaveLength(1);
    expect((await q({ user: 'bob' })).requests).toHaveLength(1);
    expect((await q({ tag: 'exp-1' })).requests.map((r) => r.user).sort()).toEqual(['alice', 'bob']);
    expect((await q({ from: Date.now() + 60_000 })).requests).toHaveLength(0);
    expect((await q({ to: new Date(Date.now() + 60_000).toISOString() })).requests).toHaveLength(5);

    const all = (await q({})).requests;
    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const page: RequestLogPage = await keel.gateway.requests({ key: keyId, limit: 2, pageToken });
      seen.push(...page.requests.map((r) => r.id));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen).toEqual(all.map((r) => r.id));
    expect([...all].sort((a, b) => b.at - a.at).map((r) => r.at)).toEqual(all.map((r) => r.at));

    const bad = await fetch(`${f.keel.url}/api/v1/gateway/requests?pageToken=nope&status=teapot`, { headers: { authorization: `Bearer ${ADMIN_SECRET}` } });
    expect(bad.status).toBe(400);
  });
});

describe('usage', () => {
  it('aggregates spend and tokens over time by model, key, route, tag and user', async () => {
    const byModel: UsageReport = await keel.gateway.usage({ key: keyId, groupBy: 'model', interval: 'hour' });
    expect(byModel.buckets.every((b) => b.start % 3_600_000 === 0)).toBe(true);
    const chat = byModel.totals.find((t) => t.group === 'a/gpt-4o-mini');
    expect(chat).toMatchObject({ requests: 3, errors: 0, tokensIn: 33, tokensOut: 21 });
    expect(chat?.costUsd).toBeCloseTo(3 * CALL_COST_USD, 12);
    expect(byModel.totals.find((t) => t.group === 'chat')).toMatchObject({ requests: 1, errors: 1, costUsd: 0 });

    const byTag = await keel.gateway.usage({ key: keyId, groupBy: 'tag', interval: 'day' });
    expect(byTag.totals.find((t) => t.group === 'exp-1')?.costUsd).toBeCloseTo(2 * CALL_COST_USD, 12);
    expect(byTag.totals.find((t) => t.group === 'nightly')?.requests).toBe(1);
    expect(byTag.buckets.every((b) => b.start % 86_400_000 === 0)).toBe(true);

    const byKey = await keel.gateway.usage({ key: keyId, groupBy: 'key' });
    expect(byKey.totals).toEqual([expect.objectContaining({ group: keyId, requests: 5, errors: 1 })]);
    const byRoute = await keel.gateway.usage({ key: keyId, groupBy: 'route' });
    expect(byRoute.totals.map((t) => t.group).sort()).toEqual(['chat', 'embed']);
    const byUser = await keel.gateway.usage({ key: keyId, groupBy: 'user', tag: 'exp-1' });
    expect(byUser.totals.map((t) => t.group).sort()).toEqual(['alice', 'bob']);
  });
});

describe('metrics', () => {
  it('exports requests, tokens, cost and latency by route, provider, model and status', async () => {
    const text = await (await fetch(`${f.keel.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_SECRET}` } })).text();
    expect(text).toMatch(/keel_gateway_requests_total\{route="chat",provider="a",model="gpt-4o-mini",status="200",cache="[a-z-]+"\} [3-9]/);
    expect(text).toMatch(/keel_gateway_requests_total\{route="chat",provider="",model="",status="429",cache="[a-z-]+"\} 1/);
    expect(text).toMatch(/keel_gateway_tokens_total\{route="chat",provider="a",model="gpt-4o-mini",direction="in"\} \d+/);
    expect(text).toMatch(/keel_gateway_cost_usd_total\{route="chat",provider="a",model="gpt-4o-mini"\} 0\.00\d+/);
    expect(text).toMatch(/keel_gateway_request_duration_seconds_bucket\{le="0.005",route="chat",provider="a",model="gpt-4o-mini",status="200"\}/);
    expect(text).toMatch(/keel_gateway_time_to_first_token_seconds_count\{route="chat",provider="a",model="gpt-4o-mini"\} 1/);
  });
});
