import { z } from 'zod';
import { invalidValueMessage, missingValueMessage } from './mlflow-errors.js';

/**
 * Field builders for MLflow request schemas. MLflow parses requests as protobuf JSON, which is
 * lenient in ways real clients rely on: int64 fields arrive as numbers (Python) or as decimal
 * strings (Java's JsonFormat, every GET query), doubles as numbers or "NaN"/"Infinity", `null`
 * means "unset", and unknown fields are ignored (newer clients send fields older servers lack).
 * Each builder names its parameter in MLflow's own wording when the value is missing or wrong.
 */

type Issue = { input?: unknown };

function fieldError(param: string): (issue: Issue) => string {
  return (issue) => (issue.input === undefined || issue.input === null || issue.input === '' ? missingValueMessage(param) : invalidValueMessage(param, issue.input));
}

const unset = <T>(v: T | null | undefined): T | undefined => v ?? undefined;

export function requiredString(param: string) {
  return z.string({ error: fieldError(param) }).min(1, { error: missingValueMessage(param) });
}

export function optionalString(param: string) {
  return z.string({ error: fieldError(param) }).nullish().transform(unset);
}

/** Proto `string` values that MLflow does not require, defaulting to "" as protobuf does (param and tag values). */
export function stringOrEmpty(param: string) {
  return z.string({ error: fieldError(param) }).nullish().transform((v) => v ?? '');
}

/** MLflow ids are proto strings; a client that sends the id as a number still means that id. */
export function requiredId(param: string) {
  return z.union([z.string().min(1), z.number().int().nonnegative().transform(String)], { error: fieldError(param) });
}

export function optionalId(param: string) {
  return z.union([z.string(), z.number().int().nonnegative().transform(String)], { error: fieldError(param) }).nullish().transform((v) => (v === '' ? undefined : unset(v)));
}

const INT64 = /^-?\d{1,19}$/;

export function requiredInt(param: string) {
  return z.union([z.number().int(), z.string().regex(INT64).transform(Number)], { error: fieldError(param) });
}

export function optionalInt(param: string) {
  return requiredInt(param).nullish().transform(unset);
}

/** A non-finite metric value is kept as the string Keel's schema expects for it. */
export type MetricValue = number | 'NaN' | 'Infinity' | '-Infinity';

const NON_FINITE: Readonly<Record<string, MetricValue>> = { NaN: 'NaN', Infinity: 'Infinity', '-Infinity': '-Infinity', inf: 'Infinity', '-inf': '-Infinity', nan: 'NaN' };

/** Doubles: a JSON number, or a string holding a number or NaN/±Infinity (protobuf's JSON for them). */
export function metricValue(param: string) {
  return z.union([z.number(), z.string()], { error: fieldError(param) }).transform((v, ctx): MetricValue => {
    if (typeof v === 'number') return v;
    const special = NON_FINITE[v.trim()];
    if (special) return special;
    const n = v.trim() === '' ? Number.NaN : Number(v);
    if (Number.isFinite(n)) return n;
    ctx.addIssue({ code: 'custom', message: invalidValueMessage(param, v, 'expected a double') });
    return z.NEVER;
  });
}

/** Repeated string fields: a JSON array, or (in a GET query) one value or the parameter repeated. */
export function stringList(param: string) {
  return z
    .union([z.array(z.string()), z.string()], { error: fieldError(param) })
    .nullish()
    .transform((v) => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]));
}

export const VIEW_TYPES = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'] as const;
export type ViewType = (typeof VIEW_TYPES)[number];
export const MLFLOW_RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;
export type MlflowRunStatus = (typeof MLFLOW_RUN_STATUSES)[number];

/**
 * A proto enum: by name, or by its number (as some protobuf JSON printers send enums), which
 * is its 1-based position in `names` for MLflow's ViewType and RunStatus.
 */
function protoEnum<const N extends readonly [string, ...string[]]>(param: string, names: N) {
  const byName = new Map<string, N[number]>();
  names.forEach((name, i) => {
    byName.set(name, name);
    byName.set(String(i + 1), name);
  });
  return z
    .union([z.string(), z.number().int()], { error: fieldError(param) })
    .nullish()
    .transform((v, ctx): N[number] | undefined => {
      if (v === null || v === undefined) return undefined;
      const name = byName.get(String(v));
      if (name) return name;
      ctx.addIssue({ code: 'custom', message: invalidValueMessage(param, v, `expected one of ${names.join(', ')}`) });
      return z.NEVER;
    });
}

export function viewType(param: string) {
  return protoEnum(param, VIEW_TYPES).transform((v): ViewType => v ?? 'ACTIVE_ONLY');
}

export function runStatus(param: string) {
  return protoEnum(param, MLFLOW_RUN_STATUSES);
}

export function keyValueList(param: string) {
  return z
    .array(z.object({ key: requiredString(`${param}.key`), value: stringOrEmpty(`${param}.value`) }), { error: fieldError(param) })
    .nullish()
    .transform((v) => v ?? []);
}
