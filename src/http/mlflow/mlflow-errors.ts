import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../../core/errors.js';

/**
 * MLflow's error vocabulary (databricks.proto ErrorCode) and the HTTP status MLflow's server
 * answers with each (mlflow/exceptions.py). MLflow clients branch on `error_code` — the Python
 * client's get_experiment_by_name returns None on RESOURCE_DOES_NOT_EXIST — so the codes must be
 * exactly these strings.
 */
export const MLFLOW_HTTP_STATUS = {
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  RESOURCE_ALREADY_EXISTS: 400,
  INVALID_STATE: 400,
  BAD_REQUEST: 400,
  MALFORMED_REQUEST: 400,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  ENDPOINT_NOT_FOUND: 404,
  REQUEST_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  TEMPORARILY_UNAVAILABLE: 503,
} as const;

export type MlflowErrorCode = keyof typeof MLFLOW_HTTP_STATUS;

/** The one translation of Keel's codes into MLflow's. */
const FROM_KEEL: Readonly<Record<ErrorCode, MlflowErrorCode>> = {
  INVALID_ARGUMENT: 'INVALID_PARAMETER_VALUE',
  NOT_FOUND: 'RESOURCE_DOES_NOT_EXIST',
  ALREADY_EXISTS: 'RESOURCE_ALREADY_EXISTS',
  FAILED_PRECONDITION: 'INVALID_STATE',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  RESOURCE_EXHAUSTED: 'REQUEST_LIMIT_EXCEEDED',
  // A failing blob store or upstream is transient from the client's point of view; MLflow's
  // clients retry TEMPORARILY_UNAVAILABLE (503) with backoff, which is what we want here.
  UPSTREAM_ERROR: 'TEMPORARILY_UNAVAILABLE',
  UNAVAILABLE: 'TEMPORARILY_UNAVAILABLE',
  INTERNAL: 'INTERNAL_ERROR',
};

export interface MlflowErrorBody {
  error_code: MlflowErrorCode;
  message: string;
}

/** MLflow's handlers end every request-validation message with this sentence. */
export const API_DOCS_HINT = ' See the API docs for more information about request parameters.';

/** A request-validation message as MLflow words it: the problem, then the pointer to the docs. */
export function requestMessage(text: string): string {
  return `${text}${API_DOCS_HINT}`;
}

export function missingValueMessage(param: string): string {
  return requestMessage(`Missing value for required parameter '${param}'.`);
}

export function invalidValueMessage(param: string, value: unknown, why?: string): string {
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  if (shown.length > 200) shown = `${shown.slice(0, 200)}…`;
  return requestMessage(`Invalid value ${shown} for parameter '${param}' supplied${why ? `: ${why}.` : '.'}`);
}

/** INVALID_PARAMETER_VALUE in MLflow's words, with the field recorded the way Keel's parseInput does. */
export function invalidParameter(message: string, field: string): AppError {
  return AppError.invalid(message, [{ path: field, message }]);
}

/**
 * Keel's route parser prefixes messages with the field location (`body.run_id: …`). The MLflow
 * face's schemas word every message as MLflow does (naming the parameter, ending with the docs
 * hint), so for those the bare message is what an MLflow client expects to see.
 */
function messageOf(error: AppError): string {
  const first = error.details?.fields?.[0];
  if (first && first.message.endsWith(API_DOCS_HINT)) return first.message;
  return error.message;
}

export function toMlflowError(error: AppError): { status: number; body: MlflowErrorBody } {
  const code = FROM_KEEL[error.code];
  return { status: MLFLOW_HTTP_STATUS[code], body: { error_code: code, message: messageOf(error) } };
}

/** Fastify's own 4xx (unreadable JSON, unsupported content type, body too large) in MLflow's shape. */
function fromFrameworkError(err: FastifyError): { status: number; body: MlflowErrorBody } | null {
  const status = err.statusCode;
  if (status === undefined || status < 400 || status >= 500) return null;
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) {
    return { status: 400, body: { error_code: 'MALFORMED_REQUEST', message: `Malformed JSON in the request body: ${err.message}` } };
  }
  const byStatus: Partial<Record<number, MlflowErrorCode>> = { 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'ENDPOINT_NOT_FOUND', 429: 'REQUEST_LIMIT_EXCEEDED' };
  return { status, body: { error_code: byStatus[status] ?? 'BAD_REQUEST', message: err.message } };
}

/**
 * Installs MLflow's error shape on one encapsulated plugin, so the MLflow face answers
 * `{error_code, message}` while Keel's own routes keep `{error:{code,…}}`.
 */
export function installMlflowErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    let answer: { status: number; body: MlflowErrorBody };
    if (err instanceof AppError) {
      answer = toMlflowError(err);
    } else {
      answer = fromFrameworkError(err) ?? {
        status: 500,
        body: { error_code: 'INTERNAL_ERROR', message: `internal error; the server log has details under request id ${String(request.id)}` },
      };
    }
    if (answer.status >= 500) request.log.error({ err }, 'mlflow request failed');
    else request.log.info({ code: answer.body.error_code, msg: answer.body.message }, 'mlflow request rejected');
    return reply.status(answer.status).type('application/json').send(answer.body);
  });
  // MLflow answers unknown API paths with ENDPOINT_NOT_FOUND; clients print that message.
  app.setNotFoundHandler((request, reply) => {
    const body: MlflowErrorBody = { error_code: 'ENDPOINT_NOT_FOUND', message: `No API endpoint for ${request.method} ${request.url.split('?')[0] ?? ''}` };
    return reply.status(404).type('application/json').send(body);
  });
}
