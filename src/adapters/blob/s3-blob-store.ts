import { mkdir, rm, mkdtemp } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type * as S3 from '@aws-sdk/client-s3';
import type { KeelConfig } from '../../config/config.schema.js';
import { AppError } from '../../core/errors.js';
import type { BlobInfo, BlobSource, BlobStore } from '../../core/ports/blob-store.js';
import { assertSha256, resolveRange, spoolToTempFile } from './blob-source.js';

export type S3BlobConfig = Extract<KeelConfig['artifacts'], { type: 's3' }>;

export interface S3BlobStoreOptions {
  /** Where uploads are spooled while hashed; defaults to a fresh folder under the OS temp dir. */
  spoolDir?: string;
  /** ListObjectsV2 page size (S3's maximum is 1000); smaller in tests to exercise paging. */
  listPageSize?: number;
}

type S3Module = typeof S3;

/**
 * Blobs in an S3-compatible bucket under `<prefix>/sha256/ab/cd/<hash>`.
 * The key is the content hash, which is known only after reading every byte,
 * so an upload is first hashed into a local spool file and then sent with one
 * PutObject. S3 makes an object visible only once its PUT completes, so a
 * crashed upload leaves nothing behind in the bucket.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  private readonly prefix: string;

  private constructor(
    private readonly s3: S3Module,
    private readonly client: S3.S3Client,
    private readonly bucket: string,
    prefix: string,
    private readonly spoolDir: string,
    private readonly ownsSpoolDir: boolean,
    private readonly listPageSize: number,
  ) {
    const trimmed = prefix.replace(/^\/+|\/+$/g, '');
    this.prefix = trimmed === '' ? 'sha256/' : `${trimmed}/sha256/`;
  }

  static async open(cfg: S3BlobConfig, opts: S3BlobStoreOptions = {}): Promise<S3BlobStore> {
    const s3 = await import('@aws-sdk/client-s3');
    const client = new s3.S3Client({
      region: cfg.region,
      forcePathStyle: cfg.forcePathStyle,
      ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
      ...(cfg.accessKeyId && cfg.secretAccessKey ? { credentials: { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey } } : {}),
      // Newer SDKs add CRC trailers to every upload by default, which many
      // S3-compatible servers reject; the content hash is checked by us anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const ownsSpoolDir = opts.spoolDir === undefined;
    const spoolDir = opts.spoolDir ?? (await mkdtemp(join(tmpdir(), 'keel-s3-spool-')));
    await mkdir(spoolDir, { recursive: true });
    return new S3BlobStore(s3, client, cfg.bucket, cfg.prefix, spoolDir, ownsSpoolDir, opts.listPageSize ?? 1000);
  }

  async put(source: BlobSource, opts: { expectedSha256?: string } = {}): Promise<BlobInfo> {
    const spooled = await spoolToTempFile(source, this.spoolDir, opts.expectedSha256);
    try {
      const info = { sha256: spooled.sha256, size: spooled.size };
      if ((await this.stat(spooled.sha256)) !== null) return info;
      await this.call('store blob', () =>
        this.client.send(
          new this.s3.PutObjectCommand({
            Bucket: this.bucket,
            Key: this.keyOf(spooled.sha256),
            Body: createReadStream(spooled.path),
            ContentLength: spooled.size,
            ContentType: 'application/octet-stream',
          }),
        ),
      );
      return info;
    } finally {
      await rm(spooled.path, { force: true });
    }
  }

  async get(sha256: string, range?: { start: number; end?: number }): Promise<Readable> {
    assertSha256(sha256);
    const info = await this.stat(sha256);
    if (info === null) throw AppError.notFound('blob', sha256);
    const r = resolveRange(info.size, range);
    if (info.size === 0) return Readable.from([]);
    const out = await this.call('read blob', () =>
      this.client.send(new this.s3.GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256), ...(r ? { Range: `bytes=${r.start}-${r.end}` } : {}) })),
    ).catch((err: unknown) => {
      throw isNotFound(err) ? AppError.notFound('blob', sha256) : err;
    });
    if (!(out.Body instanceof Readable)) throw new AppError('UPSTREAM_ERROR', 'S3 returned a body that is not a Node stream');
    return out.Body;
  }

  async stat(sha256: string): Promise<BlobInfo | null> {
    assertSha256(sha256);
    try {
      const head = await this.client.send(new this.s3.HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      return { sha256, size: head.ContentLength ?? 0 };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw upstream('look up blob', err);
    }
  }

  async delete(sha256: string): Promise<boolean> {
    // DeleteObject succeeds for missing keys too, so ask first to report whether anything went.
    if ((await this.stat(sha256)) === null) return false;
    await this.call('delete blob', () => this.client.send(new this.s3.DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) })));
    return true;
  }

  async *list(): AsyncIterable<BlobInfo> {
    let token: string | undefined;
    do {
      const page = await this.call('list blobs', () =>
        this.client.send(
          new this.s3.ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, MaxKeys: this.listPageSize, ...(token ? { ContinuationToken: token } : {}) }),
        ),
      );
      for (const obj of page.Contents ?? []) {
        const sha256 = obj.Key?.split('/').at(-1) ?? '';
        if (/^[0-9a-f]{64}$/.test(sha256) && obj.Key === this.keyOf(sha256)) yield { sha256, size: obj.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async close(): Promise<void> {
    this.client.destroy();
    if (this.ownsSpoolDir) await rm(this.spoolDir, { recursive: true, force: true });
  }

  private keyOf(sha256: string): string {
    return `${this.prefix}${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isNotFound(err)) throw err;
      throw upstream(what, err);
    }
  }
}

function isNotFound(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

function upstream(what: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AppError('UPSTREAM_ERROR', `S3: could not ${what}: ${message}`, { cause: err });
}
