/**
 * The one error type of Keel. Every layer throws AppError (or lets one pass);
 * the HTTP error handler maps `code` to a status with ERROR_HTTP_STATUS and the
 * SDK rebuilds it from the response body, so a code means the same everywhere.
 */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'FAILED_PRECONDITION',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'UPSTREAM_ERROR',
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const ERROR_HTTP_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  FAILED_PRECONDITION: 412,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  RESOURCE_EXHAUSTED: 429,
  UPSTREAM_ERROR: 502,
  UNAVAILABLE: 503,
  INTERNAL: 500,
});

/** One entry per offending field: `path` is dotted (`params.0.key`), empty for the whole body. */
export interface FieldViolation {
  path: string;
  message: string;
}

export interface ErrorDetails {
  fields?: FieldViolation[];
  [key: string]: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: ErrorDetails; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }

  get httpStatus(): number {
    return ERROR_HTTP_STATUS[this.code];
  }

  static invalid(message: string, fields?: FieldViolation[]): AppError {
    return new AppError('INVALID_ARGUMENT', message, fields ? { details: { fields } } : {});
  }

  static notFound(what: string, id: string): AppError {
    return new AppError('NOT_FOUND', `${what} '${id}' not found`, { details: { resource: what, id } });
  }

  static alreadyExists(what: string, id: string): AppError {
    return new AppError('ALREADY_EXISTS', `${what} '${id}' already exists`, { details: { resource: what, id } });
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** The JSON body every Keel REST error has. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetails; requestId?: string };
}
