import { describe, expect, it } from 'vitest';
import { baseName, looksBinary, previewKind, readHead } from './artifact-kind.js';

describe('artifact previews', () => {
  it('chooses the preview from the extension', () => {
    expect(previewKind('plots/roc.PNG')).toBe('image');
    expect(previewKind('metrics.json')).toBe('json');
    expect(previewKind('logs/stdout.txt')).toBe('text');
    expect(baseName('a/b/c.txt')).toBe('c.txt');
  });

  it('reads only the head of a long body', async () => {
    const res = new Response('x'.repeat(100_000));
    const head = await readHead(res, 65_536);
    expect(head.bytes.byteLength).toBe(65_536);
    expect(head.truncated).toBe(true);
    const short = await readHead(new Response('hello'), 65_536);
    expect(new TextDecoder().decode(short.bytes)).toBe('hello');
    expect(short.truncated).toBe(false);
  });

  it('spots binary content', () => {
    expect(looksBinary(new Uint8Array([65, 0, 66]))).toBe(true);
    expect(looksBinary(new TextEncoder().encode('plain text'))).toBe(false);
  });
});
