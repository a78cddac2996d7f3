/**
 * A version's identity: the sha256 of its manifest (one `sha256  path` line per file, sorted by
 * path), so the same files under the same names give the same digest however they were uploaded.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import type { DataFormat } from './data.schema.js';

export function manifestDigest(files: readonly { path: string; sha256: string }[]): string {
  const lines = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => `${f.sha256}  ${f.path}\n`);
  return createHash('sha256').update(lines.join('')).digest('hex');
}

const EXTENSIONS: Record<string, DataFormat> = { csv: 'csv', tsv: 'csv', txt: 'csv', parquet: 'parquet', pq: 'parquet', jsonl: 'jsonl', ndjson: 'jsonl', json: 'jsonl' };

export function formatOfPath(path: string): DataFormat | undefined {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSIONS[path.slice(dot + 1).toLowerCase()];
}

/** One format per version: from `declared`, else from the extensions, which must agree. */
export function versionFormat(paths: readonly string[], declared: DataFormat | undefined): DataFormat {
  if (declared) return declared;
  const formats = new Set(paths.map((p) => formatOfPath(p)));
  if (formats.has(undefined)) {
    const unknown = paths.find((p) => formatOfPath(p) === undefined);
    throw AppError.invalid(`body.format: cannot tell the format of '${unknown}' from its name; give format (csv, parquet or jsonl)`, [{ path: 'body.format', message: 'required when a file has no known extension' }]);
  }
  if (formats.size > 1) throw AppError.invalid(`body.files: a version holds one format; found ${[...formats].join(', ')}`, [{ path: 'body.files', message: 'mixed formats' }]);
  return [...formats][0] as DataFormat;
}
