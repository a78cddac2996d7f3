import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from '../support/fake-provider-server.js';
import { providers, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

/** A port nothing listens on: connections to it are refused. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

let f: GatewayFixture;
beforeAll(async () => {
  const dead = await deadPort();
  const noRetry = { attempts: 0 };
  f = await startGatewayFixture((a, b) => ({
    providers: [...providers(a, b), { name: 'dead', type: 'openai', baseUrl: `http://127.0.0.1:${dead}/v1` }],
    // Each test has its own route and its own provider/model on `a`: health is per provider/model,
    // so one test's failures cannot cool down another test's target.
    routes: [
      ...['429', '500', 'timeout', '400', 'all', 'cool'].map((name) => ({
        model: `ab-${name}`,
        strategy: 'fallback',
        retry: noRetry,
        targets: [{ provider: 'a', model: `model-${name}`, timeoutMs: 300 }, { provider: 'b', model: 'claude-3-5-haiku' }],
      })),
      { model: 'dead-first', strategy: 'fallback', retry: noRetry, targets: [{ provider: 'dead', model: 'x' }, { provider: 'a', model: 'model-dead' }] },
      { model: 'retry-a', strategy: 'fallback', retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 }, targets: [{ provider: 'a', model: 'model-retry' }, { provider: 'b', model: 'claude-3-5-haiku' }] },
      { model: 'split', strategy: 'weighted', targets: [{ provider: 'a', model: 'model-split', weight: 3 }, { provider: 'b', model: 'claude-3-5-haiku', weight: 1 }] },
      { model: 'stream-a', targets: [{ provider: 'a', model: 'slow-stream' }] },
    ],
    // A short cooldown so the test sees it open and close on the real clock.
    circuitBreaker: { windowMs: 10_000, minRequests: 3, failureRate: 0.5, cooldownMs: 400 },
  }));
});
afterAll(() => f.stop());
afterEach(() => {
  f.a.behaviour = {};
  f.b.behaviour = {};
});

const ask = (model: string): Promise<string> =>
  f.client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).then((r) => r.choices[0]?.message.content ?? '');

describe('fallback', () => {
  it.each([
    ['429', { failWith: { status: 429, times: 1 } }],
    ['500', { failWith: { status: 500, times: 1 } }],
    ['timeout', { hang: true }],
  ])('moves to the next target when the first answers %s', async (label, behaviour) => {
    f.a.behaviour = behaviour;
    const before = f.a.seen.length;
    expect(await ask(`ab-${label}`)).toBe('b: hi');
    expect(f.a.seen.length).toBe(before + 1);
  });

  it('moves on when the first target refuses connections', async () => {
    expect(await ask('dead-first')).toBe('a: hi');
  });

  it('never falls back on a 4xx caused by the request', async () => {
    f.a.behaviour = { failWith: { status: 400 } };
    const before = f.b.seen.length;
    await expect(ask('ab-400')).rejects.toMatchObject({ status: 400, error: { message: 'a says 400', type: 'api_error' } });
    expect(f.b.seen.length).toBe(before);
  });

  it('retries the same target with backoff, honouring retry-after, before falling back', async () => {
    f.a.behaviour = { failWith: { status: 503, retryAfter: '0', times: 2 } };
    const before = f.a.seen.length;
    expect(await ask('retry-a')).toBe('a: hi');
    expect(f.a.seen.length).toBe(before + 3);
  });

  it('returns the last error, OpenAI-shaped with retry-after, when every target fails', async () => {
    f.a.behaviour = { failWith: { status: 429, retryAfter: '7' } };
    f.b.behaviour = { failWith: { status: 429, retryAfter: '7' } };
    const res = await fetch(`${f.keel.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'ab-all', messages: [{ role: 'user', content: 'x' }] }) });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({ error: { message: 'b says 429', type: 'rate_limit_error', param: null, code: null } });
  });
});

describe('load balancing', () => {
  it('splits a weighted route roughly by weight end to end (the ±3% check runs on the selector, 10k draws)', async () => {
    const n = 400;
    const answers = await Promise.all(Array.from({ length: n }, () => ask('split')));
    const share = answers.filter((a) => a.startsWith('a:')).length / n;
    expect(share).toBeGreaterThan(0.65);
    expect(share).toBeLessThan(0.85);
  });
});

describe('cooldown', () => {
  it('cools a failing target down, skips it, then closes after a successful probe', async () => {
    f.a.behaviour = { failWith: { status: 500 } };
    for (let i = 0; i < 3; i++) expect(await ask('ab-cool')).toBe('b: hi');
    const health = async (): Promise<string | undefined> => {
      const body = (await (await fetch(`${f.keel.url}/api/v1/gateway/targets`)).json()) as { targets: { target: string; state: string }[] };
      return body.targets.find((t) => t.target === 'a/model-cool')?.state;
    };
    expect(await health()).toBe('open');
    const seen = f.a.seen.length;
    expect(await ask('ab-cool')).toBe('b: hi');
    expect(f.a.seen.length).toBe(seen); // skipped while cooling down
    f.a.behaviour = {};
    await sleep(450);
    expect(await health()).toBe('half-open');
    expect(await ask('ab-cool')).toBe('a: hi');
    expect(await health()).toBe('closed');
  });
});

describe('client disconnect', () => {
  it('aborts the upstream request when the client goes away mid-stream', async () => {
    f.a.behaviour = { streamDelayMs: 30, streamPieces: 200 };
    const closed = f.a.nextAbort();
    const stream = await f.client.chat.completions.create({ model: 'stream-a', messages: [{ role: 'user', content: 'long' }], stream: true });
    let chunks = 0;
    for await (const _ of stream) {
      if (++chunks === 3) break; // leaving the loop aborts the SDK's request
    }
    await Promise.race([closed, sleep(3_000).then(() => Promise.reject(new Error('the provider never saw the connection close')))]);
    expect(f.a.abortedResponses).toBeGreaterThanOrEqual(1);
  });
});
