/**
 * Online feature values on the KvStore port: one key per (view, entity), whose value holds
 * the event time, the created time and the view's features. A lookup of any number of views
 * and entities is one `mget` (one Redis MGET, one SQLite statement per 5,000 keys).
 */
import type { KvStore } from '../../core/ports/kv-store.js';
import type { FeatureValue } from './features.schema.js';

const PREFIX = 'feat:v1:';
const META_PREFIX = 'featmeta:v1:';

export interface OnlineEntry {
  /** Event time (epoch ms). */
  t: number;
  /** Created time, when the source has one. */
  c: number | null;
  v: Record<string, FeatureValue>;
}

export interface OnlineWrite {
  key: readonly (number | string)[];
  entry: OnlineEntry;
}

export function onlineKeyPrefix(view: string): string {
  return `${PREFIX}${view}:`;
}

export function onlineKey(view: string, key: readonly (number | string)[]): string {
  return onlineKeyPrefix(view) + JSON.stringify(key);
}

/** Newer event time wins; then the newer created time; with both equal the last write wins, but identical values are not rewritten. */
function isNewer(next: OnlineEntry, current: OnlineEntry): boolean {
  if (next.t !== current.t) return next.t > current.t;
  if (next.c !== current.c) return (next.c ?? -Infinity) > (current.c ?? -Infinity);
  return JSON.stringify(next.v) !== JSON.stringify(current.v);
}

export class OnlineFeatureStore {
  constructor(private readonly kv: KvStore) {}

  read(keys: readonly string[]): Promise<(OnlineEntry | null)[]> {
    return this.kv.mget(keys).then((values) => values.map((v) => (v === null ? null : (JSON.parse(v) as OnlineEntry))));
  }

  /**
   * Writes entries that are newer than what is stored, so re-running a materialization or
   * replaying pushes never regresses a value. Returns how many were written.
   */
  async writeNewer(view: string, writes: readonly OnlineWrite[]): Promise<number> {
    if (writes.length === 0) return 0;
    // Within one batch the newest entry per key wins, as it would across batches.
    const newest = new Map<string, OnlineEntry>();
    for (const w of writes) {
      const k = onlineKey(view, w.key);
      const seen = newest.get(k);
      if (!seen || isNewer(w.entry, seen)) newest.set(k, w.entry);
    }
    const keys = [...newest.keys()];
    const stored = await this.kv.mget(keys);
    const changed: [string, string][] = [];
    let maxEvent = -Infinity;
    keys.forEach((k, i) => {
      const entry = newest.get(k) as OnlineEntry;
      const raw = stored[i];
      if (raw && !isNewer(entry, JSON.parse(raw) as OnlineEntry)) return;
      changed.push([k, JSON.stringify(entry)]);
      maxEvent = Math.max(maxEvent, entry.t);
    });
    if (changed.length === 0) return 0;
    await this.kv.mset(changed);
    await this.noteEventTime(view, maxEvent);
    return changed.length;
  }

  /** Newest event time written per view (for freshness), in one mget. */
  async lastEventTimes(views: readonly string[]): Promise<Map<string, number | null>> {
    const values = await this.kv.mget(views.map((v) => META_PREFIX + v));
    return new Map(views.map((v, i) => [v, values[i] ? Number(values[i]) : null]));
  }

  /** Removes a view's values (when the view is deleted or its features change shape). */
  async clearView(view: string): Promise<number> {
    await this.kv.delete(META_PREFIX + view);
    return this.kv.deletePrefix(onlineKeyPrefix(view));
  }

  private async noteEventTime(view: string, eventTime: number): Promise<void> {
    const key = META_PREFIX + view;
    const current = await this.kv.get(key);
    if (current === null || Number(current) < eventTime) await this.kv.set(key, String(eventTime));
  }
}
