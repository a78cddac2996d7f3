import { Readable } from 'node:stream';
import { serve, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { summarise, validatePayload } from './json-payload.js';
import { NOT_FOUND_BODY, announce, serverArgs } from './server-args.js';
import { contentType, openUpstream, upstreamPool } from './upstream-pool.js';

const args = serverArgs();
const pool = upstreamPool(args.upstream);
const app = new Hono<{ Bindings: HttpBindings }>();

/**
 * --node-body reads the body from the underlying IncomingMessage instead of c.req.json():
 * on Node 20 the web Request body (a Readable adapted to a web stream) is what makes hono's
 * POST slow, and this variant shows how much of the gap that one step is.
 */
async function nodeBodyText(incoming: HttpBindings['incoming']): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

app.get('/healthz', (c) => c.json({ status: 'ok' }));

app.post('/json', async (c) => {
  let body: unknown;
  try {
    body = args.nodeBody ? JSON.parse(await nodeBodyText(c.env.incoming)) : await c.req.json();
  } catch {
    return c.json({ error: 'invalid JSON' }, 400);
  }
  const result = validatePayload(body);
  if (!result.ok) return c.json({ error: result.error }, 400);
  return c.json(summarise(result.payload));
});

app.get('/proxy', async (c) => {
  if (!pool) return c.json({ error: 'no --upstream given' }, 500);
  const upstream = await openUpstream(pool);
  // Hono speaks web Response: the Node stream is adapted to a web ReadableStream, which is the
  // cost hono's model imposes on a Node proxy, so it is part of what is measured.
  const body = Readable.toWeb(upstream.body) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, { status: upstream.statusCode, headers: { 'content-type': contentType(upstream) } });
});

app.notFound((c) => c.json(NOT_FOUND_BODY, 404));

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => announce(args.nodeBody ? 'hono+node-body' : 'hono', info.port));
