import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

let keel: TestKeel;
beforeAll(async () => {
  keel = await startTestKeel();
});
afterAll(() => keel.stop());

describe('system endpoints', () => {
  it('GET /healthz answers ok with the version while the database answers', async () => {
    const res = await fetch(`${keel.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; version: string };
    expect(body).toEqual({ status: 'ok', version: keel.services.system.version });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('GET /readyz reports each engine', async () => {
    const res = await fetch(`${keel.url}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(body.status).toBe('ready');
    expect(Object.keys(body.checks).sort()).toEqual(['database', 'kv']);
  });

  it('GET /api/v1/status names the embedded engines', async () => {
    const body = await (await fetch(`${keel.url}/api/v1/status`)).json();
    expect(body).toMatchObject({ database: { type: 'sqlite' }, artifacts: { type: 'fs' }, kv: { type: 'sqlite' }, queue: { type: 'embedded' }, auth: { enabled: false } });
  });

  it('GET /metrics is Prometheus text with request durations by route template and no lint-failing gauges', async () => {
    await fetch(`${keel.url}/api/v1/keys/abc`, { method: 'DELETE' });
    const res = await fetch(`${keel.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/keel_http_request_duration_seconds_bucket\{.*route="\/api\/v1\/keys\/:id".*status_code="404"/);
    expect(text).toContain('process_cpu_seconds_total');
    // Gauges must not end in _total (promtool check metrics).
    const gauges = [...text.matchAll(/^# TYPE (\S+) gauge$/gm)].map((m) => m[1]);
    expect(gauges.filter((g) => g?.endsWith('_total'))).toEqual([]);
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const doc = (await (await fetch(`${keel.url}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/metrics', '/api/v1/keys', '/api/v1/keys/{id}']));
    const create = doc.paths['/api/v1/keys']?.post?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(create?.properties ?? {})).toEqual(expect.arrayContaining(['name', 'scope']));
  });

  it('answers an unknown route with a JSON 404 and echoes the request id', async () => {
    const res = await fetch(`${keel.url}/api/v1/nope?x=1`, { headers: { 'x-request-id': 'req-123' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('req-123');
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route for GET /api/v1/nope', requestId: 'req-123' } });
  });

  it('generates a request id when the caller sends none', async () => {
    const res = await fetch(`${keel.url}/healthz`);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  });
});
