import type { Migration, MigrationProvider } from 'kysely';
import type { SqlDialect } from '../dialect.js';
import { foundation } from './0001-foundation.js';
import { tracking } from './0002-tracking.js';

/**
 * Migrations are imported, not read from a folder at run time, so they work
 * the same from src/ under tsx and from the compiled dist/. Names sort in the
 * order they apply; never rename or edit one that has shipped.
 */
export function migrationProvider(dialect: SqlDialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-foundation': foundation(dialect),
    '0002-tracking': tracking(dialect),
  };
  return { getMigrations: () => Promise.resolve(migrations) };
}
