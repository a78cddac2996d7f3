/** Arrow IPC files from DuckDB result columns (DuckDB's own Arrow writer is an extension that needs a download). */
import { writeFile } from 'node:fs/promises';
import { tableFromArrays, tableToIPC } from 'apache-arrow';

type Column = readonly unknown[];

/** Types follow the values: DOUBLE → Float64, BIGINT (bigint) → Int64, VARCHAR → Utf8, BOOLEAN → Bool, TIMESTAMP → Timestamp(ms); nulls are kept. */
export async function writeArrowFile(path: string, names: readonly string[], columns: readonly Column[]): Promise<void> {
  const arrays: Record<string, unknown[]> = {};
  names.forEach((name, i) => {
    const col = columns[i] ?? [];
    arrays[name] = [...col];
  });
  const table = tableFromArrays(arrays as Parameters<typeof tableFromArrays>[0]);
  await writeFile(path, tableToIPC(table, 'file'));
}
