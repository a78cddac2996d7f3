import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

let keel: TestKeel;
beforeAll(async () => {
  keel = await startTestKeel();
});
afterAll(() => keel.stop());

interface ErrorReply {
  error: { code: string; message: string; details?: { fields?: { path: string }[] }; requestId: string };
}

async function post(path: string, body: string, type = 'application/json'): Promise<{ status: number; body: ErrorReply }> {
  const res = await fetch(`${keel.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
  return { status: res.status, body: (await res.json()) as ErrorReply };
}

describe('bad input', () => {
  it('malformed JSON → 400 INVALID_ARGUMENT', async () => {
    const r = await post('/api/v1/keys', '{"name": ');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_ARGUMENT');
    expect(r.body.error.message).toMatch(/malformed JSON/);
  });

  it('a wrong type → 400 naming the field path', async () => {
    const r = await post('/api/v1/keys', JSON.stringify({ name: 42 }));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/^body\.name: /);
    expect(r.body.error.details?.fields?.[0]?.path).toBe('body.name');
  });

  it('an unknown field → 400 naming it', async () => {
    const r = await post('/api/v1/keys', JSON.stringify({ name: 'ci', scope: 'read', admin: true }));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/admin/);
  });

  it('a bad enum value → 400 naming the field', async () => {
    const r = await post('/api/v1/keys', JSON.stringify({ name: 'ci', scope: 'root' }));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/^body\.scope: /);
  });

  it('an unsupported content type → 415 with the error shape', async () => {
    const r = await post('/api/v1/keys', 'name=ci', 'application/x-www-form-urlencoded');
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('INVALID_ARGUMENT');
  });

  it('prototype pollution attempts are rejected, not merged', async () => {
    const r = await post('/api/v1/keys', '{"name":"x","__proto__":{"admin":true}}');
    expect(r.status).toBe(400);
  });

  it('a missing resource → 404 NOT_FOUND', async () => {
    const res = await fetch(`${keel.url}/api/v1/keys/does-not-exist`, { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorReply).error.code).toBe('NOT_FOUND');
  });
});
