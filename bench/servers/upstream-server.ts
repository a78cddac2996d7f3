import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { announce } from './server-args.js';
import { streamEvents } from './stream-shape.js';

const events = streamEvents();

/** Writes the events one by one, waiting on backpressure, so the proxy sees a real chunked stream. */
async function writeStream(res: http.ServerResponse): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const event of events) {
    if (res.destroyed) return;
    if (!res.write(event)) await once(res, 'drain');
  }
  res.end();
}

const server = http.createServer((req, res) => {
  if (req.url === '/stream') {
    writeStream(res).catch(() => res.destroy());
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => announce('upstream', (server.address() as AddressInfo).port));
