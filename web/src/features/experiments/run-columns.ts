import type { Run } from './tracking-types.js';

/** A chosen column: `params.<key>` or `metrics.<key>`, the same prefixes the filter grammar uses. */
export type ColumnId = `params.${string}` | `metrics.${string}`;

export interface ColumnKeys {
  params: string[];
  metrics: string[];
}

/** Every param and metric key seen in the loaded runs, sorted, for the column picker. */
export function collectKeys(runs: readonly Run[]): ColumnKeys {
  const params = new Set<string>();
  const metrics = new Set<string>();
  for (const run of runs) {
    for (const p of run.data.params) params.add(p.key);
    for (const m of run.data.metrics) metrics.add(m.key);
  }
  const sort = (s: Set<string>): string[] => [...s].sort((a, b) => a.localeCompare(b));
  return { params: sort(params), metrics: sort(metrics) };
}

/**
 * Before the user picks: the params that vary between the loaded runs (what a table of runs
 * is usually read for), then the first metrics; few enough that the table fits without scrolling.
 */
export function defaultColumns(keys: ColumnKeys, runs: readonly Run[] = []): ColumnId[] {
  const varies = (key: string): boolean => new Set(runs.map((r) => r.data.params.find((p) => p.key === key)?.value)).size > 1;
  const params = [...keys.params.filter(varies), ...keys.params.filter((k) => !varies(k))].slice(0, 2);
  return [...keys.metrics.slice(0, 3).map((k): ColumnId => `metrics.${k}`), ...params.map((k): ColumnId => `params.${k}`)];
}

export function isColumnId(value: string): value is ColumnId {
  return (value.startsWith('params.') || value.startsWith('metrics.')) && value.indexOf('.') < value.length - 1;
}

/** `cols` in the query string: comma-separated (keys cannot contain commas). Absent means "not chosen yet". */
export function parseColumns(raw: string | null): ColumnId[] | null {
  if (raw === null) return null;
  return raw.split(',').filter(isColumnId);
}

export function serializeColumns(columns: readonly ColumnId[]): string {
  // An explicit empty choice must survive a reload, so it is written as a lone comma.
  return columns.length ? columns.join(',') : ',';
}

export function columnKey(column: ColumnId): { kind: 'params' | 'metrics'; key: string } {
  const dot = column.indexOf('.');
  return { kind: column.slice(0, dot) as 'params' | 'metrics', key: column.slice(dot + 1) };
}

/** The cell value of a param or metric column (metrics: the latest value, as the server reports it). */
export function columnValue(run: Run, column: ColumnId): string | number | undefined {
  const { kind, key } = columnKey(column);
  if (kind === 'params') return run.data.params.find((p) => p.key === key)?.value;
  return run.data.metrics.find((m) => m.key === key)?.value;
}

/** Sortable columns and the `orderBy` field each maps to. */
export type SortField = 'name' | 'status' | 'start' | 'user' | ColumnId;

/** The grammar quotes a key with backticks when it is more than letters, digits and underscores. */
function quoteKey(key: string): string {
  return /^\w+$/.test(key) ? key : `\`${key}\``;
}

export function orderByFor(field: SortField, descending: boolean): string {
  const dir = descending ? 'DESC' : 'ASC';
  switch (field) {
    case 'name':
      return `attributes.run_name ${dir}`;
    case 'status':
      return `attributes.status ${dir}`;
    case 'start':
      return `attributes.start_time ${dir}`;
    case 'user':
      return `attributes.user_id ${dir}`;
    default: {
      const { kind, key } = columnKey(field);
      return `${kind}.${quoteKey(key)} ${dir}`;
    }
  }
}

/** `sort` in the query string: `-start` is descending. Default: newest first. */
export function parseSort(raw: string | null): { field: SortField; descending: boolean } {
  if (!raw) return { field: 'start', descending: true };
  const descending = raw.startsWith('-');
  const field = descending ? raw.slice(1) : raw;
  if (field === 'name' || field === 'status' || field === 'start' || field === 'user' || isColumnId(field)) return { field, descending };
  return { field: 'start', descending: true };
}

export function serializeSort(field: SortField, descending: boolean): string {
  return `${descending ? '-' : ''}${field}`;
}
