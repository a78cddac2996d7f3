import { Pool, errors } from 'undici';
import type { UpstreamClient, UpstreamEndpoint, UpstreamFailureKind, UpstreamRequest, UpstreamResponse } from '../../core/ports/upstream-client.js';

/** undici error → what the gateway needs to know (retry? fall back?), without leaking driver types. */
function failureKind(err: unknown): UpstreamFailureKind | undefined {
  if (err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError || err instanceof errors.ConnectTimeoutError) return 'timeout';
  if (err instanceof errors.RequestAbortedError) return 'aborted';
  if (err instanceof errors.SocketError || err instanceof errors.ClientDestroyedError || err instanceof errors.ClientClosedError) return 'reset';
  const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : undefined;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EAI_AGAIN') return 'connect';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return 'reset';
  if (code === 'ABORT_ERR' || (err instanceof Error && err.name === 'AbortError')) return 'aborted';
  return undefined;
}

function tagged(err: unknown): unknown {
  const kind = failureKind(err);
  if (!kind || !(err instanceof Error)) return err;
  return Object.assign(err, { upstreamFailure: kind });
}

class UndiciEndpoint implements UpstreamEndpoint {
  private readonly pool: Pool;

  constructor(origin: string, connections: number) {
    // pipelining 1: LLM calls are long and uneven; pipelining would queue a fast call behind a slow one.
    this.pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000 });
  }

  async request(req: UpstreamRequest): Promise<UpstreamResponse> {
    try {
      const res = await this.pool.request({
        method: req.method,
        path: req.path,
        headers: req.headers,
        body: req.body ?? null,
        signal: req.signal,
        headersTimeout: req.headersTimeoutMs,
        bodyTimeout: req.bodyTimeoutMs,
      });
      const raw = res.body;
      // undici's body is a Readable: errors while reading it are tagged too, so a body
      // timeout mid-stream reads as a timeout, not as an unknown error.
      const body = {
        async *[Symbol.asyncIterator]() {
          try {
            for await (const chunk of raw) yield chunk as Uint8Array;
          } catch (err) {
            throw tagged(err);
          }
        },
        each: (onChunk: (chunk: Uint8Array) => void | Promise<void>) =>
          new Promise<void>((resolve, reject) => {
            raw.on('data', (chunk: Buffer) => {
              let wait: void | Promise<void>;
              try {
                wait = onChunk(chunk);
              } catch (err) {
                // A throwing consumer must fail this body, not the process (an emitter would rethrow it).
                raw.destroy(err instanceof Error ? err : new Error(String(err)));
                return;
              }
              if (wait) {
                raw.pause();
                wait.then(
                  () => raw.resume(),
                  (err: unknown) => raw.destroy(err instanceof Error ? err : new Error(String(err))),
                );
              }
            });
            raw.once('end', resolve);
            raw.once('error', (err) => reject(tagged(err)));
          }),
        text: () => raw.text().catch((err: unknown) => Promise.reject(tagged(err))),
        dump: () => raw.dump().catch(() => undefined),
      };
      return { status: res.statusCode, headers: res.headers, body };
    } catch (err) {
      throw tagged(err);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

export const undiciUpstreamClient: UpstreamClient = {
  endpoint: (origin, opts) => new UndiciEndpoint(origin, opts.connections),
};
