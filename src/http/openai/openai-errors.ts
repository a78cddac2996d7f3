import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import { GatewayError, type OpenAiErrorType } from '../../domains/llm/index.js';

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

const TYPE_BY_CODE: Record<AppError['code'], { type: OpenAiErrorType; code: string | null }> = {
  INVALID_ARGUMENT: { type: 'invalid_request_error', code: null },
  NOT_FOUND: { type: 'invalid_request_error', code: 'not_found' },
  ALREADY_EXISTS: { type: 'invalid_request_error', code: 'conflict' },
  FAILED_PRECONDITION: { type: 'invalid_request_error', code: null },
  UNAUTHENTICATED: { type: 'invalid_request_error', code: 'invalid_api_key' },
  PERMISSION_DENIED: { type: 'permission_error', code: null },
  RESOURCE_EXHAUSTED: { type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  UPSTREAM_ERROR: { type: 'api_error', code: null },
  UNAVAILABLE: { type: 'api_error', code: null },
  INTERNAL: { type: 'api_error', code: null },
};

/** `body.messages.0.role` → `messages.0.role`: OpenAI's `param` names the body field. */
function paramOf(err: AppError): string | null {
  const path = err.details?.fields?.[0]?.path;
  if (!path || path === 'body') return null;
  return path.replace(/^body\./, '');
}

/** Any error → OpenAI's status and `{error:{message,type,param,code}}`, which its SDKs turn into typed errors. */
export function toOpenAiError(err: unknown): { status: number; body: OpenAiErrorBody; retryAfterMs?: number | undefined } {
  if (err instanceof GatewayError) {
    return { status: err.status, body: { error: { message: err.message, type: err.type, param: err.param, code: err.openaiCode } }, retryAfterMs: err.retryAfterMs };
  }
  if (err instanceof AppError) {
    const mapped = TYPE_BY_CODE[err.code];
    return { status: err.httpStatus, body: { error: { message: err.message, type: mapped.type, param: paramOf(err), code: mapped.code } } };
  }
  const framework = err as Partial<FastifyError>;
  const status = framework.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const tooLarge = framework.code === 'FST_ERR_CTP_BODY_TOO_LARGE';
    const message = framework.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError ? `We could not parse the JSON body of your request: ${framework.message}` : (framework.message ?? 'bad request');
    return { status, body: { error: { message, type: 'invalid_request_error', param: null, code: tooLarge ? 'request_too_large' : (framework.code ?? null) } } };
  }
  return { status: 500, body: { error: { message: 'The server had an error while processing your request; the server log has details under this x-request-id.', type: 'api_error', param: null, code: null } } };
}

export function sendOpenAiError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body, retryAfterMs } = toOpenAiError(err);
  if (status >= 500 && !(err instanceof GatewayError)) request.log.error({ err }, 'request failed');
  else request.log.info({ status, msg: body.error.message }, 'request rejected');
  if (retryAfterMs !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  return reply.status(status).type('application/json').send(body);
}

/** Encapsulated in the /v1 plugin, so Keel's own routes keep their `{error:{code,…}}` shape. */
export function installOpenAiErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => sendOpenAiError(err, request, reply));
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { message: `Invalid URL (${request.method} ${request.url.split('?')[0]})`, type: 'invalid_request_error', param: null, code: 'unknown_url' } } satisfies OpenAiErrorBody),
  );
}
