import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKvStore } from './index.js';
import { runKvStoreContract } from './kv-store.contract.js';
import { SqliteKvStore } from './sqlite-kv-store.js';

runKvStoreContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'keel-kv-'));
  const store = await createKvStore({ type: 'sqlite' }, { sqlitePath: join(dir, 'sub', 'kv.db') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteKvStore', () => {
  it('keeps values across reopening the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keel-kv-'));
    try {
      const path = join(dir, 'kv.db');
      const first = await SqliteKvStore.open(path);
      await first.set('persisted', 'yes');
      await first.close();
      const second = await SqliteKvStore.open(path);
      expect(await second.get('persisted')).toBe('yes');
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
