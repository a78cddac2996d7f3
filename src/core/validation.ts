import type { z } from 'zod';
import { AppError, type FieldViolation } from './errors.js';

/** Dotted path of a zod issue; the empty string means the value itself. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

export function zodViolations(error: z.ZodError): FieldViolation[] {
  return error.issues.map((issue) => ({ path: issuePath(issue.path), message: issue.message }));
}

/**
 * Parses untrusted input, turning a zod failure into INVALID_ARGUMENT whose
 * message names the first offending field (`where` prefixes it, e.g. `body`).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = zodViolations(result.error);
  const first = fields[0];
  const location = first && first.path ? `${where}.${first.path}` : where;
  const message = first ? `${location}: ${first.message}` : `${where} is invalid`;
  throw AppError.invalid(message, fields.map((f) => ({ ...f, path: f.path ? `${where}.${f.path}` : where })));
}
