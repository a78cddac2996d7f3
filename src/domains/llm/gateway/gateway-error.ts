import { AppError, type ErrorCode } from '../../../core/errors.js';
import { isUpstreamFailure, type UpstreamFailureKind } from '../../../core/ports/upstream-client.js';

/** OpenAI's error `type` values, which the official SDKs turn into error classes. */
export type OpenAiErrorType = 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'not_found_error' | 'rate_limit_error' | 'api_error' | 'timeout_error' | 'overloaded_error';

function codeForStatus(status: number): ErrorCode {
  if (status === 400 || status === 413 || status === 422) return 'INVALID_ARGUMENT';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'PERMISSION_DENIED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RESOURCE_EXHAUSTED';
  if (status === 503) return 'UNAVAILABLE';
  if (status >= 500) return 'UPSTREAM_ERROR';
  return 'INVALID_ARGUMENT';
}

export interface GatewayErrorInit {
  status: number;
  message: string;
  type?: string | undefined;
  param?: string | null;
  openaiCode?: string | null;
  /** Another attempt (same or next target) could succeed: 429, 5xx, timeouts, connection errors. */
  retriable?: boolean;
  retryAfterMs?: number | undefined;
  provider?: string;
  cause?: unknown;
}

/**
 * An error with the HTTP status and OpenAI fields the /v1 face answers with.
 * It is an AppError, so Keel's own handler can still render it.
 */
export class GatewayError extends AppError {
  readonly status: number;
  /** An OpenAiErrorType, or the type a provider sent. */
  readonly type: string;
  readonly param: string | null;
  readonly openaiCode: string | null;
  readonly retriable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly provider: string | undefined;

  constructor(init: GatewayErrorInit) {
    super(codeForStatus(init.status), init.message, init.cause === undefined ? {} : { cause: init.cause });
    this.name = 'GatewayError';
    this.status = init.status;
    this.type = init.type ?? defaultType(init.status);
    this.param = init.param ?? null;
    this.openaiCode = init.openaiCode ?? null;
    this.retriable = init.retriable ?? false;
    this.retryAfterMs = init.retryAfterMs;
    this.provider = init.provider;
  }

  override get httpStatus(): number {
    return this.status;
  }

  static badRequest(message: string, param: string | null = null, openaiCode: string | null = null): GatewayError {
    return new GatewayError({ status: 400, message, param, openaiCode });
  }

  static modelNotFound(model: string): GatewayError {
    return new GatewayError({ status: 404, type: 'invalid_request_error', message: `The model \`${model}\` does not exist: it is neither a gateway route nor <provider>/<model> of a configured provider.`, param: 'model', openaiCode: 'model_not_found' });
  }
}

export function defaultType(status: number): OpenAiErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status === 504 || status === 408) return 'timeout_error';
  if (status === 529) return 'overloaded_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/**
 * Statuses another target may answer differently. 401/403 from a provider mean
 * the gateway's credentials for it are wrong — not the caller's fault — so they
 * fall back too; other 4xx are the request's fault and are returned as they are.
 */
export function isRetriableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500 || status === 401 || status === 403;
}

const FAILURE_MESSAGES: Record<UpstreamFailureKind, string> = {
  timeout: 'timed out',
  connect: 'refused the connection or could not be reached',
  reset: 'closed the connection',
  aborted: 'request was aborted',
};

/** Any error thrown while calling a provider → a GatewayError saying whether to try elsewhere. */
export function toGatewayError(err: unknown, provider: string): GatewayError {
  if (err instanceof GatewayError) return err;
  if (isUpstreamFailure(err)) {
    const timeout = err.upstreamFailure === 'timeout';
    return new GatewayError({
      status: timeout ? 504 : 502,
      message: `provider '${provider}' ${FAILURE_MESSAGES[err.upstreamFailure]}`,
      type: timeout ? 'timeout_error' : 'api_error',
      retriable: err.upstreamFailure !== 'aborted',
      provider,
      cause: err,
    });
  }
  if (err instanceof AppError) return new GatewayError({ status: err.httpStatus, message: err.message, provider, cause: err });
  return new GatewayError({ status: 502, message: `provider '${provider}' failed: ${err instanceof Error ? err.message : String(err)}`, retriable: true, provider, cause: err });
}

/** `retry-after` (seconds or an HTTP date) or `retry-after-ms`, in milliseconds. */
export function retryAfterMs(headers: Readonly<Record<string, string | string[] | undefined>>, now: number): number | undefined {
  const ms = first(headers['retry-after-ms']);
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const raw = first(headers['retry-after']);
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
