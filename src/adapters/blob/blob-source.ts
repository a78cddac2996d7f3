import { createHash, randomBytes } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { BlobSource } from '../../core/ports/blob-store.js';
import { AppError } from '../../core/errors.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A content address must be exactly 64 lowercase hex digits: it becomes a file path or object key. */
export function assertSha256(value: string): void {
  if (!SHA256_HEX.test(value)) throw AppError.invalid(`'${value.slice(0, 80)}' is not a sha256 hex digest`, [{ path: 'sha256', message: 'must be 64 lowercase hex characters' }]);
}

/** Chunks of any accepted source, one at a time, so callers never hold the whole blob. */
export async function* chunksOf(source: BlobSource): AsyncIterable<Uint8Array> {
  if (typeof source === 'string') {
    yield Buffer.from(source, 'utf8');
    return;
  }
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  for await (const chunk of source as AsyncIterable<unknown>) {
    if (chunk instanceof Uint8Array) yield chunk;
    else if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8');
    else throw AppError.invalid('a blob stream must yield bytes or strings');
  }
}

/**
 * Temp file names carry the host and pid of their writer, so a store opening
 * later can tell a crashed writer's leftovers from a live writer's file.
 */
export function tempFileName(): string {
  return `${hostname()}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

/** True when `name` is a temp file whose writer on this host is no longer running. */
export function isOrphanedTempFile(name: string): boolean {
  const parts = name.split('.');
  if (parts.length < 4 || parts.at(-1) !== 'tmp') return true;
  const pid = Number(parts.at(-3));
  const host = parts.slice(0, -3).join('.');
  if (host !== hostname() || !Number.isInteger(pid)) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface SpooledBlob {
  path: string;
  sha256: string;
  size: number;
}

/**
 * Streams `source` into a new file in `dir`, hashing as it goes, and fsyncs it.
 * On any failure (including a hash mismatch) the file is removed before the
 * error is thrown, so nothing half-written is left behind.
 */
export async function spoolToTempFile(source: BlobSource, dir: string, expectedSha256?: string): Promise<SpooledBlob> {
  if (expectedSha256 !== undefined) assertSha256(expectedSha256);
  const path = join(dir, tempFileName());
  const file = await open(path, 'wx');
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of chunksOf(source)) {
      hash.update(chunk);
      size += chunk.byteLength;
      let written = 0;
      while (written < chunk.byteLength) {
        const { bytesWritten } = await file.write(chunk, written, chunk.byteLength - written);
        written += bytesWritten;
      }
    }
    await file.sync();
    await file.close();
  } catch (err) {
    await file.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw err;
  }
  const sha256 = hash.digest('hex');
  if (expectedSha256 !== undefined && sha256 !== expectedSha256) {
    await unlink(path).catch(() => undefined);
    throw new AppError('INVALID_ARGUMENT', `blob content does not match the expected sha256 (expected ${expectedSha256}, got ${sha256})`, {
      details: { fields: [{ path: 'expectedSha256', message: 'does not match the content' }], expected: expectedSha256, actual: sha256 },
    });
  }
  return { path, sha256, size };
}

/** Resolves an inclusive HTTP-style range against a blob's size; INVALID_ARGUMENT when it cannot be satisfied. */
export function resolveRange(size: number, range: { start: number; end?: number } | undefined): { start: number; end: number } | null {
  if (range === undefined) return null;
  const { start } = range;
  const end = Math.min(range.end ?? size - 1, size - 1);
  if (!Number.isSafeInteger(start) || start < 0 || (range.end !== undefined && (!Number.isSafeInteger(range.end) || range.end < start)) || start >= size) {
    throw new AppError('INVALID_ARGUMENT', `range ${start}-${range.end ?? ''} cannot be satisfied for a blob of ${size} bytes`, { details: { size, range } });
  }
  return { start, end };
}
