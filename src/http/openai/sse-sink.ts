import { once } from 'node:events';
import type { FastifyReply } from 'fastify';
import type { StreamSink } from '../../domains/llm/index.js';

/**
 * Writes a stream straight to the socket. The reply is hijacked once the
 * provider answered 2xx (before that, errors still go through the OpenAI error
 * handler as JSON); fastify's onResponse hooks still run, so the access log
 * and metrics see streams too.
 */
export class SseSink implements StreamSink {
  firstWriteAt: number | undefined;

  constructor(private readonly reply: FastifyReply) {}

  open(): void {
    const reply = this.reply;
    reply.hijack();
    const raw = reply.raw;
    // Headers set by hooks (x-request-id) live on the reply until fastify sends it; copy them over.
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) raw.setHeader(name, value);
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      // Proxies such as nginx buffer responses unless told not to: tokens would arrive in bursts.
      'x-accel-buffering': 'no',
    });
  }

  write(data: string | Uint8Array): boolean {
    const raw = this.reply.raw;
    if (raw.destroyed) return true;
    if (this.firstWriteAt === undefined) this.firstWriteAt = performance.now();
    return raw.write(data);
  }

  async drained(): Promise<void> {
    const raw = this.reply.raw;
    if (raw.destroyed || !raw.writableNeedDrain) return;
    await Promise.race([once(raw, 'drain'), once(raw, 'close')]);
  }

  end(): void {
    if (!this.reply.raw.destroyed) this.reply.raw.end();
  }
}
