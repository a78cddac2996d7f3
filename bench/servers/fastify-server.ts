import Fastify from 'fastify';
import { summarise, validatePayload } from './json-payload.js';
import { NOT_FOUND_BODY, announce, serverArgs } from './server-args.js';
import { contentType, openUpstream, upstreamPool } from './upstream-pool.js';

const args = serverArgs();
const pool = upstreamPool(args.upstream);

// --log turns on fastify's default per-request pino logging (to /dev/null) to price what the
// lead wants from fastify; without it the comparison with hono is like for like.
const app = Fastify({ logger: args.log ? { level: 'info', file: '/dev/null' } : false, keepAliveTimeout: 30_000 });

app.get('/healthz', async () => ({ status: 'ok' }));

app.post('/json', async (req, reply) => {
  const result = validatePayload(req.body);
  if (!result.ok) return reply.code(400).send({ error: result.error });
  return summarise(result.payload);
});

app.get('/proxy', async (_req, reply) => {
  if (!pool) return reply.code(500).send({ error: 'no --upstream given' });
  const upstream = await openUpstream(pool);
  // Fastify pipes a Node Readable to the socket; nothing is buffered.
  return reply.code(upstream.statusCode).header('content-type', contentType(upstream)).send(upstream.body);
});

app.setNotFoundHandler((_req, reply) => reply.code(404).send(NOT_FOUND_BODY));

const address = await app.listen({ port: 0, host: '127.0.0.1' });
announce(args.log ? 'fastify+log' : 'fastify', Number(new URL(address).port));
