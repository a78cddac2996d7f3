import type { RetentionTable } from './retention.schema.js';

/**
 * The storage port of retention: one delete per log, owned by the store that writes it.
 * Each deletes rows from before `cutoff` (epoch ms) in transactions of at most `batchSize`
 * rows, looping until a batch comes back short, and returns how many rows went.
 */
export type RetentionTargets = Record<RetentionTable, (cutoff: number, batchSize: number) => Promise<number>>;
