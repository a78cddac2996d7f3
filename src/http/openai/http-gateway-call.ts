import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CallKind, GatewayCall } from '../../domains/llm/index.js';

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A gateway call made over HTTP. Tags and the hooks' `locals` are built only
 * when something reads them, so a plain call allocates almost nothing.
 */
export class HttpGatewayCall implements GatewayCall {
  readonly id: string;
  readonly model: string;
  readonly stream: boolean;
  readonly principal: { keyId: string } | undefined;
  readonly metadata: Readonly<Record<string, string>> | undefined;
  readonly startedAt = Date.now();
  readonly signal: AbortSignal;
  private localsMap: Map<string, unknown> | undefined;
  private tagList: string[] | undefined;

  constructor(
    private readonly http: FastifyRequest,
    readonly kind: CallKind,
    readonly request: GatewayCall['request'],
    abort: AbortController,
    private readonly reply?: FastifyReply,
  ) {
    this.id = String(http.id);
    this.model = request.model;
    this.stream = kind === 'chat' && request.stream === true;
    this.principal = http.principal ? { keyId: http.principal.keyId } : undefined;
    this.metadata = request.metadata as Record<string, string> | undefined;
    this.signal = abort.signal;
  }

  header(name: string): string | undefined {
    return headerValue(this.http.headers[name]);
  }

  /** On the fastify reply: JSON answers and errors send it, and SseSink copies it onto a stream's head. */
  setResponseHeader(name: string, value: string): void {
    this.reply?.header(name, value);
  }

  get tags(): readonly string[] {
    this.tagList ??= (this.header('x-keel-tags') ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    return this.tagList;
  }

  get locals(): Map<string, unknown> {
    this.localsMap ??= new Map();
    return this.localsMap;
  }
}

/**
 * Aborts the upstream request when the client goes away before the response
 * is complete. `close` on the response fires in both cases; `writableFinished`
 * tells a finished response from an abandoned one.
 */
export function abortOnDisconnect(reply: FastifyReply): AbortController {
  const controller = new AbortController();
  const raw = reply.raw;
  raw.once('close', () => {
    if (!raw.writableFinished) controller.abort();
  });
  return controller;
}
