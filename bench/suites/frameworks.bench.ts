import { ratioNotes, runMatrix, type RouteCase } from '../lib/matrix.js';
import { machineInfo } from '../lib/machine.js';
import { spawnServer, stopAll, tsServer, type RunningServer } from '../lib/spawn-server.js';
import { formatInt } from '../lib/table.js';
import type { BenchOptions, SuiteResult } from '../lib/types.js';
import { samplePayload } from '../servers/json-payload.js';
import { STREAM_BYTES } from '../servers/stream-shape.js';

const payload = samplePayload();

const routes: RouteCase[] = [
  {
    route: 'POST /json',
    target: (url) => ({
      url: `${url}/json`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
      check: (body) => (/"ok":true,.*"count":120/.test(body) ? undefined : `expected a summary of 120 values, got ${body.slice(0, 200)}`),
    }),
  },
  {
    route: 'GET /proxy',
    target: (url) => ({
      url: `${url}/proxy`,
      check: (body) => (Buffer.byteLength(body) === STREAM_BYTES ? undefined : `expected ${STREAM_BYTES} streamed bytes, got ${Buffer.byteLength(body)}`),
    }),
  },
];

/** fastify@5 vs hono@4 (+ @hono/node-server) vs bare node:http, on a JSON POST and a streamed proxy. */
export async function frameworksSuite(options: BenchOptions, progress: (line: string) => void): Promise<SuiteResult> {
  const startedAt = new Date().toISOString();
  const started: RunningServer[] = [];
  try {
    const upstream = await spawnServer(tsServer('upstream', 'upstream-server.ts'));
    started.push(upstream);
    const flags = ['--upstream', upstream.url];
    // Started one after another: starting four tsx processes at once on 2 cores only adds noise.
    const servers: RunningServer[] = [];
    for (const spec of [
      tsServer('bare-node', 'bare-node-server.ts', flags),
      tsServer('fastify', 'fastify-server.ts', flags),
      tsServer('fastify+log', 'fastify-server.ts', [...flags, '--log']),
      tsServer('hono', 'hono-server.ts', flags),
      tsServer('hono+node-body', 'hono-server.ts', [...flags, '--node-body']),
    ]) {
      const server = await spawnServer(spec);
      started.push(server);
      servers.push(server);
    }
    const cases = await runMatrix({ servers, routes, options, progress });
    return {
      suite: 'frameworks',
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: machineInfo(),
      options,
      cases,
      notes: [
        ...ratioNotes(cases, 'bare-node', formatInt),
        'fastify+log = fastify with its default per-request pino logging (2 lines/request) written to /dev/null.',
        'hono+node-body = hono reading the POST body from the Node IncomingMessage (c.env.incoming) instead of c.req.json(); its proxy route is the same as hono.',
        'The proxy upstream is a bare node:http server in its own process streaming 64 × 1 KB SSE-like events.',
      ],
    };
  } finally {
    await stopAll(started);
  }
}
