import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { sql } from 'kysely';
import { AppError } from '../../../core/errors.js';
import type { PostgresTableExporter } from '../../../domains/features/features.store.js';
import type { SqlDatabase } from '../database.js';

const PAGE = 10_000;

/**
 * Feature sources that are PostgreSQL tables, read from Keel's own PostgreSQL database in
 * pages (keyset by ctid would tie this to PostgreSQL internals; OFFSET pages are fine for
 * offline work) and written as JSON lines for DuckDB.
 */
export function postgresTableExporter(database: SqlDatabase): PostgresTableExporter | undefined {
  if (database.dialect !== 'postgres') return undefined;
  return async (table, dir) => {
    const path = join(dir, `${table.replace(/\W/g, '_')}.jsonl`);
    const out = createWriteStream(path);
    const ref = sql.table(table);
    try {
      for (let offset = 0; ; offset += PAGE) {
        const page = await sql<Record<string, unknown>>`select * from ${ref} limit ${PAGE} offset ${offset}`.execute(database.db).catch((err: unknown) => {
          throw AppError.invalid(`cannot read PostgreSQL table '${table}': ${(err as Error).message}`, [{ path: 'source.table', message: 'cannot be read' }]);
        });
        if (page.rows.length === 0) break;
        if (!out.write(page.rows.map((r) => JSON.stringify(r)).join('\n') + '\n')) await once(out, 'drain');
        if (page.rows.length < PAGE) break;
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
    return path;
  };
}
