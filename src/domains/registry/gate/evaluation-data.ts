/**
 * Evaluation rows for the gate: read from the blob store (JSON array, JSON lines or
 * CSV with a header) or given inline in the policy. Until the data domain versions
 * datasets, a blob's sha256 is what pins the rows a report was computed on.
 */
import { AppError } from '../../../core/errors.js';
import type { BlobStore } from '../../../core/ports/blob-store.js';
import type { DatasetRef } from './gate-policy.schema.js';

export type Row = Record<string, unknown>;
export type DatasetFormat = 'json' | 'jsonl' | 'csv';

export interface EvaluationDataset {
  rows: Row[];
  /** Every column seen in any row, in first-seen order. */
  columns: string[];
  source: { kind: 'blob'; sha256: string; format: DatasetFormat; bytes: number } | { kind: 'inline' };
}

/** Evaluation sets are read whole into memory: bigger ones belong to a batch job, not a promotion request. */
export const MAX_DATASET_BYTES = 256 * 1024 * 1024;

export function sniffFormat(text: string): DatasetFormat {
  const first = text.trimStart()[0];
  if (first === '[') return 'json';
  if (first === '{') return 'jsonl';
  return 'csv';
}

function columnsOf(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJsonArray(text: string): Row[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw AppError.invalid(`the dataset is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(value)) throw AppError.invalid('a JSON dataset must be an array of objects');
  value.forEach((row, i) => {
    if (!isRow(row)) throw AppError.invalid(`dataset row ${i} is not an object`);
  });
  return value as Row[];
}

export function parseJsonLines(text: string): Row[] {
  const rows: Row[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw AppError.invalid(`dataset line ${i + 1} is not valid JSON: ${(err as Error).message}`);
    }
    if (!isRow(value)) throw AppError.invalid(`dataset line ${i + 1} is not a JSON object`);
    rows.push(value);
  });
  return rows;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * RFC 4180 CSV with a header row: quoted fields may hold commas, newlines and `""`.
 * Unquoted cells that look like numbers become numbers and empty unquoted cells
 * become null (missing); quoted cells stay text, so `"007"` keeps its zeros.
 */
export function parseCsv(text: string): Row[] {
  const records: { cells: { value: string; quoted: boolean }[]; line: number }[] = [];
  let cells: { value: string; quoted: boolean }[] = [];
  let cell = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endCell = (): void => {
    cells.push({ value: cell, quoted });
    cell = '';
    quoted = false;
  };
  const endRecord = (): void => {
    endCell();
    // A blank line (one empty unquoted cell) separates nothing: skip it.
    if (!(cells.length === 1 && cells[0]!.value === '' && !cells[0]!.quoted)) records.push({ cells, line: recordLine });
    cells = [];
    recordLine = line;
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      inQuotes = true;
      quoted = true;
    } else if (ch === ',') endCell();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      line++;
      endRecord();
    } else cell += ch;
  }
  if (inQuotes) throw AppError.invalid(`CSV dataset: a quoted field opened on line ${recordLine} is never closed`);
  if (cell !== '' || quoted || cells.length > 0) endRecord();

  const header = records.shift();
  if (!header) return [];
  const names = header.cells.map((c) => c.value.trim());
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw AppError.invalid(`CSV dataset: column '${duplicate}' appears twice in the header`);
  return records.map(({ cells: r, line: at }) => {
    if (r.length !== names.length) throw AppError.invalid(`CSV dataset line ${at}: ${r.length} fields, the header has ${names.length}`);
    const row: Row = {};
    r.forEach((c, i) => {
      const v = c.value;
      row[names[i]!] = c.quoted ? v : v.trim() === '' ? null : NUMBER.test(v.trim()) ? Number(v) : v;
    });
    return row;
  });
}

export function parseDataset(text: string, format: DatasetFormat = sniffFormat(text)): Row[] {
  if (format === 'json') return parseJsonArray(text);
  if (format === 'jsonl') return parseJsonLines(text);
  return parseCsv(text);
}

async function readBlob(blobs: BlobStore, sha256: string, where: string): Promise<Uint8Array> {
  const info = await blobs.stat(sha256);
  if (!info) throw AppError.invalid(`${where}.sha256: no blob ${sha256} in the artifact store`, [{ path: `${where}.sha256`, message: 'blob not found' }]);
  if (info.size > MAX_DATASET_BYTES) throw AppError.invalid(`${where}: the dataset is ${info.size} bytes; the gate reads at most ${MAX_DATASET_BYTES}`);
  const chunks: Buffer[] = [];
  for await (const chunk of await blobs.get(sha256)) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** `where` is the policy path of the reference (e.g. `policy.evaluation.dataset`), used in every error. */
export async function loadEvaluationDataset(blobs: BlobStore, ref: DatasetRef, where: string): Promise<EvaluationDataset> {
  if ('rows' in ref) return { rows: ref.rows, columns: columnsOf(ref.rows), source: { kind: 'inline' } };
  const bytes = await readBlob(blobs, ref.sha256, where);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const format = ref.format ?? sniffFormat(text);
  let rows: Row[];
  try {
    rows = parseDataset(text, format);
  } catch (err) {
    if (err instanceof AppError) throw AppError.invalid(`${where}: ${err.message}`);
    throw err;
  }
  if (rows.length === 0) throw AppError.invalid(`${where}: the dataset has no rows`);
  return { rows, columns: columnsOf(rows), source: { kind: 'blob', sha256: ref.sha256, format, bytes: bytes.byteLength } };
}

/** INVALID_ARGUMENT naming the first policy field whose column the dataset lacks. */
export function requireColumns(dataset: EvaluationDataset, wanted: readonly { path: string; column: string }[]): void {
  const have = new Set(dataset.columns);
  const missing = wanted.filter((w) => !have.has(w.column));
  const first = missing[0];
  if (!first) return;
  throw AppError.invalid(
    `${first.path}: column '${first.column}' is not in the dataset (columns: ${dataset.columns.join(', ')})`,
    missing.map((m) => ({ path: m.path, message: `column '${m.column}' is not in the dataset` })),
  );
}
