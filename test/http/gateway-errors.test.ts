import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi } from '../support/fake-openai.js';
import type { FakeProvider } from '../support/fake-provider-server.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

/** Bad input gets OpenAI-shaped 4xx on /v1; the admin config API; /v1 behind Keel API keys. */
const ADMIN = 'gateway-admin-key-0123456789';
const WRITER = 'gateway-write-key-0123456789';
const READER = 'gateway-read-key-01234567890';

let fake: FakeProvider;
let keel: TestKeel;
let client: OpenAI;

const gateway = (fakeUrl: string): Record<string, unknown> => ({
  providers: [{ name: 'a', type: 'openai', baseUrl: `${fakeUrl}/v1`, apiKey: 'env:A_KEY' }],
  routes: [{ model: 'chat', targets: [{ provider: 'a', model: 'gpt-4o-mini' }] }],
  maxBodyBytes: 4096,
});

beforeAll(async () => {
  fake = await startFakeOpenAi('a');
  keel = await startTestKeel({ A_KEY: 'sk-file-key', KEEL_API_KEYS: `${ADMIN}:admin,${WRITER}:write,${READER}:read` }, { config: { gateway: gateway(fake.url) } });
  client = new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: WRITER, maxRetries: 0 });
});
afterAll(async () => {
  await keel.stop();
  await fake.close();
});

async function post(path: string, body: string, key = WRITER): Promise<{ status: number; body: { error: Record<string, unknown> } }> {
  const res = await fetch(`${keel.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body });
  return { status: res.status, body: (await res.json()) as { error: Record<string, unknown> } };
}

function expectOpenAiError(body: { error: Record<string, unknown> }, type = 'invalid_request_error'): void {
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(body.error.type).toBe(type);
}

describe('bad input → OpenAI-shaped 4xx', () => {
  it.each([
    ['missing messages', { model: 'chat' }, 400, 'messages'],
    ['empty messages', { model: 'chat', messages: [] }, 400, 'messages'],
    ['a wrong role', { model: 'chat', messages: [{ role: 'wizard', content: 'x' }] }, 400, 'messages.0.role'],
    ['a tool message without tool_call_id', { model: 'chat', messages: [{ role: 'tool', content: 'x' }] }, 400, 'messages.0.tool_call_id'],
    ['a bad temperature', { model: 'chat', messages: [{ role: 'user', content: 'x' }], temperature: 9 }, 400, 'temperature'],
    ['a missing model', { messages: [{ role: 'user', content: 'x' }] }, 400, 'model'],
  ])('%s', async (_label, body, status, param) => {
    const res = await post('/v1/chat/completions', JSON.stringify(body));
    expect(res.status).toBe(status);
    expectOpenAiError(res.body);
    expect(res.body.error.param).toBe(param);
  });

  it('an unknown model is 404 model_not_found, through the SDK as NotFoundError', async () => {
    const err = await client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(err).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    const unknownProvider = await post('/v1/chat/completions', JSON.stringify({ model: 'zz/gpt-4o', messages: [{ role: 'user', content: 'x' }] }));
    expect(unknownProvider.status).toBe(404);
  });

  it('an oversized body is 413, malformed JSON 400, an unknown /v1 path 404 — all OpenAI-shaped', async () => {
    const big = await post('/v1/chat/completions', JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'x'.repeat(10_000) }] }));
    expect(big.status).toBe(413);
    expectOpenAiError(big.body);
    const bad = await post('/v1/chat/completions', '{"model": "chat", "messages": [');
    expect(bad.status).toBe(400);
    expectOpenAiError(bad.body);
    const missing = await post('/v1/nope', '{}');
    expect(missing.status).toBe(404);
    expectOpenAiError(missing.body);
    // Keel's own routes keep Keel's error shape.
    const keelShape = (await (await fetch(`${keel.url}/api/v1/nope`)).json()) as { error: { code: string } };
    expect(keelShape.error.code).toBe('NOT_FOUND');
  });

  it('bad embeddings input is 400', async () => {
    const res = await post('/v1/embeddings', JSON.stringify({ model: 'chat', input: [], encoding_format: 'hex' }));
    expect(res.status).toBe(400);
    expectOpenAiError(res.body);
  });
});

describe('auth on /v1 (Keel API keys, write scope)', () => {
  it('401 without a key, 403 with a read key, 200 with a write key', async () => {
    const anonymous = await fetch(`${keel.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
    expectOpenAiError((await anonymous.json()) as { error: Record<string, unknown> });
    const reader = await post('/v1/chat/completions', JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'x' }] }), READER);
    expect(reader.status).toBe(403);
    const ok = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] });
    expect(ok.choices[0]?.message.content).toBe('a: x');
    expect(fake.seen.at(-1)?.headers.authorization).toBe('Bearer sk-file-key');
  });
});

describe('runtime config API', () => {
  const admin = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` };

  it('shows env references, never inline keys', async () => {
    const view = (await (await fetch(`${keel.url}/api/v1/gateway/config`, { headers: admin })).json()) as { config: { providers: { apiKey: string }[] }; source: string };
    expect(view.source).toBe('file');
    expect(view.config.providers[0]?.apiKey).toBe('env:A_KEY');
    expect((await fetch(`${keel.url}/api/v1/gateway/config`, { headers: { authorization: `Bearer ${WRITER}` } })).status).toBe(403);
  });

  it('rejects an invalid config with the field path and changes nothing', async () => {
    const bad = { ...gateway(fake.url), routes: [{ model: 'x', targets: [{ provider: 'missing', model: 'm' }] }] };
    const res = await fetch(`${keel.url}/api/v1/gateway/config`, { method: 'PUT', headers: admin, body: JSON.stringify(bad) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INVALID_ARGUMENT');
    expect(body.error.message).toMatch(/routes\.0\.targets\.0\.provider/);
    const missingEnv = { ...gateway(fake.url), providers: [{ name: 'a', type: 'openai', baseUrl: `${fake.url}/v1`, apiKey: 'env:NOT_SET_ANYWHERE' }] };
    const res2 = await fetch(`${keel.url}/api/v1/gateway/config`, { method: 'PUT', headers: admin, body: JSON.stringify(missingEnv) });
    expect(res2.status).toBe(400);
    expect(((await res2.json()) as { error: { message: string } }).error.message).toMatch(/NOT_SET_ANYWHERE/);
    expect((await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'still' }] })).choices[0]?.message.content).toBe('a: still');
  });

  it('applies a new config at once, keeps it across a restart, and resets to the file', async () => {
    const next = { ...gateway(fake.url), providers: [{ name: 'a', type: 'openai', baseUrl: `${fake.url}/v1`, apiKey: 'sk-inline-key' }], routes: [{ model: 'renamed', targets: [{ provider: 'a', model: 'gpt-4.1' }] }] };
    const put = await fetch(`${keel.url}/api/v1/gateway/config`, { method: 'PUT', headers: admin, body: JSON.stringify(next) });
    expect(put.status).toBe(200);
    const view = (await put.json()) as { version: number; source: string; config: { providers: { apiKey: string }[] } };
    expect(view).toMatchObject({ version: 1, source: 'api' });
    expect(view.config.providers[0]?.apiKey).toBe('<redacted>');
    await client.chat.completions.create({ model: 'renamed', messages: [{ role: 'user', content: 'x' }] });
    expect(fake.seen.at(-1)?.body.model).toBe('gpt-4.1');
    expect(fake.seen.at(-1)?.headers.authorization).toBe('Bearer sk-inline-key');
    await expect(client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 404 });

    // Sending the redacted view back keeps the stored key.
    const again = await fetch(`${keel.url}/api/v1/gateway/config`, { method: 'PUT', headers: admin, body: JSON.stringify((await (await fetch(`${keel.url}/api/v1/gateway/config`, { headers: admin })).json() as { config: unknown }).config) });
    expect(((await again.json()) as { version: number }).version).toBe(2);

    const env = { A_KEY: 'sk-file-key', KEEL_API_KEYS: `${ADMIN}:admin,${WRITER}:write` };
    const dataDir = keel.dataDir;
    keel.http.server.closeAllConnections();
    await keel.close();
    keel = await startTestKeel(env, { config: { gateway: gateway(fake.url) }, dataDir });
    client = new OpenAI({ baseURL: `${keel.url}/v1`, apiKey: WRITER, maxRetries: 0 });
    await client.chat.completions.create({ model: 'renamed', messages: [{ role: 'user', content: 'after restart' }] });
    expect(fake.seen.at(-1)?.headers.authorization).toBe('Bearer sk-inline-key');

    const reset = await fetch(`${keel.url}/api/v1/gateway/config`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(((await reset.json()) as { source: string }).source).toBe('file');
    expect((await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'back' }] })).choices[0]?.message.content).toBe('a: back');
  });
});
