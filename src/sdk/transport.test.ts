import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { HttpTransport } from './transport.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A loopback server whose answers are scripted per request, in order. */
async function scripted(answers: ((res: ServerResponse, req: IncomingMessage) => void)[]): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  server = createServer((req, res) => {
    const answer = answers[Math.min(hits, answers.length - 1)];
    hits++;
    answer?.(res, req);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

const json = (status: number, body: unknown) => (res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('HttpTransport', () => {
  it('rebuilds the server AppError from the error body', async () => {
    const s = await scripted([json(409, { error: { code: 'ALREADY_EXISTS', message: "experiment 'x' already exists", details: { id: 'x' }, requestId: 'r1' } })]);
    const err = await new HttpTransport({ url: s.url }).request('POST', '/x', { body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'ALREADY_EXISTS', message: "experiment 'x' already exists", details: { id: 'x', requestId: 'r1' } });
  });

  it('retries an idempotent call on 503 and succeeds', async () => {
    const s = await scripted([json(503, {}), json(503, {}), json(200, { ok: true })]);
    expect(await new HttpTransport({ url: s.url }).request('GET', '/x')).toEqual({ ok: true });
    expect(s.hits()).toBe(3);
  });

  it('does not retry a POST (it may have taken effect)', async () => {
    const s = await scripted([json(503, { error: { code: 'UNAVAILABLE', message: 'busy' } }), json(200, {})]);
    const err = await new HttpTransport({ url: s.url }).request('POST', '/x', { body: {} }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNAVAILABLE' });
    expect(s.hits()).toBe(1);
  });

  it('retries an idempotent call when the connection is reset', async () => {
    const s = await scripted([(res) => res.socket?.destroy(), json(200, { ok: 1 })]);
    expect(await new HttpTransport({ url: s.url }).request('GET', '/x')).toEqual({ ok: 1 });
    expect(s.hits()).toBe(2);
  });

  it('gives up after the retry budget with UNAVAILABLE', async () => {
    const s = await scripted([json(503, { error: { code: 'UNAVAILABLE', message: 'draining' } })]);
    const err = await new HttpTransport({ url: s.url, retries: 2 }).request('GET', '/x').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNAVAILABLE', message: 'draining' });
    expect(s.hits()).toBe(3);
  });

  it('sends the API key as a bearer token', async () => {
    let auth: string | undefined;
    const s = await scripted([(res, req) => {
      auth = req.headers.authorization;
      json(200, {})(res);
    }]);
    await new HttpTransport({ url: s.url, apiKey: 'keel_abc' }).request('GET', '/x');
    expect(auth).toBe('Bearer keel_abc');
  });
});
