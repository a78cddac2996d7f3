/**
 * The BlobStore contract: every adapter (fs here, S3 in test/integration)
 * runs these same cases, so callers can rely on them whatever is configured.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import type { BlobInfo, BlobStore } from '../../core/ports/blob-store.js';

export interface BlobStoreHarness {
  store: BlobStore;
  cleanup(): Promise<void>;
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

export async function listAll(store: BlobStore): Promise<BlobInfo[]> {
  const out: BlobInfo[] = [];
  for await (const info of store.list()) out.push(info);
  return out.sort((a, b) => a.sha256.localeCompare(b.sha256));
}

const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** Deterministic pseudo-random bytes, produced one chunk at a time. */
async function* generated(totalBytes: number, chunkBytes: number, onChunk?: () => void): AsyncGenerator<Uint8Array> {
  let seed = 0x12345678;
  for (let sent = 0; sent < totalBytes; sent += chunkBytes) {
    const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, totalBytes - sent));
    for (let i = 0; i < chunk.length; i += 4) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      chunk.writeUInt32LE(seed, i);
    }
    onChunk?.();
    yield chunk;
  }
}

export function runBlobStoreContract(name: string, factory: () => Promise<BlobStoreHarness>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let h: BlobStoreHarness;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('round-trips bytes from every kind of source, addressed by their sha256', async () => {
      const bytes = Buffer.from([0, 1, 2, 254, 255, 10, 13]);
      const fromBytes = await h.store.put(bytes);
      expect(fromBytes).toEqual({ sha256: sha(bytes), size: bytes.length });
      expect(await readAll(await h.store.get(fromBytes.sha256))).toEqual(bytes);

      const text = 'héllo, keel\n';
      const fromString = await h.store.put(text);
      expect(fromString).toEqual({ sha256: sha(text), size: Buffer.byteLength(text) });

      const fromStream = await h.store.put(Readable.from([Buffer.from('ab'), Buffer.from('cd')]));
      expect(fromStream.sha256).toBe(sha('abcd'));
      expect((await readAll(await h.store.get(fromStream.sha256))).toString()).toBe('abcd');

      const empty = await h.store.put(new Uint8Array(0));
      expect(empty).toEqual({ sha256: sha(''), size: 0 });
      expect((await readAll(await h.store.get(empty.sha256))).length).toBe(0);
      expect(await h.store.stat(fromStream.sha256)).toEqual({ sha256: sha('abcd'), size: 4 });
    });

    it('stores the same content once', async () => {
      const a = await h.store.put('same bytes');
      const b = await h.store.put(Readable.from(['same ', 'bytes']));
      expect(b).toEqual(a);
      expect(await listAll(h.store)).toEqual([a]);
    });

    it('serves inclusive byte ranges', async () => {
      const { sha256 } = await h.store.put('0123456789');
      expect((await readAll(await h.store.get(sha256, { start: 2, end: 5 }))).toString()).toBe('2345');
      expect((await readAll(await h.store.get(sha256, { start: 7 }))).toString()).toBe('789');
      expect((await readAll(await h.store.get(sha256, { start: 9, end: 100 }))).toString()).toBe('9');
      await expect(h.store.get(sha256, { start: 10 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(h.store.get(sha256, { start: 5, end: 4 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('stores nothing when the expected sha256 does not match', async () => {
      const wrong = sha('something else');
      const put = h.store.put('the real content', { expectedSha256: wrong });
      await expect(put).rejects.toBeInstanceOf(AppError);
      await expect(put).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect(await listAll(h.store)).toEqual([]);
      expect(await h.store.stat(sha('the real content'))).toBeNull();
      const ok = await h.store.put('the real content', { expectedSha256: sha('the real content') });
      expect(ok.sha256).toBe(sha('the real content'));
    });

    it('reports missing blobs as NOT_FOUND, null or false, and rejects malformed hashes', async () => {
      const missing = sha('never stored');
      await expect(h.store.get(missing)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await h.store.stat(missing)).toBeNull();
      expect(await h.store.delete(missing)).toBe(false);
      await expect(h.store.get('../../etc/passwd')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('deletes and lists blobs', async () => {
      const a = await h.store.put('a');
      const b = await h.store.put('bb');
      expect(await listAll(h.store)).toEqual([a, b].sort((x, y) => x.sha256.localeCompare(y.sha256)));
      expect(await h.store.delete(a.sha256)).toBe(true);
      expect(await h.store.stat(a.sha256)).toBeNull();
      expect(await listAll(h.store)).toEqual([b]);
    });

    // 128 MB: V8 collects external buffers only after tens of MB of garbage, so a smaller blob
    // could not tell a streaming store from a buffering one once the machine is busy.
    it('streams a 128 MB blob in and out without holding it in memory', async () => {
      const total = 128 * 1024 * 1024;
      const expected = createHash('sha256');
      for await (const chunk of generated(total, 256 * 1024)) expected.update(chunk);
      const base = process.memoryUsage().arrayBuffers;
      let peak = 0;
      const sample = (): void => {
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
      };
      const info = await h.store.put(generated(total, 256 * 1024, sample), { expectedSha256: expected.digest('hex') });
      expect(info.size).toBe(total);
      const readBack = createHash('sha256');
      let size = 0;
      for await (const chunk of await h.store.get(info.sha256)) {
        readBack.update(chunk as Uint8Array);
        size += (chunk as Uint8Array).byteLength;
        sample();
      }
      expect(size).toBe(total);
      expect(readBack.digest('hex')).toBe(info.sha256);
      // A store that buffered the blob would hold all 128 MB at once.
      expect(peak).toBeLessThan(total * 0.6);
    }, 60_000);
  });
}
