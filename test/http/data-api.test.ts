import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, Keel } from '../../src/sdk/index.js';
import { buildLogisticRegressionOnnx } from '../fixtures/models/logistic-onnx.js';
import { startTestKeel, type TestKeel } from '../support/keel-server.js';

const WEATHER = readFileSync(join(process.cwd(), 'node_modules/vega-datasets/data/seattle-weather.csv'), 'utf8');

let keel: TestKeel;
let sdk: Keel;
let dir: string;
beforeAll(async () => {
  keel = await startTestKeel();
  sdk = new Keel({ url: keel.url });
  dir = mkdtempSync(join(tmpdir(), 'keel-data-api-'));
});
afterAll(async () => {
  await keel.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${keel.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('datasets over REST and the SDK', () => {
  it('adds a folder as versions, storing unchanged files once, and diffs them', async () => {
    const folder = join(dir, 'weather');
    mkdirSync(join(folder, 'part'), { recursive: true });
    const [header, ...rows] = WEATHER.trim().split('\n') as [string, ...string[]];
    writeFileSync(join(folder, 'part', '2012.csv'), [header, ...rows.filter((r) => r.startsWith('2012'))].join('\n') + '\n');
    writeFileSync(join(folder, 'part', '2013.csv'), [header, ...rows.filter((r) => r.startsWith('2013'))].join('\n') + '\n');
    writeFileSync(join(folder, '.hidden'), 'not data');
    const first = await sdk.data.addPath('weather', folder, { message: 'two years' });
    expect(first).toMatchObject({ created: true, uploadedFiles: 2, reusedFiles: 0, version: { version: 1, rowCount: 366 + 365, format: 'csv' } });
    expect(first.version.files.map((f) => f.path)).toEqual(['part/2012.csv', 'part/2013.csv']);

    // A third year: only the new file travels; the two others are the same blobs.
    writeFileSync(join(folder, 'part', '2014.csv'), [header, ...rows.filter((r) => r.startsWith('2014'))].join('\n') + '\n');
    const second = await sdk.data.addPath('weather', folder, { message: 'add 2014' });
    expect(second).toMatchObject({ created: true, uploadedFiles: 1, reusedFiles: 2, version: { version: 2, rowCount: 366 + 365 + 365 } });

    // Same content again: no new version.
    const again = await sdk.data.addPath('weather', folder);
    expect(again).toMatchObject({ created: false, uploadedFiles: 0, version: { version: 2 } });

    const versions = await sdk.data.versions('weather');
    expect(versions.map((v) => [v.version, v.message])).toEqual([
      [2, 'add 2014'],
      [1, 'two years'],
    ]);
    expect(await sdk.data.list()).toMatchObject([{ name: 'weather', latestVersion: 2, versionCount: 2 }]);
    const byDigest = await sdk.data.version('weather', second.version.digest.slice(0, 10));
    expect(byDigest.version).toBe(2);

    const diff = await sdk.data.diff('weather', 1, 2);
    expect(diff).toMatchObject({ rowCountChange: 365, files: { added: ['part/2014.csv'], removed: [], changed: [], unchanged: 2 } });
    const temp = diff.columns.find((c) => c.name === 'temp_max');
    expect(temp?.change).toBe('changed');
    expect(temp?.stats.nulls).toBeUndefined();
    expect(diff.columns.find((c) => c.name === 'weather')?.stats.distinct).toBeUndefined();

    const res = await sdk.data.downloadFile('weather', 1, 'part/2013.csv');
    expect(await res.text()).toBe(readFileSync(join(folder, 'part', '2013.csv'), 'utf8'));
  });

  it('runs a YAML suite and keeps the report with the version', async () => {
    const suite = ['name: ci', 'checks:', '  - type: completeness', '  - type: range', '    column: temp_max', '    max: 30', '  - type: uniqueness', '    columns: [date]'].join('\n');
    const report = await sdk.data.check('weather', 2, suite);
    expect(report.passed).toBe(false);
    const range = report.checks.find((c) => c.name === 'range:temp_max');
    expect(range?.passed).toBe(false);
    expect(range?.failingExamples.length).toBeGreaterThan(0);
    expect(range?.failingExamples.length).toBeLessThanOrEqual(20);
    expect(range?.failingExamples.every((r) => (r.temp_max as number) > 30)).toBe(true);
    expect(report.checks.find((c) => c.name === 'uniqueness:date')?.passed).toBe(true);
    const reports = await sdk.data.reports('weather', 2);
    expect(reports[0]?.id).toBe(report.id);
  });

  it('links runs to versions and shows the model versions they produced', async () => {
    const run = await sdk.runs.create({ experimentName: 'data-lineage' });
    const runId = run.info.runId;
    await sdk.runs.uploadArtifact(runId, 'model/model.onnx', buildLogisticRegressionOnnx({ weights: [1, 2], bias: 0 }));
    await sdk.models.create({ name: 'weather-model' });
    await sdk.models.register('weather-model', { runId, path: 'model' });
    await sdk.data.linkRun('weather', 2, runId, 'train');
    await sdk.data.linkRun('weather', 2, runId, 'train');
    const lineage = await sdk.data.lineage('weather', 2);
    expect(lineage.runs).toMatchObject([{ runId, context: 'train' }]);
    expect(lineage.modelVersions).toEqual([{ name: 'weather-model', version: 1, runId }]);
    const tracked = await sdk.runs.get(runId);
    expect(tracked.inputs.datasetInputs[0]?.dataset).toMatchObject({ name: 'weather', sourceType: 'keel-data', source: 'keel-data:weather@2' });
  });

  it('answers bad input with a 4xx naming it', async () => {
    const cases: [string, string, unknown, number, RegExp][] = [
      ['GET', '/api/v1/datasets/weather/versions/9', undefined, 404, /version weather@9 not found/],
      ['GET', '/api/v1/datasets/nope/versions/1', undefined, 404, /dataset 'nope' not found/],
      ['GET', '/api/v1/datasets/weather/versions/v1x', undefined, 400, /path\.version/],
      ['POST', '/api/v1/datasets/weather/versions/1/checks', { suite: 'checks: [' }, 400, /suite: not valid JSON or YAML/],
      ['POST', '/api/v1/datasets/weather/versions/1/checks', { suite: { checks: [{ type: 'completness' }] } }, 400, /suite\.checks\.0\.type/],
      ['POST', '/api/v1/datasets/weather/versions/1/checks', { suite: { checks: [{ type: 'range', column: 'wind' }] } }, 400, /a range check needs min, max, allowed or regex/],
      ['POST', '/api/v1/datasets/weather/versions/1/checks', { suite: { checks: [{ type: 'distribution', reference: 'weather@12' }] } }, 404, /version weather@12 not found/],
      ['POST', '/api/v1/datasets/weather/versions', { files: [{ path: 'a.csv', sha256: 'f'.repeat(64) }] }, 400, /body\.files\.0\.sha256: no uploaded file/],
      ['POST', '/api/v1/datasets/weather/versions', { files: [{ path: '../a.csv', sha256: 'f'.repeat(64) }] }, 400, /body\.files\.0\.path/],
      ['POST', '/api/v1/datasets/bad%20name/versions', { files: [{ path: 'a.csv', sha256: 'f'.repeat(64) }] }, 400, /path\.name/],
      ['POST', '/api/v1/datasets/weather/versions/2/runs', { runId: 'nope' }, 404, /run nope not found/],
      ['GET', '/api/v1/datasets/weather/diff?from=1&to=7', undefined, 404, /version weather@7 not found/],
    ];
    for (const [method, path, body, status, message] of cases) {
      const res = method === 'GET' ? await fetch(`${keel.url}${path}`) : await post(path, body);
      const text = await res.text();
      expect(res.status, `${method} ${path}: ${text}`).toBe(status);
      expect(text).toMatch(message);
    }
    // A file that is not the format it claims is refused when the version is committed, and nothing is kept.
    const { sha256 } = await sdk.data.uploadFile(new Uint8Array([0x50, 0x41, 0x52, 0x31, 1, 2, 3]));
    await expect(sdk.data.createVersion('broken', { files: [{ path: 'x.parquet', sha256 }] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/cannot read the files as parquet/) });
    await expect(sdk.data.get('broken')).rejects.toBeInstanceOf(AppError);
  });
});
