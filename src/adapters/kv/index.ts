import type { KeelConfig } from '../../config/config.schema.js';
import type { KvStore } from '../../core/ports/kv-store.js';
import { SqliteKvStore } from './sqlite-kv-store.js';

export { SqliteKvStore } from './sqlite-kv-store.js';
export type { RedisKvStore, RedisKvConfig } from './redis-kv-store.js';

/** The KV store the config names; ioredis loads only when Redis is configured. */
export async function createKvStore(cfg: KeelConfig['kv'], opts: { sqlitePath: string }): Promise<KvStore> {
  if (cfg.type === 'sqlite') return SqliteKvStore.open(opts.sqlitePath);
  const { RedisKvStore } = await import('./redis-kv-store.js');
  return RedisKvStore.open({ url: cfg.url, keyPrefix: cfg.keyPrefix });
}
