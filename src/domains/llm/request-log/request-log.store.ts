import type { GatewayRequestRecord, UsageBucket, UsageGroup } from '../gateway-usage.schema.js';

/** Filters shared by listing and aggregation; times are epoch ms, `to` exclusive. */
export interface RequestLogFilter {
  key?: string | undefined;
  model?: string | undefined;
  route?: string | undefined;
  user?: string | undefined;
  tag?: string | undefined;
  status?: number | 'ok' | 'error' | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

/** Keyset position: the last row of the previous page (newest first). */
export interface RequestLogCursor {
  at: number;
  id: string;
}

/** Storage port of the gateway request log: append in batches, read newest first, aggregate. */
export interface GatewayRequestLogStore {
  /** All or nothing; rows with an id already stored are an error (ids are fresh). */
  insertMany(records: readonly GatewayRequestRecord[]): Promise<void>;
  /** Newest first (`at`, then `id`, descending), strictly after `after`. */
  list(filter: RequestLogFilter, limit: number, after: RequestLogCursor | undefined): Promise<GatewayRequestRecord[]>;
  /** Sums per (bucket start, group), buckets of `bucketMs` from the epoch (UTC), oldest first. */
  usage(filter: RequestLogFilter, groupBy: UsageGroup, bucketMs: number): Promise<UsageBucket[]>;
  /**
   * Retention: deletes records (and their tags) from before `cutoff` (epoch ms), oldest first, at most
   * `batchSize` per transaction until a batch comes back short. Returns how many records went.
   */
  deleteBefore(cutoff: number, batchSize: number): Promise<number>;
}
