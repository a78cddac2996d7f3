import { AppError, isErrorCode, type ErrorDetails } from '../core/errors.js';

export interface TransportOptions {
  /** Server URL; defaults to the page origin in a browser and http://127.0.0.1:4200 elsewhere. */
  url?: string | undefined;
  apiKey?: string | undefined;
  /** Retries for idempotent calls on 503 or a dropped connection. Default 3. */
  retries?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A request body sent as-is (artifact bytes, or JSON the caller already serialised). */
export type RawBody = string | Uint8Array | Blob | ReadableStream<Uint8Array>;

export interface RequestOptions {
  /** Serialised with JSON.stringify. */
  body?: unknown;
  /** Sent unchanged, with `contentType` (default application/octet-stream); a stream is never retried (it cannot be replayed). */
  rawBody?: RawBody;
  contentType?: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** GET, PUT and DELETE are idempotent by default; a POST can opt in. */
  idempotent?: boolean;
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call; 0 waits as long as it takes (large artifacts). */
  timeoutMs?: number;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
const RETRYABLE_NETWORK = /ECONNRESET|ECONNREFUSED|EPIPE|socket hang up|other side closed|fetch failed/i;

function defaultUrl(): string {
  const loc = (globalThis as { location?: { origin?: string } }).location;
  return loc?.origin ?? 'http://127.0.0.1:4200';
}

/** Turns a Keel error body back into the AppError the server threw. */
export async function errorFromResponse(res: Response): Promise<AppError> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown } };
    const e = body.error;
    if (e && isErrorCode(e.code) && typeof e.message === 'string') {
      const details = { ...((e.details as ErrorDetails | undefined) ?? {}), ...(typeof e.requestId === 'string' ? { requestId: e.requestId } : {}) };
      return new AppError(e.code, e.message, { details });
    }
  } catch {
    // not a Keel error body: fall through
  }
  const code = res.status === 404 ? 'NOT_FOUND' : res.status === 503 ? 'UNAVAILABLE' : res.status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT';
  return new AppError(code, `HTTP ${res.status}: ${text.slice(0, 200) || res.statusText}`, { details: { status: res.status } });
}

export class HttpTransport {
  readonly baseUrl: string;
  private readonly apiKey: string | undefined;
  private readonly retries: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: TransportOptions = {}) {
    this.baseUrl = (opts.url ?? defaultUrl()).replace(/\/+$/, '');
    this.apiKey = opts.apiKey;
    this.retries = opts.retries ?? 3;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.fetchImpl = opts.fetch ?? globalThis.fetch.bind(globalThis);
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, opts);
    if (res.status === 204) return undefined as T;
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('json') ? await res.json() : await res.text()) as T;
  }

  /** Low-level: returns the raw Response of a successful call (for streams and files). */
  async send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    let body: RawBody | undefined;
    if (opts.rawBody !== undefined) {
      headers['content-type'] = opts.contentType ?? 'application/octet-stream';
      body = opts.rawBody;
    } else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const streaming = typeof ReadableStream !== 'undefined' && body instanceof ReadableStream;
    const idempotent = !streaming && (opts.idempotent ?? IDEMPOTENT.has(method));
    for (let attempt = 0; ; attempt++) {
      const canRetry = idempotent && attempt < this.retries;
      let res: Response;
      try {
        const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
        const signals = [opts.signal, timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined].filter((s): s is AbortSignal => s !== undefined);
        const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
        // `duplex: 'half'` is how fetch is told a request body is a stream (required by Node and Chromium).
        // The cast: under the DOM lib a Uint8Array over a SharedArrayBuffer is not a BodyInit; ours never are.
        const init: RequestInit & { duplex?: 'half' } = { method, headers, body: body as RequestInit['body'], signal, ...(streaming ? { duplex: 'half' } : {}) };
        res = await this.fetchImpl(url, init);
      } catch (err) {
        const reason = `${(err as Error).message} ${String((err as { cause?: unknown }).cause ?? '')}`;
        if (canRetry && RETRYABLE_NETWORK.test(reason)) {
          await backoff(attempt);
          continue;
        }
        throw new AppError('UNAVAILABLE', `cannot reach Keel at ${this.baseUrl}: ${reason.trim()}`, { cause: err });
      }
      if (res.ok) return res;
      if (res.status === 503 && canRetry) {
        await res.body?.cancel();
        await backoff(attempt);
        continue;
      }
      throw await errorFromResponse(res);
    }
  }
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(2_000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
