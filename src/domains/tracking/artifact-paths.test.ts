import { describe, expect, it } from 'vitest';
import { directChildren, runIdOfPath, validateArtifactPath } from './artifact-paths.js';
import { decodePageToken, encodePageToken } from './paging.js';

describe('artifact paths', () => {
  it('accepts relative paths and refuses anything that could escape', () => {
    expect(validateArtifactPath('model/MLmodel')).toBe('model/MLmodel');
    for (const bad of ['', '/etc/passwd', '../x', 'a/../../b', 'a//b', './a', 'a\\b', 'C:/x', 'a\u0000b', 'x'.repeat(1025)]) {
      expect(() => validateArtifactPath(bad), bad).toThrow(/not a valid artifact path/);
    }
  });

  it('finds the run of a full path', () => {
    const run = 'ab'.repeat(16);
    expect(runIdOfPath(`3/${run}/artifacts/model/x`)).toBe(run);
    expect(runIdOfPath(`3/${run}/artifacts`)).toBe(run);
    expect(runIdOfPath('3/models/x')).toBeNull();
  });

  it('lists direct children with synthesized folders', () => {
    const rec = (path: string, size: number) => ({ path, runId: null, sha256: 's', size, createdAt: 0 });
    const records = [rec('r/a.txt', 1), rec('r/model/MLmodel', 2), rec('r/model/data/w.bin', 3), rec('r/b/c.txt', 4)];
    expect(directChildren(records, 'r/', '')).toEqual([
      { path: 'a.txt', isDir: false, size: 1, sha256: 's' },
      { path: 'b', isDir: true },
      { path: 'model', isDir: true },
    ]);
    expect(directChildren(records, 'r/model/', 'model/')).toEqual([
      { path: 'model/MLmodel', isDir: false, size: 2, sha256: 's' },
      { path: 'model/data', isDir: true },
    ]);
  });
});

describe('page tokens', () => {
  it('round-trips an offset and refuses forged tokens', () => {
    expect(decodePageToken(encodePageToken(1234))).toBe(1234);
    expect(decodePageToken(undefined)).toBe(0);
    for (const bad of ['xyz', encodePageToken(-1), Buffer.from('{"offset":"1"}').toString('base64url')]) {
      expect(() => decodePageToken(bad)).toThrow(/pageToken/);
    }
  });
});
