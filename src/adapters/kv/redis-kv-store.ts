import type { Redis as RedisClient } from 'ioredis';
import { AppError } from '../../core/errors.js';
import type { KvStore } from '../../core/ports/kv-store.js';
import { checkIncrement, checkTtl, notAnInteger } from './kv-arguments.js';

export interface RedisKvConfig {
  url: string;
  /** Prepended to every key, so several Keel installs (or tests) can share one Redis. */
  keyPrefix: string;
}

const SCAN_COUNT = 500;

/**
 * The TTL must apply only when INCRBY creates the key; checking for the key
 * and setting the expiry inside one script keeps that atomic (PEXPIRE NX
 * would also expire keys that were created by SET without a TTL).
 */
const INCR_WITH_TTL = `
local existed = redis.call('EXISTS', KEYS[1])
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if existed == 0 and tonumber(ARGV[2]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return value
`;

type KeelRedis = RedisClient & { keelIncrBy(key: string, by: number, ttlMs: number): Promise<number> };

/** KV on Redis. ioredis prefixes command keys itself; SCAN patterns and results are prefixed by hand. */
export class RedisKvStore implements KvStore {
  readonly kind = 'redis' as const;

  private constructor(
    private readonly redis: KeelRedis,
    private readonly keyPrefix: string,
  ) {}

  static async open(cfg: RedisKvConfig): Promise<RedisKvStore> {
    const { Redis } = await import('ioredis');
    const redis = new Redis(cfg.url, { keyPrefix: cfg.keyPrefix, lazyConnect: true, maxRetriesPerRequest: 2 });
    redis.defineCommand('keelIncrBy', { numberOfKeys: 1, lua: INCR_WITH_TTL });
    // Errors surface on the commands; without a listener ioredis would log each reconnect attempt.
    redis.on('error', () => undefined);
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      throw new AppError('UNAVAILABLE', `Redis at ${redactUrl(cfg.url)} is not reachable`, { cause: err });
    }
    return new RedisKvStore(redis as KeelRedis, cfg.keyPrefix);
  }

  get(key: string): Promise<string | null> {
    return this.redis.get(key);
  }

  async mget(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    return this.redis.mget(...keys);
  }

  async set(key: string, value: string, opts: { ttlMs?: number } = {}): Promise<void> {
    const ttl = checkTtl(opts.ttlMs);
    if (ttl === undefined) await this.redis.set(key, value);
    else await this.redis.set(key, value, 'PX', ttl);
  }

  async mset(entries: readonly (readonly [string, string])[], opts: { ttlMs?: number } = {}): Promise<void> {
    const ttl = checkTtl(opts.ttlMs);
    if (entries.length === 0) return;
    if (ttl === undefined) {
      await this.redis.mset(...entries.flat());
      return;
    }
    // MSET has no TTL; a MULTI applies all SETs together or none.
    const tx = this.redis.multi();
    for (const [key, value] of entries) tx.set(key, value, 'PX', ttl);
    const results = await tx.exec();
    const failed = results?.find(([err]) => err !== null);
    if (!results || failed) throw new AppError('UNAVAILABLE', 'Redis rejected the batched write', { cause: failed?.[0] });
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(key)) > 0;
  }

  async incrBy(key: string, by: number, opts: { ttlMs?: number } = {}): Promise<number> {
    checkIncrement(by);
    const ttl = checkTtl(opts.ttlMs) ?? 0;
    try {
      return Number(await this.redis.keelIncrBy(key, by, ttl));
    } catch (err) {
      if (err instanceof Error && /not an integer|out of range/.test(err.message)) throw notAnInteger(key, err);
      throw err;
    }
  }

  async *scan(prefix: string): AsyncIterable<string> {
    const seen = new Set<string>();
    const match = `${escapeGlob(this.keyPrefix + prefix)}*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', match, 'COUNT', SCAN_COUNT);
      cursor = next;
      for (const full of keys) {
        const key = full.slice(this.keyPrefix.length);
        // SCAN may return a key more than once across pages.
        if (seen.has(key)) continue;
        seen.add(key);
        yield key;
      }
    } while (cursor !== '0');
  }

  async deletePrefix(prefix: string): Promise<number> {
    let deleted = 0;
    let batch: string[] = [];
    for await (const key of this.scan(prefix)) {
      batch.push(key);
      if (batch.length >= SCAN_COUNT) {
        deleted += await this.redis.unlink(...batch);
        batch = [];
      }
    }
    if (batch.length > 0) deleted += await this.redis.unlink(...batch);
    return deleted;
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

function escapeGlob(value: string): string {
  return value.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
