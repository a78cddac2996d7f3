/** How a file is previewed, from its extension; anything unknown is tried as text and shown as binary if it is not. */
export type PreviewKind = 'image' | 'json' | 'text';

const IMAGE = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp', 'avif']);
const JSON_EXT = new Set(['json', 'jsonl', 'ipynb', 'geojson']);

export function previewKind(path: string): PreviewKind {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (IMAGE.has(ext)) return 'image';
  if (JSON_EXT.has(ext) && ext !== 'jsonl') return 'json';
  return 'text';
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The first `limit` bytes of a response body, cancelling the rest of the download. */
export async function readHead(res: Response, limit: number): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const reader = res.body?.getReader();
  if (!reader) return { bytes: new Uint8Array(), truncated: false };
  const chunks: Uint8Array[] = [];
  let total = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
    if (total >= limit) {
      truncated = total > limit || !(await reader.read().then((r) => r.done));
      await reader.cancel();
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(total, limit));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, Math.min(chunk.byteLength, bytes.byteLength - offset));
    bytes.set(part, offset);
    offset += part.byteLength;
    if (offset >= bytes.byteLength) break;
  }
  return { bytes, truncated };
}

/** A NUL byte in the first KB is the usual sign of a binary file. */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 1024).includes(0);
}
