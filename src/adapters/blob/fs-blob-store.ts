import { mkdir, open, opendir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../core/errors.js';
import type { BlobInfo, BlobSource, BlobStore } from '../../core/ports/blob-store.js';
import { assertSha256, isOrphanedTempFile, resolveRange, spoolToTempFile } from './blob-source.js';

/**
 * Blobs on a local (or mounted) folder:
 *   <root>/sha256/ab/cd/<hash>   complete blobs, immutable
 *   <root>/tmp/                  writes in progress
 * A blob is written to tmp/ and renamed into place after fsync; rename is
 * atomic within one file system, so a reader sees all of a blob or none.
 */
export class FsBlobStore implements BlobStore {
  readonly kind = 'fs' as const;
  private readonly tmpDir: string;
  private readonly blobDir: string;

  private constructor(readonly root: string) {
    this.tmpDir = join(root, 'tmp');
    this.blobDir = join(root, 'sha256');
  }

  /** Creates the folders and removes temp files that crashed writers left behind. */
  static async open(root: string): Promise<FsBlobStore> {
    const store = new FsBlobStore(root);
    await mkdir(store.tmpDir, { recursive: true });
    await mkdir(store.blobDir, { recursive: true });
    for (const name of await readdir(store.tmpDir)) {
      if (isOrphanedTempFile(name)) await unlink(join(store.tmpDir, name)).catch(() => undefined);
    }
    return store;
  }

  async put(source: BlobSource, opts: { expectedSha256?: string } = {}): Promise<BlobInfo> {
    const spooled = await spoolToTempFile(source, this.tmpDir, opts.expectedSha256);
    const target = this.pathOf(spooled.sha256);
    try {
      if (await exists(target)) {
        await unlink(spooled.path);
        return { sha256: spooled.sha256, size: spooled.size };
      }
      const dir = join(target, '..');
      await mkdir(dir, { recursive: true });
      await rename(spooled.path, target);
      await fsyncDir(dir);
    } catch (err) {
      await unlink(spooled.path).catch(() => undefined);
      throw err;
    }
    return { sha256: spooled.sha256, size: spooled.size };
  }

  async get(sha256: string, range?: { start: number; end?: number }): Promise<Readable> {
    assertSha256(sha256);
    // Open first, then read from the descriptor: a concurrent delete cannot
    // turn a found blob into a failing stream.
    const file = await open(this.pathOf(sha256), 'r').catch((err: unknown) => {
      throw isMissing(err) ? AppError.notFound('blob', sha256) : err;
    });
    try {
      const { size } = await file.stat();
      const r = resolveRange(size, range);
      return file.createReadStream({ autoClose: true, ...(r ? { start: r.start, end: r.end } : {}) });
    } catch (err) {
      await file.close().catch(() => undefined);
      throw err;
    }
  }

  async stat(sha256: string): Promise<BlobInfo | null> {
    assertSha256(sha256);
    try {
      const s = await stat(this.pathOf(sha256));
      return { sha256, size: s.size };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(sha256: string): Promise<boolean> {
    assertSha256(sha256);
    try {
      await unlink(this.pathOf(sha256));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async *list(): AsyncIterable<BlobInfo> {
    for await (const a of await opendir(this.blobDir)) {
      if (!a.isDirectory()) continue;
      for await (const b of await opendir(join(this.blobDir, a.name))) {
        if (!b.isDirectory()) continue;
        const dir = join(this.blobDir, a.name, b.name);
        for await (const entry of await opendir(dir)) {
          if (!entry.isFile() || !/^[0-9a-f]{64}$/.test(entry.name)) continue;
          const s = await stat(join(dir, entry.name)).catch(() => null);
          if (s) yield { sha256: entry.name, size: s.size };
        }
      }
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private pathOf(sha256: string): string {
    return join(this.blobDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

/** Makes the rename itself durable: without it a power loss can forget the new directory entry. */
async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
