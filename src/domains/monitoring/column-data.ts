/**
 * Turning columns into what the tests consume: sorted NaN-free numbers (sorted once, reused by
 * KS, Wasserstein, PSI and the histograms) and per-category counts (one pass over the codes).
 */
import type { CategoricalColumn, ColumnTable, NumericColumn, TableColumn } from './monitoring.store.js';
import { sortFloat64 } from './sort-float64.js';

/** The finite values of a numeric column, ascending (±∞ count as missing, as in Evidently). */
export function sortedValues(column: NumericColumn): Float64Array {
  const src = column.values;
  let kept = 0;
  for (let i = 0; i < src.length; i++) if (Number.isFinite(src[i] as number)) kept++;
  let values = src;
  if (kept !== src.length) {
    values = new Float64Array(kept);
    let k = 0;
    for (let i = 0; i < src.length; i++) {
      const v = src[i] as number;
      if (Number.isFinite(v)) values[k++] = v;
    }
  }
  return sortFloat64(values);
}

/** Count per dictionary entry (missing codes skipped). */
export function codeCounts(column: CategoricalColumn): Float64Array {
  const counts = new Float64Array(column.dictionary.length);
  const codes = column.codes;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    if (c >= 0) counts[c] = (counts[c] as number) + 1;
  }
  return counts;
}

export interface AlignedCounts {
  categories: string[];
  reference: number[];
  current: number[];
}

/** Pools two dictionaries by value; categories seen in neither sample are dropped. */
export function alignCounts(refDictionary: readonly string[], refCounts: Float64Array, curDictionary: readonly string[], curCounts: Float64Array): AlignedCounts {
  const index = new Map<string, number>();
  const out: AlignedCounts = { categories: [], reference: [], current: [] };
  const slot = (name: string): number => {
    let i = index.get(name);
    if (i === undefined) {
      i = out.categories.length;
      index.set(name, i);
      out.categories.push(name);
      out.reference.push(0);
      out.current.push(0);
    }
    return i;
  };
  refDictionary.forEach((name, code) => {
    const c = refCounts[code] as number;
    if (c > 0) out.reference[slot(name)] = (out.reference[slot(name)] as number) + c;
  });
  curDictionary.forEach((name, code) => {
    const c = curCounts[code] as number;
    if (c > 0) out.current[slot(name)] = (out.current[slot(name)] as number) + c;
  });
  return out;
}

const NUMBER_TEXT = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/**
 * A text column whose values are mostly numbers with some text ("12", "7.5", "n/a") is a numeric
 * column with stray entries: testing it as categories would report nonsense, so it is flagged.
 * Rule: at least half, but not all, of the non-missing values parse as numbers.
 */
export function mixedTypeReason(dictionary: readonly string[], counts: Float64Array): string | undefined {
  let numeric = 0;
  let text = 0;
  let example = '';
  dictionary.forEach((value, code) => {
    const c = counts[code] as number;
    if (c === 0) return;
    if (NUMBER_TEXT.test(value)) numeric += c;
    else {
      text += c;
      if (!example) example = value;
    }
  });
  if (numeric > 0 && text > 0 && numeric >= text) return `mixed types: ${numeric} numeric and ${text} text values (e.g. ${JSON.stringify(example.slice(0, 40))})`;
  return undefined;
}

/**
 * Inline JSON rows → typed columns. A column is numeric when every present value is a number,
 * categorical when every present value is a string or boolean; numbers mixed with strings make it
 * unsupported ("mixed types"), as do objects and arrays. null/undefined are missing.
 */
export function rowsToTable(rows: readonly Record<string, unknown>[]): ColumnTable {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  }
  return { rowCount: rows.length, columns: names.map((name) => buildColumn(name, rows)) };
}

function buildColumn(name: string, rows: readonly Record<string, unknown>[]): TableColumn {
  return valuesToColumn(name, rows.length, (i) => (rows[i] as Record<string, unknown>)[name]);
}

/** Column-wise values (the prediction log's tensors) → typed columns, by the same rules as rowsToTable. */
export function columnsToTable(rowCount: number, columns: ReadonlyMap<string, readonly unknown[]>): ColumnTable {
  return { rowCount, columns: [...columns].map(([name, values]) => valuesToColumn(name, rowCount, (i) => values[i])) };
}

function valuesToColumn(name: string, n: number, at: (i: number) => unknown): TableColumn {
  let numbers = 0;
  let texts = 0;
  for (let i = 0; i < n; i++) {
    const v = at(i);
    if (v === null || v === undefined) continue;
    if (typeof v === 'number') numbers++;
    else if (typeof v === 'string' || typeof v === 'boolean') texts++;
    else return { name, kind: 'unsupported', reason: `unsupported value type ${Array.isArray(v) ? 'array' : typeof v}` };
  }
  if (numbers > 0 && texts > 0) return { name, kind: 'unsupported', reason: `mixed types: ${numbers} numeric and ${texts} text values` };
  if (numbers > 0 || texts === 0) {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = at(i);
      values[i] = typeof v === 'number' ? v : Number.NaN;
    }
    return { name, kind: 'numeric', values };
  }
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = at(i);
    if (v === null || v === undefined) {
      codes[i] = -1;
      continue;
    }
    const key = String(v);
    let code = index.get(key);
    if (code === undefined) {
      code = dictionary.length;
      index.set(key, code);
      dictionary.push(key);
    }
    codes[i] = code;
  }
  return { name, kind: 'categorical', codes, dictionary };
}
