import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../../adapters/blob/fs-blob-store.js';
import type { BlobStore } from '../../../core/ports/blob-store.js';
import { loadEvaluationDataset, parseCsv, parseDataset, parseJsonLines, requireColumns, sniffFormat } from './evaluation-data.js';

describe('CSV parsing', () => {
  it('reads a header, numbers, empty cells as missing, and keeps quoted text as text', () => {
    const csv = '\ufeffname,score,zip,note\r\n"Smith, J",0.5,"007",\nLee,-1e3,90210,"said ""hi""\nthen left"\n\n';
    expect(parseCsv(csv)).toEqual([
      { name: 'Smith, J', score: 0.5, zip: '007', note: null },
      { name: 'Lee', score: -1000, zip: 90210, note: 'said "hi"\nthen left' },
    ]);
  });
  it('names the line of a row with the wrong number of fields', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n')).toThrow(/CSV dataset line 3: 1 fields, the header has 2/);
    expect(() => parseCsv('a,b\n"1,2\n')).toThrow(/never closed/);
    expect(() => parseCsv('a,a\n1,2\n')).toThrow(/column 'a' appears twice/);
  });
  it('treats a file without a final newline and a header-only file', () => {
    expect(parseCsv('x,y\n1,2')).toEqual([{ x: 1, y: 2 }]);
    expect(parseCsv('x,y\n')).toEqual([]);
  });
});

describe('JSON and JSON lines', () => {
  it('sniffs the format from the first character', () => {
    expect(sniffFormat('  [{"a":1}]')).toBe('json');
    expect(sniffFormat('{"a":1}\n{"a":2}')).toBe('jsonl');
    expect(sniffFormat('a,b\n1,2')).toBe('csv');
    expect(parseDataset('[{"a":1},{"a":null}]')).toEqual([{ a: 1 }, { a: null }]);
  });
  it('names the offending line or row', () => {
    expect(parseJsonLines('{"a":1}\n\n{"a":2}\r\n')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(() => parseJsonLines('{"a":1}\n{"a":')).toThrow(/dataset line 2 is not valid JSON/);
    expect(() => parseJsonLines('{"a":1}\n[1]')).toThrow(/dataset line 2 is not a JSON object/);
    expect(() => parseDataset('[{"a":1}, 3]')).toThrow(/dataset row 1 is not an object/);
    expect(() => parseDataset('{"a":1}', 'json')).toThrow(/must be an array of objects/);
  });
});

describe('loading from the blob store', () => {
  let dir: string;
  let blobs: BlobStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keel-evaldata-'));
    blobs = await FsBlobStore.open(dir);
  });
  afterAll(async () => {
    await blobs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads each format and reports where the rows came from', async () => {
    const csv = await blobs.put('x,label\n1,yes\n2,no\n');
    const ds = await loadEvaluationDataset(blobs, { sha256: csv.sha256 }, 'policy.evaluation.dataset');
    expect(ds.rows).toEqual([
      { x: 1, label: 'yes' },
      { x: 2, label: 'no' },
    ]);
    expect(ds.columns).toEqual(['x', 'label']);
    expect(ds.source).toEqual({ kind: 'blob', sha256: csv.sha256, format: 'csv', bytes: csv.size });
    const lines = await blobs.put('{"x":1}\n{"x":2,"extra":true}\n');
    expect((await loadEvaluationDataset(blobs, { sha256: lines.sha256 }, 'd')).columns).toEqual(['x', 'extra']);
    const inline = await loadEvaluationDataset(blobs, { rows: [{ a: 1 }] }, 'd');
    expect(inline.source).toEqual({ kind: 'inline' });
  });

  it('INVALID_ARGUMENT naming the policy path: absent blob, unparsable or empty data', async () => {
    await expect(loadEvaluationDataset(blobs, { sha256: 'f'.repeat(64) }, 'policy.evaluation.dataset')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^policy\.evaluation\.dataset\.sha256: no blob f+ in the artifact store/),
    });
    const bad = await blobs.put('[{"a":1},');
    await expect(loadEvaluationDataset(blobs, { sha256: bad.sha256 }, 'policy.safety.dataset')).rejects.toThrow(/^policy\.safety\.dataset: the dataset is not valid JSON/);
    const empty = await blobs.put('a,b\n');
    await expect(loadEvaluationDataset(blobs, { sha256: empty.sha256 }, 'p')).rejects.toThrow(/^p: the dataset has no rows/);
  });

  it('names every missing column', () => {
    const ds = { rows: [{ a: 1 }], columns: ['a'], source: { kind: 'inline' as const } };
    expect(() => requireColumns(ds, [{ path: 'policy.evaluation.features', column: 'a' }])).not.toThrow();
    try {
      requireColumns(ds, [
        { path: 'policy.evaluation.label', column: 'y' },
        { path: 'policy.fairness.groupColumns', column: 'g' },
      ]);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', message: "policy.evaluation.label: column 'y' is not in the dataset (columns: a)" });
      expect((err as { details: { fields: unknown[] } }).details.fields).toHaveLength(2);
    }
  });
});
