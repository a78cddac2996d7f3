import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runKeel } from '../support/spawn-keel.js';

/** `keel drift` on the built binary (run `npm run build:server` first), on real data: vega-datasets seattle-weather. */
const dir = mkdtempSync(join(tmpdir(), 'keel-drift-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = readFileSync(join(REPO_ROOT, 'node_modules/vega-datasets/data/seattle-weather.csv'), 'utf8').trim().split('\n');
const header = lines[0] as string;
const months = (ms: string[]): string => [header, ...lines.slice(1).filter((l) => ms.includes(l.slice(5, 7)))].join('\n');
const winter = join(dir, 'winter.csv');
const summer = join(dir, 'summer.csv');
writeFileSync(winter, months(['12', '01', '02']));
writeFileSync(summer, months(['06', '07', '08']));

interface Report {
  dataset_drift: boolean;
  columns: Record<string, { test: string | null; drifted: boolean; not_computable?: string }>;
}

describe('keel drift', () => {
  it('prints the JSON report: winter vs summer drifts', async () => {
    const r = await runKeel(['drift', '--reference', winter, '--current', summer]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.dataset_drift).toBe(true);
    expect(report.columns.temp_max).toMatchObject({ test: 'ks', drifted: true });
    expect(report.columns.date?.not_computable).toMatch(/date column/);
  });

  it('writes the HTML report with --out, and --fail-on-drift exits 1', async () => {
    const out = join(dir, 'report.html');
    const r = await runKeel(['drift', '--reference', winter, '--current', summer, '--format', 'html', '--out', out, '--columns', 'temp_max,weather', '--fail-on-drift']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('dataset drift: 2/2 columns drifted');
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<!doctype html>');
    expect(html.match(/<svg /g)).toHaveLength(2);
  });

  it('compares one period with itself without drift, with the chosen test', async () => {
    const r = await runKeel(['drift', '--reference', winter, '--current', winter, '--test', 'psi', '--columns', 'temp_max,wind']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.dataset_drift).toBe(false);
    expect(report.columns.wind).toMatchObject({ test: 'psi', drifted: false });
  });

  it('exits 2 with a message on bad input', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const cases: [string[], RegExp][] = [
      [['--reference', join(dir, 'nope.csv'), '--current', summer], /--reference: no such file/],
      [['--reference', winter, '--current', empty], /dataset file is empty/],
      [['--reference', winter, '--current', summer, '--columns', 'temp_max,humidity'], /missing columns: reference lacks humidity; current lacks humidity/],
      [['--reference', winter, '--current', summer, '--test', 'anova'], /--test must be one of/],
    ];
    for (const [args, message] of cases) {
      const r = await runKeel(['drift', ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
