import { Migrator, sql } from 'kysely';
import { AppError } from '../../../core/errors.js';
import type { SqlDatabase } from '../database.js';
import { migrationProvider } from './index.js';

export interface MigrationReport {
  applied: string[];
}

/**
 * Brings the schema to the latest version; a no-op when it already is.
 * Kysely's migrator holds a PostgreSQL advisory lock while it runs, so servers
 * starting together against one database apply each migration once.
 */
export async function migrateToLatest(database: SqlDatabase): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: database.db,
    provider: migrationProvider(database.dialect),
    // Kysely looks for its bookkeeping tables in every schema unless told
    // which one; pin it to ours so another schema's tables are not mistaken for them.
    ...(database.dialect === 'postgres' ? { migrationTableSchema: await currentSchema(database) } : {}),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const which = failed === undefined ? 'database migration' : `database migration ${failed}`;
    throw new AppError('INTERNAL', `${which} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

async function currentSchema(database: SqlDatabase): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(database.db);
  const schema = rows[0]?.schema;
  if (!schema) throw new AppError('FAILED_PRECONDITION', 'the PostgreSQL search_path names no existing schema to create tables in');
  return schema;
}
