import type { Readable } from 'node:stream';

/** A blob is addressed by the sha256 of its bytes (lowercase hex). */
export interface BlobInfo {
  sha256: string;
  size: number;
}

export type BlobSource = Readable | AsyncIterable<Uint8Array> | Uint8Array | string;

/**
 * Content-addressed artifact storage. `put` streams (never buffers the whole
 * blob) and is atomic: until it resolves, no reader can see the blob, and a
 * crash mid-write leaves nothing visible. Putting the same bytes twice is a no-op.
 */
export interface BlobStore {
  readonly kind: 'fs' | 's3';
  /** Fails with INVALID_ARGUMENT (and stores nothing) when `expectedSha256` does not match. */
  put(source: BlobSource, opts?: { expectedSha256?: string }): Promise<BlobInfo>;
  /** NOT_FOUND when absent. `range` is inclusive, as in HTTP Range. */
  get(sha256: string, range?: { start: number; end?: number }): Promise<Readable>;
  stat(sha256: string): Promise<BlobInfo | null>;
  /** True when something was deleted. */
  delete(sha256: string): Promise<boolean>;
  list(): AsyncIterable<BlobInfo>;
  close(): Promise<void>;
}
