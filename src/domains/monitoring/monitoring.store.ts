/**
 * The monitoring domain's data port: a TabularReader turns a file or stored blob into typed
 * columns. Columns are typed arrays (Float64Array for numbers, NaN = missing; Int32Array codes
 * into a dictionary for text, −1 = missing), so 10M rows never become 10M objects.
 */
export type TabularFormat = 'csv' | 'parquet' | 'jsonl';

export type TabularSource =
  /** A local file (the CLI). The format comes from the extension unless given. */
  | { kind: 'file'; path: string; format?: TabularFormat | undefined }
  /** A blob in the artifact store, by sha256 (uploads, tracking artifacts). Sniffed unless given. */
  | { kind: 'blob'; sha256: string; format?: TabularFormat | undefined };

export interface NumericColumn {
  name: string;
  kind: 'numeric';
  values: Float64Array;
}

export interface CategoricalColumn {
  name: string;
  kind: 'categorical';
  /** Index into `dictionary`, −1 for a missing value. */
  codes: Int32Array;
  dictionary: string[];
}

/** A column the reader could load but no drift test can use (dates, nested values…). */
export interface UnsupportedColumn {
  name: string;
  kind: 'unsupported';
  reason: string;
}

export type TableColumn = NumericColumn | CategoricalColumn | UnsupportedColumn;

export interface ColumnTable {
  rowCount: number;
  columns: TableColumn[];
}

export interface TabularReadOptions {
  /** Read only these columns (all when absent); a name the file lacks is simply not returned. */
  columns?: readonly string[] | undefined;
}

export interface TabularReader {
  /** INVALID_ARGUMENT for an unreadable or malformed file, NOT_FOUND for a missing one. */
  read(source: TabularSource, opts?: TabularReadOptions): Promise<ColumnTable>;
}
