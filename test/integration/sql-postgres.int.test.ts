import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../src/adapters/sql/database.js';
import { migrateToLatest } from '../../src/adapters/sql/migrations/migrate.js';
import { ApiKeySqlStore } from '../../src/adapters/sql/access/api-key.sql-store.js';
import { runApiKeyStoreContract } from '../../src/adapters/sql/access/api-key-store.contract.js';
import { runJobQueueContract } from '../../src/adapters/queue/job-queue.contract.js';
import { EmbeddedJobQueue } from '../../src/adapters/queue/embedded-job-queue.js';
import { migrationProvider } from '../../src/adapters/sql/migrations/index.js';
import { createPgSchema, openPgSchemaDatabase, pgUrl, requirePostgres } from './services.js';

const pg = await requirePostgres();

describe.skipIf(!pg.available)('SQL adapters on PostgreSQL', () => {
  runApiKeyStoreContract('postgres', async () => {
    const { database, close } = await openPgSchemaDatabase({ poolSize: 5 });
    return { store: new ApiKeySqlStore(database), cleanup: close };
  });

  runJobQueueContract('embedded on postgres', async () => {
    const { database, close } = await openPgSchemaDatabase({ poolSize: 10 });
    const queue = new EmbeddedJobQueue(database);
    return { queue, visibilityTimeoutMs: 150, redeliverySlackMs: 0, cleanup: async () => {
      await queue.close();
      await close();
    } };
  });

  it('migrates once when two servers start together on one fresh schema', async () => {
    const schema = await createPgSchema();
    const a = await openDatabase({ type: 'postgres', url: pgUrl(), poolSize: 2 }, { options: schema.options });
    const b = await openDatabase({ type: 'postgres', url: pgUrl(), poolSize: 2 }, { options: schema.options });
    try {
      const all = Object.keys(await migrationProvider('postgres').getMigrations()).sort();
      const reports = await Promise.all([migrateToLatest(a), migrateToLatest(b)]);
      // Exactly one of the two applied everything; the other found nothing left to do.
      expect(reports.map((r) => r.applied).sort()).toEqual([[], all]);
      const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(a.db);
      expect(rows.map((r) => r.name)).toEqual(all);
      expect((await migrateToLatest(b)).applied).toEqual([]);
      const { rows: tables } = await sql<{ table_name: string }>`
        select table_name from information_schema.tables where table_schema = ${schema.schema} order by table_name`.execute(a.db);
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['api_keys', 'jobs', 'kysely_migration', 'kysely_migration_lock']));
    } finally {
      await a.close();
      await b.close();
      await schema.drop();
    }
  });

  it('reads bigint and count columns as numbers and answers ping', async () => {
    const { database, close } = await openPgSchemaDatabase({ poolSize: 5, migrate: false });
    try {
      await database.ping();
      const { rows } = await sql<{ big: number; n: number; payload: string }>`
        select 4102444800000::int8 as big, count(*) as n, '{"a":1}'::jsonb as payload`.execute(database.db);
      expect(rows[0]).toEqual({ big: 4_102_444_800_000, n: 1, payload: '{"a": 1}' });
    } finally {
      await close();
    }
  });

  it('reports an unreachable database as UNAVAILABLE on ping', async () => {
    const database = await openDatabase({ type: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none', poolSize: 1 });
    await expect(database.ping()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await database.close();
  });
});
