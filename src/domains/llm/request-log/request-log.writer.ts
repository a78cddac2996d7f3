import type { GatewayRequestRecord } from '../gateway-usage.schema.js';
import type { GatewayLogger } from '../gateway/index.js';
import type { GatewayRequestLogStore } from './request-log.store.js';

export interface RequestLogWriterOptions {
  /** A batch is written at most this long after its first record. */
  flushEveryMs?: number;
  /** Rows per INSERT; a full batch is written at once. */
  maxBatch?: number;
  /** Records held while the database is slow or down; beyond this, new ones are dropped (and counted). */
  maxBuffered?: number;
  logger?: GatewayLogger | undefined;
}

/**
 * A record waiting to be written. `build` makes it when its batch is written,
 * not on the call's path, so late fields other hooks set after this one ran
 * (the cache result) are read then.
 */
export interface PendingRecord {
  build(): GatewayRequestRecord;
}

/**
 * Writes the request log off the request path: calls append to memory, and a
 * timer writes them in batches (one INSERT per up to `maxBatch` rows), so a
 * call never waits on SQL. Writes are serialised; a failed batch is logged and
 * dropped rather than retried forever, so a dead database cannot grow memory.
 */
export class RequestLogWriter {
  private buffer: PendingRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly flushEveryMs: number;
  private readonly maxBatch: number;
  private readonly maxBuffered: number;
  /** Records lost to a full buffer or a failed write, since start. */
  dropped = 0;

  constructor(
    private readonly store: GatewayRequestLogStore,
    private readonly opts: RequestLogWriterOptions = {},
  ) {
    this.flushEveryMs = opts.flushEveryMs ?? 250;
    this.maxBatch = opts.maxBatch ?? 500;
    this.maxBuffered = opts.maxBuffered ?? 100_000;
  }

  push(item: PendingRecord): void {
    if (this.buffer.length >= this.maxBuffered) {
      this.dropped++;
      return;
    }
    this.buffer.push(item);
    if (this.buffer.length >= this.maxBatch) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushEveryMs);
      // The log must not keep a CLI or test process alive; close() flushes what is left.
      this.timer.unref();
    }
  }

  /** Writes everything buffered so far; resolves when it is stored (or dropped after a failure). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const items = this.buffer;
    this.buffer = [];
    this.writing = this.writing.then(() => this.write(items));
    return this.writing;
  }

  private async write(items: readonly PendingRecord[]): Promise<void> {
    for (let i = 0; i < items.length; i += this.maxBatch) {
      const end = Math.min(items.length, i + this.maxBatch);
      const batch: GatewayRequestRecord[] = [];
      try {
        for (let j = i; j < end; j++) {
          const item = items[j];
          if (item) batch.push(item.build());
        }
        await this.store.insertMany(batch);
      } catch (err) {
        this.dropped += end - i;
        this.opts.logger?.error({ err, rows: end - i }, 'gateway request log: a batch could not be written and was dropped');
      }
    }
  }

  close(): Promise<void> {
    return this.flush();
  }
}
