import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import type { KeelConfig } from '../../config/config.schema.js';
import { AppError } from '../../core/errors.js';
import type { SqlDialect } from './dialect.js';
import type { DatabaseSchema } from './schema/index.js';

export interface SqlDatabase {
  db: Kysely<DatabaseSchema>;
  dialect: SqlDialect;
  /** Resolves when the engine answers a trivial query; UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseConfig = KeelConfig['database'];

/** Extra pool settings, for tests that isolate themselves in their own schema. */
export interface PostgresPoolOptions {
  /** Sent as the connection's startup `options`, e.g. `-c search_path=t_abc`. */
  options?: string;
}

/**
 * Opens the metadata database. The driver is imported only for the configured
 * engine, so a SQLite install never loads `pg` and vice versa.
 */
export async function openDatabase(cfg: DatabaseConfig, pgOptions: PostgresPoolOptions = {}): Promise<SqlDatabase> {
  return cfg.type === 'postgres' ? openPostgres(cfg.url, cfg.poolSize, pgOptions) : openSqlite(cfg.path);
}

async function openSqlite(path: string): Promise<SqlDatabase> {
  const { default: Database } = await import('better-sqlite3');
  const inMemory = path === ':memory:' || path === '';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const conn = new Database(path);
  // WAL lets readers run while a writer commits; busy_timeout makes a second
  // process wait for the write lock instead of failing at once.
  if (!inMemory) conn.pragma('journal_mode = WAL');
  // In WAL mode NORMAL syncs at checkpoints rather than on every commit: a crash of the
  // process loses nothing and the file never corrupts; only a power loss may drop the last
  // commits. FULL cost ~5 ms of fsync per commit here, capping log-batches at ~200/s.
  if (!inMemory) conn.pragma('synchronous = NORMAL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: withStatementCache(conn, STATEMENT_CACHE_SIZE) }) });
  // Health probes run this on every /healthz: a statement prepared once costs a fraction of a Kysely round.
  const probe = conn.prepare('select 1');
  return wrap(db, 'sqlite', async () => {
    probe.get();
  });
}

const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely's SQLite driver prepares every query afresh; for a log-batch that was ~0.1 ms
 * per statement, a fifth of the request. Statements are reused by SQL text (least
 * recently used dropped first). Reuse is safe because Kysely runs one query at a time
 * on the connection, so a cached statement is never still iterating when reused.
 */
function withStatementCache(conn: SqliteDatabase, size: number): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => conn.close(),
    prepare(sqlText: string): SqliteStatement {
      const hit = cache.get(sqlText);
      if (hit) {
        // Re-inserting moves it to the back: Map iteration order is the LRU order.
        cache.delete(sqlText);
        cache.set(sqlText, hit);
        return hit;
      }
      const stmt = conn.prepare(sqlText);
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      cache.set(sqlText, stmt);
      return stmt;
    },
  };
}

const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const PG_JSON = 114;
const PG_JSONB = 3802;

async function openPostgres(url: string, poolSize: number, extra: PostgresPoolOptions): Promise<SqlDatabase> {
  const { default: pg } = await import('pg');
  // Per-pool parsers (not pg.types.setTypeParser, which is process-global):
  // counts and epoch-ms bigints become numbers as they are on SQLite, and JSON
  // stays text so both dialects parse payloads in the same code.
  const getTypeParser = ((oid: number, format?: 'text' | 'binary') => {
    if (oid === PG_INT8 || oid === PG_NUMERIC) return (value: string) => Number(value);
    if (oid === PG_JSON || oid === PG_JSONB) return (value: string) => value;
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  }) as typeof pg.types.getTypeParser;
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: { getTypeParser }, ...(extra.options ? { options: extra.options } : {}) });
  // An idle client losing its connection emits 'error' on the pool; without a
  // listener that would crash the process. The next query reconnects.
  pool.on('error', () => undefined);
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  return wrap(db, 'postgres', async () => {
    await pool.query('select 1');
  });
}

function wrap(db: Kysely<DatabaseSchema>, dialect: SqlDialect, probe: () => Promise<void>): SqlDatabase {
  let closed: Promise<void> | undefined;
  return {
    db,
    dialect,
    async ping() {
      try {
        await probe();
      } catch (err) {
        throw new AppError('UNAVAILABLE', `the ${dialect} database is not reachable`, { cause: err });
      }
    },
    close: () => (closed ??= db.destroy()),
  };
}
