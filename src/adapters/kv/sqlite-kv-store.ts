import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { systemClock, type Clock } from '../../core/clock.js';
import type { KvStore } from '../../core/ports/kv-store.js';
import { checkIncrement, checkTtl, notAnInteger } from './kv-arguments.js';

const SWEEP_EVERY_MS = 60_000;
const SCAN_BATCH = 500;
// One statement for a typical online-features lookup (views × entities keys); SQLite allows 32766 parameters.
const MGET_BATCH = 5_000;

interface Row {
  key: string;
  value: string;
  expires_at: number | null;
}

/**
 * KV in a SQLite file of its own: `kv(key, value, expires_at)`. Expired rows
 * read as absent and are swept lazily (at most once a minute, on a write), so
 * no timer keeps the process alive. better-sqlite3 is synchronous, so every
 * method runs to completion without interleaving; write transactions are
 * IMMEDIATE so that another process on the same file cannot interleave either.
 */
export class SqliteKvStore implements KvStore {
  readonly kind = 'sqlite' as const;
  private lastSweep = 0;

  private constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly clock: Clock,
  ) {}

  static async open(path: string, opts: { clock?: Clock } = {}): Promise<SqliteKvStore> {
    const { default: Database } = await import('better-sqlite3');
    const inMemory = path === ':memory:';
    if (!inMemory) mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    if (!inMemory) db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec('create table if not exists kv (key text primary key, value text not null, expires_at integer) without rowid');
    return new SqliteKvStore(db, opts.clock ?? systemClock);
  }

  async get(key: string): Promise<string | null> {
    const row = this.db.prepare<[string], Row>('select key, value, expires_at from kv where key = ?').get(key);
    return row && this.live(row) ? row.value : null;
  }

  async mget(keys: readonly string[]): Promise<(string | null)[]> {
    const found = new Map<string, string>();
    for (let i = 0; i < keys.length; i += MGET_BATCH) {
      const batch = keys.slice(i, i + MGET_BATCH);
      const rows = this.db.prepare<string[], Row>(`select key, value, expires_at from kv where key in (${batch.map(() => '?').join(',')})`).all(...batch);
      for (const row of rows) if (this.live(row)) found.set(row.key, row.value);
    }
    return keys.map((k) => found.get(k) ?? null);
  }

  async set(key: string, value: string, opts: { ttlMs?: number } = {}): Promise<void> {
    return this.mset([[key, value]], opts);
  }

  async mset(entries: readonly (readonly [string, string])[], opts: { ttlMs?: number } = {}): Promise<void> {
    const ttl = checkTtl(opts.ttlMs);
    const expiresAt = ttl === undefined ? null : this.clock.now() + ttl;
    const upsert = this.db.prepare('insert into kv (key, value, expires_at) values (?, ?, ?) on conflict (key) do update set value = excluded.value, expires_at = excluded.expires_at');
    this.db
      .transaction(() => {
        for (const [key, value] of entries) upsert.run(key, value, expiresAt);
      })
      .immediate();
    this.maybeSweep();
    return ;
  }

  async delete(key: string): Promise<boolean> {
    const row = this.db.prepare<[string], Pick<Row, 'expires_at'>>('delete from kv where key = ? returning expires_at').get(key);
    return row !== undefined && this.live(row);
  }

  async incrBy(key: string, by: number, opts: { ttlMs?: number } = {}): Promise<number> {
    checkIncrement(by);
    const ttl = checkTtl(opts.ttlMs);
    const read = this.db.prepare<[string], Row>('select key, value, expires_at from kv where key = ?');
    const write = this.db.prepare('insert into kv (key, value, expires_at) values (?, ?, ?) on conflict (key) do update set value = excluded.value, expires_at = excluded.expires_at');
    const result = this.db
      .transaction(() => {
        const now = this.clock.now();
        const row = read.get(key);
        const current = row && this.live(row, now) ? row : undefined;
        let base = 0;
        if (current) {
          if (!/^-?\d+$/.test(current.value)) throw notAnInteger(key);
          base = Number(current.value);
        }
        const next = base + by;
        const expiresAt = current ? current.expires_at : ttl === undefined ? null : now + ttl;
        write.run(key, String(next), expiresAt);
        return next;
      })
      .immediate();
    return result;
  }

  async *scan(prefix: string): AsyncIterable<string> {
    // Keys sharing a prefix are contiguous in key order, so walk the primary
    // key from the prefix on and stop at the first key outside it.
    const page = this.db.prepare<[string, string, number], Row>('select key, value, expires_at from kv where key >= ? and key > ? order by key limit ?');
    let after = '';
    for (;;) {
      const rows = page.all(prefix, after, SCAN_BATCH);
      for (const row of rows) {
        if (!row.key.startsWith(prefix)) return;
        if (this.live(row)) yield row.key;
      }
      const last = rows.at(-1);
      if (!last || rows.length < SCAN_BATCH) return;
      after = last.key;
      await Promise.resolve();
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    const keys: string[] = [];
    for await (const key of this.scan(prefix)) keys.push(key);
    const del = this.db.prepare('delete from kv where key = ?');
    const now = this.clock.now();
    return this.db
      .transaction(() => {
        let n = 0;
        for (const key of keys) n += del.run(key).changes;
        this.db.prepare('delete from kv where expires_at is not null and expires_at <= ?').run(now);
        return n;
      })
      .immediate();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
    return ;
  }

  private live(row: Pick<Row, 'expires_at'>, now = this.clock.now()): boolean {
    return row.expires_at === null || row.expires_at > now;
  }

  private maybeSweep(): void {
    const now = this.clock.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    this.db.prepare('delete from kv where expires_at is not null and expires_at <= ?').run(now);
  }
}
