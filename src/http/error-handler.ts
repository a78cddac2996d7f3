import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_HTTP_STATUS, type ErrorBody, type ErrorCode } from '../core/errors.js';

/** Fastify raises its own errors for unreadable requests; they are the client's fault, never a 500. */
function fromFrameworkError(err: FastifyError): { status: number; error: AppError } | null {
  const status = err.statusCode;
  if (status === undefined || status < 400 || status >= 500) return null;
  const codeByStatus: Record<number, ErrorCode> = { 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED' };
  const code = codeByStatus[status] ?? 'INVALID_ARGUMENT';
  const message = err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError ? `body: malformed JSON (${err.message})` : `body: ${err.message}`;
  return { status, error: new AppError(code, message, { details: { fields: [{ path: 'body', message: err.message }], reason: err.code } }) };
}

export function errorBody(error: AppError, requestId: string): ErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}), requestId } };
}

/** The one place errors become HTTP responses: `{error:{code,message,details,requestId}}`. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    let status: number;
    let error: AppError;
    if (err instanceof AppError) {
      error = err;
      status = ERROR_HTTP_STATUS[err.code];
    } else {
      const framework = fromFrameworkError(err);
      if (framework) {
        ({ status, error } = framework);
      } else {
        status = 500;
        error = new AppError('INTERNAL', 'internal error; the server log has details under this requestId');
      }
    }
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: error.code, msg: error.message }, 'request rejected');
    return reply.status(status).type('application/json').send(errorBody(error, String(request.id)));
  });
}
