import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../blob/index.js';
import { DuckDbDatasetEngine } from './duckdb-dataset-engine.js';

// Hand-checkable rows: every measure's answer can be counted by eye.
const PART1 = ['id,region,amount,code,day', '1,eu,10,AB-1,2024-01-01', '2,us,-5,AB-2,2024-01-02', '2,eu,,xx,2024-01-03', ',us,7,CD-9,', ''].join('\n');
const PART2 = ['id,region,amount,code,day', ',eu,300,EF-10,2024-02-01', '5,asia,20,GH-3,2024-01-15', ''].join('\n');

describe('DuckDbDatasetEngine', () => {
  let dir: string;
  let engine: DuckDbDatasetEngine;
  let paths: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keel-engine-'));
    paths = [join(dir, 'p1.csv'), join(dir, 'p2.csv')];
    await writeFile(paths[0] as string, PART1);
    await writeFile(paths[1] as string, PART2);
    engine = new DuckDbDatasetEngine(await FsBlobStore.open(join(dir, 'blobs')));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('measures every check over all files of a version in one call', async () => {
    const results = await engine.measure(
      { format: 'csv', paths },
      [
        { kind: 'nulls', column: 'amount' },
        { kind: 'violations', column: 'amount', min: 0, max: 100 },
        { kind: 'violations', column: 'region', allowed: ['eu', 'us'] },
        { kind: 'violations', column: 'code', regex: '[A-Z]{2}-[0-9]' },
        { kind: 'duplicates', columns: ['id'] },
        { kind: 'duplicates', columns: ['id', 'region'] },
        { kind: 'latest', column: 'day' },
      ],
      { exampleLimit: 20 },
    );
    const [nulls, range, allowed, regex, dupId, dupPair, latest] = results;
    expect(nulls).toMatchObject({ value: 1, base: 6 });
    expect(nulls?.examples.map((r) => r.code)).toEqual(['xx']);
    expect(range).toMatchObject({ value: 2, base: 5 });
    expect(range?.examples.map((r) => r.amount).sort()).toEqual([-5, 300]);
    expect(allowed).toMatchObject({ value: 1, base: 6 });
    expect(allowed?.examples[0]).toMatchObject({ id: 5, region: 'asia' });
    // Full match: "xx" fails, and so does "EF-10" (one digit only).
    expect(regex?.value).toBe(2);
    // Keys 1, 2, 2, NULL, NULL, 5: the second 2 and the second NULL repeat a key.
    expect(dupId).toMatchObject({ value: 2, base: 4 });
    expect(dupId?.examples).toEqual([
      { id: 2, count: 2 },
      { id: null, count: 2 },
    ]);
    // (id, region): (2,us) (2,eu) (NULL,us) (NULL,eu) are all distinct.
    expect(dupPair).toMatchObject({ value: 0, base: 6, examples: [] });
    expect(latest?.value).toBe(Date.parse('2024-02-01T00:00:00Z'));
  });

  it('profiles the union of the files', async () => {
    const { schema, profile } = await engine.profile({ format: 'csv', paths });
    expect(schema).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'region', type: 'VARCHAR' },
      { name: 'amount', type: 'BIGINT' },
      { name: 'code', type: 'VARCHAR' },
      { name: 'day', type: 'DATE' },
    ]);
    expect(profile.rowCount).toBe(6);
    const amount = profile.columns.find((c) => c.name === 'amount');
    expect(amount).toMatchObject({ kind: 'numeric', count: 5, nulls: 1, distinct: 5, min: -5, max: 300, mean: 66.4 });
    // 20 bins of (300 − (−5)) / 20 = 15.25: −5, 7 and 10 in the first, 20 in the second, 300 in the last.
    expect(amount?.histogram?.edges[1]).toBeCloseTo(10.25, 10);
    expect(amount?.histogram?.counts).toEqual([3, 1, ...new Array<number>(17).fill(0), 1]);
    expect(profile.columns.find((c) => c.name === 'region')?.top).toEqual([
      { value: 'eu', count: 3 },
      { value: 'us', count: 2 },
      { value: 'asia', count: 1 },
    ]);
    expect(profile.columns.find((c) => c.name === 'day')).toMatchObject({ kind: 'temporal', min: '2024-01-01', max: '2024-02-01', nulls: 1 });
  });

  it('estimates distinct counts above its exact-count limit, and says so', async () => {
    const small = new DuckDbDatasetEngine(await FsBlobStore.open(join(dir, 'blobs2')), { exactDistinctRows: 3 });
    const { profile } = await small.profile({ format: 'csv', paths });
    const region = profile.columns.find((c) => c.name === 'region');
    expect(region).toMatchObject({ distinctApproximate: true, distinct: 3 });
    const exact = await engine.profile({ format: 'csv', paths });
    expect(exact.profile.columns.every((c) => !c.distinctApproximate)).toBe(true);
  });

  it('refuses an invalid regex and an unreadable file', async () => {
    await expect(engine.measure({ format: 'csv', paths }, [{ kind: 'violations', column: 'code', regex: '(' }], { exampleLimit: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/invalid regex '\('/) });
    await expect(engine.profile({ format: 'parquet', paths })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/cannot read the files as parquet/) });
  });
});
