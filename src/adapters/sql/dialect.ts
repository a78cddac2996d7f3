/**
 * Every difference between SQLite and PostgreSQL that Keel's SQL code cares
 * about lives here, so the rest of the adapters keep one query code path.
 */
import { sql, type RawBuilder } from 'kysely';

export type SqlDialect = 'sqlite' | 'postgres';

/** Column types as DDL strings, chosen per dialect by the migrations. */
export interface ColumnTypes {
  /** Opaque string ids (32 hex chars from core/ids, or longer external ones). */
  id: 'text' | 'varchar(64)';
  text: 'text';
  /** JSON documents. PostgreSQL gets jsonb (queryable); database.ts makes both dialects read it back as a string. */
  json: 'text' | 'jsonb';
  /** Epoch milliseconds and other 64-bit counts; read back as JS numbers (see database.ts). */
  bigint: 'integer' | 'bigint';
  integer: 'integer';
  double: 'real' | 'double precision';
  /** better-sqlite3 cannot bind booleans, so booleans are 0/1 integers in both dialects: one mapping, not two. */
  boolean: 'integer';
  /** Binary payloads (packed metric blocks); both drivers hand them back as a Buffer. */
  bytes: 'blob' | 'bytea';
}

export function columnTypes(dialect: SqlDialect): ColumnTypes {
  return dialect === 'postgres'
    ? { id: 'varchar(64)', text: 'text', json: 'jsonb', bigint: 'bigint', integer: 'integer', double: 'double precision', boolean: 'integer', bytes: 'bytea' }
    : { id: 'text', text: 'text', json: 'text', bigint: 'integer', integer: 'integer', double: 'real', boolean: 'integer', bytes: 'blob' };
}

export function toDbBool(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

export function fromDbBool(value: number): boolean {
  return value !== 0;
}

/**
 * Row locking for "claim the next N rows" queries. PostgreSQL skips rows other
 * transactions hold, so concurrent claimers never wait on or take the same
 * row; SQLite has no row locks (a write transaction locks the whole file), so
 * the clause is omitted there.
 */
export function skipLockedClause(dialect: SqlDialect): RawBuilder<unknown> {
  return dialect === 'postgres' ? sql`for update skip locked` : sql``;
}

/** A unique or primary-key violation, however the driver spells it. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const code = (err as { code: unknown }).code;
  // 23505 is PostgreSQL's unique_violation; SQLite reports UNIQUE and PRIMARY KEY separately.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** SQLite's LIKE ignores ASCII case; GLOB is its case-sensitive match, so `%`/`_` become `*`/`?` and GLOB's own metacharacters are bracketed. */
function likeToGlob(pattern: string): string {
  return pattern.replace(/[*?[\]%_]/g, (c) => (c === '%' ? '*' : c === '_' ? '?' : `[${c}]`));
}

/**
 * MLflow's LIKE (case-sensitive) and ILIKE (case-insensitive) on either engine.
 * PostgreSQL has both natively; SQLite's LIKE is already case-insensitive and
 * GLOB gives the case-sensitive match.
 */
export function likeCondition(dialect: SqlDialect, column: RawBuilder<unknown>, pattern: string, caseInsensitive: boolean): RawBuilder<boolean> {
  if (dialect === 'postgres') return caseInsensitive ? sql<boolean>`${column} ilike ${pattern}` : sql<boolean>`${column} like ${pattern}`;
  return caseInsensitive ? sql<boolean>`${column} like ${pattern}` : sql<boolean>`${column} glob ${likeToGlob(pattern)}`;
}
