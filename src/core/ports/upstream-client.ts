/**
 * Outbound HTTP to services Keel proxies (LLM providers today). A port so the
 * domains stay free of HTTP drivers; the adapter keeps one keep-alive pool per
 * origin, which is what makes a proxy fast.
 */
export interface UpstreamRequest {
  method: 'GET' | 'POST';
  /** Path and query, starting with `/`. */
  path: string;
  headers: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
  /** Aborting it cancels the request or the body being read (the client went away). */
  signal?: AbortSignal;
  /** Until the response headers arrive. */
  headersTimeoutMs: number;
  /** Longest silence between body chunks. */
  bodyTimeoutMs: number;
}

export interface UpstreamBody extends AsyncIterable<Uint8Array> {
  /**
   * Hands each chunk to `onChunk` as it arrives — a callback, not a promise per
   * chunk as async iteration costs, which matters on a relay's hot path. When
   * `onChunk` returns a promise, reading pauses until it settles (backpressure).
   * Resolves at the end of the body; rejects on a read error.
   */
  each(onChunk: (chunk: Uint8Array) => void | Promise<void>): Promise<void>;
  text(): Promise<string>;
  /** Reads and discards the rest, so the connection can be reused. */
  dump(): Promise<void>;
}

export interface UpstreamResponse {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: UpstreamBody;
}

/**
 * Why a request produced no response. Adapters attach `upstreamFailure` to the
 * errors they throw so callers can tell a timeout from a refused connection
 * without knowing the driver's error codes.
 */
export type UpstreamFailureKind = 'timeout' | 'connect' | 'reset' | 'aborted';

export interface UpstreamFailure extends Error {
  upstreamFailure: UpstreamFailureKind;
}

export function isUpstreamFailure(err: unknown): err is UpstreamFailure {
  return err instanceof Error && typeof (err as Partial<UpstreamFailure>).upstreamFailure === 'string';
}

/** One origin (scheme + host + port), with its own connection pool. */
export interface UpstreamEndpoint {
  request(req: UpstreamRequest): Promise<UpstreamResponse>;
  /** Lets in-flight requests finish, then closes the connections. */
  close(): Promise<void>;
}

export interface UpstreamClient {
  endpoint(origin: string, opts: { connections: number }): UpstreamEndpoint;
}
