import { AppError } from '../core/errors.js';

export interface OutputMode {
  json: boolean;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A plain aligned table for humans; `--json` callers never see it. */
export function printTable(rows: readonly Record<string, unknown>[], columns: readonly string[]): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const cell = (v: unknown): string => (v === null || v === undefined ? '-' : v instanceof Date ? v.toISOString() : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]): string => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  process.stdout.write(`${line(columns.map((c) => c.toUpperCase()))}\n`);
  for (const row of rows) process.stdout.write(`${line(columns.map((c) => cell(row[c])))}\n`);
}

export function output(mode: OutputMode, value: unknown, human: () => void): void {
  if (mode.json) printJson(value);
  else human();
}

export function formatTime(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** Prints an error the way a user can act on it, and picks the exit code. */
export function reportError(err: unknown, mode: OutputMode): number {
  if (err instanceof AppError) {
    if (mode.json) printJsonError({ code: err.code, message: err.message, details: err.details });
    else process.stderr.write(`error: ${err.message} (${err.code})\n`);
    return err.code === 'INVALID_ARGUMENT' ? 2 : 1;
  }
  const e = err as Error;
  if (e?.name === 'ConfigError') {
    process.stderr.write(`${e.message}\n`);
    return 2;
  }
  process.stderr.write(`error: ${e?.stack ?? String(err)}\n`);
  return 1;
}

function printJsonError(error: unknown): void {
  process.stderr.write(`${JSON.stringify({ error })}\n`);
}
