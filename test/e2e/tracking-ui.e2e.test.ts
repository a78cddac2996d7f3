import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openKeelUi, type KeelUi } from '../support/browser.js';
import { api } from '../support/rest.js';

// Tracking end to end: data seeded over Keel's REST API with plain fetch, then read back
// through the API and through the built UI in a real Chromium, as a user would.
const EXPERIMENT = 'penguin-classifier';
const GIT_COMMIT = '3f9c2a7d1e5b8c0a4f6e2d9b7a1c3e5f7d9b1a2c';
const STEPS = 50;

const hasChromium = chromiumAvailable('tracking UI e2e');

interface SeededRun {
  runId: string;
  runName: string;
  lr: string;
  finalAccuracy: number;
}


async function putArtifact(base: string, runId: string, path: string, content: string): Promise<void> {
  const res = await fetch(`${base}/api/v1/runs/${runId}/artifacts/${path}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: content });
  if (!res.ok) throw new Error(`PUT artifact ${path} → ${res.status}: ${await res.text()}`);
}

/** A plausible training curve: loss decays, accuracy climbs towards `finalAccuracy`. */
function curves(finalAccuracy: number, start: number) {
  return Array.from({ length: STEPS }, (_, step) => {
    const progress = 1 - Math.exp(-step / 12);
    const wobble = Math.sin(step * 1.7) * 0.01;
    return [
      { key: 'loss', value: 1.2 * (1 - progress) + (1 - finalAccuracy) + wobble, step, timestamp: start + step * 1_000 },
      { key: 'accuracy', value: 0.34 + (finalAccuracy - 0.34) * progress + wobble / 2, step, timestamp: start + step * 1_000 },
    ];
  }).flat();
}

async function seed(base: string): Promise<{ experimentId: string; runs: SeededRun[] }> {
  const experiment = await api<{ experimentId: string }>(base, 'POST', '/api/v1/experiments', { name: EXPERIMENT, tags: [{ key: 'team', value: 'vision' }] });
  const specs = [
    { runName: 'baseline-sgd', lr: '0.1', finalAccuracy: 0.72 },
    { runName: 'tuned-adam', lr: '0.01', finalAccuracy: 0.91 },
  ];
  const runs: SeededRun[] = [];
  const start = Date.now() - 10 * 60_000;
  for (const [i, spec] of specs.entries()) {
    const run = await api<{ info: { runId: string } }>(base, 'POST', '/api/v1/runs', {
      experimentId: experiment.experimentId,
      runName: spec.runName,
      userId: 'ana',
      startTime: start + i * 120_000,
      params: [
        { key: 'lr', value: spec.lr },
        { key: 'epochs', value: String(STEPS) },
        { key: 'optimizer', value: i === 0 ? 'sgd' : 'adam' },
        { key: 'batch_size', value: '64' },
      ],
      tags: [
        { key: 'mlflow.source.git.commit', value: GIT_COMMIT },
        { key: 'mlflow.source.git.branch', value: 'main' },
        { key: 'keel.env.os', value: 'linux x64' },
        { key: 'keel.env.node', value: 'v20.19.0' },
        { key: 'dataset', value: 'penguins' },
      ],
    });
    const runId = run.info.runId;
    await api(base, 'POST', `/api/v1/runs/${runId}/batch`, { metrics: curves(spec.finalAccuracy, start + i * 120_000) });
    if (i === 1) {
      // A per-batch series longer than the chart's 1000 buckets, so the page draws the min–max band.
      for (let batch = 0; batch < 5; batch++) {
        const metrics = Array.from({ length: 1000 }, (_, j) => {
          const step = batch * 1000 + j;
          return { key: 'batch_loss', value: 1 / (1 + step / 400) + Math.abs(Math.sin(step * 12.9898) * 0.25), step, timestamp: start + 120_000 + step * 10 };
        });
        await api(base, 'POST', `/api/v1/runs/${runId}/batch`, { metrics });
      }
    }
    await putArtifact(base, runId, 'notes/summary.txt', `Training finished after ${STEPS} epochs.\nbest accuracy ${spec.finalAccuracy}\n`);
    await putArtifact(base, runId, 'metrics.json', JSON.stringify({ accuracy: spec.finalAccuracy, classes: ['Adelie', 'Chinstrap', 'Gentoo'] }));
    await api(base, 'PATCH', `/api/v1/runs/${runId}`, { status: 'FINISHED', endTime: start + i * 120_000 + STEPS * 1_000 });
    runs.push({ runId, ...spec });
  }
  return { experimentId: experiment.experimentId, runs };
}

describe.skipIf(!hasChromium)('experiment tracking through the API and the UI', () => {
  let ui: KeelUi | undefined;
  let page: Page;
  let base = '';
  let experimentId: string;
  let runs: SeededRun[];
  let errors: string[] = [];

  const runByName = (name: string): SeededRun => {
    const run = runs.find((r) => r.runName === name);
    if (!run) throw new Error(`no seeded run ${name}`);
    return run;
  };
  const runRows = () => page.locator('table.runs-table tbody tr');
  let screenshot: KeelUi['screenshot'];

  beforeAll(async () => {
    ui = await openKeelUi('keel-tracking-ui-');
    ({ page, base, errors, screenshot } = ui);
    ({ experimentId, runs } = await seed(base));
  });

  afterAll(() => ui?.close());

  it('serves params, metric history, artifacts and environment tags through the API', async () => {
    const tuned = runByName('tuned-adam');
    const run = await api<{ data: { params: { key: string; value: string }[]; tags: { key: string; value: string }[] } }>(base, 'GET', `/api/v1/runs/${tuned.runId}`);
    expect(run.data.params).toContainEqual({ key: 'lr', value: '0.01' });
    expect(run.data.tags).toContainEqual({ key: 'mlflow.source.git.commit', value: GIT_COMMIT });

    const history = await api<{ metrics: { step: number; value: number }[] }>(base, 'GET', `/api/v1/runs/${tuned.runId}/metrics/history?key=loss`);
    expect(history.metrics.map((m) => m.step)).toEqual(Array.from({ length: STEPS }, (_, i) => i));

    const listing = await api<{ files: { path: string; isDir: boolean }[] }>(base, 'GET', `/api/v1/runs/${tuned.runId}/artifacts`);
    expect(listing.files.map((f) => [f.path, f.isDir]).sort()).toEqual([
      ['metrics.json', false],
      ['notes', true],
    ]);
    const text = await (await fetch(`${base}/api/v1/runs/${tuned.runId}/artifacts/notes/summary.txt`)).text();
    expect(text).toContain('best accuracy 0.91');
  });

  it('lists the experiment and its runs, and filters them with the search grammar', async () => {
    await page.goto(`${base}/experiments`);
    const item = page.getByRole('link', { name: new RegExp(EXPERIMENT) });
    await expect.poll(() => item.isVisible(), { timeout: 10_000 }).toBe(true);
    await item.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('exp')).toBe(experimentId);
    await expect.poll(() => runRows().count(), { timeout: 10_000 }).toBe(2);
    expect(await page.locator('table.runs-table').innerText()).toMatch(/baseline-sgd[\s\S]*|tuned-adam/);
    // Params and metrics chosen by default appear as columns, with the latest values.
    expect(await page.locator('table.runs-table thead').innerText()).toMatch(/accuracy/);
    await screenshot('tracking-experiments.png');

    const filter = page.getByRole('textbox', { name: 'Filter runs' });
    await filter.fill('metrics.accuracy > 0.8');
    await filter.press('Enter');
    await expect.poll(() => runRows().count(), { timeout: 10_000 }).toBe(1);
    expect(await runRows().first().innerText()).toContain('tuned-adam');
    expect(new URL(page.url()).searchParams.get('q')).toBe('metrics.accuracy > 0.8');

    await filter.fill('metrics.accuracy >> 0.8');
    await filter.press('Enter');
    const message = page.locator('#run-filter-error');
    await expect.poll(() => message.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await message.innerText()).toMatch(/invalid filter/i);
    expect(await filter.getAttribute('aria-invalid')).toBe('true');
    await screenshot('tracking-filter-error.png', false);

    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => runRows().count(), { timeout: 10_000 }).toBe(2);
  });

  it('keeps the chosen columns in the URL', async () => {
    await page.getByText('Columns', { exact: false }).first().click();
    await page.getByRole('checkbox', { name: 'epochs' }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get('cols') ?? '').toContain('params.epochs');
    await page.reload();
    await expect.poll(() => page.locator('table.runs-table thead').innerText(), { timeout: 10_000 }).toContain('epochs');
  });

  it('shows a run with its params, environment, metric charts and artifact previews', async () => {
    const tuned = runByName('tuned-adam');
    await page.getByRole('link', { name: 'tuned-adam' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/experiments/runs/${tuned.runId}`);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'tuned-adam' }).isVisible(), { timeout: 10_000 }).toBe(true);

    const params = page.getByRole('table', { name: 'Parameters' });
    await expect.poll(() => params.getByRole('row', { name: /lr/ }).innerText()).toMatch(/lr\s+0\.01/);
    const environment = page.getByRole('table', { name: 'Environment' });
    expect(await environment.getByRole('row', { name: /Git commit/ }).innerText()).toContain(GIT_COMMIT);

    const lossChart = page.getByRole('figure', { name: 'loss' });
    await expect.poll(() => lossChart.locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const box = await lossChart.locator('canvas').first().boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(200);
    // 5000 points arrive as at most 1000 buckets, drawn as a band plus the line of last values.
    const batchLoss = page.getByRole('figure', { name: 'batch_loss' });
    await expect.poll(() => batchLoss.innerText(), { timeout: 15_000 }).toMatch(/5,000 points in \d+ buckets/);

    await page.getByRole('treeitem', { name: /notes/ }).getByRole('button').click();
    await page.getByRole('button', { name: /summary\.txt/ }).click();
    const preview = page.getByTestId('artifact-preview-text');
    await expect.poll(() => preview.innerText(), { timeout: 10_000 }).toContain('best accuracy 0.91');
    await page.getByRole('button', { name: /metrics\.json/ }).click();
    // JSON is pretty-printed, one key per line.
    await expect.poll(() => preview.innerText(), { timeout: 10_000 }).toMatch(/\{\n\s+"accuracy": 0\.91,/);
    await screenshot('tracking-run.png');

    // Wall time on the x axis redraws the same series.
    await page.getByRole('radio', { name: 'Wall time' }).first().click();
    await expect.poll(() => page.getByRole('radio', { name: 'Wall time' }).first().getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => lossChart.locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
  });

  it('compares the runs with the differing params highlighted', async () => {
    await page.goto(`${base}/experiments?exp=${experimentId}`);
    await expect.poll(() => runRows().count(), { timeout: 10_000 }).toBe(2);
    await page.getByRole('checkbox', { name: 'Select all runs on this page' }).check();
    await page.getByRole('button', { name: /^Compare/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/experiments/compare');

    const lr = page.locator('tr', { has: page.getByRole('rowheader', { name: /^lr/ }) });
    await expect.poll(() => lr.count(), { timeout: 10_000 }).toBe(1);
    expect(await lr.getAttribute('class')).toContain('row--differs');
    const epochs = page.locator('tr', { has: page.getByRole('rowheader', { name: /^epochs/ }) });
    expect((await epochs.getAttribute('class')) ?? '').not.toContain('row--differs');

    await expect.poll(() => page.getByRole('figure', { name: 'accuracy' }).locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.echart canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await screenshot('tracking-compare.png');
  });

  it('shows how to log a first run in an experiment without runs', async () => {
    const empty = await api<{ experimentId: string }>(base, 'POST', '/api/v1/experiments', { name: 'empty-experiment' });
    await page.goto(`${base}/experiments?exp=${empty.experimentId}`);
    await expect.poll(() => page.getByText('No runs yet.').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.locator('.empty-state .snippet').innerText()).toContain('keel run --experiment "empty-experiment"');
    await screenshot('tracking-empty.png', false);
    expect(errors).toEqual([]);
  });
});
