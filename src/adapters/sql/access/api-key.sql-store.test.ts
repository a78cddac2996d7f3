import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../database.js';
import { migrationProvider } from '../migrations/index.js';
import { migrateToLatest } from '../migrations/migrate.js';
import { ApiKeySqlStore } from './api-key.sql-store.js';
import { runApiKeyStoreContract } from './api-key-store.contract.js';

runApiKeyStoreContract('sqlite (in memory)', async () => {
  const database = await openDatabase({ type: 'sqlite', path: ':memory:' });
  await migrateToLatest(database);
  return { store: new ApiKeySqlStore(database), cleanup: () => database.close() };
});

describe('sqlite database file', () => {
  it('creates the parent folder, uses WAL, enforces foreign keys, and migrates idempotently', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-sql-'));
    try {
      const path = join(dir, 'nested', 'deeper', 'keel.db');
      const database = await openDatabase({ type: 'sqlite', path });
      const all = Object.keys(await migrationProvider('sqlite').getMigrations()).sort();
      expect((await migrateToLatest(database)).applied).toEqual(all);
      expect((await migrateToLatest(database)).applied).toEqual([]);
      await database.ping();
      await database.close();
      const { default: Database } = await import('better-sqlite3');
      const raw = new Database(path, { readonly: true });
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      raw.close();
      const again = await openDatabase({ type: 'sqlite', path });
      const { sql } = await import('kysely');
      const { rows } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(again.db);
      expect(rows[0]?.foreign_keys).toBe(1);
      expect((await migrateToLatest(again)).applied).toEqual([]);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
