import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openBrowserPage, SHOTS, type BrowserPage } from '../support/browser.js';
import { KEEL_BIN, REPO_ROOT, runKeel, spawnServer, type ServerProcess } from '../support/spawn-keel.js';

// Datasets end to end: the built `keel data` commands version seattle-weather (clean, then with
// planted problems) against a real server, a quality suite passes and fails with the right exit
// codes, and the Data UI shows the versions, profile, quality report and diff in Chromium.
const WEATHER = join(REPO_ROOT, 'node_modules/vega-datasets/data/seattle-weather.csv');

const SUITE = `name: weather-ci
checks:
  - type: schema
    columns: { date: date, temp_max: number, weather: string }
  - type: completeness
  - type: range
    column: temp_max
    min: -30
    max: 45
  - type: uniqueness
    columns: [date]
`;

let dir: string;
let server: ServerProcess | undefined;
let base = '';
const keel = (...args: string[]) => runKeel([...args, '--url', base], { cwd: dir, timeoutMs: 60_000 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keel-data-e2e-'));
  server = await spawnServer(['--port', '0', '--data', join(dir, 'server')]);
  base = server.url.replace(/\/+$/, '');
  const text = await readFile(WEATHER, 'utf8');
  const [header, ...rows] = text.trim().split('\n') as [string, ...string[]];
  await writeFile(join(dir, 'clean.csv'), text);
  // Planted: every 10th precipitation missing, a 99.9 °C day, one date twice.
  const bad = rows.map((line, i) => {
    const cells = line.split(',');
    if (i % 10 === 0) cells[1] = '';
    if (i === 42) cells[2] = '99.9';
    return cells.join(',');
  });
  await writeFile(join(dir, 'bad.csv'), [header, ...bad, bad[5]].join('\n') + '\n');
  await writeFile(join(dir, 'suite.yaml'), SUITE);
  await writeFile(join(dir, 'broken.yaml'), 'checks:\n  - type: completeness\n    maxNullFraction: lots\n');
});

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('keel data (CLI)', () => {
  it('adds versions, lists, diffs and downloads them', async () => {
    const first = await keel('data', 'add', 'weather', 'clean.csv', '--message', 'clean drop');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^added weather@1 \([0-9a-f]{12}\): 1461 rows, 1 file\(s\); uploaded 1, reused 0/);
    const same = await keel('data', 'add', 'weather', 'clean.csv');
    expect(same.stdout).toMatch(/^unchanged: same content as weather@1/);
    const second = await keel('data', 'add', 'weather', 'bad.csv', '--message', 'planted problems', '--pointer');
    expect(second.code, second.stderr).toBe(0);
    const pointer = JSON.parse(await readFile(join(dir, 'bad.csv.keel-data'), 'utf8')) as { dataset: string; version: number };
    expect(pointer).toMatchObject({ dataset: 'weather', version: 2 });

    const versions = await keel('data', 'versions', 'weather', '--json');
    expect((JSON.parse(versions.stdout) as { version: number; rowCount: number; message: string }[]).map((v) => [v.version, v.rowCount, v.message])).toEqual([
      [2, 1462, 'planted problems'],
      [1, 1461, 'clean drop'],
    ]);
    const diff = await keel('data', 'diff', 'weather@1', 'weather@2');
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain('rows 1461 → 1462 (+1)');
    expect(diff.stdout).toMatch(/precipitation\s+changed\s+DOUBLE\s+nulls 0→147/);

    const show = await keel('data', 'show', 'weather@2');
    expect(show.stdout).toMatch(/^weather@2 {2}[0-9a-f]{64} {2}1462 rows/);
    expect(show.stdout).toMatch(/temp_max\s+DOUBLE\s+0\s+\d+\s+-1\.6\s+99\.9/);
    expect(show.stdout).toMatch(/weather\s+VARCHAR\s+0\s+5\s.*rain\(642\)/);
    const list = await keel('data', 'list');
    expect(list.stdout).toMatch(/weather\s+2\s+2\s/);

    const got = await keel('data', 'get', 'bad.csv.keel-data', '--out', 'restored.csv');
    expect(got.code, got.stderr).toBe(0);
    expect(await readFile(join(dir, 'restored.csv'), 'utf8')).toBe(await readFile(join(dir, 'bad.csv'), 'utf8'));
  });

  it('adds a folder and gets it back file by file', async () => {
    const text = await readFile(WEATHER, 'utf8');
    const [header, ...rows] = text.trim().split('\n') as [string, ...string[]];
    await mkdir(join(dir, 'years', '2015'), { recursive: true });
    await writeFile(join(dir, 'years', '2014.csv'), [header, ...rows.filter((r) => r.startsWith('2014'))].join('\n') + '\n');
    await writeFile(join(dir, 'years', '2015', 'all.csv'), [header, ...rows.filter((r) => r.startsWith('2015'))].join('\n') + '\n');
    const added = await keel('data', 'add', 'years', 'years', '--json');
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ created: true, uploadedFiles: 2, version: { rowCount: 730, files: [{ path: '2014.csv' }, { path: '2015/all.csv' }] } });
    const got = await keel('data', 'get', 'years@latest', '--out', 'years-copy');
    expect(got.code, got.stderr).toBe(0);
    for (const f of ['2014.csv', '2015/all.csv']) expect(await readFile(join(dir, 'years-copy', f), 'utf8')).toBe(await readFile(join(dir, 'years', f), 'utf8'));
  });

  // `script` gives the CLI a terminal, the only place it draws progress bars.
  it.skipIf(!existsSync('/usr/bin/script'))('draws hashing and upload progress bars for a large file on a terminal', async () => {
    const rows = ['id,value'];
    for (let i = 0; i < 700_000; i++) rows.push(`${i},${(i * 7919) % 100_003}`);
    await writeFile(join(dir, 'big.csv'), rows.join('\n') + '\n');
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(KEEL_BIN)} data add big big.csv --url ${base}`;
    const tty = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(tty.code, tty.out).toBe(0);
    expect(tty.out).toMatch(/hashing +\[[^\]]*\] 100%/);
    expect(tty.out).toMatch(/uploading \[[^\]]*\] 100%/);
    expect(tty.out).toContain('profiling big on the server');
    expect(tty.out).toMatch(/added big@1 \([0-9a-f]{12}\): 700000 rows/);
  });

  it('exits 0 when the suite passes, 1 when a check fails, 2 for a malformed suite or unknown version', async () => {
    const pass = await keel('data', 'check', 'weather@1', '--suite', 'suite.yaml');
    expect(pass.code, pass.stdout + pass.stderr).toBe(0);
    expect(pass.stdout).toMatch(/weather@1 suite weather-ci: passed/);
    const fail = await keel('data', 'check', 'weather@2', '--suite', 'suite.yaml');
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/completeness:precipitation\s+FAIL/);
    expect(fail.stdout).toMatch(/range:temp_max\s+FAIL/);
    expect(fail.stdout).toMatch(/uniqueness:date\s+FAIL\s+1\s/);
    expect(fail.stdout).toMatch(/FAILED \(3 of \d+ checks\)/);
    const broken = await keel('data', 'check', 'weather@2', '--suite', 'broken.yaml');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/suite\.checks\.0\.maxNullFraction/);
    const unknown = await keel('data', 'check', 'weather@7', '--suite', 'suite.yaml');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/version weather@7 not found \(NOT_FOUND\)/);
  });
});

const hasChromium = chromiumAvailable('data UI e2e');

describe.skipIf(!hasChromium)('Data UI', () => {
  let browser: BrowserPage | undefined;
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    browser = await openBrowserPage();
    ({ page, errors } = browser);
  });
  afterAll(() => browser?.close());

  it('lists datasets and the versions of one', async () => {
    await page.goto(`${base}/data`);
    const row = page.locator('table tbody tr', { hasText: 'weather' });
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toMatch(/weather\s+v2\s+2/);
    await page.getByRole('link', { name: 'weather', exact: true }).click();
    await expect.poll(() => page.locator('table tbody tr').count(), { timeout: 10_000 }).toBe(2);
    expect(await page.locator('table tbody tr').first().innerText()).toMatch(/v2[\s\S]*1462[\s\S]*planted problems/);
    await page.screenshot({ path: join(SHOTS, 'data-dataset.png'), fullPage: true });
  });

  it('shows the profile with histograms, and the failed quality report with examples', async () => {
    await page.getByRole('link', { name: 'v2', exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/data/weather/versions/2');
    const temp = page.getByRole('region', { name: 'Column temp_max' });
    await expect.poll(() => temp.innerText(), { timeout: 10_000 }).toMatch(/max\s+99\.9/);
    await expect.poll(() => temp.locator('canvas').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.getByRole('region', { name: 'Column weather' }).innerText()).toMatch(/rain\s+642/);
    const report = page.locator('details.quality-report').first();
    await expect.poll(() => report.innerText(), { timeout: 10_000 }).toMatch(/failed\s+weather-ci/i);
    await report.getByText(/failing examples/).first().click();
    expect(await report.locator('table.examples-table').first().innerText()).toMatch(/precipitation/);
    await page.screenshot({ path: join(SHOTS, 'data-version.png'), fullPage: true });
  });

  it('runs a suite from the page and shows the new report', async () => {
    await page.getByText('Run a quality suite').click();
    await page.getByLabel('Quality suite').fill('name: from-ui\nchecks:\n  - type: uniqueness\n    columns: [date]\n');
    await page.getByRole('button', { name: 'Run checks' }).click();
    const newest = page.locator('details.quality-report').first();
    await expect.poll(() => newest.innerText(), { timeout: 15_000 }).toMatch(/failed\s+from-ui/i);
    await page.getByLabel('Quality suite').fill('checks: [');
    await page.getByRole('button', { name: 'Run checks' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'not valid JSON or YAML' }).count(), { timeout: 10_000 }).toBe(1);
  });

  it('diffs two versions', async () => {
    await page.getByRole('link', { name: 'Diff with v1' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/data/weather/diff');
    const precipitation = page.locator('table.diff-table tbody tr', { hasText: 'precipitation' });
    await expect.poll(() => precipitation.innerText(), { timeout: 10_000 }).toMatch(/changed\s+DOUBLE\s+nulls: 0 → 147/i);
    expect(await page.locator('.cards').innerText()).toMatch(/\+1[\s\S]*1461 → 1462/);
    await page.screenshot({ path: join(SHOTS, 'data-diff.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
