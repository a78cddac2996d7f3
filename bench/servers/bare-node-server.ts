import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { summarise, validatePayload } from './json-payload.js';
import { NOT_FOUND_BODY, announce, serverArgs } from './server-args.js';
import { contentType, openUpstream, upstreamPool } from './upstream-pool.js';

// The reference: what node:http does with no framework, written as lean as a framework would let us.
const pool = upstreamPool(serverArgs().upstream);
const MAX_BODY = 1 << 20;

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function postJson(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const text = await readBody(req);
  if (text === undefined) return sendJson(res, 413, { error: 'body too large' });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return sendJson(res, 400, { error: 'invalid JSON' });
  }
  const result = validatePayload(body);
  if (!result.ok) return sendJson(res, 400, { error: result.error });
  sendJson(res, 200, summarise(result.payload));
}

async function proxy(res: http.ServerResponse): Promise<void> {
  if (!pool) return sendJson(res, 500, { error: 'no --upstream given' });
  const upstream = await openUpstream(pool);
  res.writeHead(upstream.statusCode, { 'content-type': contentType(upstream) });
  await pipeline(upstream.body, res);
}

const server = http.createServer((req, res) => {
  const fail = (): void => {
    if (!res.headersSent) sendJson(res, 502, { error: 'upstream failed' });
    else res.destroy();
  };
  if (req.method === 'GET' && req.url === '/healthz') return sendJson(res, 200, { status: 'ok' });
  if (req.method === 'POST' && req.url === '/json') return void postJson(req, res).catch(fail);
  if (req.method === 'GET' && req.url === '/proxy') return void proxy(res).catch(fail);
  sendJson(res, 404, NOT_FOUND_BODY);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => announce('bare-node', (server.address() as AddressInfo).port));
