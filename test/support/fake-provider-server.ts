import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What a fake provider saw: enough to assert on pass-through and aborts. */
export interface SeenRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** How the next requests should be answered; tests flip these between calls. */
export interface FakeBehaviour {
  /** Answer every request with this status and an error body. */
  failWith?: { status: number; retryAfter?: string; /** Only this many times, then answer normally. */ times?: number } | undefined;
  /** Never answer (until the client gives up). */
  hang?: boolean;
  /** Leave `usage` out of answers, so the gateway has to count. */
  omitUsage?: boolean;
  /** Milliseconds between stream events. */
  streamDelayMs?: number;
  /** Stream this many content pieces. */
  streamPieces?: number;
}

export interface FakeProvider {
  name: string;
  url: string;
  port: number;
  seen: SeenRequest[];
  behaviour: FakeBehaviour;
  /** Responses whose connection closed before they finished (the client or the gateway hung up). */
  abortedResponses: number;
  /** Resolves at the next early close. */
  nextAbort(): Promise<void>;
  close(): Promise<void>;
}

export type Answer = (req: SeenRequest, res: http.ServerResponse, fake: FakeProvider) => Promise<void> | void;

/** A loopback HTTP server with recording, failure injection and abort detection shared by the fakes. */
export async function startFakeServer(name: string, answer: Answer): Promise<FakeProvider> {
  const waiters: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const fake: FakeProvider = {
    name,
    url: '',
    port: 0,
    seen: [],
    behaviour: {},
    abortedResponses: 0,
    nextAbort: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'bad json', type: 'invalid_request_error' } }));
        return;
      }
      const seen: SeenRequest = { path: req.url ?? '', headers: req.headers, body };
      fake.seen.push(seen);
      res.on('close', () => {
        if (!res.writableFinished) {
          fake.abortedResponses++;
          for (const w of waiters.splice(0)) w();
        }
      });
      const b = fake.behaviour;
      if (b.hang) return;
      if (b.failWith && (b.failWith.times === undefined || b.failWith.times > 0)) {
        if (b.failWith.times !== undefined) b.failWith.times--;
        res.writeHead(b.failWith.status, { 'content-type': 'application/json', ...(b.failWith.retryAfter ? { 'retry-after': b.failWith.retryAfter } : {}) });
        res.end(JSON.stringify({ error: { message: `${name} says ${b.failWith.status}`, type: b.failWith.status === 429 ? 'rate_limit_error' : 'api_error', param: null, code: null } }));
        return;
      }
      Promise.resolve(answer(seen, res, fake)).catch(() => res.destroy());
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${fake.port}`;
  return fake;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Writes SSE events one at a time (a real chunked stream), stopping if the client left. */
export async function writeEvents(res: http.ServerResponse, events: readonly string[], delayMs: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of events) {
    if (res.destroyed) return;
    res.write(e);
    if (delayMs > 0) await sleep(delayMs);
  }
  res.end();
}

export function lastUserText(body: Record<string, unknown>): string {
  const messages = (body.messages ?? []) as { role: string; content: unknown }[];
  const last = [...messages].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  if (Array.isArray(last.content)) return (last.content as { text?: string }[]).map((p) => p.text ?? '').join('');
  return '';
}
