import type { RawBody } from './transport.js';

/** What an upload accepts: a body fetch can send as is, or any async iterable of bytes (a Node stream). */
export type UploadData = RawBody | AsyncIterable<Uint8Array>;

/** A pull-based stream: the source is read only as fast as the upload drains it, so a large file is never held in memory. */
export function streamFromIterable(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await it.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      await it.return?.(reason);
    },
  });
}

export function toRawBody(data: UploadData): RawBody {
  if (typeof data === 'string' || data instanceof Uint8Array || (typeof Blob !== 'undefined' && data instanceof Blob) || (typeof ReadableStream !== 'undefined' && data instanceof ReadableStream)) return data;
  return streamFromIterable(data as AsyncIterable<Uint8Array>);
}
