import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startTestKeel } from '../support/keel-server.js';

describe('graceful shutdown', () => {
  it('finishes a request already in flight, then refuses new ones', async () => {
    const keel = await startTestKeel();
    const { port } = new URL(keel.url);
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/keys', headers: { 'content-type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      // Half the body now, the rest after shutdown has begun.
      req.write('{"name":"in-flight",');
      setTimeout(() => req.end('"scope":"read"}'), 300);
    });
    await new Promise((r) => setTimeout(r, 100));
    const closing = keel.close();
    const done = await response;
    expect(done.status).toBe(201);
    expect(JSON.parse(done.body)).toMatchObject({ key: { name: 'in-flight', scope: 'read' } });
    await closing;
    await expect(fetch(`${keel.url}/healthz`)).rejects.toThrow();
    await keel.stop();
  });
});
