/**
 * Where the integration tests find their engines, and what happens when one is
 * missing: with CI=true the test file fails loudly; elsewhere its suites are
 * skipped with a message saying how to enable them.
 */
import { randomBytes } from 'node:crypto';
import type { SqlDatabase } from '../../src/adapters/sql/index.js';

export function pgUrl(): string {
  return process.env.KEEL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export function redisUrl(): string {
  return process.env.KEEL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

export interface ServiceStatus {
  available: boolean;
  reason?: string;
}

const probes = new Map<string, Promise<ServiceStatus>>();

/**
 * Probes a service once per test file. Use the result with
 * `describe.skipIf(!status.available)`. Throws (failing the file) when the
 * service is unreachable and CI=true, since CI must never pass by skipping.
 */
export async function requireService(name: string, probe: () => Promise<void>, howToEnable: string): Promise<ServiceStatus> {
  let status = probes.get(name);
  if (!status) {
    status = probe().then(
      () => ({ available: true }),
      (err: unknown) => ({ available: false, reason: err instanceof Error ? err.message : String(err) }),
    );
    probes.set(name, status);
  }
  const result = await status;
  if (!result.available) {
    const message = `${name} is not reachable (${result.reason ?? 'unknown error'}). ${howToEnable}`;
    if (process.env.CI === 'true') throw new Error(`CI=true and ${message}`);
    console.warn(`Skipping ${name} integration tests: ${message}`);
  }
  return result;
}

export function requirePostgres(): Promise<ServiceStatus> {
  return requireService(
    'PostgreSQL',
    async () => {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: pgUrl(), connectionTimeoutMillis: 3_000 });
      await client.connect();
      try {
        await client.query('select 1');
      } finally {
        await client.end();
      }
    },
    'Start PostgreSQL on 127.0.0.1:5432 (database "test", trust auth) or set KEEL_TEST_PG_URL=postgres://user@host:port/db.',
  );
}

export function requireRedis(): Promise<ServiceStatus> {
  return requireService(
    'Redis',
    async () => {
      const { Redis } = await import('ioredis');
      const redis = new Redis(redisUrl(), { lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
      redis.on('error', () => undefined);
      try {
        await redis.connect();
        await redis.ping();
      } finally {
        redis.disconnect();
      }
    },
    'Start Redis on 127.0.0.1:6379 (e.g. `redis-server --daemonize yes`) or set KEEL_TEST_REDIS_URL=redis://host:port.',
  );
}

export function natsUrl(): string {
  return process.env.KEEL_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
}

export function requireNats(): Promise<ServiceStatus> {
  return requireService(
    'NATS JetStream',
    async () => {
      const { connect } = await import('@nats-io/transport-node');
      const { jetstreamManager } = await import('@nats-io/jetstream');
      const nc = await connect({ servers: natsUrl(), timeout: 3_000, reconnect: false });
      try {
        await (await jetstreamManager(nc)).getAccountInfo();
      } finally {
        await nc.close();
      }
    },
    'Start nats-server with JetStream on 127.0.0.1:4222 (`nats-server -js`) or set KEEL_TEST_NATS_URL=nats://host:port.',
  );
}

/** Deletes the JetStream streams that capture these subjects (the ones a test created), ignoring those already gone. */
export async function deleteNatsStreams(subjects: readonly string[]): Promise<void> {
  const { connect } = await import('@nats-io/transport-node');
  const { jetstreamManager } = await import('@nats-io/jetstream');
  const nc = await connect({ servers: natsUrl() });
  try {
    const jsm = await jetstreamManager(nc);
    for (const s of subjects) {
      const name = await jsm.streams.find(s).catch(() => null);
      if (name) await jsm.streams.delete(name).catch(() => undefined);
    }
  } finally {
    await nc.close();
  }
}

export function randomName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export interface PgTestSchema {
  schema: string;
  /** The pool's startup `options`, so every connection uses the schema. */
  options: string;
  drop(): Promise<void>;
}

/** Runs one statement on the test server's default database (for CREATE/DROP of schemas and databases). */
async function runAdmin(text: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: pgUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Drops a schema and all in it, if it is there (a test's own, or the one its pg-boss queue made). */
export function dropPgSchema(schema: string): Promise<void> {
  return runAdmin(`drop schema if exists ${schema} cascade`);
}

/** A fresh, empty schema so that tests never see each other's tables. */
export async function createPgSchema(prefix = 't'): Promise<PgTestSchema> {
  const schema = randomName(prefix);
  await runAdmin(`create schema ${schema}`);
  return { schema, options: `-c search_path=${schema}`, drop: () => dropPgSchema(schema) };
}

export interface PgSchemaDatabase {
  database: SqlDatabase;
  schema: PgTestSchema;
  /** Closes the pool, then drops the schema. */
  close(): Promise<void>;
}

/**
 * Keel's database in a fresh schema of the test server, migrated to the latest version unless
 * `migrate` is false. The SQL adapter is imported here, not at the top, so that the Redis and
 * NATS tests that share this file do not load it.
 */
export async function openPgSchemaDatabase(opts: { prefix?: string; poolSize: number; migrate?: boolean }): Promise<PgSchemaDatabase> {
  const { migrateToLatest, openDatabase } = await import('../../src/adapters/sql/index.js');
  const schema = await createPgSchema(opts.prefix);
  const database = await openDatabase({ type: 'postgres', url: pgUrl(), poolSize: opts.poolSize }, { options: schema.options });
  const close = async (): Promise<void> => {
    await database.close();
    await schema.drop();
  };
  if (opts.migrate !== false) await migrateToLatest(database).catch(async (err: unknown) => {
    await close();
    throw err;
  });
  return { database, schema, close };
}

export interface PgTestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database, for tests that run a whole server (its migrations, pg-boss schema and all). */
export async function createPgDatabase(prefix = 'keel_it'): Promise<PgTestDatabase> {
  const name = randomName(prefix);
  await runAdmin(`create database ${name}`);
  const url = new URL(pgUrl());
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => runAdmin(`drop database if exists ${name} with (force)`) };
}
