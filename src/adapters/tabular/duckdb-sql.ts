/** SQL text helpers shared by the DuckDB adapters of the data domain. */
import type { DataFormat } from '../../domains/data/data.schema.js';
import type { ColumnKind } from '../../domains/data/data.schema.js';

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
export const quoteString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*)$/;
const TEXT = /^(VARCHAR|ENUM.*|UUID)$/;
const TEMPORAL = /^(DATE|TIME.*|TIMESTAMP.*|INTERVAL)$/;

export function kindOf(type: string): ColumnKind {
  if (NUMERIC.test(type)) return 'numeric';
  if (type === 'BOOLEAN') return 'boolean';
  if (TEXT.test(type)) return 'text';
  if (TEMPORAL.test(type)) return 'temporal';
  return 'other';
}

/** A table function over every file of a version; columns are matched by name across files. */
export function scanFiles(format: DataFormat, paths: readonly string[]): string {
  const list = `[${paths.map(quoteString).join(', ')}]`;
  if (format === 'parquet') return `read_parquet(${list}, union_by_name = true)`;
  if (format === 'jsonl') return `read_json_auto(${list}, format = 'newline_delimited', union_by_name = true)`;
  return `read_csv_auto(${list}, union_by_name = true)`;
}

export const firstLine = (err: unknown): string => ((err as Error).message ?? String(err)).split('\n')[0] ?? '';
